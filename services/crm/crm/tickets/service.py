"""Ticket rules (工单): one transition table, every move recorded, a due time per priority, the data scope of the
customer's owner, a satisfaction rating once after resolution. Each public function that changes state commits.

`now` comes from the caller (the router's injectable clock), so due times and the overdue list can be tested."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.common import equal_where_given, within_days
from crm.customers.models import Customer
from crm.customers.queries import load_customer
from crm.staff.service import admin_list_if_asked, get_staff
from crm.tickets.models import Ticket, TicketMove, TicketReply
from crm.tickets.schemas import (
    ACTIONS,
    CATEGORIES,
    DUE_AFTER,
    PRIORITIES,
    STATUSES,
    MemberTicketDetail,
    MemberTicketIn,
    MemberTicketPage,
    MemberTicketRow,
    MoveOut,
    RatingIn,
    ReplyIn,
    ReplyOut,
    TicketDetail,
    TicketFilters,
    TicketIn,
    TicketPage,
    TicketRow,
    TicketUpdate,
    TransitionIn,
)
from shared.identity import Identity, Principal
from shared.listing import PageParams, apply_sort, enum_options, list_response, paginate
from shared.problems import Problem

# The state machine, in one place: action -> (the statuses it may start from, the status it leads to).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "start": (frozenset({"pending"}), "processing"),
    "resolve": (frozenset({"processing"}), "resolved"),
    "close": (frozenset({"resolved"}), "closed"),
    "reopen": (frozenset({"resolved", "closed"}), "processing"),
}
OPEN_STATUSES = ("pending", "processing")
NAME_MAX = 64  # the name columns: a longer member nickname is cut, never a database error
RATABLE_STATUSES = ("resolved", "closed")
SORTABLE = {
    "id": Ticket.id,
    "due_at": Ticket.due_at,
    "created_at": Ticket.created_at,
    "priority": Ticket.priority,
    "status": Ticket.status,
}


def _visible(principal: Principal) -> ColumnElement[bool]:
    """A ticket is the customer's owner's (the customer data scope); its assignee sees it too. Tickets without a
    customer (opened by members) are visible to all-data roles and to their assignee; a pool customer's, as the
    customer itself, to the pool's readers too."""
    visible = [principal.scope.clause(Customer.owner_id, Customer.dept_id), Ticket.assignee_id == principal.id]
    if principal.can("crm:pool:list"):
        visible.append(and_(Ticket.customer_id.is_not(None), Customer.owner_id.is_(None)))
    return or_(*visible)


def _overdue(now: datetime) -> ColumnElement[bool]:
    return and_(Ticket.status.in_(OPEN_STATUSES), Ticket.due_at < now)


def _filtered(principal: Principal, f: TicketFilters, now: datetime) -> Select[tuple[Ticket, Customer]]:
    stmt = (
        select(Ticket, Customer)
        .outerjoin(Customer, Customer.id == Ticket.customer_id)
        .where(_visible(principal))
    )
    if f.keyword and f.keyword.strip():
        pattern = f"%{f.keyword.strip()}%"
        stmt = stmt.where(
            or_(Ticket.title.ilike(pattern), Customer.name.ilike(pattern), Ticket.card_no == f.keyword.strip())
        )
    stmt = stmt.where(
        *equal_where_given(
            (Ticket.customer_id, f.customer_id),
            (Ticket.member_id, f.member_id),
            (Customer.owner_id, f.owner_id),
            (Customer.dept_id, f.dept_id),
            (Ticket.assignee_id, f.assignee_id),
            (Ticket.status, f.status),
            (Ticket.priority, f.priority),
            (Ticket.category, f.category),
        )
    )
    if f.overdue is not None:
        stmt = stmt.where(_overdue(now) if f.overdue else not_(_overdue(now)))
    return stmt.where(*within_days(Ticket.created_at, f.date_from, f.date_to))


async def list_tickets(
    session: AsyncSession, principal: Principal, filters: TicketFilters, params: PageParams, now: datetime
) -> TicketPage:
    stmt = apply_sort(_filtered(principal, filters, now), params.sort, SORTABLE, [Ticket.id.desc()])
    rows, total = await paginate(session, stmt, params, row=lambda r: TicketRow.of(r[0], r[1], now), scalars=False)
    option_lists = {
        "status_list": enum_options(STATUSES),
        "priority_list": enum_options(PRIORITIES),
        "category_list": enum_options(CATEGORIES),
        **await admin_list_if_asked(session, params),
    }
    return TicketPage(**list_response(rows, total, params, option_lists))


