"""角色管理: roles with permission codes and a data scope."""
