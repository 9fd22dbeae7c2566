"""医院结算报表: checkup orders settled, per hospital and hospital brand, per period."""
