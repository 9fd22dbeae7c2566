"""权限管理: the menu tree of permission codes."""
