"""配置项: the settings, the history of their changes, and the one version number every change bumps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, Index, SmallInteger, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db import Base
from shared.db import AuditMixin, VersionMixin


class SystemSetting(AuditMixin, VersionMixin, Base):
    __tablename__ = "system_settings"
    __table_args__ = (
        CheckConstraint("type IN ('string', 'integer', 'decimal', 'boolean', 'json')", name="type_known"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    group_name: Mapped[str] = mapped_column(String(32), index=True)
    type: Mapped[str] = mapped_column(String(16))
    # Stored as JSON in the type's own shape (a decimal as its string, so no float ever rounds it).
    value: Mapped[Any] = mapped_column(JSONB)
    default_value: Mapped[Any] = mapped_column(JSONB)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    # shared.runtime_settings.Rules as JSON: min, max, choices, pattern.
    rules: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default="{}")
    # Declared by the code (shared.runtime_settings.CATALOGUE): cannot be deleted, type and rule are the code's.
    builtin: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    updated_by_name: Mapped[str] = mapped_column(String(64), default="", server_default="")


class SettingChange(Base):
    """One change (create, update, delete) of one setting: who, when, the fields before and after."""

    __tablename__ = "system_setting_changes"
    __table_args__ = (Index("ix_system_setting_changes_key_id", "key", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    setting_id: Mapped[int] = mapped_column(BigInteger, index=True)  # no foreign key: kept after a delete
    key: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(16))  # create | update | delete
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    # The settings version this change produced (what the processes' caches report once they applied it).
    settings_version: Mapped[int] = mapped_column(BigInteger)
    changed_by_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    changed_by_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SettingsState(Base):
    """One row: the version of the whole set. Bumped by UPDATE in each change's transaction, so writers take
    turns on its row lock and versions commit in order (a poller never skips a change committed late)."""

    __tablename__ = "system_settings_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
