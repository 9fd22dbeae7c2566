"""报表管理 service."""
