"""The card row and its audit trail."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, LargeBinary, Numeric, String, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from cards.db import Base
from shared.db import TimestampMixin

MONEY = Numeric(14, 2)


class Card(TimestampMixin, Base):
    """One card. `id` is the card number's sequence part (see cards.numbers), so ranges are key ranges.

    Columns a freshly made card does not have yet are nullable or have server defaults, so making a batch
    copies only a few columns, and the indexes on later columns are partial (they cost nothing at making).
    """

    __tablename__ = "cards"
    # Server-side defaults (created_at, updated_at) come back with the INSERT/UPDATE, never by a lazy load.
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    card_no: Mapped[str] = mapped_column(String(16), nullable=False)
    making_batch_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    password_set_id: Mapped[int | None] = mapped_column(BigInteger)
    password_hash: Mapped[bytes | None] = mapped_column(LargeBinary)
    city: Mapped[str] = mapped_column(String(32), server_default="")
    card_type: Mapped[str] = mapped_column(String(16), server_default="")  # 卡片类型: 实体卡/电子卡
    card_kind: Mapped[str] = mapped_column(String(32), server_default="")  # 卡片种类: the contract's card type
    status: Mapped[str] = mapped_column(String(16), server_default="in_stock", nullable=False)
    use_status: Mapped[str] = mapped_column(String(16), server_default="uncharged", nullable=False)
    use_status_before_freeze: Mapped[str | None] = mapped_column(String(16))

    # Set by issuing (领卡).
    issue_id: Mapped[int | None] = mapped_column(BigInteger)
    issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    customer_id: Mapped[int | None] = mapped_column(BigInteger)
    customer_name: Mapped[str] = mapped_column(String(128), server_default="")
    contract_id: Mapped[int | None] = mapped_column(BigInteger)
    contract_name: Mapped[str] = mapped_column(String(128), server_default="")
    owner_id: Mapped[int | None] = mapped_column(BigInteger)
    owner_name: Mapped[str] = mapped_column(String(64), server_default="")
    owner_dept_id: Mapped[int | None] = mapped_column(BigInteger)

    # Set by charging (an approved activation batch).
    activation_id: Mapped[int | None] = mapped_column(BigInteger)
    activation_batch_no: Mapped[str] = mapped_column(String(32), server_default="")
    charged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    latest_activation_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    auto_activate_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    face_value: Mapped[Decimal] = mapped_column(MONEY, server_default="0", nullable=False)
    balance: Mapped[Decimal] = mapped_column(MONEY, server_default="0", nullable=False)
    red_packet_amount: Mapped[Decimal] = mapped_column(MONEY, server_default="0", nullable=False)
    red_packet_used: Mapped[Decimal] = mapped_column(MONEY, server_default="0", nullable=False)
    red_packet_balance: Mapped[Decimal] = mapped_column(MONEY, server_default="0", nullable=False)
    # The part of red_packet_balance held by granted packets (红包发放, table red_packets); the rest is the
    # activation batch's own red packet, valid until red_packet_expires_at.
    granted_red_packet_balance: Mapped[Decimal] = mapped_column(MONEY, server_default="0", nullable=False)

    # Set by activation (binding or the scheduler).
    member_id: Mapped[int | None] = mapped_column(BigInteger)
    member_phone: Mapped[str] = mapped_column(String(32), server_default="")
    bound_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    activated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    activation_mode: Mapped[str] = mapped_column(String(8), server_default="")
    valid_from: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # 开始时间
    valid_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # 结束时间 (as activated)
    effective_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # 有效结束时间 (after 延期)
    red_packet_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    voided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_cards_customer_id", "customer_id", postgresql_where=text("customer_id IS NOT NULL")),
        Index("ix_cards_contract_id", "contract_id", postgresql_where=text("contract_id IS NOT NULL")),
        Index("ix_cards_owner_id", "owner_id", postgresql_where=text("owner_id IS NOT NULL")),
        Index("ix_cards_activation_id", "activation_id", postgresql_where=text("activation_id IS NOT NULL")),
        Index("ix_cards_member_id", "member_id", postgresql_where=text("member_id IS NOT NULL")),
        # What the scheduler looks for: each index holds only the rows a job may touch.
        Index(
            "ix_cards_auto_activate_due",
            "auto_activate_at",
            postgresql_where=text("status = 'issued' AND use_status = 'charged'"),
        ),
        Index("ix_cards_validity_due", "effective_until", postgresql_where=text("status = 'activated'")),
        Index(
            "ix_cards_red_packet_due",
            "red_packet_expires_at",
            postgresql_where=text("red_packet_balance > 0 AND red_packet_expires_at IS NOT NULL"),
        ),
    )


class CardOperation(Base):
    """One audited operation on one card (延期, 作废, 冻结, 解冻), with who did it and why."""

    __tablename__ = "card_operations"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    card_id: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(16), nullable=False)
    from_status: Mapped[str] = mapped_column(String(16), nullable=False)
    to_status: Mapped[str] = mapped_column(String(16), nullable=False)
    from_use_status: Mapped[str] = mapped_column(String(16), nullable=False)
    to_use_status: Mapped[str] = mapped_column(String(16), nullable=False)
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default="{}")
    reason: Mapped[str] = mapped_column(String(255), server_default="")
    created_by_id: Mapped[int | None] = mapped_column(BigInteger)
    created_by_name: Mapped[str] = mapped_column(String(64), server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
