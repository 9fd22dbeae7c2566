"""Payment plans (回款计划): a contract's instalments, their status derived from the payments, and the
list of instalments due soon or overdue. Each public function that changes state commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.common import utcnow
from crm.contracts.models import Contract, PaymentPlan
from crm.contracts.queries import load_contract, scope_clause
from crm.contracts.schemas import DueInstalmentRow, DueInstalments, PlanItem, PlanList, PlanRow, PlanStatus
from crm.history.service import record
from shared.dates import business_date
from shared.identity import Principal
from shared.problems import Problem

DUE_CONTRACTS_LIMIT = 500


async def _plans(session: AsyncSession, contract_ids: Sequence[int]) -> dict[int, list[PaymentPlan]]:
    by_contract: dict[int, list[PaymentPlan]] = {}
    if contract_ids:
        for plan in (await session.scalars(select(PaymentPlan).where(PaymentPlan.contract_id.in_(contract_ids)))).all():
            by_contract.setdefault(plan.contract_id, []).append(plan)
    return by_contract


async def get_plan(session: AsyncSession, principal: Principal, contract_id: int) -> PlanList:
    contract = await load_contract(session, contract_id, principal)
    plans = (await _plans(session, [contract.id])).get(contract.id, [])
    rows = plan_status(plans, contract.payment_amount, business_date(utcnow()))
    return PlanList(data_list=rows, total=len(rows), payment_amount=contract.payment_amount)


async def put_plan(
    session: AsyncSession, principal: Principal, contract_id: int, items: Sequence[PlanItem]
) -> PlanList:
    """Replaces the contract's plan (at most its amount in total)."""
    contract = await load_contract(session, contract_id, principal, for_update=True)
    if contract.status in ("voided", "rejected"):
        raise Problem(409, "invalid_state", "作废或审核不通过的合同不能设置回款计划")
    plans = await _replace(session, contract, items, principal.actor)
    await session.commit()
    rows = plan_status(plans, contract.payment_amount, business_date(utcnow()))
    return PlanList(data_list=rows, total=len(rows), payment_amount=contract.payment_amount)


async def due_instalments(
    session: AsyncSession, principal: Principal, due_within: int, overdue_only: bool
) -> DueInstalments:
    """Instalments overdue or due within `due_within` days, with their derived status (回款计划提醒)."""
    today = business_date(utcnow())
    horizon = today + timedelta(days=due_within)
    contracts = (
        await session.scalars(
            select(Contract)
            .where(
                Contract.deleted_at.is_(None),
                Contract.status == "approved",
                scope_clause(principal),
                Contract.id.in_(select(PaymentPlan.contract_id).where(PaymentPlan.due_date <= horizon)),
            )
            .limit(DUE_CONTRACTS_LIMIT)
        )
    ).all()
    plans = await _plans(session, [c.id for c in contracts])
    rows: list[DueInstalmentRow] = []
    for contract in contracts:
        for item in plan_status(plans.get(contract.id, []), contract.payment_amount, today):
            if item.status == "已回款" or item.due_date > horizon:
                continue
            if overdue_only and item.status != "已逾期":
                continue
            rows.append(
                DueInstalmentRow(
                    **dict(item),
                    contract_id=contract.id,
                    contract_name=contract.name,
                    customer_name=contract.customer_name,
                    owner_name=contract.owner_name,
                )
            )
    rows.sort(key=lambda r: r.due_date)
    return DueInstalments(data_list=rows, total=len(rows))


def plan_status(items: Sequence[PaymentPlan], payment_amount: Decimal, today: date) -> list[PlanRow]:
    """Allocates what was received to the instalments in due order: 已回款 / 部分回款 / 待回款 / 已逾期."""
    left = payment_amount
    rows: list[PlanRow] = []
    for item in sorted(items, key=lambda p: (p.due_date, p.seq)):
        covered = min(left, item.amount)
        left -= covered
        if covered >= item.amount:
            status: PlanStatus = "已回款"
        elif item.due_date < today:
            status = "已逾期"
        elif covered > 0:
            status = "部分回款"
        else:
            status = "待回款"
        rows.append(
            PlanRow(
                id=item.id,
                seq=item.seq,
                due_date=item.due_date,
                amount=item.amount,
                received=covered,
                status=status,
                note=item.note,
            )
        )
    return rows


async def _replace(
    session: AsyncSession, contract: Contract, items: Sequence[PlanItem], actor: Mapping[str, Any]
) -> list[PaymentPlan]:
    total = sum((i.amount for i in items), Decimal("0"))
    if total > contract.amount:
        raise Problem(
            422,
            "plan_exceeds_amount",
            f"回款计划合计 {total:.2f} 超过合同金额 {contract.amount:.2f}",
            errors=[{"field": "items", "message": "合计超过合同金额"}],
        )
    if any(i.amount <= 0 for i in items):
        raise Problem(
            422, "validation_error", "每期金额必须大于 0", errors=[{"field": "items.amount", "message": "必须大于 0"}]
        )
    existing = (
        (await session.execute(select(PaymentPlan).where(PaymentPlan.contract_id == contract.id))).scalars().all()
    )
    for old in existing:
        await session.delete(old)
    plans = [
        PaymentPlan(
            contract_id=contract.id,
            seq=n,
            due_date=i.due_date,
            amount=i.amount,
            note=i.note,
            created_by_id=actor.get("id"),
            created_by_name=actor.get("name") or "",
        )
        for n, i in enumerate(sorted(items, key=lambda i: i.due_date), start=1)
    ]
    session.add_all(plans)
    await record(
        session,
        "contract",
        contract.id,
        contract.customer_id,
        "payment_plan",
        actor,
        field="payment_plan",
        new="；".join(f"{p.due_date} {p.amount:.2f}" for p in plans),
    )
    await session.flush()
    return plans
