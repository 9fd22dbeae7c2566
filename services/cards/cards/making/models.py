"""Making batches, the number allocator and password sets."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, DateTime, Integer, LargeBinary, SmallInteger, String, func
from sqlalchemy.orm import Mapped, mapped_column

from cards.common import ReviewMixin
from cards.db import Base
from shared.db import AuditMixin


class BatchStatus(StrEnum):
    PENDING = "pending"
    MAKING = "making"
    DONE = "done"
    REJECTED = "rejected"


BATCH_STATUS_LABELS = {
    BatchStatus.PENDING: "待审核",
    BatchStatus.MAKING: "制作中",
    BatchStatus.DONE: "已完成",
    BatchStatus.REJECTED: "已驳回",
}


class NumberAllocator(Base):
    """One row: the next free sequence number. Locked while a batch reserves its range, so ranges never overlap."""

    __tablename__ = "card_number_allocator"

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    next_seq: Mapped[int] = mapped_column(BigInteger, nullable=False)


class MakingBatch(AuditMixin, ReviewMixin, Base):
    __tablename__ = "making_batches"
    # Server-side defaults (created_at, updated_at) come back with the INSERT/UPDATE, never by a lazy load.
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    batch_no: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)  # 制卡批次号
    city: Mapped[str] = mapped_column(String(32), nullable=False)  # 所属城市
    card_type: Mapped[str] = mapped_column(String(16), nullable=False)  # 卡片类型
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)  # 制卡数量
    seq_start: Mapped[int | None] = mapped_column(BigInteger)  # 卡号范围, reserved at approval
    seq_end: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), nullable=False, server_default="pending")
    remark: Mapped[str] = mapped_column(String(255), server_default="")
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # 完成日期


class PasswordSet(Base):
    """Passwords made for a range of cards (the batch itself, or a reset), exportable exactly once."""

    __tablename__ = "password_sets"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    making_batch_id: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # "making" | "reset"
    seq_start: Mapped[int] = mapped_column(BigInteger, nullable=False)
    seq_end: Mapped[int] = mapped_column(BigInteger, nullable=False)
    card_count: Mapped[int] = mapped_column(Integer, nullable=False)
    # Erased by the export: afterwards the plain passwords exist only in the exported file.
    seed: Mapped[bytes | None] = mapped_column(LargeBinary)
    reason: Mapped[str] = mapped_column(String(255), server_default="")
    created_by_id: Mapped[int | None] = mapped_column(BigInteger)
    created_by_name: Mapped[str] = mapped_column(String(64), server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    exported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    exported_by_id: Mapped[int | None] = mapped_column(BigInteger)
    exported_by_name: Mapped[str] = mapped_column(String(64), server_default="")
