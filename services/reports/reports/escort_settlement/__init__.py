"""陪诊结算报表: escort orders settled, per escort hospital and escort, per period."""
