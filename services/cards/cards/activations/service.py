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
    RequestFilters,
    RequestStatus,
    ReviewIn,
    parse_ranges,
    ranges_from_json,
    ranges_json,
    request_clauses,
)
from cards.numbers import runs
from cards.requests import (
    get_request,
    list_requests,
    pending_requests,
    refuse_overlap,
    request_dict,
    request_once,
    requested_contract,
    review_once,
    review_request,
)
from shared.bus import emit
from shared.events.cards import CardsCharged
from shared.events.common import CardGroupTotals, CardRange
from shared.identity import DataScope
from shared.listing import PageParams
from shared.money import format_money
from shared.problems import Problem


def activation_dict(a: Activation) -> dict[str, Any]:
    return {
        **request_dict(a),
        "batch_no": a.batch_no,
        "latest_activation_at": a.latest_activation_at,
        "auto_activate_days": a.auto_activate_days,
        "valid_days": a.valid_days,
        "red_packet_days": a.red_packet_days,
        "face_value": format_money(a.face_value),
        "red_packet": format_money(a.red_packet),
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
    entitlement = await requested_contract(session, data.contract_id, scope)
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
    refuse_overlap(ranges, await pending_requests(session, Activation), lambda other: f"激活批次 {other.batch_no}")
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
    return await get_request(session, Activation, activation_id, scope, "激活批次", lock=lock)


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

    async def approve(now: datetime) -> None:
        charged = await charge(session, activation, now)
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

    await review_request(session, activation, "激活批次", approved, reason, actor, approve)
    return activation


# ---------------------------------------------------------------- what the routes call (each commits its change)

SORTABLE = {"id": Activation.id, "created_at": Activation.created_at, "quantity": Activation.quantity,
            "latest_activation_at": Activation.latest_activation_at, "reviewed_at": Activation.reviewed_at}


async def list_activations(
    session: AsyncSession, filters: RequestFilters, scope: DataScope, params: PageParams
) -> dict[str, Any]:
    where = request_clauses(Activation, filters, Activation.batch_no, Activation.customer_name,
                            Activation.contract_name)
    return await list_requests(session, Activation, where, scope, params, SORTABLE, activation_dict)


async def request_activation(
    session: AsyncSession, data: ActivationIn, actor: dict[str, Any], scope: DataScope, key: str | None
) -> JSONResponse:
    """申请激活（充值）批次, once per Idempotency-Key."""
    return await request_once(session, "activation", data, actor, scope, key, create_activation, activation_dict)


async def review(
    session: AsyncSession, activation_id: int, data: ReviewIn, actor: dict[str, Any], scope: DataScope,
    key: str | None,
) -> JSONResponse:
    """审核激活批次 (approval charges the cards), once per Idempotency-Key."""
    return await review_once(session, "activation", activation_id, data, actor, scope, key, review_activation,
                             activation_dict)
