"""陪诊管理 service."""
