"""/api/crm/contracts: the 合同管理 page, sub-contracts, attachments, contract numbers and payment plans."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from crm.common import CONTRACT_STATUSES, CONTRACT_TYPES, utcnow
from crm.contracts import service
from crm.contracts.models import Attachment, Contract, PaymentPlan
from crm.contracts.schemas import (
    ContractCreate,
    ContractNoIn,
    ContractStatus,
    ContractType,
    ContractUpdate,
    PlanIn,
    VoidIn,
)
from crm.contracts.storage import LocalDiskStorage
from crm.customers.models import Customer
from crm.customers.schemas import ReviewIn
from crm.customers.service import load_customer
from crm.customers.service import scope_clause as customer_scope
from crm.history.service import log_export, record
from crm.settings import CrmSettings
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.dates import business_date
from shared.identity import Principal, Require
from shared.listing import (
    PageParams,
    apply_sort,
    check_range,
    enum_options,
    list_response,
    options,
    page_params,
    paginate,
)
from shared.problems import Problem
from shared.xlsx import xlsx_response

router = APIRouter(prefix="/api/crm/contracts", tags=["合同管理"])

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
    ("paid_total", "已回款总金额"),
    ("total_cards", "总卡数"),
    ("start_date", "合同开始日期"),
    ("end_date", "合同结束日期"),
    ("signed_at", "签约时间"),
    ("owner_name", "跟进人"),
    ("created_by_name", "创建人"),
    ("created_at", "创建时间"),
    ("note", "备注"),
]


def storage_of(request: Request) -> LocalDiskStorage:
    settings: CrmSettings = request.app.state.settings
    return LocalDiskStorage(settings.attachment_dir)


def contract_filters(
    keyword: str | None = Query(None, max_length=64, description="合同名称、编号或客户名称"),
    status: ContractStatus | None = None,
    customer_id: int | None = None,
    owner_id: int | None = None,
    contract_type: ContractType | None = None,
    parent_id: int | None = None,
    top_only: bool = Query(False, description="只看主合同"),
    signed_from: datetime | None = None,
    signed_to: datetime | None = None,
    end_from: date | None = None,
    end_to: date | None = None,
    expiring_within: int | None = Query(None, ge=0, le=3650, description="N 天内到期"),
    expired: bool | None = None,
    unpaid: bool | None = Query(None, description="未回款完"),
) -> dict[str, Any]:
    check_range("signed", signed_from, signed_to)
    check_range("end", end_from, end_to)
    return dict(locals())


def apply_filters(stmt: Select[Any], f: dict[str, Any]) -> Select[Any]:
    stmt = stmt.where(Contract.deleted_at.is_(None))
    if f["keyword"] and f["keyword"].strip():
        pattern = f"%{f['keyword'].strip()}%"
        stmt = stmt.where(
            or_(
                Contract.name.ilike(pattern), Contract.contract_no.ilike(pattern), Contract.customer_name.ilike(pattern)
            )
        )
    for column, key in (
        (Contract.status, "status"),
        (Contract.customer_id, "customer_id"),
        (Contract.owner_id, "owner_id"),
        (Contract.contract_type, "contract_type"),
        (Contract.parent_id, "parent_id"),
    ):
        if f[key] is not None:
            stmt = stmt.where(column == f[key])
    if f["top_only"]:
        stmt = stmt.where(Contract.parent_id.is_(None))
    if f["signed_from"] is not None:
        stmt = stmt.where(Contract.signed_at >= f["signed_from"])
    if f["signed_to"] is not None:
        stmt = stmt.where(Contract.signed_at <= f["signed_to"])
    if f["end_from"] is not None:
        stmt = stmt.where(Contract.end_date >= f["end_from"])
    if f["end_to"] is not None:
        stmt = stmt.where(Contract.end_date <= f["end_to"])
    today = business_date(utcnow())
    if f["expiring_within"] is not None:
        stmt = stmt.where(Contract.end_date >= today, Contract.end_date <= today + timedelta(days=f["expiring_within"]))
    if f["expired"] is not None:
        stmt = stmt.where(
            Contract.end_date < today if f["expired"] else or_(Contract.end_date.is_(None), Contract.end_date >= today)
        )
    if f["unpaid"] is not None:
        stmt = stmt.where(
            Contract.paid_total < Contract.amount if f["unpaid"] else Contract.paid_total >= Contract.amount
        )
    return stmt


@router.get("")
async def list_contracts(
    params: PageParams = Depends(page_params),
    filters: dict[str, Any] = Depends(contract_filters),
    principal: Principal = Depends(Require("crm:contract:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    stmt = apply_filters(select(Contract), filters).where(service.scope_clause(principal))
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Contract.id.desc()])
    rows, total = await paginate(session, stmt, params, row=service.contract_row)
    if rows:
        # The 附件 column: how many attachments each contract on the page has.
        counts = dict(
            (
                await session.execute(
                    select(Attachment.contract_id, func.count())
                    .where(Attachment.contract_id.in_([r["id"] for r in rows]))
                    .group_by(Attachment.contract_id)
                )
            ).all()
        )
        for row in rows:
            row["attachment_count"] = counts.get(row["id"], 0)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        customers = (
            await session.execute(
                select(Customer.id, Customer.name)
                .where(customer_scope(principal), Customer.deleted_at.is_(None), Customer.review_status == "approved")
                .order_by(Customer.id)
                .limit(1000)
            )
        ).all()
        option_lists = {
            "status_list": enum_options(CONTRACT_STATUSES),
            "contract_type_list": enum_options(CONTRACT_TYPES),
            "customer_list": options((c.id, c.name) for c in customers),
        }
    return list_response(rows, total, params, option_lists)


@router.get("/export")
async def export_contracts(
    filters: dict[str, Any] = Depends(contract_filters),
    principal: Principal = Depends(Require("crm:contract:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    stmt = apply_filters(select(Contract), filters).where(service.scope_clause(principal)).order_by(Contract.id.desc())
    contracts = (await session.execute(stmt.limit(50000))).scalars().all()
    rows = [service.contract_row(c) | {"created_by_name": c.created_by_name} for c in contracts]
    await log_export(session, "contracts", filters, len(rows), principal.actor)
    await session.commit()
    return xlsx_response("合同列表.xlsx", EXPORT_COLUMNS, rows)


@router.post("", status_code=201)
async def create_contract(
    body: ContractCreate,
    principal: Principal = Depends(Require("crm:contract:create")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    customer = await load_customer(session, body.customer_id, principal, for_update=True)
    contract = await service.create_contract(session, body, customer, principal.actor)
    await session.commit()
    return service.contract_row(contract)


@router.get("/{contract_id}")
async def read_contract(
    contract_id: int,
    principal: Principal = Depends(Require("crm:contract:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    contract = await service.load_contract(session, contract_id, principal)
    children = (
        (
            await session.execute(
                select(Contract)
                .where(Contract.parent_id == contract.id, Contract.deleted_at.is_(None))
                .order_by(Contract.id)
            )
        )
        .scalars()
        .all()
    )
    return service.contract_row(contract) | {"children": [service.contract_row(c) for c in children]}


@router.put("/{contract_id}")
async def update_contract(
    contract_id: int,
    body: ContractUpdate,
    if_match: int | None = Depends(expected_version),
    principal: Principal = Depends(Require("crm:contract:update")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    version = resolve_version(body.version, if_match)
    contract = await service.load_contract(session, contract_id, principal, for_update=True)
    await service.update_contract(session, contract, body, version, principal.actor)
    await session.commit()
    return service.contract_row(contract)


@router.post("/{contract_id}/review")
async def review_contract(
    contract_id: int,
    body: ReviewIn,
    principal: Principal = Depends(Require("crm:contract:review")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    contract = await service.load_contract(session, contract_id, principal, for_update=True)
    await service.review_contract(session, contract, body.approved, body.reason, principal.actor, utcnow())
    await session.commit()
    return service.contract_row(contract)


@router.post("/{contract_id}/void")
async def void_contract(
    contract_id: int,
    body: VoidIn,
    principal: Principal = Depends(Require("crm:contract:void")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    contract = await service.load_contract(session, contract_id, principal, for_update=True)
    await service.void_contract(session, contract, body.reason, principal.actor, utcnow())
    await session.commit()
    return service.contract_row(contract)


@router.post("/{contract_id}/contract-no")
async def change_contract_no(
    contract_id: int,
    body: ContractNoIn,
    principal: Principal = Depends(Require("crm:contract:change_no")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    contract = await service.load_contract(session, contract_id, principal, for_update=True)
    await service.change_no(session, contract, body.contract_no, body.reason, principal.actor)
    await session.commit()
    return service.contract_row(contract)


@router.delete("/{contract_id}", status_code=204)
async def delete_contract(
    contract_id: int,
    principal: Principal = Depends(Require("crm:contract:delete")),
    session: AsyncSession = Depends(db_session),
) -> None:
    contract = await service.load_contract(session, contract_id, principal, for_update=True)
    await service.delete_contract(session, contract, principal.actor, utcnow())
    await session.commit()


# ---------------------------------------------------------------- attachments


@router.get("/{contract_id}/attachments")
async def list_attachments(
    contract_id: int,
    principal: Principal = Depends(Require("crm:contract:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    await service.load_contract(session, contract_id, principal)
    rows = (
        (await session.execute(select(Attachment).where(Attachment.contract_id == contract_id).order_by(Attachment.id)))
        .scalars()
        .all()
    )
    return {"data_list": [service.attachment_row(a) for a in rows], "total": len(rows)}


@router.post("/{contract_id}/attachments", status_code=201)
async def upload_attachment(
    request: Request,
    contract_id: int,
    file: UploadFile = File(...),
    principal: Principal = Depends(Require("crm:contract:attachment")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    settings: CrmSettings = request.app.state.settings
    contract = await service.load_contract(session, contract_id, principal, for_update=True)
    data = await file.read(settings.attachment_max_bytes + 1)
    suffix = service.check_upload(
        file.filename or "", file.content_type or "", len(data), settings.attachment_max_bytes
    )
    attachment = await service.add_attachment(
        session,
        storage_of(request),
        contract,
        file.filename or "file",
        file.content_type or "",
        data,
        suffix,
        principal.actor,
    )
    await session.commit()
    return service.attachment_row(attachment)


async def _attachment(session: AsyncSession, contract_id: int, attachment_id: int) -> Attachment:
    attachment = await session.scalar(
        select(Attachment).where(Attachment.id == attachment_id, Attachment.contract_id == contract_id)
    )
    if attachment is None:
        raise Problem(404, "not_found", "附件不存在")
    return attachment


@router.get("/{contract_id}/attachments/{attachment_id}")
async def download_attachment(
    request: Request,
    contract_id: int,
    attachment_id: int,
    principal: Principal = Depends(Require("crm:contract:list")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    await service.load_contract(session, contract_id, principal)
    attachment = await _attachment(session, contract_id, attachment_id)
    try:
        data = await storage_of(request).read(attachment.storage_key)
    except FileNotFoundError as exc:
        raise Problem(404, "file_missing", "附件文件已丢失") from exc
    disposition = f"attachment; filename*=UTF-8''{quote(attachment.filename)}"
    return Response(data, media_type=attachment.content_type, headers={"content-disposition": disposition})


@router.delete("/{contract_id}/attachments/{attachment_id}", status_code=204)
async def delete_attachment(
    request: Request,
    contract_id: int,
    attachment_id: int,
    principal: Principal = Depends(Require("crm:contract:attachment")),
    session: AsyncSession = Depends(db_session),
) -> None:
    contract = await service.load_contract(session, contract_id, principal)
    attachment = await _attachment(session, contract_id, attachment_id)
    await session.delete(attachment)
    await record(
        session,
        "contract",
        contract.id,
        contract.customer_id,
        "attachment_delete",
        principal.actor,
        field="attachment",
        old=attachment.filename,
    )
    await session.commit()
    # Bytes go after the row is gone, so a failed commit never leaves a row pointing at nothing.
    await storage_of(request).delete(attachment.storage_key)


# ---------------------------------------------------------------- payment plans (回款计划)


@router.get("/{contract_id}/payment-plans")
async def get_plan(
    contract_id: int,
    principal: Principal = Depends(Require("crm:payment:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    contract = await service.load_contract(session, contract_id, principal)
    plans = (await session.execute(select(PaymentPlan).where(PaymentPlan.contract_id == contract.id))).scalars().all()
    rows = service.plan_status(plans, contract.paid_total, business_date(utcnow()))
    return {"data_list": rows, "total": len(rows), "paid_total": f"{contract.paid_total:.2f}"}


@router.put("/{contract_id}/payment-plans")
async def put_plan(
    contract_id: int,
    body: PlanIn,
    principal: Principal = Depends(Require("crm:payment:update")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    contract = await service.load_contract(session, contract_id, principal, for_update=True)
    if contract.status in ("voided", "rejected"):
        raise Problem(409, "invalid_state", "作废或审核不通过的合同不能设置回款计划")
    plans = await service.replace_plan(session, contract, body.items, principal.actor)
    await session.commit()
    rows = service.plan_status(plans, contract.paid_total, business_date(utcnow()))
    return {"data_list": rows, "total": len(rows)}
