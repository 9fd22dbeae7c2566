"""Catalogue tables: hospital brands (品牌管理), check items (单项管理), package categories, diseases."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from health.db import Base
from shared.db import AuditMixin, VersionMixin


class Brand(AuditMixin, VersionMixin, Base):
    __tablename__ = "brands"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    brand_type: Mapped[str] = mapped_column(String(16))
    logo_url: Mapped[str] = mapped_column(String(500), default="", server_default="")
    prepayment: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"), server_default="0")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    status: Mapped[str] = mapped_column(String(16), default="online", server_default="online")

    __table_args__ = (
        CheckConstraint("prepayment >= 0", name="prepayment_non_negative"),
        CheckConstraint("status IN ('online', 'offline')", name="status_known"),
    )


class BrandLogo(Base):
    """The uploaded logo bytes (small images), served back at /api/health/brands/{id}/logo."""

    __tablename__ = "brand_logos"

    brand_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("brands.id", ondelete="CASCADE"), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column()


class Category(AuditMixin, VersionMixin, Base):
    """套餐分类."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Disease(AuditMixin, VersionMixin, Base):
    """疾病管理: a two-level list, groups (parent_id NULL, e.g. 肺部疾病) and the diseases under them."""

    __tablename__ = "diseases"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    parent_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("diseases.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


item_diseases = Table(
    "item_diseases",
    Base.metadata,
    Column("item_id", BigInteger, ForeignKey("items.id", ondelete="CASCADE"), primary_key=True),
    Column("disease_id", BigInteger, ForeignKey("diseases.id", ondelete="CASCADE"), primary_key=True),
)


class Item(AuditMixin, VersionMixin, Base):
    """单项: one check a brand's hospitals perform, with its three prices."""

    __tablename__ = "items"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    brand_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("brands.id", ondelete="RESTRICT"), index=True)
    sale_price: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    market_price: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    settlement_price: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    meaning: Mapped[str] = mapped_column(Text, default="", server_default="")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        UniqueConstraint("brand_id", "name", name="uq_items_brand_name"),
        # The same rule the API checks, kept by the database too: 0 <= 结算价 <= 售价 <= 市场价.
        CheckConstraint(
            "settlement_price >= 0 AND settlement_price <= sale_price AND sale_price <= market_price",
            name="price_order",
        ),
    )
