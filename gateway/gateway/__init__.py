"""The gateway: identity and access (staff, departments, roles, members, partner keys), routing, merged OpenAPI."""
