"""领卡 requests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from cards.common import ReviewMixin
from cards.db import Base
from shared.db import AuditMixin


class CardIssue(AuditMixin, ReviewMixin, Base):
    __tablename__ = "card_issues"
    # Server-side defaults (created_at, updated_at) come back with the INSERT/UPDATE, never by a lazy load.
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    contract_id: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)
    contract_name: Mapped[str] = mapped_column(String(128), server_default="")
    customer_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    customer_name: Mapped[str] = mapped_column(String(128), server_default="")
    owner_id: Mapped[int | None] = mapped_column(BigInteger)
    owner_name: Mapped[str] = mapped_column(String(64), server_default="")
    owner_dept_id: Mapped[int | None] = mapped_column(BigInteger)
    card_type: Mapped[str] = mapped_column(String(16), nullable=False)  # 卡片类型
    ranges: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)  # 卡片范围
    recycled_card_nos: Mapped[list[str]] = mapped_column(JSONB, nullable=False, server_default="[]")  # 回收卡列表
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)  # 申请数量
    status: Mapped[str] = mapped_column(String(16), nullable=False, server_default="pending")
    remark: Mapped[str] = mapped_column(String(255), server_default="")  # 申请备注
