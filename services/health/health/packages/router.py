"""/api/health/packages (admin) and /app/health/packages (members: what can be booked, where)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from health.catalogue.models import Brand
from health.catalogue.service import brand_options, category_options
from health.common import RECOMMENDED_LABELS, SHELF_LABELS, actor_columns, delete_row, get_or_404, patch_values
from health.hospitals.models import Hospital
from health.hospitals.service import hospital_options, month_view
from health.packages import service
from health.packages.models import Package, PackageItem, package_categories, package_hospitals
from health.packages.schemas import PackageIn, PackagePatch
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version, update_versioned
from shared.identity import Identity, Principal, Require, require_member
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, page_params, paginate
from shared.problems import Problem

router = APIRouter(prefix="/api/health", tags=["体检管理: 套餐"])
app_router = APIRouter(prefix="/app/health", tags=["会员: 体检套餐"])


def package_filters(
    keyword: str | None = Query(None, max_length=100),
    brand_id: int | None = Query(None, ge=1),
    hospital_id: int | None = Query(None, ge=1),
    category_id: int | None = Query(None, ge=1),
    recommended: int | None = Query(None, ge=0, le=1),
    status: str | None = Query(None, pattern="^(online|offline)$"),
) -> list[Any]:
    where: list[Any] = []
    if (clause := keyword_clause(keyword, Package.name)) is not None:
        where.append(clause)
    if brand_id is not None:
        where.append(Package.brand_id == brand_id)
    if hospital_id is not None:
        where.append(exists().where(
            package_hospitals.c.package_id == Package.id, package_hospitals.c.hospital_id == hospital_id
        ))
    if category_id is not None:
        where.append(exists().where(
            package_categories.c.package_id == Package.id, package_categories.c.category_id == category_id
        ))
    if recommended is not None:
        where.append(Package.recommended.is_(bool(recommended)))
    if status is not None:
        where.append(Package.status == status)
    return where


SORTABLE = {"id": Package.id, "sort": Package.sort, "name": Package.name, "created_at": Package.created_at}


@router.get("/packages", summary="套餐列表")
async def list_packages(
    params: PageParams = Depends(page_params),
    where: list[Any] = Depends(package_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:package:list")),
) -> dict[str, Any]:
    stmt = apply_sort(service.package_select().where(*where), params.sort, SORTABLE, [Package.sort, Package.id])
    rows, total = await paginate(session, stmt, params, scalars=False)
    data = await service.packages_out(session, rows, with_items=False)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {
            "brand_list": await brand_options(session),
            "category_list": await category_options(session),
            "hospital_list": await hospital_options(session),
            "recommended_list": enum_options(RECOMMENDED_LABELS),
            "status_list": enum_options(SHELF_LABELS),
        }
    return list_response(data, total, params, option_lists)


@router.get("/packages/{package_id}", summary="套餐详情（含套餐单项）")
async def get_package(
    package_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:package:list")),
) -> dict[str, Any]:
    return await service.package_detail(session, package_id)


@router.post("/packages", status_code=201, summary="新增套餐")
async def create_package(
    body: PackageIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:package:create")),
) -> dict[str, Any]:
    items = [i.model_dump() for i in body.items]
    item_ids = [i["item_id"] for i in items]
    await service.check_links(session, body.brand_id, body.hospital_ids, body.category_ids, item_ids)
    linked = ("hospital_ids", "category_ids", "items")
    scalar_fields = {n: getattr(body, n) for n in PackageIn.model_fields if n not in linked}
    package = Package(**scalar_fields, **actor_columns(principal.actor))
    session.add(package)
    await session.flush()
    await service.replace_links(session, package.id, body.hospital_ids, body.category_ids, items)
    service.check_prices(package, await service.item_pairs(session, package.id))
    await session.commit()
    return await service.package_detail(session, package.id)


@router.patch("/packages/{package_id}", summary="修改套餐（含套餐单项、门店、分类）")
async def update_package(
    package_id: int,
    body: PackagePatch,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:package:update")),
) -> dict[str, Any]:
    values = patch_values(body, nullable=frozenset({"price", "settlement_price"}))
    current = await get_or_404(session, Package, package_id, "套餐")
    hospital_ids = values.pop("hospital_ids", None)
    category_ids = values.pop("category_ids", None)
    items = [i.model_dump() for i in values.pop("items")] if "items" in values else None
    # Stores and items must stay the brand's own, including the ones not sent when the brand changes.
    brand_id = values.get("brand_id", current.brand_id)
    effective_hospitals = hospital_ids if hospital_ids is not None else list(
        (await session.execute(
            select(package_hospitals.c.hospital_id).where(package_hospitals.c.package_id == package_id)
        )).scalars()
    )
    effective_items = [i["item_id"] for i in items] if items is not None else list(
        (await session.execute(select(PackageItem.item_id).where(PackageItem.package_id == package_id))).scalars()
    )
    await service.check_links(session, brand_id, effective_hospitals, category_ids, effective_items)
    await update_versioned(session, Package, package_id, resolve_version(body.version, if_match), values)
    await service.replace_links(session, package_id, hospital_ids, category_ids, items)
    # Checked on the row as it now is (the session still holds the copy read before the update).
    package = await session.get(Package, package_id, populate_existing=True)
    service.check_prices(package, await service.item_pairs(session, package_id))
    await session.commit()
    return await service.package_detail(session, package_id)


@router.delete("/packages/{package_id}", status_code=204, summary="删除套餐")
async def delete_package(
    package_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:package:delete")),
) -> Response:
    await delete_row(session, await get_or_404(session, Package, package_id, "套餐"), "套餐")
    return Response(status_code=204)


# ---------------------------------------------------------------- members


def bookable() -> list[Any]:
    """What a member may see and book: packages on shelf, of a brand that is online."""
    return [Package.status == "online", Brand.status == "online"]


@app_router.get("/packages", summary="可预约的体检套餐")
async def member_packages(
    params: PageParams = Depends(page_params),
    where: list[Any] = Depends(package_filters),
    session: AsyncSession = Depends(db_session),
    _: Identity = Depends(require_member),
) -> dict[str, Any]:
    stmt = service.package_select().where(*where, *bookable())
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Package.recommended.desc(), Package.sort, Package.id])
    rows, total = await paginate(session, stmt, params, scalars=False)
    data = await service.packages_out(session, rows, with_items=False)
    for row in data:
        for key in ("settlement_price", "settlement_price_male", "settlement_price_female", "created_by", "version"):
            row.pop(key, None)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {"category_list": await category_options(session), "brand_list": await brand_options(session)}
    return list_response(data, total, params, option_lists)


@app_router.get("/packages/{package_id}", summary="套餐详情（门店与项目）")
async def member_package(
    package_id: int,
    session: AsyncSession = Depends(db_session),
    _: Identity = Depends(require_member),
) -> dict[str, Any]:
    stmt_where = Package.status == "online"
    body = await service.package_detail(session, package_id, where=stmt_where)
    brand = await session.get(Brand, body["brand_id"])
    if brand is None or brand.status != "online":
        raise Problem(404, "not_found", "套餐不存在")
    for key in ("settlement_price", "settlement_price_male", "settlement_price_female", "created_by", "version"):
        body.pop(key, None)
    for item in body.get("items", []):
        item.pop("settlement_price", None)
    return body


@app_router.get("/hospitals/{hospital_id}/schedule", summary="门店某月每天的剩余名额")
async def member_schedule(
    hospital_id: int,
    month: str = Query(..., pattern=r"^\d{4}-\d{2}$"),
    session: AsyncSession = Depends(db_session),
    _: Identity = Depends(require_member),
) -> dict[str, Any]:
    hospital = await session.get(Hospital, hospital_id)
    if hospital is None or hospital.status != "active":
        raise Problem(404, "not_found", "医院不存在")
    view = await month_view(session, hospital_id, month)
    return {
        "hospital_id": view["hospital_id"],
        "hospital_name": view["hospital_name"],
        "month": view["month"],
        "days": [{"day": d["day"], "available": d["available"], "closed": d["closed"]} for d in view["days"]],
    }
