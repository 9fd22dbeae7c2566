"""Contract rules: review (-> ContractApproved/Rejected), frozen amounts once approved, voiding, numbers,
sub-contracts, attachments and payment plans."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from crm.common import CONTRACT_STATUSES, raw_fields
from crm.contracts.models import Attachment, Contract, PaymentPlan
from crm.contracts.schemas import ContractCreate, ContractUpdate, PlanItem
from crm.contracts.storage import AttachmentStorage
from crm.customers.models import Customer
from crm.customers.service import lock_customer_of
from crm.history.service import record, record_changes
from crm.payments.models import Payment
from shared.bus import emit
from shared.dates import business_date
from shared.events.common import Actor
from shared.events.crm import ContractApproved, ContractRejected, ContractVoided
from shared.identity import Principal
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
ALLOWED_TYPES = {
    ".pdf": {"application/pdf"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
    ".doc": {"application/msword"},
    ".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    ".xls": {"application/vnd.ms-excel"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
}


def scope_clause(principal: Principal) -> ColumnElement[bool]:
    return principal.scope.clause(Contract.owner_id, Contract.dept_id)


async def load_contract(
    session: AsyncSession, contract_id: int, principal: Principal | None, *, for_update: bool = False
) -> Contract:
    stmt = select(Contract).where(Contract.id == contract_id, Contract.deleted_at.is_(None))
    if for_update:
        await lock_customer_of(session, Contract.__table__, contract_id)
        stmt = stmt.with_for_update()
    contract = (await session.execute(stmt)).scalar_one_or_none()
    if contract is None or (principal is not None and not principal.scope.allows(contract.owner_id, contract.dept_id)):
        raise Problem(404, "not_found", "合同不存在")
    return contract


def contract_row(c: Contract) -> dict[str, Any]:
    today = business_date(datetime.now().astimezone())
    return {
        "id": c.id,
        "parent_id": c.parent_id,
        "name": c.name,
        "contract_no": c.contract_no,
        "customer_id": c.customer_id,
        "customer_name": c.customer_name,
        "contract_type": c.contract_type,
        "status": c.status,
        "status_label": CONTRACT_STATUSES[c.status],
        "amount": f"{c.amount:.2f}",
        "red_packet_amount": f"{c.red_packet_amount:.2f}",
        "paid_total": f"{c.paid_total:.2f}",
        "unpaid": f"{c.amount - c.paid_total:.2f}",
        "total_cards": c.total_cards,
        "card_type": c.card_type,
        "face_value_per_card": None if c.face_value_per_card is None else f"{c.face_value_per_card:.2f}",
        "red_packet_per_card": None if c.red_packet_per_card is None else f"{c.red_packet_per_card:.2f}",
        "start_date": c.start_date,
        "end_date": c.end_date,
        "signed_at": c.signed_at,
        "note": c.note,
        "expired": c.end_date is not None and c.end_date < today,
        "owner_id": c.owner_id,
        "owner_name": c.owner_name,
        "dept_id": c.dept_id,
        "dept_name": c.dept_name,
        "reviewer": {"id": c.reviewer_id, "name": c.reviewer_name} if c.reviewed_at else None,
        "reviewed_at": c.reviewed_at,
        "review_reason": c.review_reason,
        "voided_at": c.voided_at,
        "void_reason": c.void_reason,
        "created_by": {"id": c.created_by_id, "name": c.created_by_name},
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "version": c.version,
    }


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


async def create_contract(
    session: AsyncSession, data: ContractCreate, customer: Customer, actor: Mapping[str, Any]
) -> Contract:
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
        owner_id=customer.owner_id,
        owner_name=customer.owner_name,
        dept_id=customer.dept_id,
        dept_name=customer.dept_name,
        status="pending",
        created_by_id=actor.get("id"),
        created_by_name=actor.get("name") or "",
        version=1,
    )
    session.add(contract)
    await _flush_unique_no(session, data.contract_no)
    await record(
        session, "contract", contract.id, customer.id, "create", actor, field="contract_no", new=contract.contract_no
    )
    return contract


async def update_contract(
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


async def review_contract(
    session: AsyncSession, contract: Contract, approved: bool, reason: str, actor: Mapping[str, Any], now: datetime
) -> Contract:
    if contract.status != "pending":
        raise Problem(409, "invalid_state", f"只有未审核的合同可以审核（当前：{CONTRACT_STATUSES[contract.status]}）")
    if not approved and not reason.strip():
        raise Problem(
            422, "validation_error", "驳回需要填写原因", errors=[{"field": "reason", "message": "驳回时必填"}]
        )
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
        customer = await session.scalar(select(Customer).where(Customer.id == contract.customer_id).with_for_update())
        if customer is not None:
            customer.deal_total += contract.amount
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


async def void_contract(
    session: AsyncSession, contract: Contract, reason: str, actor: Mapping[str, Any], now: datetime
) -> Contract:
    if contract.status != "approved":
        raise Problem(409, "invalid_state", "只有已审核的合同可以作废")
    if contract.paid_total > 0:
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
    customer = await session.scalar(select(Customer).where(Customer.id == contract.customer_id).with_for_update())
    if customer is not None:
        customer.deal_total -= contract.amount
        still_dealt = await session.scalar(
            select(func.count())
            .select_from(Contract)
            .where(Contract.customer_id == customer.id, Contract.status == "approved", Contract.id != contract.id)
        )
        if not still_dealt:
            customer.dealt_at = None
    await session.flush()
    return contract


async def change_no(
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


async def delete_contract(session: AsyncSession, contract: Contract, actor: Mapping[str, Any], now: datetime) -> None:
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


# ---------------------------------------------------------------- attachments


def check_upload(filename: str, content_type: str, size: int, max_bytes: int) -> str:
    """The file's suffix if the type is allowed and the size within the limit; else 413/415."""
    if size > max_bytes:
        raise Problem(413, "file_too_large", f"附件不能超过 {max_bytes // (1024 * 1024)}MB")
    suffix = PurePath(filename).suffix.lower()
    allowed = ALLOWED_TYPES.get(suffix)
    ctype = content_type.split(";")[0].strip().lower()
    if allowed is None or (ctype and ctype != "application/octet-stream" and ctype not in allowed):
        raise Problem(415, "unsupported_file", "附件只支持 pdf、jpg、png、doc、docx、xls、xlsx")
    if size == 0:
        raise Problem(422, "empty_file", "附件是空的", errors=[{"field": "file", "message": "空文件"}])
    return suffix


