"""模块管理, 服务管理 and the member app's home page (GET /app/home)."""
