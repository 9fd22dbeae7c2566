"""角色: a named set of permission codes with one data scope (RuoYi's five)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Integer, String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db import Base
from shared.db import AuditMixin, VersionMixin


class Role(AuditMixin, VersionMixin, Base):
    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    # shared.identity.Scope value: all / custom / dept / dept_tree / self.
    scope: Mapped[str] = mapped_column(String(16), default="self", server_default="self")
    # Departments of a 自定义部门 (custom) scope.
    dept_ids: Mapped[list[int]] = mapped_column(ARRAY(BigInteger), default=list, server_default="{}")
    # Permission codes (module:entity:action) from the menu tree.
    permissions: Mapped[list[str]] = mapped_column(ARRAY(String(128)), default=list, server_default="{}")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    remark: Mapped[str] = mapped_column(String(255), default="", server_default="")
