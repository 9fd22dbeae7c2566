"""Contract rules: review (-> ContractApproved/Rejected), frozen amounts once approved, voiding, numbers and
sub-contracts. Each public function that changes state commits its transaction; `add_contract` and
`apply_review` are the building blocks the demo loader shares. Reading helpers live in `queries`, attachments
and payment plans in their own modules."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from crm.common import (
    CONTRACT_STATUSES,
    CONTRACT_TYPES,
    check_rejection_reason,
    created_by_columns,
    owner_columns,
    raw_fields,
    utcnow,
)
from crm.contracts.models import Attachment, Contract
from crm.contracts.queries import filtered, load_contract
from crm.contracts.schemas import (
    ContractCreate,
    ContractDetail,
    ContractFilters,
    ContractNoIn,
    ContractOut,
    ContractPage,
    ContractRow,
    ContractUpdate,
    VoidIn,
)
from crm.customers.locks import lock_customer
from crm.customers.models import Customer
from crm.customers.queries import load_customer
from crm.customers.queries import scope_clause as customer_scope
from crm.customers.schemas import ReviewIn
from crm.history.service import log_export, record, record_changes
from shared.bus import emit
from shared.events.common import Actor
from shared.events.crm import ContractApproved, ContractRejected, ContractVoided
from shared.identity import Principal
from shared.listing import PageParams, apply_sort, enum_options, list_response, options, paginate
from shared.problems import Problem

EDITABLE_FIELDS = (
    "name",
    "contract_type",
    "amount",
    "red_packet_amount",
    "total_cards",
    "card_type",
    "face_value_per_card",
    "red_packet_per_card",
    "start_date",
    "end_date",
    "signed_at",
    "note",
)
SORTABLE = {
    "id": Contract.id,
    "amount": Contract.amount,
    "signed_at": Contract.signed_at,
    "start_date": Contract.start_date,
    "end_date": Contract.end_date,
    "created_at": Contract.created_at,
    "contract_no": Contract.contract_no,
}
EXPORT_COLUMNS = [
    ("id", "ID"),
    ("name", "合同名称"),
    ("customer_name", "客户名称"),
    ("contract_no", "合同编号"),
    ("status_label", "状态"),
    ("contract_type", "合同类型"),
    ("amount", "合同总金额"),
    ("red_packet_amount", "红包总金额"),
    ("payment_amount", "已回款总金额"),
    ("total_cards", "总卡数"),
    ("start_date", "合同开始日期"),
    ("end_date", "合同结束日期"),
    ("signed_at", "签约时间"),
    ("owner_name", "跟进人"),
    ("created_by_name", "创建人"),
    ("created_at", "创建时间"),
    ("note", "备注"),
]
EXPORT_LIMIT = 50000
CUSTOMER_OPTIONS_LIMIT = 1000


# ---------------------------------------------------------------- reading


async def list_contracts(
    session: AsyncSession, principal: Principal, filters: ContractFilters, params: PageParams
) -> ContractPage:
    stmt = apply_sort(filtered(principal, filters), params.sort, SORTABLE, [Contract.id.desc()])
    contracts, total = await paginate(session, stmt, params)
    counts: dict[int, int] = {}
    if contracts:
        # The 附件 column: how many attachments each contract on the page has.
        counts = dict(
            (
                await session.execute(
                    select(Attachment.contract_id, func.count())
                    .where(Attachment.contract_id.in_([c.id for c in contracts]))
                    .group_by(Attachment.contract_id)
                )
            ).all()
        )
    rows = [ContractRow.of(c, attachment_count=counts.get(c.id, 0)) for c in contracts]
    option_lists: dict[str, Any] = {}
    if params.with_options:
        customers = (
            await session.execute(
                select(Customer.id, Customer.name)
                .where(customer_scope(principal), Customer.deleted_at.is_(None), Customer.review_status == "approved")
                .order_by(Customer.id)
                .limit(CUSTOMER_OPTIONS_LIMIT)
            )
        ).all()
        option_lists = {
            "status_list": enum_options(CONTRACT_STATUSES),
            "contract_type_list": enum_options(CONTRACT_TYPES),
            "customer_list": options((c.id, c.name) for c in customers),
        }
    return ContractPage(**list_response(rows, total, params, option_lists))


async def export_contracts(
    session: AsyncSession, principal: Principal, filters: ContractFilters
) -> list[dict[str, Any]]:
    """The rows of the export (at most EXPORT_LIMIT); the export is logged and committed."""
    stmt = filtered(principal, filters).order_by(Contract.id.desc()).limit(EXPORT_LIMIT)
    contracts = (await session.execute(stmt)).scalars().all()
    rows = [ContractOut.of(c).model_dump() | {"created_by_name": c.created_by_name} for c in contracts]
    await log_export(session, "contracts", filters.as_dict(), len(rows), principal.actor)
    await session.commit()
    return rows


async def read_contract(session: AsyncSession, principal: Principal, contract_id: int) -> ContractDetail:
    contract = await load_contract(session, contract_id, principal)
    children = (
        await session.scalars(
            select(Contract)
            .where(Contract.parent_id == contract.id, Contract.deleted_at.is_(None))
            .order_by(Contract.id)
        )
    ).all()
    return ContractDetail.of(contract, children=[ContractOut.of(c) for c in children])


# ---------------------------------------------------------------- writes (each commits)


async def create_contract(session: AsyncSession, principal: Principal, body: ContractCreate) -> ContractOut:
    customer = await load_customer(session, body.customer_id, principal, for_update=True)
    contract = await add_contract(session, body, customer, principal.actor)
    await session.commit()
    return ContractOut.of(contract)


@asynccontextmanager
async def _changing(session: AsyncSession, principal: Principal, contract_id: int) -> AsyncIterator[Contract]:
    """One write on one contract: locked (within the caller's scope, in the one lock order), changed by the block,
    committed when the block ends without an error."""
    contract = await load_contract(session, contract_id, principal, for_update=True)
    yield contract
    await session.commit()


async def update_contract(
    session: AsyncSession, principal: Principal, contract_id: int, body: ContractUpdate, version: int
) -> ContractOut:
    async with _changing(session, principal, contract_id) as contract:
        await _apply_update(session, contract, body, version, principal.actor)
    return ContractOut.of(contract)


async def review_contract(session: AsyncSession, principal: Principal, contract_id: int, body: ReviewIn) -> ContractOut:
    async with _changing(session, principal, contract_id) as contract:
        await apply_review(session, contract, body.approved, body.reason, principal.actor, utcnow())
    return ContractOut.of(contract)


async def void_contract(session: AsyncSession, principal: Principal, contract_id: int, body: VoidIn) -> ContractOut:
    async with _changing(session, principal, contract_id) as contract:
        await _void(session, contract, body.reason, principal.actor, utcnow())
    return ContractOut.of(contract)


async def change_contract_no(
    session: AsyncSession, principal: Principal, contract_id: int, body: ContractNoIn
) -> ContractOut:
    async with _changing(session, principal, contract_id) as contract:
        await _change_no(session, contract, body.contract_no, body.reason, principal.actor)
    return ContractOut.of(contract)


async def delete_contract(session: AsyncSession, principal: Principal, contract_id: int) -> None:
    async with _changing(session, principal, contract_id) as contract:
        await _delete(session, contract, principal.actor, utcnow())


# ---------------------------------------------------------------- building blocks (no commit)


async def _flush_unique_no(session: AsyncSession, contract_no: str) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:
        raise duplicate_no(contract_no) from exc


def duplicate_no(contract_no: str) -> Problem:
    return Problem(
        409,
        "duplicate_contract_no",
        f"合同编号 {contract_no} 已存在",
        errors=[{"field": "contract_no", "message": "已存在"}],
    )


async def ensure_no_free(session: AsyncSession, contract_no: str) -> None:
    if await session.scalar(select(Contract.id).where(Contract.contract_no == contract_no)):
        raise duplicate_no(contract_no)


async def add_contract(
    session: AsyncSession, data: ContractCreate, customer: Customer, actor: Mapping[str, Any]
) -> Contract:
    """Adds a pending contract for an approved, owned customer (locked by the caller)."""
    if customer.review_status != "approved":
        raise Problem(409, "customer_not_approved", "客户审核通过后才能签订合同")
    if customer.owner_id is None:
        raise Problem(409, "customer_in_pool", "公海客户不能签订合同，请先领取")
    if data.parent_id is not None:
        parent = await session.scalar(
            select(Contract).where(Contract.id == data.parent_id, Contract.deleted_at.is_(None))
        )
        if parent is None or parent.customer_id != customer.id:
            raise Problem(
                422,
                "bad_parent",
                "主合同不存在或不属于该客户",
                errors=[{"field": "parent_id", "message": "主合同不存在或不属于该客户"}],
            )
        if parent.parent_id is not None:
            raise Problem(
                422,
                "bad_parent",
                "子合同下不能再建子合同",
                errors=[{"field": "parent_id", "message": "只支持一级子合同"}],
            )
        if parent.status == "voided":
            raise Problem(409, "invalid_state", "主合同已作废")
    await ensure_no_free(session, data.contract_no)
    contract = Contract(
        **raw_fields(data, exclude={"customer_id"}),
        customer_id=customer.id,
        customer_name=customer.name,
        **owner_columns(customer),
        status="pending",
        **created_by_columns(actor),
        version=1,
    )
    session.add(contract)
    await _flush_unique_no(session, data.contract_no)
    await record(
        session, "contract", contract.id, customer.id, "create", actor, field="contract_no", new=contract.contract_no
    )
    return contract


async def _apply_update(
    session: AsyncSession, contract: Contract, data: ContractUpdate, version: int, actor: Mapping[str, Any]
) -> Contract:
    if contract.status not in ("pending", "rejected"):
        raise Problem(
            409, "contract_frozen", "已审核或已作废的合同不能修改（金额和卡数已冻结）", status_now=contract.status
        )
    if contract.version != version:
        raise Problem(409, "version_conflict", "该记录已被他人修改，请刷新后重试", current_version=contract.version)
    before = {k: getattr(contract, k) for k in EDITABLE_FIELDS}
    values = raw_fields(data, exclude={"version"})
    for key, value in values.items():
        setattr(contract, key, value)
    await record_changes(
        session,
        "contract",
        contract.id,
        contract.customer_id,
        actor,
        before,
        {k: getattr(contract, k) for k in EDITABLE_FIELDS},
    )
    if contract.status == "rejected":
        # A corrected rejected contract is resubmitted for review.
        await record(
            session,
            "contract",
            contract.id,
            contract.customer_id,
            "resubmit",
            actor,
            field="status",
            old="rejected",
            new="pending",
        )
        contract.status = "pending"
    contract.version += 1
    await session.flush()
    return contract


async def apply_review(
    session: AsyncSession, contract: Contract, approved: bool, reason: str, actor: Mapping[str, Any], now: datetime
) -> Contract:
    if contract.status != "pending":
        raise Problem(409, "invalid_state", f"只有未审核的合同可以审核（当前：{CONTRACT_STATUSES[contract.status]}）")
    check_rejection_reason(approved, reason)
    new_status = "approved" if approved else "rejected"
    await record(
        session,
        "contract",
        contract.id,
        contract.customer_id,
        "review",
        actor,
        field="status",
        old=contract.status,
        new=new_status,
        reason=reason,
    )
    contract.status = new_status
    contract.reviewer_id, contract.reviewer_name, contract.reviewed_at = actor.get("id"), actor.get("name") or "", now
    contract.review_reason = reason
    contract.version += 1
    by = Actor.of(actor)
    if approved:
        customer = await lock_customer(session, contract.customer_id)
        if customer is not None:
            customer.contract_amount += contract.amount
            customer.dealt_at = customer.dealt_at or now
        await session.flush()
        await emit(
            session,
            "crm",
            ContractApproved(
                contract_id=contract.id,
                contract_no=contract.contract_no,
                contract_name=contract.name,
                parent_id=contract.parent_id,
                contract_type=contract.contract_type,
                customer_id=contract.customer_id,
                customer_name=contract.customer_name,
                owner_id=contract.owner_id,
                owner_name=contract.owner_name,
                dept_id=contract.dept_id,
                dept_name=contract.dept_name,
                amount=contract.amount,
                red_packet_amount=contract.red_packet_amount,
                total_cards=contract.total_cards,
                card_type=contract.card_type,
                face_value_per_card=contract.face_value_per_card,
                red_packet_per_card=contract.red_packet_per_card,
                start_date=contract.start_date,
                end_date=contract.end_date,
                signed_at=contract.signed_at,
                approved_by=by,
                approved_at=now,
            ),
        )
    else:
        await session.flush()
        await emit(
            session,
            "crm",
            ContractRejected(**_closed(contract, reason), rejected_by=by, rejected_at=now),
        )
    return contract


def _closed(contract: Contract, reason: str) -> dict[str, Any]:
    """The fields a rejection and a void share (shared.events.crm.ContractClosed)."""
    return {
        "contract_id": contract.id,
        "contract_no": contract.contract_no,
        "contract_name": contract.name,
        "customer_id": contract.customer_id,
        "customer_name": contract.customer_name,
        "owner_id": contract.owner_id,
        "reason": reason,
    }


async def _void(
    session: AsyncSession, contract: Contract, reason: str, actor: Mapping[str, Any], now: datetime
) -> Contract:
    if contract.status != "approved":
        raise Problem(409, "invalid_state", "只有已审核的合同可以作废")
    if contract.payment_amount > 0:
        raise Problem(409, "has_payments", "合同已有回款，请先删除回款再作废")
    await record(
        session,
        "contract",
        contract.id,
        contract.customer_id,
        "void",
        actor,
        field="status",
        old="approved",
        new="voided",
        reason=reason,
    )
    contract.status, contract.voided_at, contract.void_reason = "voided", now, reason
    contract.version += 1
    await emit(
        session,
        "crm",
        ContractVoided(**_closed(contract, reason), amount=contract.amount, voided_by=Actor.of(actor), voided_at=now),
    )
    customer = await lock_customer(session, contract.customer_id)
    if customer is not None:
        customer.contract_amount -= contract.amount
        still_dealt = await session.scalar(
            select(func.count())
            .select_from(Contract)
            .where(Contract.customer_id == customer.id, Contract.status == "approved", Contract.id != contract.id)
        )
        if not still_dealt:
            customer.dealt_at = None
    await session.flush()
    return contract


async def _change_no(
    session: AsyncSession, contract: Contract, new_no: str, reason: str, actor: Mapping[str, Any]
) -> Contract:
    if new_no == contract.contract_no:
        raise Problem(
            422,
            "validation_error",
            "新合同编号与原编号相同",
            errors=[{"field": "contract_no", "message": "与原编号相同"}],
        )
    await ensure_no_free(session, new_no)
    await record(
        session,
        "contract",
        contract.id,
        contract.customer_id,
        "change_no",
        actor,
        field="contract_no",
        old=contract.contract_no,
        new=new_no,
        reason=reason,
    )
    contract.contract_no = new_no
    contract.version += 1
    await _flush_unique_no(session, new_no)
    return contract


async def _delete(session: AsyncSession, contract: Contract, actor: Mapping[str, Any], now: datetime) -> None:
    if contract.status not in ("pending", "rejected"):
        raise Problem(409, "invalid_state", "只有未审核或审核不通过的合同可以删除；已审核的合同请作废")
    children = await session.scalar(
        select(func.count())
        .select_from(Contract)
        .where(Contract.parent_id == contract.id, Contract.deleted_at.is_(None))
    )
    if children:
        raise Problem(409, "has_children", "请先删除该合同的子合同")
    await record(session, "contract", contract.id, contract.customer_id, "delete", actor, field="deleted_at", new=now)
    contract.deleted_at = now
    contract.version += 1
    await session.flush()
