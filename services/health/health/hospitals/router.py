"""Admin API: /api/health/hospitals (+ schedule), /api/health/hospital-staff, /api/health/districts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from health.common import Keyword
from health.hospitals import service
from health.hospitals.schemas import (
    ActiveStatus,
    Channel,
    DistrictOptions,
    HospitalFilters,
    HospitalIn,
    HospitalOut,
    HospitalPage,
    HospitalPatch,
    MonthSchedule,
    ScheduleSet,
    ScheduleWritten,
    StaffFilters,
    StaffIn,
    StaffOut,
    StaffPage,
    StaffPatch,
)
from shared.app import db_session
from shared.concurrency import expected_version
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
from shared.types import Id

router = APIRouter(prefix="/api/health", tags=["体检管理: 医院/员工/排班"])
MONTH = Query(..., pattern=r"^\d{4}-\d{2}$", examples=["2026-12"])


async def hospital_filters(
    keyword: Keyword | None = None,
    brand_id: Id | None = None,
    channel: Channel | None = None,
    district_id: Id | None = None,
    status: ActiveStatus | None = None,
) -> HospitalFilters:
    return HospitalFilters(keyword=keyword, brand_id=brand_id, channel=channel, district_id=district_id,
                           status=status)


@router.get("/hospitals", summary="医院列表", response_model=HospitalPage, response_model_exclude_unset=True)
async def list_hospitals(
    params: PageParams = Depends(page_params),
    filters: HospitalFilters = Depends(hospital_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital:list")),
) -> dict[str, Any]:
    return await service.list_hospitals(session, filters, params)


@router.get("/districts", summary="区县选项", response_model=DistrictOptions)
async def list_districts(
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital:list")),
) -> dict[str, Any]:
    return {"district_list": await service.district_options(session)}


@router.get("/hospitals/{hospital_id}", summary="医院详情", response_model=HospitalOut)
async def get_hospital(
    hospital_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital:list")),
) -> dict[str, Any]:
    return await service.hospital_detail(session, hospital_id)


@router.post("/hospitals", status_code=201, summary="新增医院", response_model=HospitalOut)
async def create_hospital(
    body: HospitalIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:hospital:create")),
) -> dict[str, Any]:
    return await service.create_hospital(session, body, principal.actor)


@router.patch("/hospitals/{hospital_id}", summary="修改医院", response_model=HospitalOut)
async def update_hospital(
    hospital_id: Id,
    body: HospitalPatch,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital:update")),
) -> dict[str, Any]:
    return await service.update_hospital(session, hospital_id, body, if_match)


@router.delete("/hospitals/{hospital_id}", status_code=204, summary="删除医院", response_class=Response)
async def delete_hospital(
    hospital_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital:delete")),
) -> Response:
    await service.delete_hospital(session, hospital_id)
    return Response(status_code=204)


# ---------------------------------------------------------------- schedule


@router.get("/hospitals/{hospital_id}/schedule", summary="排班日历（按月）", response_model=MonthSchedule)
async def get_schedule(
    hospital_id: Id,
    month: str = MONTH,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:schedule:list")),
) -> dict[str, Any]:
    return await service.month_view(session, hospital_id, month)


@router.put("/hospitals/{hospital_id}/schedule", summary="批量设置排班（可预约人数、休息日）",
            response_model=ScheduleWritten)
async def put_schedule(
    hospital_id: Id,
    body: ScheduleSet,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:schedule:update")),
) -> dict[str, Any]:
    return {"updated_days": await service.set_schedule(session, hospital_id, body)}


# ---------------------------------------------------------------- staff


async def staff_filters(
    keyword: Keyword | None = Query(None, max_length=50),
    hospital_id: Id | None = None,
    status: ActiveStatus | None = None,
) -> StaffFilters:
    return StaffFilters(keyword=keyword, hospital_id=hospital_id, status=status)


@router.get("/hospital-staff", summary="医院员工列表", response_model=StaffPage, response_model_exclude_unset=True)
async def list_staff(
    params: PageParams = Depends(page_params),
    filters: StaffFilters = Depends(staff_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital_staff:list")),
) -> dict[str, Any]:
    return await service.list_staff(session, filters, params)


@router.get("/hospital-staff/{staff_id}", summary="医院员工详情", response_model=StaffOut)
async def get_staff(
    staff_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital_staff:list")),
) -> dict[str, Any]:
    return await service.staff_detail(session, staff_id)


@router.post("/hospital-staff", status_code=201, summary="新增医院员工", response_model=StaffOut)
async def create_staff(
    body: StaffIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:hospital_staff:create")),
) -> dict[str, Any]:
    return await service.create_staff(session, body, principal.actor)


@router.patch("/hospital-staff/{staff_id}", summary="修改医院员工", response_model=StaffOut)
async def update_staff(
    staff_id: Id,
    body: StaffPatch,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital_staff:update")),
) -> dict[str, Any]:
    return await service.update_staff(session, staff_id, body, if_match)


@router.delete("/hospital-staff/{staff_id}", status_code=204, summary="删除医院员工", response_class=Response)
async def delete_staff(
    staff_id: Id,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital_staff:delete")),
) -> Response:
    await service.delete_staff(session, staff_id)
    return Response(status_code=204)
