"""Every table of the gateway database, imported in one place for Alembic."""

from gateway.api_keys.models import ApiKey
from gateway.audit.models import LoginLog, OperationLog
from gateway.db import Base
from gateway.departments.models import Department
from gateway.members.models import Member
from gateway.permissions.models import Permission
from gateway.roles.models import Role
from gateway.staff.models import Staff, staff_roles

__all__ = [
    "ApiKey",
    "Base",
    "Department",
    "LoginLog",
    "Member",
    "OperationLog",
    "Permission",
    "Role",
    "Staff",
    "staff_roles",
]
