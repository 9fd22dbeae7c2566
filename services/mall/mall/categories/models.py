"""分类管理: a two-level tree (a top category and its sub-categories)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mall.db import Base
from shared.db import AuditMixin, VersionMixin


class Category(AuditMixin, VersionMixin, Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # NULL: a top category (level 1); else its parent, itself a top category (level 2).
    parent_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("categories.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    name: Mapped[str] = mapped_column(String(50))
    icon_image_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    shown: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")

    __table_args__ = (UniqueConstraint("parent_id", "name", name="uq_categories_parent_name",
                                       postgresql_nulls_not_distinct=True),)
