"""Request and response models of the ticket routes, and the ticket's option lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal, Self

from pydantic import Field

from crm.schemas import ActorOut, Row, StrictBody
from shared.types import Id, Integer, ListPage, Name, Option, ShortText, Text

TicketCategory = Literal["投诉", "咨询", "预约问题", "卡片问题", "订单问题", "其他"]
TicketPriority = Literal["urgent", "high", "normal", "low"]
TicketStatus = Literal["pending", "processing", "resolved", "closed"]
TicketAction = Literal["start", "resolve", "close", "reopen"]

CATEGORIES: dict[str, str] = {v: v for v in ("投诉", "咨询", "预约问题", "卡片问题", "订单问题", "其他")}
PRIORITIES = {"urgent": "紧急", "high": "高", "normal": "普通", "low": "低"}
# How long each priority may stay unresolved: due_at = opened + this.
DUE_AFTER = {
    "urgent": timedelta(hours=4),
    "high": timedelta(hours=24),
    "normal": timedelta(hours=72),
    "low": timedelta(days=7),
}
STATUSES = {"pending": "待处理", "processing": "处理中", "resolved": "已解决", "closed": "已关闭"}
ACTIONS = {"start": "开始处理", "resolve": "解决", "close": "关闭", "reopen": "重新打开"}
SOURCES = {"staff": "后台", "member": "会员"}
CARD_NO = r"^([0-9A-Za-z-]{1,32})?$"  # empty, or a card number


class TicketIn(StrictBody):
    """A ticket opened by staff for a customer (optionally naming the member and the card concerned)."""

    customer_id: Id
    member_id: Id | None = None
    card_no: ShortText = Field("", max_length=32, pattern=CARD_NO)
    category: TicketCategory
    priority: TicketPriority = "normal"
    title: Name = Field(max_length=128)
    content: Text = Field("", max_length=4000)
    contact_phone: ShortText = Field("", max_length=32)
    assignee_id: Id | None = None


class TicketUpdate(StrictBody):
    """Triage: category, priority (moves the due time, counted from when it was opened), assignee."""

    category: TicketCategory
    priority: TicketPriority
    assignee_id: Id | None = None


class TransitionIn(StrictBody):
    action: TicketAction
    note: Text = Field("", max_length=2000)


class ReplyIn(StrictBody):
    content: Text = Field(min_length=1, max_length=4000)


class MemberTicketIn(StrictBody):
    """A ticket a member opens in the app (priority is set by staff at triage)."""

    category: TicketCategory
    card_no: ShortText = Field("", max_length=32, pattern=CARD_NO)
    title: Name = Field(max_length=128)
    content: Text = Field("", max_length=4000)
    contact_phone: ShortText = Field("", max_length=32)


class RatingIn(StrictBody):
    score: Integer = Field(ge=1, le=5)
    comment: Text = Field("", max_length=1000)


@dataclass(frozen=True)
class TicketFilters:
    keyword: str | None = None
    customer_id: int | None = None
    member_id: int | None = None
    owner_id: int | None = None
    dept_id: int | None = None
    assignee_id: int | None = None
    status: str | None = None
    priority: str | None = None
    category: str | None = None
    overdue: bool | None = None
    date_from: date | None = None  # opened on or after this Shanghai day
    date_to: date | None = None


class TicketRow(Row):
    id: int
    source: str
    customer_id: int | None
    customer_name: str
    owner_id: int | None
    owner_name: str
    member_id: int | None
    card_no: str
    category: str
    priority: TicketPriority
    priority_label: str
    title: str
    content: str
    contact_phone: str
    assignee: ActorOut | None
    status: TicketStatus
    status_label: str
    due_at: datetime
    overdue: bool
    resolved_at: datetime | None
    closed_at: datetime | None
    rating: int | None
    rating_comment: str
    created_by: ActorOut
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, t: Any, c: Any, now: datetime) -> Self:
        """From a `Ticket` and its `Customer` (or None), with `now` deciding whether it is overdue."""
        return cls.from_columns(
            t,
            customer_name=c.name if c is not None else "",
            owner_id=c.owner_id if c is not None else None,
            owner_name=c.owner_name if c is not None else "",
            priority_label=PRIORITIES[t.priority],
            assignee=ActorOut.of(t, "assignee") if t.assignee_id is not None else None,
            status_label=STATUSES[t.status],
            overdue=is_overdue(t.status, t.due_at, now),
            created_by=ActorOut.of(t, "created_by"),
        )


def is_overdue(status: str, due_at: datetime, now: datetime) -> bool:
    return status in ("pending", "processing") and due_at < now


class MoveOut(Row):
    action: str
    from_status: str | None
    to_status: str
    actor_kind: str
    actor: ActorOut
    note: str
    at: datetime

    @classmethod
    def of(cls, m: Any) -> Self:
        return cls.from_columns(m, actor=ActorOut.of(m, "actor"))


class ReplyOut(Row):
    id: int
    author_kind: str
    author: ActorOut
    content: str
    created_at: datetime

    @classmethod
    def of(cls, r: Any) -> Self:
        return cls.from_columns(r, author=ActorOut.of(r, "author"))


class TicketDetail(TicketRow):
    replies: list[ReplyOut]
    moves: list[MoveOut]


class TicketPage(ListPage[TicketRow]):
    status_list: list[Option] | None = None
    priority_list: list[Option] | None = None
    category_list: list[Option] | None = None
    admin_list: list[Option] | None = None


class MemberTicketRow(Row):
    """What a member sees of their ticket (no owner, no assignee)."""

    id: int
    category: str
    title: str
    content: str
    card_no: str
    status: TicketStatus
    status_label: str
    resolved_at: datetime | None
    rating: int | None
    rating_comment: str
    created_at: datetime

    @classmethod
    def of(cls, t: Any) -> Self:
        return cls.from_columns(t, status_label=STATUSES[t.status])


class MemberTicketDetail(MemberTicketRow):
    replies: list[ReplyOut]


class MemberTicketPage(ListPage[MemberTicketRow]):
    status_list: list[Option] | None = None
    category_list: list[Option] | None = None
