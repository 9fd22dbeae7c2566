"""权限: the menu tree (directories, menus, buttons), synchronised from permissions/menu.py."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db import Base


class Permission(Base):
    __tablename__ = "permissions"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(String(128), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # directory | menu | button
    parent_code: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)
    path: Mapped[str] = mapped_column(String(128), default="", server_default="")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