async def add_attachment(
    session: AsyncSession,
    storage: AttachmentStorage,
    contract: Contract,
    filename: str,
    content_type: str,
    data: bytes,
    suffix: str,
    actor: Mapping[str, Any],
) -> Attachment:
    key = await storage.save(data, suffix)
    attachment = Attachment(
        contract_id=contract.id,
        filename=PurePath(filename).name[:255],
        content_type=ALLOWED_TYPES[suffix].copy().pop(),
        size=len(data),
        storage_key=key,
        created_by_id=actor.get("id"),
        created_by_name=actor.get("name") or "",
    )
    session.add(attachment)
    await session.flush()
    await record(
        session,
        "contract",
        contract.id,
        contract.customer_id,
        "attachment_add",
        actor,
        field="attachment",
        new=attachment.filename,
    )
    return attachment


def attachment_row(a: Attachment) -> dict[str, Any]:
    return {
        "id": a.id,
        "contract_id": a.contract_id,
        "filename": a.filename,
        "content_type": a.content_type,
        "size": a.size,
        "created_by": {"id": a.created_by_id, "name": a.created_by_name},
        "created_at": a.created_at,
    }


# ---------------------------------------------------------------- payment plans


def plan_status(items: Sequence[PaymentPlan], paid_total: Decimal, today: date) -> list[dict[str, Any]]:
    """Allocates what was received to the instalments in due order: 已回款 / 部分回款 / 待回款 / 已逾期."""
    left = paid_total
    rows = []
    for item in sorted(items, key=lambda p: (p.due_date, p.seq)):
        covered = min(left, item.amount)
        left -= covered
        if covered >= item.amount:
            status = "已回款"
        elif item.due_date < today:
            status = "已逾期"
        elif covered > 0:
            status = "部分回款"
        else:
            status = "待回款"
        rows.append(
            {
                "id": item.id,
                "seq": item.seq,
                "due_date": item.due_date,
                "amount": f"{item.amount:.2f}",
                "received": f"{covered:.2f}",
                "status": status,
                "note": item.note,
            }
        )
    return rows


async def replace_plan(
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


async def add_paid(session: AsyncSession, contract: Contract, delta: Decimal) -> None:
    """Keeps 已回款 on the contract and its customer in step with the payments (same transaction)."""
    contract.paid_total += delta
    customer = await session.scalar(select(Customer).where(Customer.id == contract.customer_id).with_for_update())
    if customer is not None:
        customer.paid_total += delta


async def payments_total(session: AsyncSession, contract_id: int, exclude_id: int | None = None) -> Decimal:
    stmt = select(func.coalesce(func.sum(Payment.amount), 0)).where(
        Payment.contract_id == contract_id, Payment.deleted_at.is_(None)
    )
    if exclude_id is not None:
        stmt = stmt.where(Payment.id != exclude_id)
    return Decimal(await session.scalar(stmt) or 0)
