"""Every table of the gateway database, imported in one place for Alembic."""

from gateway.api_keys.models import ApiKey
from gateway.app_home.models import HomeModule, HomeService
from gateway.audit.models import LoginLog, OperationLog
from gateway.configs.models import SettingChange, SettingsState, SystemSetting
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
    "HomeModule",
    "HomeService",
    "LoginLog",
    "Member",
    "OperationLog",
    "Permission",
    "Role",
    "SettingChange",
    "SettingsState",
    "Staff",
    "SystemSetting",
    "staff_roles",
]
