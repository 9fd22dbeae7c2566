"""用户管理: members (card holders), their login and admin list."""
