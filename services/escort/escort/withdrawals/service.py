"""Withdrawal methods and withdrawals: the hold at request time, review, payment and rejection, each step a
ledger entry written in the same transaction as the status move that caused it (committed here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP
from typing import Any

from sqlalchemy import Select, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from escort.common import ENABLED_LABELS, actor_columns, changed_values, created_by, get_or_404, utcnow
from escort.crud import delete_row, insert_row, update_row
from escort.escorts import ledger
from escort.escorts.service import partner_escort
from escort.withdrawals.models import WITHDRAWAL_METHODS, WITHDRAWAL_STATUSES, Withdrawal, WithdrawalItem
from escort.withdrawals.schemas import (
    PartnerItemOut,
    PartnerItemsOut,
    WithdrawalIn,
    WithdrawalItemIn,
    WithdrawalItemOut,
    WithdrawalItemPatch,
    WithdrawalOut,
    WithdrawalPayIn,
    WithdrawalReviewIn,
)
from shared.concurrency import resolve_version
from shared.dates import within_days
from shared.identity import Identity, Principal
from shared.listing import PageParams, apply_sort, check_range, enum_options, keyword_clause, paginate
from shared.money import CENT
from shared.problems import Problem, field_error

# ---------------------------------------------------------------- withdrawal methods (提现项管理)


@dataclass(frozen=True)
class ItemFilter:
    keyword: str | None = None
    method: str | None = None
    enabled: bool | None = None


def item_out(i: WithdrawalItem) -> WithdrawalItemOut:
    return WithdrawalItemOut(id=i.id, name=i.name, method=i.method, method_label=WITHDRAWAL_METHODS[i.method],
                             min_amount=i.min_amount, fee_rate=i.fee_rate, fee_fixed=i.fee_fixed, enabled=i.enabled,
                             sort=i.sort, created_by=created_by(i), created_at=i.created_at, updated_at=i.updated_at,
                             version=i.version)


def _items(filters: ItemFilter) -> Select[Any]:
    stmt = select(WithdrawalItem)
    if (clause := keyword_clause(filters.keyword, WithdrawalItem.name)) is not None:
        stmt = stmt.where(clause)
    if filters.method is not None:
        stmt = stmt.where(WithdrawalItem.method == filters.method)
    if filters.enabled is not None:
        stmt = stmt.where(WithdrawalItem.enabled == filters.enabled)
    return stmt


ITEM_SORT = {"id": WithdrawalItem.id, "sort": WithdrawalItem.sort, "created_at": WithdrawalItem.created_at}


async def list_items(session: AsyncSession, filters: ItemFilter, params: PageParams) -> dict[str, Any]:
    stmt = apply_sort(_items(filters), params.sort, ITEM_SORT, (WithdrawalItem.sort.asc(), WithdrawalItem.id.asc()))
    rows, total = await paginate(session, stmt, params, row=item_out)
    body: dict[str, Any] = {"data_list": rows, "page": params.page, "page_size": params.page_size, "total": total}
    if params.with_options:
        body |= {"method_list": enum_options(WITHDRAWAL_METHODS), "enabled_list": enum_options(ENABLED_LABELS)}
    return body


async def export_items(session: AsyncSession, filters: ItemFilter) -> list[dict[str, Any]]:
    rows = (await session.execute(_items(filters).order_by(WithdrawalItem.sort, WithdrawalItem.id))).scalars()
    return [item_out(i).model_dump() | {"enabled": ENABLED_LABELS["1" if i.enabled else "0"]} for i in rows]


async def get_item(session: AsyncSession, item_id: int) -> WithdrawalItemOut:
    return item_out(await get_or_404(session, WithdrawalItem, item_id, "提现项"))


async def create_item(session: AsyncSession, body: WithdrawalItemIn, principal: Principal) -> WithdrawalItemOut:
    if body.min_amount <= 0:
        raise field_error("min_amount", "最低提现金额必须大于 0")
    row = WithdrawalItem(**dict(body), **actor_columns(principal))
    await insert_row(session, row, field="name", message="提现项名称已存在")
    return item_out(row)


async def update_item(
    session: AsyncSession, item_id: int, body: WithdrawalItemPatch, if_match: int | None
) -> WithdrawalItemOut:
    values = changed_values(body)
    if "min_amount" in values and values["min_amount"] <= 0:
        raise field_error("min_amount", "最低提现金额必须大于 0")
    row = await update_row(session, WithdrawalItem, item_id, resolve_version(body.version, if_match), values,
                           field="name", message="提现项名称已存在")
    return item_out(row)


async def delete_item(session: AsyncSession, item_id: int) -> None:
    await delete_row(session, WithdrawalItem, item_id, "提现项")


async def enabled_items(session: AsyncSession) -> PartnerItemsOut:
    rows = (await session.execute(select(WithdrawalItem).where(WithdrawalItem.enabled.is_(True))
                                  .order_by(WithdrawalItem.sort, WithdrawalItem.id))).scalars()
    return PartnerItemsOut(items=[PartnerItemOut(**item_out(i).model_dump(include=set(PartnerItemOut.model_fields)))
                                  for i in rows])


# ---------------------------------------------------------------- withdrawals


@dataclass(frozen=True)
class WithdrawalFilter:
    keyword: str | None = None
    status: str | None = None
    escort_id: int | None = None
    method: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def withdrawal_out(w: Withdrawal) -> WithdrawalOut:
    return WithdrawalOut(
        id=w.id, escort_id=w.escort_id, escort_name=w.escort_name, item_id=w.item_id, item_name=w.item_name,
        method=w.method, method_label=WITHDRAWAL_METHODS[w.method], account_name=w.account_name,
        account_no=w.account_no, amount=w.amount, fee=w.fee, net_amount=w.net_amount, status=w.status,
        status_label=WITHDRAWAL_STATUSES[w.status], reject_reason=w.reject_reason,
        reviewed_by_name=w.reviewed_by_name, reviewed_at=w.reviewed_at, paid_reference=w.paid_reference,
        paid_by_name=w.paid_by_name, paid_at=w.paid_at, created_at=w.created_at,
    )


def _withdrawals(filters: WithdrawalFilter) -> Select[Any]:
    check_range("date", filters.date_from, filters.date_to)
    stmt = select(Withdrawal)
    if (clause := keyword_clause(filters.keyword, Withdrawal.escort_name, Withdrawal.account_name)) is not None:
        stmt = stmt.where(clause)
    for column, value in ((Withdrawal.status, filters.status), (Withdrawal.escort_id, filters.escort_id),
                          (Withdrawal.method, filters.method)):
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt.where(*within_days(Withdrawal.created_at, filters.date_from, filters.date_to))


WITHDRAWAL_SORT = {"id": Withdrawal.id, "created_at": Withdrawal.created_at, "amount": Withdrawal.amount}


async def list_withdrawals(session: AsyncSession, filters: WithdrawalFilter, params: PageParams) -> dict[str, Any]:
    stmt = apply_sort(_withdrawals(filters), params.sort, WITHDRAWAL_SORT, (Withdrawal.id.desc(),))
    rows, total = await paginate(session, stmt, params, row=withdrawal_out)
    body: dict[str, Any] = {"data_list": rows, "page": params.page, "page_size": params.page_size, "total": total}
    if params.with_options:
        body |= {"status_list": enum_options(WITHDRAWAL_STATUSES), "method_list": enum_options(WITHDRAWAL_METHODS)}
    return body


async def export_withdrawals(session: AsyncSession, filters: WithdrawalFilter) -> list[dict[str, Any]]:
    rows = (await session.execute(_withdrawals(filters).order_by(Withdrawal.id))).scalars()
    return [withdrawal_out(w).model_dump() for w in rows]


async def get_withdrawal(session: AsyncSession, withdrawal_id: int) -> WithdrawalOut:
    return withdrawal_out(await get_or_404(session, Withdrawal, withdrawal_id, "提现申请"))


async def request_withdrawal(
    session: AsyncSession, partner: Identity, body: WithdrawalIn, key: str | None
) -> tuple[int, WithdrawalOut]:
    """Holds the amount from the balance at once (one atomic UPDATE refuses an overdraft); a retried request
    with the same Idempotency-Key answers the first withdrawal."""
    escort = await partner_escort(session, partner)
    if key is not None:
        # Requests carrying one key take turns (the lock is held to this transaction's end), so a retry sent while
        # the first is still running waits for it and answers its withdrawal instead of racing its insert.
        await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                              {"key": f"escort-withdrawal:{escort.id}:{key}"})
        earlier = await session.scalar(select(Withdrawal).where(Withdrawal.escort_id == escort.id,
                                                               Withdrawal.client_key == key))
        if earlier is not None:
            return 200, withdrawal_out(earlier)
    item = await session.get(WithdrawalItem, body.item_id)
    if item is None or not item.enabled:
        raise field_error("item_id", "提现方式不存在或已停用", "unknown_reference")
    if body.amount < item.min_amount:
        raise field_error("amount", f"{item.name}最低提现 {item.min_amount} 元", "below_minimum")
    fee = (body.amount * item.fee_rate).quantize(CENT, rounding=ROUND_HALF_UP) + item.fee_fixed
    if fee >= body.amount:
        raise field_error("amount", f"提现金额不足以支付手续费 {fee} 元", "below_fee")
    withdrawal = Withdrawal(
        escort_id=escort.id, escort_name=escort.name, item_id=item.id, item_name=item.name, method=item.method,
        account_name=body.account_name, account_no=body.account_no, amount=body.amount, fee=fee,
        net_amount=body.amount - fee, client_key=key,
    )
    session.add(withdrawal)
    try:
        await session.flush()
    except IntegrityError:  # the same Idempotency-Key raced us: answer its withdrawal
        await session.rollback()
        earlier = await session.scalar(select(Withdrawal).where(Withdrawal.escort_id == escort.id,
                                                               Withdrawal.client_key == key))
        if earlier is None:
            raise
        return 200, withdrawal_out(earlier)
    held = await ledger.move(session, escort.id, "withdrawal_hold", amount=-body.amount, held=body.amount,
                             withdrawal_id=withdrawal.id, memo=f"提现申请 {item.name}")
    if not held:
        await session.rollback()
        raise Problem(409, "insufficient_balance", "可提现余额不足", errors=[{"field": "amount",
                                                                         "message": "超过可提现余额"}])
    await session.commit()
    return 201, withdrawal_out(withdrawal)


async def my_withdrawals(
    session: AsyncSession, partner: Identity, filters: WithdrawalFilter, params: PageParams
) -> dict[str, Any]:
    escort = await partner_escort(session, partner)
    return await list_withdrawals(session, WithdrawalFilter(
        status=filters.status, escort_id=escort.id, date_from=filters.date_from, date_to=filters.date_to), params)


async def _move(session: AsyncSession, withdrawal_id: int, sources: tuple[str, ...], values: dict[str, Any]) -> Any:
    """A conditional status move: the row, or None when another request moved it first."""
    return (await session.execute(
        update(Withdrawal).where(Withdrawal.id == withdrawal_id, Withdrawal.status.in_(sources))
        .values(**values, version=Withdrawal.version + 1, updated_at=utcnow())
        .returning(Withdrawal).execution_options(synchronize_session=False, populate_existing=True)
    )).scalar_one_or_none()


def _refuse(current: str, action: str) -> Problem:
    return Problem(409, "invalid_status_transition", f"提现申请状态为{WITHDRAWAL_STATUSES[current]}，不能{action}",
                   current_status=current)


async def review_withdrawal(
    session: AsyncSession, withdrawal_id: int, body: WithdrawalReviewIn, principal: Principal
) -> WithdrawalOut:
    """Approve (待审核 -> 已审核) or reject (待审核/已审核 -> 已驳回, the held amount returns once)."""
    current = await get_or_404(session, Withdrawal, withdrawal_id, "提现申请")
    now = utcnow()
    if body.action == "approve":
        moved = await _move(session, withdrawal_id, ("pending",),
                            {"status": "approved", "reviewed_by_name": principal.name, "reviewed_at": now})
        if moved is None:
            await session.rollback()
            await session.refresh(current)
            raise _refuse(current.status, "审核通过")
        await session.commit()
        return withdrawal_out(moved)
    if not body.reason:
        raise field_error("reason", "驳回需要填写原因")
    moved = await _move(session, withdrawal_id, ("pending", "approved"),
                        {"status": "rejected", "reject_reason": body.reason, "reviewed_by_name": principal.name,
                         "reviewed_at": now})
    if moved is None:
        await session.rollback()
        await session.refresh(current)
        raise _refuse(current.status, "驳回")
    await ledger.move(session, moved.escort_id, "withdrawal_return", amount=moved.amount, held=-moved.amount,
                      withdrawal_id=moved.id, memo=f"提现驳回：{body.reason}")
    await session.commit()
    return withdrawal_out(moved)


async def pay_withdrawal(
    session: AsyncSession, withdrawal_id: int, body: WithdrawalPayIn, principal: Principal
) -> WithdrawalOut:
    """已审核 -> 已打款: the held amount leaves the escort's account for good."""
    current = await get_or_404(session, Withdrawal, withdrawal_id, "提现申请")
    moved = await _move(session, withdrawal_id, ("approved",),
                        {"status": "paid", "paid_reference": body.reference, "paid_by_name": principal.name,
                         "paid_at": utcnow()})
    if moved is None:
        await session.rollback()
        await session.refresh(current)
        raise _refuse(current.status, "打款")
    await ledger.move(session, moved.escort_id, "withdrawal_paid", held=-moved.amount, withdrawal_id=moved.id,
                      memo=f"已打款 {body.reference}")
    await session.commit()
    return withdrawal_out(moved)
