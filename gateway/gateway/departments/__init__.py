"""部门管理: the department tree."""
