"""销售报表: contracts approved, payments received and what is still owed, per period and salesperson."""
