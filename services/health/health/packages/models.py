"""Packages (套餐管理): a brand's bundle of items sold at some of its hospitals, in categories."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from health.db import Base
from shared.db import AuditMixin, VersionMixin

package_hospitals = Table(
    "package_hospitals",
    Base.metadata,
    Column("package_id", BigInteger, ForeignKey("packages.id", ondelete="CASCADE"), primary_key=True),
    Column("hospital_id", BigInteger, ForeignKey("hospitals.id", ondelete="CASCADE"), primary_key=True, index=True),
)

package_categories = Table(
    "package_categories",
    Base.metadata,
    Column("package_id", BigInteger, ForeignKey("packages.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", BigInteger, ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Package(AuditMixin, VersionMixin, Base):
    __tablename__ = "packages"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    brand_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("brands.id", ondelete="RESTRICT"), index=True)
    recommended: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    status: Mapped[str] = mapped_column(String(16), default="online", server_default="online")
    # NULL: follows the items (sum for the booked gender); a value overrides that for every gender.
    price: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    settlement_price: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    notice: Mapped[str] = mapped_column(Text, default="", server_default="")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        CheckConstraint("status IN ('online', 'offline')", name="status_known"),
        CheckConstraint("price IS NULL OR price >= 0", name="price_non_negative"),
        CheckConstraint("settlement_price IS NULL OR settlement_price >= 0", name="settlement_non_negative"),
    )


class PackageItem(Base):
    """套餐单项: an item in a package, for both genders or only one (male/female variants)."""

    __tablename__ = "package_items"

    package_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("packages.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("items.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    gender: Mapped[str] = mapped_column(String(8), default="both", server_default="both")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (CheckConstraint("gender IN ('both', 'male', 'female')", name="gender_known"),)
