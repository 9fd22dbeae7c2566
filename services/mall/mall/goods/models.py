"""商品管理: goods, their SKUs (spec values, prices, stock), images, and the price/stock change records.

Stock of a SKU: `stock` is what can still be sold; `reserved` is held by orders waiting for their card
debit. An order reserves with `reserved + qty <= stock` in one conditional UPDATE (never oversold); a paid
order takes its quantity off both; a refused debit gives the reservation back.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from mall.db import Base
from shared.db import AuditMixin, TimestampMixin, VersionMixin


class Goods(AuditMixin, VersionMixin, Base):
    __tablename__ = "goods"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # 商品编码: the key an import finds the goods by, so importing the same file again creates nothing twice.
    code: Mapped[str] = mapped_column(String(64), default="", server_default="")
    name: Mapped[str] = mapped_column(String(100))
    subtitle: Mapped[str] = mapped_column(String(255), default="", server_default="")
    brand_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("brands.id", ondelete="RESTRICT"), index=True)
    category_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("categories.id", ondelete="RESTRICT"), index=True
    )
    detail_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    on_shelf: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false", index=True)
    recommended: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    sales_count: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")

    __table_args__ = (Index("uq_goods_code", "code", unique=True, postgresql_where=text("code <> ''")),)


class Sku(TimestampMixin, Base):
    __tablename__ = "skus"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    goods_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("goods.id", ondelete="CASCADE"), index=True)
    sku_code: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # Spec values, e.g. {"颜色": "白色", "规格": "标准版"}; {} for a goods with one plain SKU.
    specs: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default=text("'{}'::jsonb"))
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    market_price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    settlement_price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    stock: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    reserved: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    low_stock_threshold: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        CheckConstraint("stock >= 0 AND reserved >= 0 AND reserved <= stock", name="stock_never_oversold"),
        CheckConstraint("price > 0 AND market_price >= 0 AND settlement_price >= 0", name="prices_non_negative"),
        CheckConstraint("settlement_price <= price", name="settlement_not_above_price"),
    )


class SkuChange(Base):
    """A price or stock change: who, when, before, after (商品价格/库存变更记录)."""

    __tablename__ = "sku_changes"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    goods_id: Mapped[int] = mapped_column(BigInteger, index=True)
    sku_id: Mapped[int] = mapped_column(BigInteger, index=True)
    field: Mapped[str] = mapped_column(String(32))
    before: Mapped[str] = mapped_column(String(32), default="", server_default="")
    after: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    actor_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Image(TimestampMixin, Base):
    """An uploaded picture (goods gallery, brand logo, category icon); the bytes live in the file storage."""

    __tablename__ = "images"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    owner_kind: Mapped[str] = mapped_column(String(16))
    owner_id: Mapped[int] = mapped_column(BigInteger)
    storage_key: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        Index("ix_images_owner", "owner_kind", "owner_id"),
        CheckConstraint("owner_kind IN ('goods', 'brand', 'category')", name="owner_kind_known"),
    )
