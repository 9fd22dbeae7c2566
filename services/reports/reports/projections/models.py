"""Tables of the reports database.

`event_store` keeps every consumed envelope as it came; every other table here is a projection that
`python -m reports.rebuild` can throw away and rebuild from it. The projections are designed so any
arrival order gives the same figures:

- additive facts (cards, orders) are summed into rollups; the inbox and the event store make each
  event count once, and addition does not care about order;
- latest-state facts (payments, contracts) keep one row per entity and only move to a newer revision;
- names (customers, staff, goods...) keep the value of the newest event (`as_of`), whatever arrives last.

Every rollup holds each fact three times: in its day's row (grain "d", period = the Shanghai date), its
month's row (grain "m", period = the month's first day) and its year's row (grain "y", 1 January). A
report over a long range reads whole years and months from the coarse rows and only the ragged edges from
the day rows (see reports.periods.cover), so a year of a million orders is a few hundred rows.

Ids that may be missing (a card group without a contract, a goods without a brand) are stored as 0 so
they can sit in a primary key.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Boolean, Date, DateTime, Index, Integer, Numeric, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from reports.db import Base

# Sums of a million orders outgrow the Numeric(14, 2) of single amounts.
Total = Numeric(18, 2)


class Grain:
    DAY = "d"
    MONTH = "m"
    YEAR = "y"


# Rollup rows are updated in place all day long: room on each page keeps the updates HOT (no index
# churn), and vacuum runs early so scans do not wade through dead versions.
ROLLUP_STORAGE = {
    "fillfactor": 70,
    "autovacuum_vacuum_scale_factor": 0.01,
    "autovacuum_analyze_scale_factor": 0.02,
}


class RollupMixin:
    __table_args__ = {"postgresql_with": ROLLUP_STORAGE}

    grain: Mapped[str] = mapped_column(String(1), primary_key=True, sort_order=-2)
    period: Mapped[date] = mapped_column(Date, primary_key=True, sort_order=-1)


class StoredEvent(Base):
    """Every consumed envelope, raw: the source the projections are rebuilt from."""

    __tablename__ = "event_store"

    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(Integer)
    producer: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    correlation_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    payload: Mapped[dict] = mapped_column(JSONB)
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        # Replay order of the rebuild, and the freshness figures (max of each).
        Index("ix_event_store_occurred", "occurred_at", "event_id"),
        Index("ix_event_store_applied_at", "applied_at"),
    )


class DimKind:
    """What a `DimName` row names (its `kind`)."""

    CUSTOMER = "customer"
    CONTRACT = "contract"
    STAFF = "staff"
    DEPT = "dept"
    ACTIVATION = "activation"
    GOODS = "goods"
    MALL_BRAND = "mall_brand"
    MALL_CATEGORY = "mall_category"
    HOSPITAL = "hospital"
    HEALTH_BRAND = "health_brand"
    # Escort's hospitals are escort's own records: their ids are not health's hospital ids.
    ESCORT_HOSPITAL = "escort_hospital"
    ESCORT = "escort"


class DimName(Base):
    """The display name of anything a report groups by, from the newest event that named it."""

    __tablename__ = "rp_dim"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    as_of: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SalesContract(Base):
    """An approved contract, as of its newest approval event."""

    __tablename__ = "rp_contract"

    contract_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    contract_no: Mapped[str] = mapped_column(String(64))
    customer_id: Mapped[int] = mapped_column(BigInteger)
    owner_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    dept_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    approved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    approved_day: Mapped[date] = mapped_column(Date)
    as_of: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_rp_contract_day", "approved_day"),)


class SalesContractVoid(Base):
    """A voided contract (crm.ContractVoided), kept apart from its approval so either may arrive first;
    the sales report leaves voided contracts out."""

    __tablename__ = "rp_contract_void"

    contract_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    voided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SalesPayment(Base):
    """A payment at its highest revision seen; a deleted payment keeps its row (deleted=true) so an older
    revision arriving late cannot bring it back."""

    __tablename__ = "rp_payment"

    payment_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    contract_id: Mapped[int] = mapped_column(BigInteger)
    customer_id: Mapped[int] = mapped_column(BigInteger)
    owner_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    dept_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_day: Mapped[date] = mapped_column(Date)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_rp_payment_day", "received_day"),
        Index("ix_rp_payment_contract", "contract_id"),
    )


class CardRollup(RollupMixin, Base):
    """Card flows per day (and month) and customer / contract / activation batch (0: none yet)."""

    __tablename__ = "rp_card_rollup"

    customer_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    contract_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    activation_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    cards_issued: Mapped[int] = mapped_column(BigInteger, default=0)
    cards_charged: Mapped[int] = mapped_column(BigInteger, default=0)
    cards_activated: Mapped[int] = mapped_column(BigInteger, default=0)
    cards_expired: Mapped[int] = mapped_column(BigInteger, default=0)
    face_value: Mapped[Decimal] = mapped_column(Total, default=0)
    red_packet_granted: Mapped[Decimal] = mapped_column(Total, default=0)
    balance_debited: Mapped[Decimal] = mapped_column(Total, default=0)
    balance_refunded: Mapped[Decimal] = mapped_column(Total, default=0)
    red_packet_debited: Mapped[Decimal] = mapped_column(Total, default=0)
    red_packet_refunded: Mapped[Decimal] = mapped_column(Total, default=0)
    balance_expired: Mapped[Decimal] = mapped_column(Total, default=0)
    red_packet_expired: Mapped[Decimal] = mapped_column(Total, default=0)
    red_packet_revoked: Mapped[Decimal] = mapped_column(Total, default=0)


class GoodsRollup(RollupMixin, Base):
    """mall.OrderSettled per day (and month) and goods (with the brand and category it was sold under)."""

    __tablename__ = "rp_goods_rollup"

    goods_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    brand_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    category_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    orders: Mapped[int] = mapped_column(BigInteger, default=0)
    quantity: Mapped[int] = mapped_column(BigInteger, default=0)
    sale_amount: Mapped[Decimal] = mapped_column(Total, default=0)
    settlement_amount: Mapped[Decimal] = mapped_column(Total, default=0)


class GoodsBrandRollup(RollupMixin, Base):
    """mall.OrderSettled per day (and month) and brand (an order with two goods of one brand counts once)."""

    __tablename__ = "rp_goods_brand_rollup"

    brand_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    orders: Mapped[int] = mapped_column(BigInteger, default=0)
    quantity: Mapped[int] = mapped_column(BigInteger, default=0)
    sale_amount: Mapped[Decimal] = mapped_column(Total, default=0)
    settlement_amount: Mapped[Decimal] = mapped_column(Total, default=0)


class HospitalRollup(RollupMixin, Base):
    """health.OrderSettled per day (and month), hospital and hospital brand."""

    __tablename__ = "rp_hospital_rollup"

    hospital_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    brand_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    orders: Mapped[int] = mapped_column(BigInteger, default=0)
    quantity: Mapped[int] = mapped_column(BigInteger, default=0)
    sale_amount: Mapped[Decimal] = mapped_column(Total, default=0)
    settlement_amount: Mapped[Decimal] = mapped_column(Total, default=0)


class EscortRollup(RollupMixin, Base):
    """escort.OrderSettled per day (and month), escort hospital and escort (0: not named by the event)."""

    __tablename__ = "rp_escort_rollup"

    hospital_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    escort_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    orders: Mapped[int] = mapped_column(BigInteger, default=0)
    quantity: Mapped[int] = mapped_column(BigInteger, default=0)
    sale_amount: Mapped[Decimal] = mapped_column(Total, default=0)
    escort_share: Mapped[Decimal] = mapped_column(Total, default=0)  # what the escorts earned
    platform_share: Mapped[Decimal] = mapped_column(Total, default=0)  # what the platform kept


# The tables `python -m reports.rebuild` recreates and swaps in (everything but the event store).
PROJECTION_TABLES = (
    DimName.__table__,
    SalesContract.__table__,
    SalesContractVoid.__table__,
    SalesPayment.__table__,
    CardRollup.__table__,
    GoodsRollup.__table__,
    GoodsBrandRollup.__table__,
    HospitalRollup.__table__,
    EscortRollup.__table__,
)
