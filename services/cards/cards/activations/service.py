"""激活批次: request, review (charging the cards: ledger entries, 使用状态 -> 已充值)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, String, bindparam, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse

from cards.activations.models import Activation
from cards.activations.schemas import ActivationIn
from cards.cards.models import Card
from cards.cards.state import CardAction, UseStatus, sources, use_sources
from cards.cardsel import in_ranges
from cards.common import (
    REQUEST_STATUS_LABELS,
    RequestFilters,
    RequestStatus,
    ReviewIn,
    actor_dict,
    parse_ranges,
    ranges_from_json,
    ranges_json,
    ranges_label,
    request_clauses,
)
from cards.entitlements.service import approved_contract
from cards.numbers import runs
from shared.bus import emit
from shared.events.cards import CardsCharged
from shared.events.common import CardGroupTotals, CardRange
from shared.idempotency import run_once
from shared.identity import DataScope
from shared.listing import PageParams, apply_sort, enum_options, list_response, options, paginate
from shared.money import format_money
from shared.problems import Problem, not_found


def activation_dict(a: Activation) -> dict[str, Any]:
    return {
        "id": a.id,
        "batch_no": a.batch_no,
        "contract_id": a.contract_id,
        "contract_name": a.contract_name,
        "customer_id": a.customer_id,
        "customer_name": a.customer_name,
        "owner": actor_dict(a.owner_id, a.owner_name),
        "ranges": a.ranges,
        "card_range": ranges_label(a.ranges),
        "quantity": a.quantity,
        "latest_activation_at": a.latest_activation_at,
        "auto_activate_days": a.auto_activate_days,
        "valid_days": a.valid_days,
        "red_packet_days": a.red_packet_days,
        "face_value": format_money(a.face_value),
        "red_packet": format_money(a.red_packet),
        "status": a.status,
        "status_label": REQUEST_STATUS_LABELS[RequestStatus(a.status)],
        "remark": a.remark,
        "created_by": actor_dict(a.created_by_id, a.created_by_name),
        "created_at": a.created_at,
        "updated_at": a.updated_at,
        "reviewer": actor_dict(a.reviewer_id, a.reviewer_name) if a.reviewed_at else None,
        "reviewed_at": a.reviewed_at,
        "review_reason": a.review_reason,
        "charged_at": a.charged_at,
    }


async def create_activation(
    session: AsyncSession, data: ActivationIn, actor: dict[str, Any], scope: DataScope
) -> Activation:
    ranges = parse_ranges(data.ranges)
    now = datetime.now(UTC)
    if data.latest_activation_at <= now:
        raise Problem(422, "deadline_in_past", "最迟激活时间必须晚于现在",
                      errors=[{"field": "latest_activation_at", "message": "必须晚于现在"}])
    entitlement = await approved_contract(session, data.contract_id, lock=True)
    if not scope.allows(entitlement.owner_id, entitlement.dept_id):
        raise Problem(404, "contract_not_found", "合同不存在")
    face_value = data.face_value if data.face_value is not None else entitlement.face_value_per_card
    red_packet = data.red_packet if data.red_packet is not None else (entitlement.red_packet_per_card or Decimal(0))
    if face_value is None or face_value <= 0:
        raise Problem(422, "face_value_required", "请填写卡面金额（合同未给出每卡金额）",
                      errors=[{"field": "face_value", "message": "必须大于 0"}])
    quantity = sum(r.count for r in ranges)
    selected = in_ranges(ranges)
    counts = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(
                    Card.contract_id == entitlement.contract_id,
                    Card.status.in_(sources(CardAction.CHARGE)),
                    Card.use_status.in_(use_sources(CardAction.CHARGE)),
                ),
            ).where(selected)
        )
    ).one()
    if int(counts[0]) != quantity or int(counts[1]) != quantity:
        raise Problem(409, "cards_not_chargeable",
                      f"卡片范围内有 {quantity - int(counts[1])} 张卡不是该合同已领卡、未充值的卡",
                      errors=[{"field": "ranges", "message": "只能激活本合同已领卡、未充值的卡"}])
    pending = await session.scalars(
        select(Activation).where(Activation.status == RequestStatus.PENDING.value).with_for_update()
    )
    for other in pending:
        if any(mine.overlaps(theirs) for theirs in ranges_from_json(other.ranges) for mine in ranges):
            raise Problem(409, "ranges_overlap_pending", f"卡号范围与待审核的激活批次 {other.batch_no} 重叠",
                          errors=[{"field": "ranges", "message": f"与激活批次 {other.batch_no} 重叠"}])
    activation = Activation(
        batch_no=f"tmp-{uuid.uuid4().hex[:24]}",  # replaced by the id-based number below
        contract_id=entitlement.contract_id,
        contract_name=entitlement.contract_name,
        customer_id=entitlement.customer_id,
        customer_name=entitlement.customer_name,
        owner_id=entitlement.owner_id,
        owner_name=entitlement.owner_name,
        owner_dept_id=entitlement.dept_id,
        ranges=ranges_json(ranges),
        quantity=quantity,
        latest_activation_at=data.latest_activation_at,
        auto_activate_days=data.auto_activate_days,
        valid_days=data.valid_days,
        red_packet_days=data.red_packet_days,
        face_value=face_value,
        red_packet=red_packet,
        status=RequestStatus.PENDING.value,
        remark=data.remark,
        created_by_id=actor["id"],
        created_by_name=actor["name"],
    )
    session.add(activation)
    await session.flush()
    activation.batch_no = f"JH{now:%Y%m%d}{activation.id:05d}"
    await session.flush()
    return activation


async def get_activation(session: AsyncSession, activation_id: int, scope: DataScope, *, lock: bool = False
                         ) -> Activation:
    stmt = select(Activation).where(Activation.id == activation_id)
    if lock:
        stmt = stmt.with_for_update()
    activation = await session.scalar(stmt)
    if activation is None or not scope.allows(activation.owner_id, activation.owner_dept_id):
        raise not_found("激活批次")
    return activation


_LEDGER_CHARGE = text(
    """
    INSERT INTO ledger_entries (card_id, kind, amount, balance_part, red_packet_part, balance_after,
                                red_packet_after, activation_id, memo, created_at)
    SELECT id, 'recharge', face_value, face_value, 0, face_value, 0, activation_id, :memo, :now
      FROM cards WHERE activation_id = :activation_id
    UNION ALL
    SELECT id, 'red_packet_grant', red_packet_balance, 0, red_packet_balance, face_value, red_packet_balance,
           activation_id, :memo, :now
      FROM cards WHERE activation_id = :activation_id AND red_packet_balance > 0
    """
).bindparams(bindparam("now", type_=DateTime(timezone=True)), bindparam("memo", type_=String))


async def activation_detail(session: AsyncSession, activation_id: int, scope: DataScope) -> dict[str, Any]:
    return activation_dict(await get_activation(session, activation_id, scope))


async def charge(session: AsyncSession, activation: Activation, now: datetime) -> list[int]:
    """Face value and red packets on every card of the batch, each as ledger entries; 使用状态 -> 已充值."""
    ranges = ranges_from_json(activation.ranges)
    charged = list(
        await session.scalars(
            update(Card)
            .where(
                in_ranges(ranges),
                Card.contract_id == activation.contract_id,
                Card.status.in_(sources(CardAction.CHARGE)),
                Card.use_status.in_(use_sources(CardAction.CHARGE)),
            )
            .values(
                use_status=UseStatus.CHARGED.value,
                activation_id=activation.id,
                activation_batch_no=activation.batch_no,
                charged_at=now,
                latest_activation_at=activation.latest_activation_at,
                auto_activate_at=now + timedelta(days=activation.auto_activate_days),
                face_value=activation.face_value,
                balance=activation.face_value,
                red_packet_amount=activation.red_packet,
                red_packet_balance=activation.red_packet,
                red_packet_used=0,
                updated_at=now,
            )
            .returning(Card.id)
            .execution_options(synchronize_session=False)
        )
    )
    if len(charged) != activation.quantity:
        raise Problem(409, "cards_not_chargeable",
                      f"激活批次的 {activation.quantity} 张卡中只有 {len(charged)} 张仍可充值，不能通过")
    await session.execute(_LEDGER_CHARGE, {"activation_id": activation.id, "now": now,
                                           "memo": f"激活批次 {activation.batch_no}"})
    return charged


async def review_activation(
    session: AsyncSession, activation_id: int, approved: bool, reason: str, actor: dict[str, Any], scope: DataScope
) -> Activation:
    activation = await get_activation(session, activation_id, scope, lock=True)
    if activation.status != RequestStatus.PENDING.value:
        raise Problem(409, "not_pending", "该激活批次已审核过")
    now = datetime.now(UTC)
    if not approved:
        if not reason.strip():
            raise Problem(422, "reason_required", "驳回时请填写原因", errors=[{"field": "reason", "message": "必填"}])
        activation.status = RequestStatus.REJECTED.value
    else:
        charged = await charge(session, activation, now)
        activation.status = RequestStatus.APPROVED.value
        activation.charged_at = now
        count = len(charged)
        await emit(
            session,
            "cards",
            CardsCharged(
                run_id=f"activation:{activation.id}",
                groups=[
                    CardGroupTotals(
                        customer_id=activation.customer_id,
                        customer_name=activation.customer_name,
                        contract_id=activation.contract_id,
                        contract_name=activation.contract_name,
                        activation_id=activation.id,
                        activation_batch_no=activation.batch_no,
                        card_count=count,
                        face_value_total=activation.face_value * count,
                        red_packet_total=activation.red_packet * count,
                        balance_total=activation.face_value * count,
                        ranges=[CardRange(**r.as_dict()) for r in runs(sorted(charged))],  # type: ignore[arg-type]
                    )
                ],
                charged_at=now,
            ),
        )
    activation.reviewer_id, activation.reviewer_name, activation.reviewed_at = actor["id"], actor["name"], now
    activation.review_reason = reason
    await session.flush()
    return activation


# ---------------------------------------------------------------- what the routes call (each commits its change)

SORTABLE = {"id": Activation.id, "created_at": Activation.created_at, "quantity": Activation.quantity,
            "latest_activation_at": Activation.latest_activation_at, "reviewed_at": Activation.reviewed_at}


async def list_activations(
    session: AsyncSession, filters: RequestFilters, scope: DataScope, params: PageParams
) -> dict[str, Any]:
    visible = scope.clause(Activation.owner_id, Activation.owner_dept_id)
    clauses = request_clauses(Activation, filters, Activation.batch_no, Activation.customer_name,
                              Activation.contract_name)
    stmt = apply_sort(select(Activation).where(visible, *clauses), params.sort, SORTABLE, [Activation.id.desc()])
    rows, total = await paginate(session, stmt, params, row=activation_dict)
    extra: dict[str, Any] = {}
    if params.with_options:
        customers = (
            await session.execute(
                select(Activation.customer_id, Activation.customer_name).where(visible).distinct()
                .order_by(Activation.customer_name)
            )
        ).all()
        extra = {
            "status_list": enum_options(REQUEST_STATUS_LABELS),
            "customer_list": options((c.customer_id, c.customer_name) for c in customers),
        }
    return list_response(rows, total, params, extra)


async def request_activation(
    session: AsyncSession, data: ActivationIn, actor: dict[str, Any], scope: DataScope, key: str | None
) -> JSONResponse:
    """申请激活（充值）批次, once per Idempotency-Key."""

    async def act() -> dict[str, Any]:
        return activation_dict(await create_activation(session, data, actor, scope))

    return await run_once(session, f"activation:create:{actor['id']}", key, data.model_dump(), act, status_code=201)


async def review(
    session: AsyncSession, activation_id: int, data: ReviewIn, actor: dict[str, Any], scope: DataScope,
    key: str | None,
) -> JSONResponse:
    """审核激活批次 (approval charges the cards), once per Idempotency-Key."""

    async def act() -> dict[str, Any]:
        return activation_dict(await review_activation(session, activation_id, data.approved, data.reason, actor,
                                                       scope))

    return await run_once(session, f"activation:review:{activation_id}", key, data.model_dump(), act,
                          status_code=200)
