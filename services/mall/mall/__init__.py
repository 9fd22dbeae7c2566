"""商城管理 service."""
