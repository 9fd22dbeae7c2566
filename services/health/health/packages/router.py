"""/api/health/packages (admin) and /app/health/packages (members: what can be booked, where)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from health.catalogue.router import with_actor
from health.common import Keyword
from health.packages import service
from health.packages.schemas import (
    MemberPackageOut,
    MemberPackagePage,
    MemberSchedule,
    OnlineStatus,
    PackageFilters,
    PackageIn,
    PackageOut,
    PackagePage,
    PackagePatch,
)
from shared.admin_pages import AdminPage, add_admin_page
from shared.app import db_session
from shared.identity import Identity, require_member
from shared.listing import PageParams, page_params
from shared.types import Id

router = APIRouter(prefix="/api/health", tags=["体检管理: 套餐"])
app_router = APIRouter(prefix="/app/health", tags=["会员: 体检套餐"])


async def package_filters(
    keyword: Keyword | None = None,
    brand_id: Id | None = None,
    hospital_id: Id | None = None,
    category_id: Id | None = None,
    recommended: int | None = Query(None, ge=0, le=1, description="1 推荐, 0 不推荐"),
    status: OnlineStatus | None = None,
) -> PackageFilters:
    return PackageFilters(keyword=keyword, brand_id=brand_id, hospital_id=hospital_id, category_id=category_id,
                          recommended=None if recommended is None else bool(recommended), status=status)


add_admin_page(router, AdminPage(
    path="/packages", id_name="package_id", singular="package", plural="packages", label="套餐",
    code="health:package", page=PackagePage, out=PackageOut, create_in=PackageIn, patch_in=PackagePatch,
    filters=package_filters, page_params_first=True, detail_note="（含套餐单项）",
    update_note="（含套餐单项、门店、分类）", list_rows=service.list_packages, get_row=service.package_detail,
    create_row=with_actor(service.create_package), update_row=service.update_package,
    delete_row=service.delete_package,
))


# ---------------------------------------------------------------- members


@app_router.get("/packages", summary="可预约的体检套餐", response_model=MemberPackagePage,
                response_model_exclude_unset=True)
async def member_packages(
    params: PageParams = Depends(page_params),
    filters: PackageFilters = Depends(package_filters),
    session: AsyncSession = Depends(db_session),
    _: Identity = Depends(require_member),
) -> dict[str, Any]:
    return await service.bookable_packages(session, filters, params)


@app_router.get("/packages/{package_id}", summary="套餐详情（门店与项目）", response_model=MemberPackageOut)
async def member_package(
    package_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Identity = Depends(require_member),
) -> dict[str, Any]:
    return await service.bookable_package(session, package_id)


@app_router.get("/hospitals/{hospital_id}/schedule", summary="门店某月每天的剩余名额", response_model=MemberSchedule)
async def member_schedule(
    hospital_id: Id,
    month: str = Query(..., pattern=r"^\d{4}-\d{2}$"),
    session: AsyncSession = Depends(db_session),
    _: Identity = Depends(require_member),
) -> dict[str, Any]:
    return await service.member_schedule(session, hospital_id, month)
