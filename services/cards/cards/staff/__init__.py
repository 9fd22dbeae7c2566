"""A copy of the staff directory (gateway.StaffChanged): owner names and the 跟进人 option list."""
