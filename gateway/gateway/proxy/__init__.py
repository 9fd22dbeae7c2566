"""Routing /api, /app, /partner to the services; the merged OpenAPI."""
