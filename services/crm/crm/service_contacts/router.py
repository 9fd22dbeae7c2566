"""/api/crm/service-contacts: the 客服管理 page; /app/crm/service-contacts: the member app's 联系客服."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from crm.common import add_scoped_route
from crm.service_contacts import service
from crm.service_contacts.schemas import (
    AppServiceContacts,
    ServiceContactFilters,
    ServiceContactIn,
    ServiceContactPage,
    ServiceContactRow,
)
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version
from shared.identity import Identity, Principal, Require, require_member
from shared.listing import PageParams, page_params
from shared.types import Flag, Id, Text

router = APIRouter(prefix="/api/crm/service-contacts", tags=["客服管理"])
app_router = APIRouter(prefix="/app/crm/service-contacts", tags=["会员: 联系客服"])


async def contact_filters(
    keyword: Text | None = Query(None, max_length=64, description="名称、电话或微信"),
    shown: Flag | None = None,
) -> ServiceContactFilters:
    return ServiceContactFilters(keyword=keyword, shown=shown)


@router.get("", response_model=ServiceContactPage, response_model_exclude_unset=True)
async def list_contacts(
    params: PageParams = Depends(page_params),
    filters: ServiceContactFilters = Depends(contact_filters),
    _: Principal = Depends(Require("crm:service_contact:list")),
    session: AsyncSession = Depends(db_session),
) -> ServiceContactPage:
    return await service.list_contacts(session, filters, params)


add_scoped_route(router, "POST", "", service.create_contact, name="create_contact",
                 permission="crm:service_contact:create", body_model=ServiceContactIn, response_model=ServiceContactRow,
                 status_code=201)


@router.put("/{contact_id}", response_model=ServiceContactRow)
async def update_contact(
    contact_id: Id,
    body: ServiceContactIn,
    if_match: int | None = Depends(expected_version),
    _: Principal = Depends(Require("crm:service_contact:update")),
    session: AsyncSession = Depends(db_session),
) -> ServiceContactRow:
    version = resolve_version(body.version, if_match)
    return await service.update_contact(session, contact_id, body, version)


@router.delete("/{contact_id}", status_code=204, response_class=Response)
async def delete_contact(
    contact_id: Id,
    _: Principal = Depends(Require("crm:service_contact:delete")),
    session: AsyncSession = Depends(db_session),
) -> None:
    await service.delete_contact(session, contact_id)


@app_router.get("", summary="联系客服：显示中的客服，按排序", response_model=AppServiceContacts)
async def app_contacts(
    _: Identity = Depends(require_member), session: AsyncSession = Depends(db_session)
) -> AppServiceContacts:
    return await service.app_contacts(session)
