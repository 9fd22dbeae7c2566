"""配置项管理: typed runtime settings, their history, and the snapshot every process polls."""
