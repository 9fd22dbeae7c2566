"""Admin API: /api/health/hospitals (+ schedule), /api/health/hospital-staff, /api/health/districts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from health.catalogue.router import with_actor
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
from shared.admin_pages import AdminPage, add_admin_page
from shared.app import db_session
from shared.identity import Principal, Require
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


add_admin_page(router, AdminPage(
    path="/hospitals", id_name="hospital_id", singular="hospital", plural="hospitals", label="医院",
    code="health:hospital", page=HospitalPage, out=HospitalOut, create_in=HospitalIn, patch_in=HospitalPatch,
    filters=hospital_filters, page_params_first=True, list_rows=service.list_hospitals,
    get_row=service.hospital_detail, create_row=with_actor(service.create_hospital),
    update_row=service.update_hospital, delete_row=service.delete_hospital,
))


@router.get("/districts", summary="区县选项", response_model=DistrictOptions)
async def list_districts(
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital:list")),
) -> dict[str, Any]:
    return {"district_list": await service.district_options(session)}


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


add_admin_page(router, AdminPage(
    path="/hospital-staff", id_name="staff_id", singular="staff", plural="staff", label="医院员工",
    code="health:hospital_staff", page=StaffPage, out=StaffOut, create_in=StaffIn, patch_in=StaffPatch,
    filters=staff_filters, page_params_first=True, list_rows=service.list_staff, get_row=service.staff_detail,
    create_row=with_actor(service.create_staff), update_row=service.update_staff, delete_row=service.delete_staff,
))
