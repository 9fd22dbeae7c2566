"""员工管理: staff accounts and the gateway.StaffChanged directory event."""
