"""模块管理, 服务管理 and what the member app's home shows now (docs/domains/gateway.md, "The member app's home")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from gateway.app_home.models import HomeModule, HomeService
from gateway.app_home.schemas import (
    LINK_KIND_LABELS,
    POSITION_LABELS,
    ModuleIn,
    ModuleUpdate,
    ServiceIn,
    ServiceUpdate,
)
from shared.concurrency import update_versioned
from shared.identity import Principal
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, paginate
from shared.problems import not_found

SHOWN_LABELS = {"true": "显示", "false": "隐藏"}
LABELS = {HomeModule: "模块", HomeService: "服务"}
Entry = HomeModule | HomeService


@dataclass(frozen=True)
class EntryFilters:
    keyword: str | None = None  # title
    position: str | None = None  # modules only
    link_kind: str | None = None
    shown: bool | None = None
    live: bool | None = None  # modules only: shown and inside the time window now


def _link(e: Entry) -> dict[str, Any]:
    return {"link_kind": e.link_kind, "link_kind_label": LINK_KIND_LABELS[e.link_kind], "link_id": e.link_id,
            "link_url": e.link_url, "sort": e.sort, "shown": e.shown, "created_by_name": e.created_by_name,
            "created_at": e.created_at, "updated_by_name": e.updated_by_name, "updated_at": e.updated_at,
            "version": e.version}


def _is_live(m: HomeModule, now: datetime) -> bool:
    return m.shown and (m.starts_at is None or m.starts_at <= now) and (m.ends_at is None or now < m.ends_at)


def module_row(m: HomeModule, now: datetime) -> dict[str, Any]:
    return {**_link(m), "id": m.id, "position": m.position, "position_label": POSITION_LABELS[m.position],
            "title": m.title, "image_url": m.image_url, "starts_at": m.starts_at, "ends_at": m.ends_at,
            "live": _is_live(m, now)}


def service_row(s: HomeService, now: datetime | None = None) -> dict[str, Any]:
    return {**_link(s), "id": s.id, "title": s.title, "icon_url": s.icon_url}


ROWS = {HomeModule: module_row, HomeService: service_row}


def live_clause(now: datetime) -> ColumnElement[bool]:
    return and_(HomeModule.shown.is_(True),
                or_(HomeModule.starts_at.is_(None), HomeModule.starts_at <= now),
                or_(HomeModule.ends_at.is_(None), HomeModule.ends_at > now))


def _filtered(model: type[Entry], filters: EntryFilters, now: datetime) -> Any:
    stmt = select(model)
    if (clause := keyword_clause(filters.keyword, model.title)) is not None:
        stmt = stmt.where(clause)
    if filters.link_kind is not None:
        stmt = stmt.where(model.link_kind == filters.link_kind)
    if filters.shown is not None:
        stmt = stmt.where(model.shown == filters.shown)
    if model is HomeModule:
        if filters.position is not None:
            stmt = stmt.where(HomeModule.position == filters.position)
        if filters.live is not None:
            stmt = stmt.where(live_clause(now) if filters.live else ~live_clause(now))
    return stmt


async def list_entries(session: AsyncSession, model: type[Entry], filters: EntryFilters, params: PageParams,
                       now: datetime) -> dict[str, Any]:
    sortable = {"id": model.id, "sort": model.sort, "created_at": model.created_at}
    stmt = apply_sort(_filtered(model, filters, now), params.sort, sortable, (model.sort, model.id))
    rows, total = await paginate(session, stmt, params, row=lambda e: ROWS[model](e, now))
    option_lists: dict[str, Any] = {"link_kind_list": lambda: enum_options(LINK_KIND_LABELS),
                                    "shown_list": lambda: enum_options(SHOWN_LABELS)}
    if model is HomeModule:
        option_lists["position_list"] = lambda: enum_options(POSITION_LABELS)
    return list_response(rows, total, params, option_lists)


async def get_entry(session: AsyncSession, model: type[Entry], entry_id: int, now: datetime) -> dict[str, Any]:
    entry = await session.get(model, entry_id)
    if entry is None:
        raise not_found(LABELS[model])
    return ROWS[model](entry, now)


def _values(body: ModuleIn | ServiceIn) -> dict[str, Any]:
    values = body.model_dump(exclude={"version"})
    values["link_url"] = values["link_url"] or ""
    return values


async def create_entry(session: AsyncSession, principal: Principal, model: type[Entry], body: ModuleIn | ServiceIn,
                       now: datetime) -> dict[str, Any]:
    entry = model(**_values(body), created_by_id=principal.id, created_by_name=principal.name,
                  updated_by_name=principal.name)
    session.add(entry)
    await session.commit()
    await session.refresh(entry)
    return ROWS[model](entry, now)


async def update_entry(session: AsyncSession, principal: Principal, model: type[Entry], entry_id: int,
                       body: ModuleUpdate | ServiceUpdate, version: int, now: datetime) -> dict[str, Any]:
    entry = await update_versioned(session, model, entry_id, version,
                                   {**_values(body), "updated_by_name": principal.name})
    await session.commit()
    await session.refresh(entry)
    return ROWS[model](entry, now)


async def delete_entry(session: AsyncSession, model: type[Entry], entry_id: int) -> None:
    entry = await session.get(model, entry_id)
    if entry is None:
        raise not_found(LABELS[model])
    await session.delete(entry)
    await session.commit()


def _item(e: Entry) -> dict[str, Any]:
    image = e.image_url if isinstance(e, HomeModule) else e.icon_url
    return {"id": e.id, "title": e.title, "image_url": image, "link_kind": e.link_kind, "link_id": e.link_id,
            "link_url": e.link_url}


async def app_home(session: AsyncSession, now: datetime | None = None) -> dict[str, Any]:
    """What is live now: shown modules inside their window and shown services, each list by sort then id."""
    now = now or datetime.now(UTC)
    modules = (await session.scalars(select(HomeModule).where(live_clause(now))
                                     .order_by(HomeModule.sort, HomeModule.id))).all()
    services = (await session.scalars(select(HomeService).where(HomeService.shown.is_(True))
                                      .order_by(HomeService.sort, HomeService.id))).all()
    return {"banners": [_item(m) for m in modules if m.position == "banner"],
            "grids": [_item(m) for m in modules if m.position == "grid"],
            "services": [_item(s) for s in services]}
