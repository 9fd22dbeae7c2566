"""激活 batches: the plan that charges a set of issued cards and says when they activate and expire."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, Numeric, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from cards.common import ReviewMixin
from cards.db import Base
from shared.db import AuditMixin

MONEY = Numeric(14, 2)


class Activation(AuditMixin, ReviewMixin, Base):
    __tablename__ = "activations"
    # Server-side defaults (created_at, updated_at) come back with the INSERT/UPDATE, never by a lazy load.
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    batch_no: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)  # 激活批次号
    contract_id: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)
    contract_name: Mapped[str] = mapped_column(String(128), server_default="")
    customer_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    customer_name: Mapped[str] = mapped_column(String(128), server_default="")
    owner_id: Mapped[int | None] = mapped_column(BigInteger)
    owner_name: Mapped[str] = mapped_column(String(64), server_default="")
    owner_dept_id: Mapped[int | None] = mapped_column(BigInteger)
    ranges: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)  # 卡片范围
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)  # 激活数量
    latest_activation_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)  # 最迟激活时间
    auto_activate_days: Mapped[int] = mapped_column(Integer, nullable=False)  # 自动激活天数
    valid_days: Mapped[int] = mapped_column(Integer, nullable=False)  # 卡片有效天数
    red_packet_days: Mapped[int] = mapped_column(Integer, nullable=False)  # 红包有效天数
    face_value: Mapped[Decimal] = mapped_column(MONEY, nullable=False)  # per card
    red_packet: Mapped[Decimal] = mapped_column(MONEY, nullable=False, server_default="0")  # per card
    status: Mapped[str] = mapped_column(String(16), nullable=False, server_default="pending")
    remark: Mapped[str] = mapped_column(String(255), server_default="")
    charged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
