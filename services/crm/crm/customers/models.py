"""Customers (客户) and their contacts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.db import Base
from shared.db import AuditMixin, VersionMixin


class Customer(AuditMixin, VersionMixin, Base):
    __tablename__ = "crm_customers"
    # Server-side timestamps come back with the INSERT/UPDATE (RETURNING), so rows never lazy-load.
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (
        # A name is taken while its customer is not deleted (first record wins).
        Index("uq_crm_customers_name_live", "name", unique=True, postgresql_where=text("deleted_at IS NULL")),
        Index(
            "uq_crm_customers_credit_code",
            "credit_code",
            unique=True,
            postgresql_where=text("credit_code IS NOT NULL AND deleted_at IS NULL"),
        ),
        # The data scope (owner or department) leads, then the page's usual filters.
        # Partial: pool customers (no owner) add no entries, so returning thousands to the pool stays cheap.
        Index("ix_crm_customers_owner", "owner_id", "level", "industry", postgresql_where=text("owner_id IS NOT NULL")),
        Index("ix_crm_customers_dept", "dept_id", "level", "industry", postgresql_where=text("dept_id IS NOT NULL")),
        Index("ix_crm_customers_level_industry", "level", "industry", "id"),
        # One trigram index over the lower-cased name and its pinyin initials keeps `keyword` fast over 100k
        # customers; a large pending list keeps bulk owner changes (the pool return job) cheap for it.
        Index(
            "ix_crm_customers_search_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
            postgresql_with={"gin_pending_list_limit": 65536},
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    name_initials: Mapped[str] = mapped_column(String(128), default="")
    # "<lower-cased name> <initials>": what `keyword` searches with a plain LIKE (no per-row lower()).
    search_text: Mapped[str] = mapped_column(String(260), default="")
    level: Mapped[str | None] = mapped_column(String(1), nullable=True)
    admin_level: Mapped[str | None] = mapped_column(String(16), nullable=True)  # 行政级别
    parent_unit: Mapped[str] = mapped_column(String(128), default="")  # 一级单位
    industry: Mapped[str | None] = mapped_column(String(16), nullable=True)
    industry_attr: Mapped[str | None] = mapped_column(String(16), nullable=True)  # 行业属性
    headcount: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 人数
    credit_code: Mapped[str | None] = mapped_column(String(18), nullable=True)  # 统一社会信用代码
    legal_rep: Mapped[str] = mapped_column(String(64), default="")  # 法定代表人
    address: Mapped[str] = mapped_column(String(255), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    business_scope: Mapped[str] = mapped_column(Text, default="")  # 经营范围
    source: Mapped[str | None] = mapped_column(String(16), nullable=True)  # 客户来源
    credit_note: Mapped[str] = mapped_column(Text, default="")  # 信用备注
    note: Mapped[str] = mapped_column(Text, default="")

    owner_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # None: in the public pool
    owner_name: Mapped[str] = mapped_column(String(64), default="")
    dept_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    dept_name: Mapped[str] = mapped_column(String(64), default="")
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # owned since
    last_follow_up_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    dealt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # first approved contract
    locked: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")

    previous_owner_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    previous_owner_name: Mapped[str] = mapped_column(String(64), default="")
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    release_reason: Mapped[str] = mapped_column(String(32), default="")
    release_note: Mapped[str] = mapped_column(Text, default="")

    # Derived from approved contracts and payments, maintained in the same transactions; never typed in. Named
    # as in the sales report (成交总额, 已回款); the columns keep their first names.
    contract_amount: Mapped[Decimal] = mapped_column(
        "deal_total", Numeric(14, 2), default=Decimal("0"), server_default="0"
    )
    payment_amount: Mapped[Decimal] = mapped_column(
        "paid_total", Numeric(14, 2), default=Decimal("0"), server_default="0"
    )

    review_status: Mapped[str] = mapped_column(String(16), default="pending")
    reviewer_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    reviewer_name: Mapped[str] = mapped_column(String(64), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    review_reason: Mapped[str] = mapped_column(Text, default="")

    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # event snapshot order

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="Contact.id", lazy="selectin"
    )


class Contact(Base):
    __tablename__ = "crm_customer_contacts"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("crm_customers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(64), default="")  # 职务
    phone: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(128), default="")
    birthday: Mapped[date | None] = mapped_column(Date, nullable=True)
    decision_maker: Mapped[bool] = mapped_column(Boolean, default=False)

    customer: Mapped[Customer] = relationship(back_populates="contacts")
