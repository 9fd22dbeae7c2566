"""/api/crm/contracts: the 合同管理 page, sub-contracts, attachments, contract numbers and payment plans."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from crm.common import add_scoped_listing, add_scoped_route, add_versioned_update
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
from shared.identity import Principal, Require
from shared.listing import check_range
from shared.types import Day, Flag, Id, Text

router = APIRouter(prefix="/api/crm/contracts", tags=["合同管理"])
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


add_scoped_listing(
    router, plural="contracts", code="crm:contract", page=ContractPage, filters=contract_filters,
    list_rows=service.list_contracts, export_rows=service.export_contracts, export_name="合同列表.xlsx",
    export_columns=service.EXPORT_COLUMNS,
)
add_scoped_route(router, "POST", "", service.create_contract, name="create_contract",
                 permission="crm:contract:create", body_model=ContractCreate, response_model=ContractOut,
                 status_code=201)
add_scoped_route(router, "GET", "/{contract_id}", service.read_contract, name="read_contract",
                 permission="crm:contract:list", response_model=ContractDetail)
add_versioned_update(router, "/{contract_id}", service.update_contract, name="update_contract",
                     permission="crm:contract:update", body_model=ContractUpdate, response_model=ContractOut)
add_scoped_route(router, "POST", "/{contract_id}/review", service.review_contract, name="review_contract",
                 permission="crm:contract:review", body_model=ReviewIn, response_model=ContractOut)
add_scoped_route(router, "POST", "/{contract_id}/void", service.void_contract, name="void_contract",
                 permission="crm:contract:void", body_model=VoidIn, response_model=ContractOut)
add_scoped_route(router, "POST", "/{contract_id}/contract-no", service.change_contract_no, name="change_contract_no",
                 permission="crm:contract:change_no", body_model=ContractNoIn, response_model=ContractOut)
add_scoped_route(router, "DELETE", "/{contract_id}", service.delete_contract, name="delete_contract",
                 permission="crm:contract:delete")


# ---------------------------------------------------------------- attachments


add_scoped_route(router, "GET", "/{contract_id}/attachments", attachments.list_attachments, name="list_attachments",
                 permission="crm:contract:list", response_model=AttachmentList)


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


add_scoped_route(router, "GET", "/{contract_id}/payment-plans", plans.get_plan, name="get_plan",
                 permission="crm:payment:list", response_model=PlanList)


# By hand: the plan's service takes the items alone.
@router.put("/{contract_id}/payment-plans", response_model=PlanList)
async def put_plan(
    contract_id: Id,
    body: PlanIn,
    principal: Principal = Depends(Require("crm:payment:update")),
    session: AsyncSession = Depends(db_session),
) -> PlanList:
    return await plans.put_plan(session, principal, contract_id, body.items)
