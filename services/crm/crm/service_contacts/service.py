"""Service contacts (客服管理): admin CRUD and the member app's shown list. Each write commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.service_contacts.models import ServiceContact
from crm.service_contacts.schemas import (
    AppServiceContact,
    AppServiceContacts,
    ServiceContactFilters,
    ServiceContactIn,
    ServiceContactPage,
    ServiceContactRow,
)
from shared.identity import Principal
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, paginate
from shared.problems import Problem

SORTABLE = {"id": ServiceContact.id, "sort": ServiceContact.sort, "name": ServiceContact.name}
SHOWN_LABELS = {"1": "显示", "0": "隐藏"}
FIELDS = ("name", "phone", "wechat", "hours", "shown", "sort")
APP_LIMIT = 50


async def list_contacts(
    session: AsyncSession, filters: ServiceContactFilters, params: PageParams
) -> ServiceContactPage:
    stmt = select(ServiceContact)
    keyword = keyword_clause(filters.keyword, ServiceContact.name, ServiceContact.phone, ServiceContact.wechat)
    if keyword is not None:
        stmt = stmt.where(keyword)
    if filters.shown is not None:
        stmt = stmt.where(ServiceContact.shown.is_(filters.shown))
    stmt = apply_sort(stmt, params.sort, SORTABLE, [ServiceContact.sort, ServiceContact.id])
    rows, total = await paginate(session, stmt, params, row=ServiceContactRow.of)
    return ServiceContactPage(**list_response(rows, total, params, {"shown_list": enum_options(SHOWN_LABELS)}))


async def app_contacts(session: AsyncSession) -> AppServiceContacts:
    """The shown contacts, by sort then id (what the member app's 联系客服 lists)."""
    stmt = (
        select(ServiceContact)
        .where(ServiceContact.shown.is_(True))
        .order_by(ServiceContact.sort, ServiceContact.id)
        .limit(APP_LIMIT)
    )
    rows = (await session.execute(stmt)).scalars().all()
    return AppServiceContacts(data_list=[AppServiceContact.from_columns(c) for c in rows])


async def create_contact(session: AsyncSession, principal: Principal, body: ServiceContactIn) -> ServiceContactRow:
    contact = ServiceContact(
        **{k: getattr(body, k) for k in FIELDS},
        created_by_id=principal.id,
        created_by_name=principal.name,
        version=1,
    )
    session.add(contact)
    await session.commit()
    return ServiceContactRow.of(contact)


async def _load(session: AsyncSession, contact_id: int) -> ServiceContact:
    contact = (
        await session.execute(select(ServiceContact).where(ServiceContact.id == contact_id).with_for_update())
    ).scalar_one_or_none()
    if contact is None:
        raise Problem(404, "not_found", "客服不存在")
    return contact


async def update_contact(
    session: AsyncSession, contact_id: int, body: ServiceContactIn, version: int
) -> ServiceContactRow:
    contact = await _load(session, contact_id)
    if contact.version != version:
        raise Problem(409, "version_conflict", "该记录已被他人修改，请刷新后重试", current_version=contact.version)
    for key in FIELDS:
        setattr(contact, key, getattr(body, key))
    contact.version += 1
    await session.flush()
    await session.commit()
    return ServiceContactRow.of(contact)


async def delete_contact(session: AsyncSession, contact_id: int) -> None:
    contact = await _load(session, contact_id)
    await session.delete(contact)
    await session.commit()
