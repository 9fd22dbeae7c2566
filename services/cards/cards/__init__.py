"""卡片管理 service."""
