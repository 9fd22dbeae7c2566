"""模块管理 (the home page's banners and entry grids) and 服务管理 (its service entries)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db import Base
from shared.db import AuditMixin, VersionMixin

LINK_CHECK = ("link_kind IN ('none', 'package', 'goods', 'escort_product', 'url') AND "
              "((link_kind IN ('package', 'goods', 'escort_product') AND link_id IS NOT NULL AND link_url = '') OR "
              "(link_kind = 'url' AND link_id IS NULL AND link_url <> '') OR "
              "(link_kind = 'none' AND link_id IS NULL AND link_url = ''))")


class LinkColumns:
    """Where a tap leads: a health package, mall goods or an escort product by id, a URL, or nowhere."""

    link_kind: Mapped[str] = mapped_column(String(16), default="none", server_default="none")
    link_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    link_url: Mapped[str] = mapped_column(String(512), default="", server_default="")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    shown: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    updated_by_name: Mapped[str] = mapped_column(String(64), default="", server_default="")


class HomeModule(LinkColumns, AuditMixin, VersionMixin, Base):
    __tablename__ = "home_modules"
    __table_args__ = (
        CheckConstraint("position IN ('banner', 'grid')", name="position_known"),
        CheckConstraint(LINK_CHECK, name="link_valid"),
        CheckConstraint("starts_at IS NULL OR ends_at IS NULL OR starts_at < ends_at", name="window_valid"),
        Index("ix_home_modules_position_sort", "position", "sort", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    position: Mapped[str] = mapped_column(String(16))  # banner 轮播图 | grid 入口宫格
    title: Mapped[str] = mapped_column(String(64))
    image_url: Mapped[str] = mapped_column(String(512))
    # Shown only inside [starts_at, ends_at); an open end never closes.
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class HomeService(LinkColumns, AuditMixin, VersionMixin, Base):
    __tablename__ = "home_services"
    __table_args__ = (
        CheckConstraint(LINK_CHECK, name="link_valid"),
        Index("ix_home_services_sort", "sort", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    title: Mapped[str] = mapped_column(String(64))
    icon_url: Mapped[str] = mapped_column(String(512))
