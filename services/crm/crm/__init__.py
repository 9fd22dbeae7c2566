"""CRM 客户管理 service."""
