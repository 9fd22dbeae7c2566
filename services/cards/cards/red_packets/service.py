"""红包管理: per card, what was granted, used, is left and lapsed; and the entries that moved it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cards.cards.models import Card
from cards.cardsel import in_ranges
from cards.ledger.models import ENTRY_KIND_LABELS, EntryKind, LedgerEntry
from cards.numbers import MAX_SEQ, SeqRange, require_card_no
from cards.red_packets.schemas import RED_PACKET_STATE_LABELS, RedPacketFilters, RedPacketState
from shared.identity import DataScope
from shared.listing import PageParams, apply_sort, check_range, enum_options, list_response, paginate
from shared.money import format_money
from shared.problems import not_found

SORTABLE = {"card_id": Card.id, "red_packet_amount": Card.red_packet_amount,
            "red_packet_expires_at": Card.red_packet_expires_at}
RED_PACKET_KINDS = (EntryKind.RED_PACKET_GRANT, EntryKind.DEBIT, EntryKind.REFUND, EntryKind.RED_PACKET_EXPIRY,
                    EntryKind.CARD_EXPIRY, EntryKind.VOID)


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
    lapsed = card.red_packet_amount - card.red_packet_used - card.red_packet_balance
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


async def list_red_packets(
    session: AsyncSession, filters: RedPacketFilters, scope: DataScope, params: PageParams
) -> dict[str, Any]:
    now = datetime.now(UTC)
    stmt = select(Card).where(Card.red_packet_amount > 0, scope.clause(Card.owner_id, Card.owner_dept_id))
    start = require_card_no(filters.card_no_from, "card_no_from") if filters.card_no_from else None
    end = require_card_no(filters.card_no_to, "card_no_to") if filters.card_no_to else None
    check_range("card_no", start, end)
    if start is not None or end is not None:
        stmt = stmt.where(in_ranges([SeqRange(start or 0, end or MAX_SEQ)]))
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
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Card.id])
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