async def _load(
    session: AsyncSession, principal: Principal, ticket_id: int, *, for_update: bool = False
) -> tuple[Ticket, Customer | None]:
    stmt = (
        select(Ticket, Customer)
        .outerjoin(Customer, Customer.id == Ticket.customer_id)
        .where(Ticket.id == ticket_id, _visible(principal))
    )
    if for_update:
        stmt = stmt.with_for_update(of=Ticket)
    found = (await session.execute(stmt)).first()
    if found is None:
        raise Problem(404, "not_found", "工单不存在")
    return found[0], found[1]


async def _thread(session: AsyncSession, ticket_id: int) -> list[ReplyOut]:
    replies = await session.execute(
        select(TicketReply).where(TicketReply.ticket_id == ticket_id).order_by(TicketReply.id)
    )
    return [ReplyOut.of(r) for r in replies.scalars()]


async def _detail(session: AsyncSession, ticket: Ticket, customer: Customer | None, now: datetime) -> TicketDetail:
    moves = await session.execute(select(TicketMove).where(TicketMove.ticket_id == ticket.id).order_by(TicketMove.id))
    return TicketDetail(
        **TicketRow.of(ticket, customer, now).model_dump(),
        replies=await _thread(session, ticket.id),
        moves=[MoveOut.of(m) for m in moves.scalars()],
    )


async def read_ticket(session: AsyncSession, principal: Principal, ticket_id: int, now: datetime) -> TicketDetail:
    ticket, customer = await _load(session, principal, ticket_id)
    return await _detail(session, ticket, customer, now)


def _record_move(
    session: AsyncSession, ticket: Ticket, action: str, before: str | None, actor: Identity, now: datetime, note: str
) -> None:
    session.add(
        TicketMove(
            ticket_id=ticket.id,
            action=action,
            from_status=before,
            to_status=ticket.status,
            actor_kind=actor.kind,
            actor_id=actor.id,
            actor_name=actor.name[:NAME_MAX],
            note=note,
            at=now,
        )
    )


def _add_reply(
    session: AsyncSession, ticket: Ticket, author_kind: str, author: Principal | Identity, content: str
) -> None:
    session.add(
        TicketReply(
            ticket_id=ticket.id,
            author_kind=author_kind,
            author_id=author.id,
            author_name=author.name[:NAME_MAX],
            content=content,
        )
    )


# ---------------------------------------------------------------- staff writes (each commits)


async def create_ticket(session: AsyncSession, principal: Principal, body: TicketIn, now: datetime) -> TicketDetail:
    customer = await load_customer(session, body.customer_id, principal)
    assignee = await get_staff(session, body.assignee_id, field="assignee_id") if body.assignee_id else None
    ticket = Ticket(
        source="staff",
        customer_id=customer.id,
        member_id=body.member_id,
        card_no=body.card_no,
        category=body.category,
        priority=body.priority,
        title=body.title,
        content=body.content,
        contact_phone=body.contact_phone,
        assignee_id=assignee.staff_id if assignee else None,
        assignee_name=assignee.name if assignee else "",
        status="pending",
        due_at=now + DUE_AFTER[body.priority],
        created_at=now,  # the clock due times are counted from (injectable), not the database's
        created_by_id=principal.id,
        created_by_name=principal.name[:NAME_MAX],
    )
    session.add(ticket)
    await session.flush()
    _record_move(session, ticket, "open", None, principal.identity, now, "")
    await session.commit()
    return await _detail(session, ticket, customer, now)


async def update_ticket(
    session: AsyncSession, principal: Principal, ticket_id: int, body: TicketUpdate, now: datetime
) -> TicketDetail:
    ticket, customer = await _load(session, principal, ticket_id, for_update=True)
    if body.assignee_id is not None and body.assignee_id != ticket.assignee_id:
        assignee = await get_staff(session, body.assignee_id, field="assignee_id")
        ticket.assignee_id, ticket.assignee_name = assignee.staff_id, assignee.name
    elif body.assignee_id is None:
        ticket.assignee_id, ticket.assignee_name = None, ""
    ticket.category = body.category
    if body.priority != ticket.priority:
        # The due time is counted from when the ticket was opened, whatever its priority was then.
        ticket.priority = body.priority
        ticket.due_at = ticket.created_at + DUE_AFTER[body.priority]
    await session.flush()
    await session.commit()
    return await _detail(session, ticket, customer, now)


