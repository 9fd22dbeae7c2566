"""Service tickets (工单): complaints and requests, their moves through the states, and the reply thread."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Identity, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm.db import Base
from shared.db import AuditMixin, TimestampMixin


class Ticket(AuditMixin, Base):
    __tablename__ = "crm_tickets"
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (
        Index("ix_crm_tickets_customer", "customer_id"),
        Index("ix_crm_tickets_member", "member_id", "id"),
        Index("ix_crm_tickets_assignee", "assignee_id"),
        Index("ix_crm_tickets_open_due", "due_at", postgresql_where="status IN ('pending', 'processing')"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="ck_crm_tickets_rating"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    source: Mapped[str] = mapped_column(String(8))  # staff | member
    # Staff open tickets for a customer (its owner is the ticket's owner: the data scope); members for themselves.
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("crm_customers.id"), nullable=True)
    member_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    card_no: Mapped[str] = mapped_column(String(32), default="")
    category: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(128))
    content: Mapped[str] = mapped_column(Text, default="")
    contact_phone: Mapped[str] = mapped_column(String(32), default="")
    assignee_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    assignee_name: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    rating: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)  # 满意度 1-5, once
    rating_comment: Mapped[str] = mapped_column(Text, default="")
    rated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class TicketMove(Base):
    """One status change: who (staff or member) moved the ticket from what to what, and when."""

    __tablename__ = "crm_ticket_moves"
    __table_args__ = (Index("ix_crm_ticket_moves_ticket", "ticket_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("crm_tickets.id"))
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16), nullable=True)  # none when opened
    to_status: Mapped[str] = mapped_column(String(16))
    actor_kind: Mapped[str] = mapped_column(String(8))  # staff | member
    actor_id: Mapped[int] = mapped_column(BigInteger)
    actor_name: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TicketReply(TimestampMixin, Base):
    __tablename__ = "crm_ticket_replies"
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (Index("ix_crm_ticket_replies_ticket", "ticket_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("crm_tickets.id"))
    author_kind: Mapped[str] = mapped_column(String(8))  # staff | member
    author_id: Mapped[int] = mapped_column(BigInteger)
    author_name: Mapped[str] = mapped_column(String(64), default="")
    content: Mapped[str] = mapped_column(Text)
