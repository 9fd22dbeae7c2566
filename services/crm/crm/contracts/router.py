"""/api/crm/contracts: the 合同管理 page, sub-contracts, attachments, contract numbers and payment plans."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from crm.contracts import attachments, plans, service
from crm.contracts.schemas import (
    AttachmentList,
    AttachmentOut,
    ContractCreate,
    ContractDetail,
    ContractFilters,
    ContractNoIn,
    ContractOut,
    ContractPage,
    ContractStatus,
    ContractType,
    ContractUpdate,
    PlanIn,
    PlanList,
    VoidIn,
)
from crm.contracts.storage import AttachmentStorage, LocalDiskStorage
from crm.customers.schemas import ReviewIn
from crm.schemas import problems
from crm.settings import CrmSettings
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.identity import Principal, Require
from shared.listing import PageParams, check_range, page_params
from shared.types import Day, Flag, Id, Text
from shared.xlsx import xlsx_response

router = APIRouter(prefix="/api/crm/contracts", tags=["合同管理"])
XLSX = {200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}}
FILE = {200: {"content": {"application/octet-stream": {}}}}


def storage_of(request: Request) -> AttachmentStorage:
    settings: CrmSettings = request.app.state.settings
    return LocalDiskStorage(settings.attachment_dir)


async def contract_filters(
    keyword: Text | None = Query(None, max_length=64, description="合同名称、编号或客户名称"),
    status: ContractStatus | None = None,
    customer_id: Id | None = None,
    owner_id: Id | None = None,
    dept_id: Id | None = None,
    contract_type: ContractType | None = None,
    parent_id: Id | None = None,
    top_only: Flag = Query(False, description="只看主合同"),
    date_from: Day | None = Query(None, description="签约日期起（含），上海日期 YYYY-MM-DD"),
    date_to: Day | None = Query(None, description="签约日期止（含）"),
    end_from: Day | None = Query(None, description="合同结束日期起（含）"),
    end_to: Day | None = Query(None, description="合同结束日期止（含）"),
    expiring_within: int | None = Query(None, ge=0, le=3650, description="N 天内到期"),
    expired: Flag | None = None,
    outstanding: Flag | None = Query(None, description="true：还有未回款金额（outstanding > 0）"),
) -> ContractFilters:
    check_range("date", date_from, date_to)
    check_range("end", end_from, end_to)
    return ContractFilters(
        keyword=keyword,
        status=status,
        customer_id=customer_id,
        owner_id=owner_id,
        dept_id=dept_id,
        contract_type=contract_type,
        parent_id=parent_id,
        top_only=top_only,
        date_from=date_from,
        date_to=date_to,
        end_from=end_from,
        end_to=end_to,
        expiring_within=expiring_within,
        expired=expired,
        outstanding=outstanding,
    )


@router.get("", response_model=ContractPage, response_model_exclude_unset=True)
async def list_contracts(
    params: PageParams = Depends(page_params),
    filters: ContractFilters = Depends(contract_filters),
    principal: Principal = Depends(Require("crm:contract:list")),
    session: AsyncSession = Depends(db_session),
) -> ContractPage:
    return await service.list_contracts(session, principal, filters, params)


@router.get("/export", response_class=Response, responses=XLSX)
async def export_contracts(
    filters: ContractFilters = Depends(contract_filters),
    principal: Principal = Depends(Require("crm:contract:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    rows = await service.export_contracts(session, principal, filters)
    return xlsx_response("合同列表.xlsx", service.EXPORT_COLUMNS, rows)


@router.post("", status_code=201, response_model=ContractOut)
async def create_contract(
    body: ContractCreate,
    principal: Principal = Depends(Require("crm:contract:create")),
    session: AsyncSession = Depends(db_session),
) -> ContractOut:
    return await service.create_contract(session, principal, body)


@router.get("/{contract_id}", response_model=ContractDetail)
async def read_contract(
    contract_id: Id,
    principal: Principal = Depends(Require("crm:contract:list")),
    session: AsyncSession = Depends(db_session),
) -> ContractDetail:
    return await service.read_contract(session, principal, contract_id)


@router.put("/{contract_id}", response_model=ContractOut)
async def update_contract(
    contract_id: Id,
    body: ContractUpdate,
    if_match: int | None = Depends(expected_version),
    principal: Principal = Depends(Require("crm:contract:update")),
    session: AsyncSession = Depends(db_session),
) -> ContractOut:
    version = resolve_version(body.version, if_match)
    return await service.update_contract(session, principal, contract_id, body, version)


@router.post("/{contract_id}/review", response_model=ContractOut)
async def review_contract(
    contract_id: Id,
    body: ReviewIn,
    principal: Principal = Depends(Require("crm:contract:review")),
    session: AsyncSession = Depends(db_session),
) -> ContractOut:
    return await service.review_contract(session, principal, contract_id, body)


@router.post("/{contract_id}/void", response_model=ContractOut)
async def void_contract(
    contract_id: Id,
    body: VoidIn,
    principal: Principal = Depends(Require("crm:contract:void")),
    session: AsyncSession = Depends(db_session),
) -> ContractOut:
    return await service.void_contract(session, principal, contract_id, body.reason)


@router.post("/{contract_id}/contract-no", response_model=ContractOut)
async def change_contract_no(
    contract_id: Id,
    body: ContractNoIn,
    principal: Principal = Depends(Require("crm:contract:change_no")),
    session: AsyncSession = Depends(db_session),
) -> ContractOut:
    return await service.change_contract_no(session, principal, contract_id, body)


@router.delete("/{contract_id}", status_code=204, response_class=Response)
async def delete_contract(
    contract_id: Id,
    principal: Principal = Depends(Require("crm:contract:delete")),
    session: AsyncSession = Depends(db_session),
) -> None:
    await service.delete_contract(session, principal, contract_id)


# ---------------------------------------------------------------- attachments


@router.get("/{contract_id}/attachments", response_model=AttachmentList)
async def list_attachments(
    contract_id: Id,
    principal: Principal = Depends(Require("crm:contract:list")),
    session: AsyncSession = Depends(db_session),
) -> AttachmentList:
    return await attachments.list_attachments(session, principal, contract_id)


@router.post("/{contract_id}/attachments", status_code=201, response_model=AttachmentOut, responses=problems(413, 415))
async def upload_attachment(
    request: Request,
    contract_id: Id,
    file: UploadFile = File(...),
    principal: Principal = Depends(Require("crm:contract:attachment")),
    session: AsyncSession = Depends(db_session),
) -> AttachmentOut:
    settings: CrmSettings = request.app.state.settings
    return await attachments.upload(
        session, principal, storage_of(request), contract_id, file, settings.attachment_max_bytes
    )


@router.get("/{contract_id}/attachments/{attachment_id}", response_class=Response, responses=FILE)
async def download_attachment(
    request: Request,
    contract_id: Id,
    attachment_id: Id,
    principal: Principal = Depends(Require("crm:contract:list")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    attachment, data = await attachments.download(session, principal, storage_of(request), contract_id, attachment_id)
    disposition = f"attachment; filename*=UTF-8''{quote(attachment.filename)}"
    return Response(data, media_type=attachment.content_type, headers={"content-disposition": disposition})


@router.delete("/{contract_id}/attachments/{attachment_id}", status_code=204, response_class=Response)
async def delete_attachment(
    request: Request,
    contract_id: Id,
    attachment_id: Id,
    principal: Principal = Depends(Require("crm:contract:attachment")),
    session: AsyncSession = Depends(db_session),
) -> None:
    await attachments.delete(session, principal, storage_of(request), contract_id, attachment_id)


# ---------------------------------------------------------------- payment plans (回款计划)


@router.get("/{contract_id}/payment-plans", response_model=PlanList)
async def get_plan(
    contract_id: Id,
    principal: Principal = Depends(Require("crm:payment:list")),
    session: AsyncSession = Depends(db_session),
) -> PlanList:
    return await plans.get_plan(session, principal, contract_id)


@router.put("/{contract_id}/payment-plans", response_model=PlanList)
async def put_plan(
    contract_id: Id,
    body: PlanIn,
    principal: Principal = Depends(Require("crm:payment:update")),
    session: AsyncSession = Depends(db_session),
) -> PlanList:
    return await plans.put_plan(session, principal, contract_id, body.items)
