"""红包管理 reads: per card (granted, used, left, lapsed) with the entries that moved it; grant requests; the
granted packets; exports; and a member's packets on one card. Every admin read is filtered by the caller's data
scope on the card's owner (grant requests: on who filed them), like the other cards lists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from cards.cards.models import Card
from cards.cardsel import in_ranges
from cards.common import actor_dict
from cards.ledger.models import ENTRY_KIND_LABELS, EntryKind, LedgerEntry
from cards.numbers import MAX_SEQ, SeqRange, require_card_no
from cards.red_packets.models import RedPacket, RedPacketGrant
from cards.red_packets.schemas import (
    GRANT_STATUS_LABELS,
    GRANT_TARGET_LABELS,
    PACKET_STATUS_LABELS,
    RED_PACKET_STATE_LABELS,
    GrantFilters,
    GrantStatus,
    GrantTarget,
    PacketFilters,
    PacketStatus,
    RedPacketFilters,
    RedPacketState,
)
from shared.dates import within_days
from shared.identity import DataScope
from shared.listing import PageParams, apply_sort, check_range, enum_options, keyword_clause, list_response, paginate
from shared.money import format_money
from shared.problems import Problem, not_found

MAX_EXPORT_ROWS = 100_000
SORTABLE = {"card_id": Card.id, "red_packet_amount": Card.red_packet_amount,
            "red_packet_expires_at": Card.red_packet_expires_at}
RED_PACKET_KINDS = (EntryKind.RED_PACKET_GRANT, EntryKind.DEBIT, EntryKind.REFUND, EntryKind.RED_PACKET_EXPIRY,
                    EntryKind.CARD_EXPIRY, EntryKind.VOID, EntryKind.RED_PACKET_REVOKE)


def _state(card: Card, now: datetime) -> RedPacketState:
    if card.red_packet_expires_at is None:
        return RedPacketState.WAITING
    if card.red_packet_balance > 0 and card.red_packet_expires_at > now:
        return RedPacketState.AVAILABLE
    if card.red_packet_used >= card.red_packet_amount:
        return RedPacketState.USED_UP
    return RedPacketState.EXPIRED


def red_packet_row(card: Card, now: datetime) -> dict[str, Any]:
    state = _state(card, now)
    lapsed = card.red_packet_amount - card.red_packet_used - card.red_packet_balance  # expired or revoked
    return {
        "card_id": card.id,
        "card_no": card.card_no,
        "customer_id": card.customer_id,
        "customer_name": card.customer_name,
        "contract_name": card.contract_name,
        "activation_batch_no": card.activation_batch_no,
        "owner": {"id": card.owner_id, "name": card.owner_name},
        "red_packet_amount": format_money(card.red_packet_amount),
        "red_packet_used": format_money(card.red_packet_used),
        "red_packet_balance": format_money(card.red_packet_balance),
        "red_packet_expired": format_money(max(lapsed, 0)),
        "red_packet_expires_at": card.red_packet_expires_at,
        "state": state.value,
        "state_label": RED_PACKET_STATE_LABELS[state],
    }


async def _check_export_size(session: AsyncSession, stmt: Select[Any], unit: str) -> None:
    total = int(await session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    if total > MAX_EXPORT_ROWS:
        raise Problem(413, "export_too_large",
                      f"一次最多导出 {MAX_EXPORT_ROWS} {unit}，请缩小筛选范围（当前 {total} {unit}）")


def card_range_clause(card_no_from: str | None, card_no_to: str | None) -> ColumnElement[bool] | None:
    """卡号 / 卡号段 filter: either end may be left open; a reversed range is a 422."""
    start = require_card_no(card_no_from, "card_no_from") if card_no_from else None
    end = require_card_no(card_no_to, "card_no_to") if card_no_to else None
    check_range("card_no", start, end)
    if start is None and end is None:
        return None
    return in_ranges([SeqRange(start or 0, end or MAX_SEQ)])


def _per_card(filters: RedPacketFilters, scope: DataScope, now: datetime) -> Select[Any]:
    stmt = select(Card).where(Card.red_packet_amount > 0, scope.clause(Card.owner_id, Card.owner_dept_id))
    if (clause := card_range_clause(filters.card_no_from, filters.card_no_to)) is not None:
        stmt = stmt.where(clause)
    if filters.customer_id is not None:
        stmt = stmt.where(Card.customer_id == filters.customer_id)
    if filters.activation_id is not None:
        stmt = stmt.where(Card.activation_id == filters.activation_id)
    state = filters.state
    if state is RedPacketState.WAITING:
        stmt = stmt.where(Card.red_packet_expires_at.is_(None))
    elif state is RedPacketState.AVAILABLE:
        stmt = stmt.where(Card.red_packet_balance > 0, Card.red_packet_expires_at > now)
    elif state is RedPacketState.USED_UP:
        stmt = stmt.where(Card.red_packet_expires_at.is_not(None), Card.red_packet_used >= Card.red_packet_amount)
    elif state is RedPacketState.EXPIRED:
        stmt = stmt.where(Card.red_packet_expires_at.is_not(None), Card.red_packet_used < Card.red_packet_amount,
                          (Card.red_packet_balance == 0) | (Card.red_packet_expires_at <= now))
    return stmt


async def list_red_packets(
    session: AsyncSession, filters: RedPacketFilters, scope: DataScope, params: PageParams
) -> dict[str, Any]:
    now = datetime.now(UTC)
    stmt = apply_sort(_per_card(filters, scope, now), params.sort, SORTABLE, [Card.id])
    rows, total = await paginate(session, stmt, params, row=lambda c: red_packet_row(c, now))
    return list_response(rows, total, params, {"state_list": enum_options(RED_PACKET_STATE_LABELS)})


async def red_packet_detail(session: AsyncSession, card_id: int, scope: DataScope) -> dict[str, Any]:
    card = await session.get(Card, card_id)
    if card is None or not scope.allows(card.owner_id, card.owner_dept_id):
        raise not_found("卡片")
    entries = await session.scalars(
        select(LedgerEntry)
        .where(LedgerEntry.card_id == card_id, LedgerEntry.red_packet_part != 0,
               LedgerEntry.kind.in_([k.value for k in RED_PACKET_KINDS]))
        .order_by(LedgerEntry.id)
    )
    return {
        **red_packet_row(card, datetime.now(UTC)),
        "entries": [
            {
                "id": e.id,
                "kind": e.kind,
                "kind_label": ENTRY_KIND_LABELS[EntryKind(e.kind)],
                "red_packet_part": format_money(e.red_packet_part),
                "red_packet_after": format_money(e.red_packet_after),
                "order_ref": e.order_ref,
                "context": e.context,
                "memo": e.memo,
                "created_at": e.created_at,
            }
            for e in entries
        ],
    }


# ---------------------------------------------------------------- grant requests


def grant_dict(g: RedPacketGrant) -> dict[str, Any]:
    return {
        "id": g.id,
        "grant_no": g.grant_no,
        "target": g.target,
        "target_label": GRANT_TARGET_LABELS[GrantTarget(g.target)],
        "card_no_from": g.card_no_from,
        "card_no_to": g.card_no_to,
        "activation_id": g.activation_id,
        "activation_batch_no": g.activation_batch_no,
        "customer_id": g.customer_id,
        "customer_name": g.customer_name,
        "amount": format_money(g.amount),
        "valid_from": g.valid_from,
        "valid_to": g.valid_to,
        "valid_days": g.valid_days,
        "quantity": g.quantity,
        "status": g.status,
        "status_label": GRANT_STATUS_LABELS[GrantStatus(g.status)],
        "remark": g.remark,
        "granted_count": g.granted_count,
        "refused_count": g.refused_count,
        "refused": g.refused,
        "revoked_total": format_money(g.revoked_total),
        "revoked_at": g.revoked_at,
        "revoke_reason": g.revoke_reason,
        "created_by": actor_dict(g.created_by_id, g.created_by_name),
        "created_at": g.created_at,
        "updated_at": g.updated_at,
        "reviewer": actor_dict(g.reviewer_id, g.reviewer_name) if g.reviewed_at else None,
        "reviewed_at": g.reviewed_at,
        "review_reason": g.review_reason,
    }


def grant_scope(scope: DataScope) -> ColumnElement[bool]:
    return scope.clause(RedPacketGrant.created_by_id, RedPacketGrant.created_by_dept_id)


async def get_grant(session: AsyncSession, grant_id: int, scope: DataScope, *, lock: bool = False) -> RedPacketGrant:
    stmt = select(RedPacketGrant).where(RedPacketGrant.id == grant_id, grant_scope(scope))
    if lock:
        stmt = stmt.with_for_update()
    grant = await session.scalar(stmt.execution_options(populate_existing=True))
    if grant is None:
        raise not_found("红包发放单")
    return grant


GRANT_SORTABLE = {"id": RedPacketGrant.id, "created_at": RedPacketGrant.created_at,
                  "reviewed_at": RedPacketGrant.reviewed_at, "amount": RedPacketGrant.amount}


def _grants(filters: GrantFilters, scope: DataScope) -> Select[Any]:
    check_range("date", filters.date_from, filters.date_to)
    stmt = select(RedPacketGrant).where(grant_scope(scope),
                                        *within_days(RedPacketGrant.created_at, filters.date_from, filters.date_to))
    if (clause := keyword_clause(filters.keyword, RedPacketGrant.grant_no, RedPacketGrant.activation_batch_no,
                                 RedPacketGrant.customer_name, RedPacketGrant.card_no_from)) is not None:
        stmt = stmt.where(clause)
    if filters.status is not None:
        stmt = stmt.where(RedPacketGrant.status == filters.status.value)
    if filters.activation_id is not None:
        stmt = stmt.where(RedPacketGrant.activation_id == filters.activation_id)
    if filters.customer_id is not None:
        stmt = stmt.where(RedPacketGrant.customer_id == filters.customer_id)
    return stmt


async def list_grants(session: AsyncSession, filters: GrantFilters, scope: DataScope, params: PageParams
                      ) -> dict[str, Any]:
    stmt = apply_sort(_grants(filters, scope), params.sort, GRANT_SORTABLE, [RedPacketGrant.id.desc()])
    rows, total = await paginate(session, stmt, params, row=grant_dict)
    extra = ({"status_list": enum_options(GRANT_STATUS_LABELS), "target_list": enum_options(GRANT_TARGET_LABELS)}
             if params.with_options else {})
    return list_response(rows, total, params, extra)


async def grant_detail(session: AsyncSession, grant_id: int, scope: DataScope) -> dict[str, Any]:
    return grant_dict(await get_grant(session, grant_id, scope))


GRANT_EXPORT_COLUMNS = [
    ("grant_no", "发放单号"), ("target_label", "发放对象"), ("card_range", "卡号段"),
    ("activation_batch_no", "激活批次"),
    ("customer_name", "客户"), ("amount", "每卡金额"), ("valid_from", "生效时间"), ("valid_to", "失效时间"),
    ("valid_days", "有效天数"), ("quantity", "卡数"), ("granted_count", "已发放"), ("refused_count", "未能发放"),
    ("status_label", "状态"), ("revoked_total", "已撤回金额"), ("remark", "备注"), ("created_by_name", "申请人"),
    ("created_at", "申请时间"), ("reviewer_name", "审核人"), ("reviewed_at", "审核时间"), ("review_reason", "审核意见"),
]


async def export_grants(session: AsyncSession, filters: GrantFilters, scope: DataScope, sort: str | None
                        ) -> list[dict[str, Any]]:
    """The rows of 导出发放单 (the grant list's filters and sort)."""
    stmt = _grants(filters, scope)
    await _check_export_size(session, stmt, "个发放单")
    rows = []
    for grant in await session.scalars(apply_sort(stmt, sort, GRANT_SORTABLE, [RedPacketGrant.id.desc()])):
        row = grant_dict(grant)
        row["card_range"] = f"{grant.card_no_from}-{grant.card_no_to}" if grant.card_no_from else ""
        row["created_by_name"] = grant.created_by_name
        row["reviewer_name"] = grant.reviewer_name
        rows.append(row)
    return rows


# ---------------------------------------------------------------- granted packets


def packet_status(packet: RedPacket, now: datetime) -> PacketStatus:
    if packet.revoked_at is not None:
        return PacketStatus.REVOKED
    if packet.balance > 0 and packet.valid_from > now:
        return PacketStatus.PENDING
    if packet.balance > 0 and packet.valid_to > now:
        return PacketStatus.AVAILABLE
    if packet.used >= packet.amount:
        return PacketStatus.USED_UP
    return PacketStatus.EXPIRED


def _status_clause(status: PacketStatus, now: datetime) -> ColumnElement[bool]:
    live = RedPacket.revoked_at.is_(None)
    return {
        PacketStatus.REVOKED: RedPacket.revoked_at.is_not(None),
        PacketStatus.PENDING: live & (RedPacket.balance > 0) & (RedPacket.valid_from > now),
        PacketStatus.AVAILABLE: live & (RedPacket.balance > 0) & (RedPacket.valid_from <= now)
        & (RedPacket.valid_to > now),
        PacketStatus.USED_UP: live & ~((RedPacket.balance > 0) & (RedPacket.valid_to > now))
        & (RedPacket.used >= RedPacket.amount),
        PacketStatus.EXPIRED: live & ~((RedPacket.balance > 0) & (RedPacket.valid_to > now))
        & (RedPacket.used < RedPacket.amount),
    }[status]


def _packets(filters: PacketFilters, scope: DataScope, now: datetime) -> Select[Any]:
    check_range("date", filters.date_from, filters.date_to)
    stmt = (
        select(RedPacket, Card, RedPacketGrant.grant_no)
        .join(Card, Card.id == RedPacket.card_id)
        .join(RedPacketGrant, RedPacketGrant.id == RedPacket.grant_id)
        .where(scope.clause(Card.owner_id, Card.owner_dept_id),
               *within_days(RedPacket.created_at, filters.date_from, filters.date_to))
    )
    if (clause := card_range_clause(filters.card_no_from, filters.card_no_to)) is not None:
        stmt = stmt.where(clause)
    for column, value in ((Card.activation_id, filters.activation_id), (Card.customer_id, filters.customer_id),
                          (RedPacket.grant_id, filters.grant_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    if filters.status is not None:
        stmt = stmt.where(_status_clause(filters.status, now))
    return stmt


def packet_row(row: Any, now: datetime) -> dict[str, Any]:
    packet, card, grant_no = row
    status = packet_status(packet, now)
    return {
        "id": packet.id,
        "grant_id": packet.grant_id,
        "grant_no": grant_no,
        "card_id": card.id,
        "card_no": card.card_no,
        "customer_id": card.customer_id,
        "customer_name": card.customer_name,
        "activation_batch_no": card.activation_batch_no,
        "amount": format_money(packet.amount),
        "used": format_money(packet.used),
        "revoked": format_money(packet.revoked),
        "expired": format_money(packet.expired),
        "balance": format_money(packet.balance),
        "valid_from": packet.valid_from,
        "valid_to": packet.valid_to,
        "status": status.value,
        "status_label": PACKET_STATUS_LABELS[status],
        "granted_at": packet.created_at,
    }


PACKET_SORTABLE = {"id": RedPacket.id, "card_id": RedPacket.card_id, "valid_to": RedPacket.valid_to,
                   "balance": RedPacket.balance, "granted_at": RedPacket.created_at}


async def list_packets(session: AsyncSession, filters: PacketFilters, scope: DataScope, params: PageParams
                       ) -> dict[str, Any]:
    now = datetime.now(UTC)
    stmt = apply_sort(_packets(filters, scope, now), params.sort, PACKET_SORTABLE, [RedPacket.id.desc()])
    rows, total = await paginate(session, stmt, params, scalars=False, row=lambda r: packet_row(r, now))
    return list_response(rows, total, params,
                         {"status_list": enum_options(PACKET_STATUS_LABELS)} if params.with_options else {})


EXPORT_COLUMNS = [
    ("grant_no", "发放单号"), ("card_no", "卡号"), ("customer_name", "客户"), ("activation_batch_no", "激活批次"),
    ("amount", "红包金额"), ("used", "已使用"), ("revoked", "已撤回"), ("expired", "已过期"), ("balance", "剩余"),
    ("valid_from", "生效时间"), ("valid_to", "失效时间"), ("status_label", "状态"), ("granted_at", "发放时间"),
]


async def export_packets(session: AsyncSession, filters: PacketFilters, scope: DataScope, sort: str | None
                         ) -> Iterator[dict[str, Any]]:
    """The rows of 导出红包 (the packet list's filters and sort), at most MAX_EXPORT_ROWS of them."""
    now = datetime.now(UTC)
    stmt = _packets(filters, scope, now)
    await _check_export_size(session, stmt, "个红包")
    result = (await session.execute(apply_sort(stmt, sort, PACKET_SORTABLE, [RedPacket.id.desc()]))).all()

    def rows() -> Iterator[dict[str, Any]]:
        for row in result:
            out = packet_row(row, now)
            for key in ("valid_from", "valid_to", "granted_at"):
                out[key] = out[key].isoformat()
            yield out

    return rows()


# ---------------------------------------------------------------- the member's view


async def member_packets(session: AsyncSession, member_id: int, card_id: int) -> dict[str, Any]:
    """A member's packets on their own card: the card's own (activation) packet and each granted one."""
    card = await session.get(Card, card_id)
    if card is None or card.member_id != member_id:
        raise not_found("卡片")
    now = datetime.now(UTC)
    granted = list((await session.execute(
        select(RedPacket, RedPacketGrant.grant_no).join(RedPacketGrant, RedPacketGrant.id == RedPacket.grant_id)
        .where(RedPacket.card_id == card_id).order_by(RedPacket.valid_to, RedPacket.id)
    )).all())
    granted_amount = sum((p.amount for p, _ in granted), Decimal(0))
    granted_used = sum((p.used for p, _ in granted), Decimal(0))
    own_amount = card.red_packet_amount - granted_amount
    own_balance = card.red_packet_balance - card.granted_red_packet_balance
    own_valid = card.red_packet_expires_at is not None and card.red_packet_expires_at > now
    rows: list[dict[str, Any]] = []
    spendable = Decimal(0)
    if own_amount > 0:
        if own_balance > 0 and own_valid:
            own_status = PacketStatus.AVAILABLE
            spendable += own_balance
        elif own_balance > 0 and card.red_packet_expires_at is None:
            own_status = PacketStatus.PENDING  # starts when the card is activated
        else:
            own_status = PacketStatus.USED_UP if own_balance <= 0 and own_valid else PacketStatus.EXPIRED
        rows.append({
            "source": "activation", "source_label": "开卡红包", "grant_no": "",
            "amount": format_money(own_amount), "used": format_money(card.red_packet_used - granted_used),
            "balance": format_money(own_balance), "valid_from": card.activated_at,
            "valid_to": card.red_packet_expires_at, "status": own_status.value,
            "status_label": PACKET_STATUS_LABELS[own_status],
        })
    for packet, grant_no in granted:
        status = packet_status(packet, now)
        if status is PacketStatus.AVAILABLE:
            spendable += packet.balance
        rows.append({
            "source": "grant", "source_label": "发放红包", "grant_no": grant_no,
            "amount": format_money(packet.amount), "used": format_money(packet.used),
            "balance": format_money(packet.balance), "valid_from": packet.valid_from, "valid_to": packet.valid_to,
            "status": status.value, "status_label": PACKET_STATUS_LABELS[status],
        })
    return {"card_id": card.id, "card_no": card.card_no, "red_packet_balance": format_money(spendable),
            "data_list": rows}
