"""体检管理 service."""