async def transition(
    session: AsyncSession, principal: Principal, ticket_id: int, body: TransitionIn, now: datetime
) -> TicketDetail:
    ticket, customer = await _load(session, principal, ticket_id, for_update=True)
    sources, target = TRANSITIONS[body.action]
    if ticket.status not in sources:
        raise Problem(
            409,
            "invalid_transition",
            f"工单{STATUSES[ticket.status]}，不能{ACTIONS[body.action]}",
            status_now=ticket.status,
            action=body.action,
        )
    before = ticket.status
    ticket.status = target
    if target == "resolved":
        ticket.resolved_at = now
    elif target == "closed":
        ticket.closed_at = now
    elif body.action == "reopen":
        ticket.resolved_at = None
        ticket.closed_at = None
    _record_move(session, ticket, body.action, before, principal.identity, now, body.note)
    await session.flush()
    await session.commit()
    return await _detail(session, ticket, customer, now)


async def staff_reply(
    session: AsyncSession, principal: Principal, ticket_id: int, body: ReplyIn, now: datetime
) -> TicketDetail:
    ticket, customer = await _load(session, principal, ticket_id, for_update=True)
    _add_reply(session, ticket, "staff", principal, body.content)
    await session.flush()
    await session.commit()
    return await _detail(session, ticket, customer, now)


# ---------------------------------------------------------------- the member's side (each write commits)


async def _member_ticket(
    session: AsyncSession, member: Identity, ticket_id: int, *, for_update: bool = False
) -> Ticket:
    stmt = select(Ticket).where(Ticket.id == ticket_id, Ticket.member_id == member.id)
    if for_update:
        stmt = stmt.with_for_update()
    ticket = (await session.execute(stmt)).scalar_one_or_none()
    if ticket is None:
        raise Problem(404, "not_found", "工单不存在")
    return ticket


async def _member_detail(session: AsyncSession, ticket: Ticket) -> MemberTicketDetail:
    return MemberTicketDetail(**MemberTicketRow.of(ticket).model_dump(), replies=await _thread(session, ticket.id))


async def open_member_ticket(
    session: AsyncSession, member: Identity, body: MemberTicketIn, now: datetime
) -> MemberTicketDetail:
    ticket = Ticket(
        source="member",
        member_id=member.id,
        card_no=body.card_no,
        category=body.category,
        priority="normal",
        title=body.title,
        content=body.content,
        contact_phone=body.contact_phone,
        status="pending",
        due_at=now + DUE_AFTER["normal"],
        created_at=now,
        created_by_id=None,  # created_by is a staff id; the member is in the move and member_id
        created_by_name=member.name[:NAME_MAX],
    )
    session.add(ticket)
    await session.flush()
    _record_move(session, ticket, "open", None, member, now, "")
    await session.commit()
    return await _member_detail(session, ticket)


async def list_member_tickets(session: AsyncSession, member: Identity, params: PageParams) -> MemberTicketPage:
    stmt = select(Ticket).where(Ticket.member_id == member.id).order_by(Ticket.id.desc())
    rows, total = await paginate(session, stmt, params, row=MemberTicketRow.of)
    option_lists = {"status_list": enum_options(STATUSES), "category_list": enum_options(CATEGORIES)}
    return MemberTicketPage(**list_response(rows, total, params, option_lists))


async def read_member_ticket(session: AsyncSession, member: Identity, ticket_id: int) -> MemberTicketDetail:
    return await _member_detail(session, await _member_ticket(session, member, ticket_id))


async def member_reply(
    session: AsyncSession, member: Identity, ticket_id: int, body: ReplyIn
) -> MemberTicketDetail:
    ticket = await _member_ticket(session, member, ticket_id, for_update=True)
    _add_reply(session, ticket, "member", member, body.content)
    await session.flush()
    await session.commit()
    return await _member_detail(session, ticket)


async def rate(
    session: AsyncSession, member: Identity, ticket_id: int, body: RatingIn, now: datetime
) -> MemberTicketDetail:
    """满意度: once, after the ticket is resolved (the row lock makes two concurrent ratings one)."""
    ticket = await _member_ticket(session, member, ticket_id, for_update=True)
    if ticket.status not in RATABLE_STATUSES:
        raise Problem(409, "not_resolved", "工单解决后才能评价")
    if ticket.rating is not None:
        raise Problem(409, "already_rated", "该工单已评价")
    ticket.rating = body.score
    ticket.rating_comment = body.comment
    ticket.rated_at = now
    await session.flush()
    await session.commit()
    return await _member_detail(session, ticket)
