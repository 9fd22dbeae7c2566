"""/api/health/packages (admin) and /app/health/packages (members: what can be booked, where)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

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
from shared.app import db_session
from shared.concurrency import expected_version
from shared.identity import Identity, Principal, Require, require_member
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


@router.get("/packages", summary="套餐列表", response_model=PackagePage, response_model_exclude_unset=True)
async def list_packages(
    params: PageParams = Depends(page_params),
    filters: PackageFilters = Depends(package_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:package:list")),
) -> dict[str, Any]:
    return await service.list_packages(session, filters, params)


@router.get("/packages/{package_id}", summary="套餐详情（含套餐单项）", response_model=PackageOut)
async def get_package(
    package_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:package:list")),
) -> dict[str, Any]:
    return await service.package_detail(session, package_id)


@router.post("/packages", status_code=201, summary="新增套餐", response_model=PackageOut)
async def create_package(
    body: PackageIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:package:create")),
) -> dict[str, Any]:
    return await service.create_package(session, body, principal.actor)


@router.patch("/packages/{package_id}", summary="修改套餐（含套餐单项、门店、分类）", response_model=PackageOut)
async def update_package(
    package_id: Id,
    body: PackagePatch,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:package:update")),
) -> dict[str, Any]:
    return await service.update_package(session, package_id, body, if_match)


@router.delete("/packages/{package_id}", status_code=204, summary="删除套餐", response_class=Response)
async def delete_package(
    package_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:package:delete")),
) -> Response:
    await service.delete_package(session, package_id)
    return Response(status_code=204)


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
