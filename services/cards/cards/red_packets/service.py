"""红包发放 writes: a grant request (待审核), its review (approval puts one packet on every grantable card of
the target, in the ledger) and the revoke of what is left of it. Each function here commits (docs/domains/cards.md).

Exactly once per card: the grant row is locked for its review and only a pending grant can be approved, and
the packets' unique (grant_id, card_id) holds it even so. Cards are locked in id order before their packets,
the order a debit takes, so grants, revokes, debits and the expiry job never deadlock each other.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Numeric, String, bindparam, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from starlette.responses import JSONResponse

from cards.activations.jobs import _GROUPED_RUNS, group_totals
from cards.activations.models import Activation
from cards.cards.models import Card
from cards.cards.state import STATUS_LABELS, USE_STATUS_LABELS, CardStatus, UseStatus
from cards.cardsel import in_ranges
from cards.common import ReviewIn
from cards.numbers import SeqRange, card_no, parse_card_no, require_card_no
from cards.red_packets.models import RedPacket, RedPacketGrant
from cards.red_packets.queries import get_grant, grant_dict
from cards.red_packets.schemas import GrantIn, GrantStatus, GrantTarget, RevokeIn
from shared.bus import emit
from shared.events.cards import RedPacketsGranted, RedPacketsRevoked
from shared.events.common import Actor
from shared.idempotency import run_once
from shared.identity import DataScope, Principal
from shared.money import format_money
from shared.problems import Problem, field_error, not_found

MAX_GRANT_CARDS = 100_000
MAX_REFUSED_LISTED = 200  # the refused cards kept on the grant (all are counted)
# A card can take a packet once it belongs to a customer and is charged: 已领卡 or 已激活, 已充值. An uncharged
# card is refused (its charge would set the red-packet totals afresh), a frozen one too (operations unfreeze
# it first), and 库存中, 已过期 and 已作废 cards hold no spendable money at all.
GRANTABLE_STATUSES = (CardStatus.ISSUED.value, CardStatus.ACTIVATED.value)

_NOW = bindparam("now", type_=DateTime(timezone=True))
_IDS = bindparam("ids", type_=ARRAY(BigInteger))
_AMOUNT = bindparam("amount", type_=Numeric(14, 2))

GRANT_PACKETS = text(
    """
    WITH ins AS (
        INSERT INTO red_packets (grant_id, card_id, amount, balance, valid_from, valid_to, created_at)
        SELECT :grant_id, id, :amount, :amount, :valid_from, :valid_to, :now FROM unnest(:ids) AS id
        ON CONFLICT (grant_id, card_id) DO NOTHING
        RETURNING card_id
    ), changed AS (
        UPDATE cards c
           SET red_packet_amount = c.red_packet_amount + :amount,
               red_packet_balance = c.red_packet_balance + :amount,
               granted_red_packet_balance = c.granted_red_packet_balance + :amount, updated_at = :now
          FROM ins WHERE c.id = ins.card_id
        RETURNING c.id, c.customer_id, c.contract_id, c.activation_id, c.face_value, c.balance,
                  :amount AS red_packet, c.red_packet_balance AS red_packet_after
    ), entries AS (
        INSERT INTO ledger_entries (card_id, kind, amount, balance_part, red_packet_part, balance_after,
                                    red_packet_after, activation_id, memo, created_at)
        SELECT id, 'red_packet_grant', red_packet, 0, red_packet, balance, red_packet_after, activation_id, :memo, :now
          FROM changed
        RETURNING 1
    )
    """
    + _GROUPED_RUNS
).bindparams(_NOW, _IDS, _AMOUNT, bindparam("valid_from", type_=DateTime(timezone=True)),
             bindparam("valid_to", type_=DateTime(timezone=True)), bindparam("memo", type_=String))

LOCK_REVOCABLE = text(
    """
    SELECT id FROM cards
     WHERE id IN (SELECT card_id FROM red_packets WHERE grant_id = :grant_id AND revoked_at IS NULL
                     AND (CAST(:card_id AS bigint) IS NULL OR card_id = :card_id))
     ORDER BY id
       FOR UPDATE
    """
)

REVOKE_PACKETS = text(
    """
    WITH due AS (
        SELECT id, card_id, balance FROM red_packets
         WHERE grant_id = :grant_id AND card_id = ANY(:ids) AND revoked_at IS NULL
           FOR UPDATE
    ), taken AS (
        UPDATE red_packets p SET revoked = p.revoked + due.balance, balance = 0, revoked_at = :now
          FROM due WHERE p.id = due.id
        RETURNING due.card_id, due.balance AS amount
    ), changed AS (
        UPDATE cards c
           SET red_packet_balance = c.red_packet_balance - taken.amount,
               granted_red_packet_balance = c.granted_red_packet_balance - taken.amount, updated_at = :now
          FROM taken WHERE c.id = taken.card_id AND taken.amount > 0
        RETURNING c.id, c.customer_id, c.contract_id, c.activation_id, c.face_value, c.balance,
                  taken.amount AS red_packet, c.red_packet_balance AS red_packet_after
    ), entries AS (
        INSERT INTO ledger_entries (card_id, kind, amount, balance_part, red_packet_part, balance_after,
                                    red_packet_after, activation_id, memo, created_at)
        SELECT id, 'red_packet_revoke', -red_packet, 0, -red_packet, balance, red_packet_after, activation_id,
               :memo, :now
          FROM changed
        RETURNING 1
    )
    """
    + _GROUPED_RUNS
).bindparams(_NOW, _IDS, bindparam("memo", type_=String))


# ---------------------------------------------------------------- request


def _target(data: GrantIn) -> tuple[GrantTarget, SeqRange | None]:
    if data.activation_id is not None:
        if data.card_no_from or data.card_no_to:
            raise field_error("activation_id", "卡号段与激活批次只能选一个", "target_ambiguous")
        return GrantTarget.ACTIVATION, None
    if not data.card_no_from and not data.card_no_to:
        raise field_error("card_no_from", "请填写卡号（段）或激活批次", "target_required")
    start = require_card_no(data.card_no_from or data.card_no_to or "", "card_no_from")
    end = require_card_no(data.card_no_to or data.card_no_from or "", "card_no_to")
    if start > end:
        raise Problem(422, "invalid_range", "起始卡号大于结束卡号",
                      errors=[{"field": "card_no_to", "message": "起始卡号不能大于结束卡号"}])
    if end - start + 1 > MAX_GRANT_CARDS:
        raise field_error("card_no_to", f"一次最多发放 {MAX_GRANT_CARDS} 张卡", "range_too_large")
    return (GrantTarget.CARD if start == end else GrantTarget.RANGE), SeqRange(start, end)


def _check_validity(data: GrantIn, now: datetime) -> None:
    if data.amount <= 0:
        raise field_error("amount", "红包金额必须大于 0", "amount_not_positive")
    if (data.valid_to is None) == (data.valid_days is None):
        raise field_error("valid_to", "失效时间与有效天数填一个", "validity_required")
    if data.valid_to is not None:
        if data.valid_to <= now:
            raise field_error("valid_to", "失效时间必须晚于现在", "validity_passed")
        if data.valid_from is not None and data.valid_to <= data.valid_from:
            raise field_error("valid_to", "失效时间必须晚于生效时间", "validity_reversed")


def _target_clause(grant: RedPacketGrant) -> ColumnElement[bool]:
    if grant.activation_id is not None:
        return Card.activation_id == grant.activation_id
    return in_ranges([SeqRange(int(grant.card_no_from[:-1]), int(grant.card_no_to[:-1]))])


async def create_grant(session: AsyncSession, data: GrantIn, principal: Principal) -> RedPacketGrant:
    now = datetime.now(UTC)
    _check_validity(data, now)
    target, seq_range = _target(data)
    grant = RedPacketGrant(
        grant_no=f"tmp-{uuid.uuid4().hex[:24]}",  # replaced by the id-based number below
        target=target.value, amount=data.amount, valid_from=data.valid_from, valid_to=data.valid_to,
        valid_days=data.valid_days, status=GrantStatus.PENDING.value, remark=data.remark,
        created_by_id=principal.actor["id"], created_by_name=principal.actor["name"],
        created_by_dept_id=principal.dept_id,
    )
    if seq_range is not None:
        grant.card_no_from, grant.card_no_to = card_no(seq_range.start), card_no(seq_range.end)
    else:
        activation = await session.get(Activation, data.activation_id)
        if activation is None or not principal.scope.allows(activation.owner_id, activation.owner_dept_id):
            raise field_error("activation_id", "激活批次不存在", "unknown_activation")
        if activation.charged_at is None:
            raise field_error("activation_id", "激活批次尚未审核通过，卡片未充值", "activation_not_charged")
        grant.activation_id, grant.activation_batch_no = activation.id, activation.batch_no
        grant.customer_id, grant.customer_name = activation.customer_id, activation.customer_name
    visible = principal.scope.clause(Card.owner_id, Card.owner_dept_id)
    grant.quantity = int(await session.scalar(
        select(func.count()).select_from(Card).where(_target_clause(grant), visible)) or 0)
    if grant.quantity == 0:
        field = "activation_id" if seq_range is None else "card_no_from"
        raise field_error(field, "范围内没有您可以发放红包的卡", "no_cards")
    session.add(grant)
    await session.flush()
    grant.grant_no = f"HB{now:%Y%m%d}{grant.id:05d}"
    await session.flush()
    return grant


async def request_grant(session: AsyncSession, data: GrantIn, principal: Principal, key: str | None) -> JSONResponse:
    """红包发放申请 (待审核), once per Idempotency-Key."""

    async def act() -> dict[str, Any]:
        return grant_dict(await create_grant(session, data, principal))

    return await run_once(session, f"red_packet:grant:create:{principal.actor['id']}", key,
                          data.model_dump(mode="json"), act, status_code=201)


# ---------------------------------------------------------------- review


def _refusal(row: Any, scope: DataScope) -> str | None:
    """Why this card cannot take the packet (None: it can)."""
    if not scope.allows(row.owner_id, row.owner_dept_id):
        return "不在您的数据范围内"
    if row.status not in GRANTABLE_STATUSES:
        return f"卡片{STATUS_LABELS[CardStatus(row.status)]}"
    if row.use_status != UseStatus.CHARGED.value:
        return f"卡片{USE_STATUS_LABELS[UseStatus(row.use_status)]}"
    return None


async def approve(session: AsyncSession, grant: RedPacketGrant, principal: Principal, now: datetime) -> None:
    valid_from = grant.valid_from or now
    valid_to = grant.valid_to or valid_from + timedelta(days=grant.valid_days or 0)
    if valid_to <= now:
        raise Problem(409, "validity_passed", "该发放单的有效期已过，请驳回后重新申请")
    cards = (await session.execute(
        select(Card.id, Card.status, Card.use_status, Card.owner_id, Card.owner_dept_id)
        .where(_target_clause(grant)).order_by(Card.id).with_for_update()
    )).all()
    grantable: list[int] = []
    refused: list[dict[str, str]] = []
    for row in cards:
        reason = _refusal(row, principal.scope)
        if reason is None:
            grantable.append(row.id)
        else:
            refused.append({"card_no": card_no(row.id), "reason": reason})
    if not grantable:
        raise Problem(409, "no_grantable_cards", "范围内没有可以发放红包的卡（须为已领卡或已激活、已充值的卡）",
                      refused_count=len(refused), refused=refused[:MAX_REFUSED_LISTED])
    rows = (await session.execute(GRANT_PACKETS, {
        "grant_id": grant.id, "ids": grantable, "amount": grant.amount, "valid_from": valid_from,
        "valid_to": valid_to, "now": now, "memo": f"红包发放 {grant.grant_no}",
    })).all()
    groups = await group_totals(session, rows)
    granted = sum(g.card_count for g in groups)
    grant.status = GrantStatus.APPROVED.value
    grant.valid_from, grant.valid_to = valid_from, valid_to
    grant.granted_count, grant.refused_count, grant.refused = granted, len(refused), refused[:MAX_REFUSED_LISTED]
    await emit(session, "cards", RedPacketsGranted(
        grant_id=grant.id, grant_no=grant.grant_no, amount=grant.amount, card_count=granted, groups=groups,
        valid_to=valid_to, approved_by=Actor.of(principal.actor), granted_at=now,
    ))


async def review_grant(session: AsyncSession, grant_id: int, data: ReviewIn, principal: Principal
                       ) -> RedPacketGrant:
    grant = await get_grant(session, grant_id, principal.scope, lock=True)
    if grant.status != GrantStatus.PENDING.value:
        raise Problem(409, "not_pending", "该红包发放单已审核过", grant_status=grant.status)
    now = datetime.now(UTC)
    if data.approved:
        await approve(session, grant, principal, now)
    else:
        if not data.reason.strip():
            raise Problem(422, "reason_required", "驳回时请填写原因", errors=[{"field": "reason", "message": "必填"}])
        grant.status = GrantStatus.REJECTED.value
    grant.reviewer_id, grant.reviewer_name, grant.reviewed_at = principal.actor["id"], principal.actor["name"], now
    grant.review_reason = data.reason
    await session.flush()
    return grant


async def review(session: AsyncSession, grant_id: int, data: ReviewIn, principal: Principal, key: str | None
                 ) -> JSONResponse:
    """审核红包发放 (approval grants), once per Idempotency-Key; a second review of the same grant is a 409."""

    async def act() -> dict[str, Any]:
        return grant_dict(await review_grant(session, grant_id, data, principal))

    return await run_once(session, f"red_packet:grant:review:{grant_id}", key, data.model_dump(), act,
                          status_code=200)


# ---------------------------------------------------------------- revoke


async def revoke(session: AsyncSession, grant_id: int, data: RevokeIn, principal: Principal) -> dict[str, Any]:
    """撤回: what is left of the grant's packets (all cards, or one) leaves the cards; used amounts stay spent.
    A packet is revoked once: a repeat finds nothing left to revoke and answers the grant as it is."""
    grant = await get_grant(session, grant_id, principal.scope, lock=True)
    if grant.status not in (GrantStatus.APPROVED.value, GrantStatus.REVOKED.value):
        raise Problem(409, "not_granted", "只有已发放的红包可以撤回", grant_status=grant.status)
    card_id: int | None = None
    if data.card_no is not None:
        card_id = parse_card_no(data.card_no)
        if card_id is None:
            raise field_error("card_no", "卡号格式或校验位不正确", "invalid_card_no")
        if await session.scalar(select(RedPacket.id).where(RedPacket.grant_id == grant.id,
                                                           RedPacket.card_id == card_id)) is None:
            raise not_found("该卡的红包")
    now = datetime.now(UTC)
    ids = list((await session.scalars(LOCK_REVOCABLE, {"grant_id": grant.id, "card_id": card_id})).all())
    taken = Decimal(0)
    if ids:
        rows = (await session.execute(REVOKE_PACKETS, {
            "grant_id": grant.id, "ids": ids, "now": now, "memo": f"红包撤回 {grant.grant_no}：{data.reason}"[:255],
        })).all()
        groups = await group_totals(session, rows)
        taken = sum((g.red_packet_total for g in groups), Decimal(0))
        if groups:
            await emit(session, "cards", RedPacketsRevoked(
                grant_id=grant.id, grant_no=grant.grant_no, card_count=sum(g.card_count for g in groups),
                groups=groups, reason=data.reason, revoked_by=Actor.of(principal.actor), revoked_at=now,
            ))
        grant.revoked_total += taken
        grant.revoke_reason = data.reason
        left = await session.scalar(select(func.count()).select_from(RedPacket)
                                    .where(RedPacket.grant_id == grant.id, RedPacket.revoked_at.is_(None)))
        if not left:
            grant.status, grant.revoked_at = GrantStatus.REVOKED.value, now
        await session.flush()
    body = {"grant": grant_dict(grant), "card_count": len(ids), "revoked_amount": format_money(taken)}
    await session.commit()
    return body
