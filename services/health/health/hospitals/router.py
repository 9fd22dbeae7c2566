"""Admin API: /api/health/hospitals (+ schedule), /api/health/hospital-staff, /api/health/districts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from health.catalogue.service import brand_options
from health.common import (
    ACTIVE_LABELS,
    CHANNEL_LABELS,
    actor_columns,
    delete_row,
    get_or_404,
    patch_values,
    require_row,
    unique_guard,
)
from health.hospitals import service
from health.hospitals.models import Hospital, HospitalStaff
from health.hospitals.schemas import HospitalIn, HospitalPatch, ScheduleSet, StaffIn, StaffPatch
from health.hospitals.service import district_options, hospital_options
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version, update_versioned
from shared.identity import Principal, Require
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, page_params, paginate

router = APIRouter(prefix="/api/health", tags=["体检管理: 医院/员工/排班"])


@router.get("/hospitals", summary="医院列表")
async def list_hospitals(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=100),
    brand_id: int | None = Query(None, ge=1),
    channel: str | None = Query(None, pattern="^(online|offline|both)$"),
    district_id: int | None = Query(None, ge=1),
    status: str | None = Query(None, pattern="^(active|disabled)$"),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital:list")),
) -> dict[str, Any]:
    stmt = service.hospital_select()
    if (clause := keyword_clause(keyword, Hospital.name, Hospital.address, Hospital.phone)) is not None:
        stmt = stmt.where(clause)
    for column, value in (
        (Hospital.brand_id, brand_id), (Hospital.channel, channel),
        (Hospital.district_id, district_id), (Hospital.status, status),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    sortable = {"id": Hospital.id, "name": Hospital.name, "created_at": Hospital.created_at}
    stmt = apply_sort(stmt, params.sort, sortable, [Hospital.id.asc()])
    rows, total = await paginate(session, stmt, params, scalars=False, row=lambda r: service.hospital_out(r[0], r[1]))
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {
            "brand_list": await brand_options(session),
            "district_list": await district_options(session),
            "channel_list": enum_options(CHANNEL_LABELS),
            "status_list": enum_options(ACTIVE_LABELS),
        }
    return list_response(rows, total, params, option_lists)


@router.get("/districts", summary="区县选项")
async def list_districts(
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital:list")),
) -> dict[str, Any]:
    return {"district_list": await district_options(session)}


@router.get("/hospitals/{hospital_id}", summary="医院详情")
async def get_hospital(
    hospital_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital:list")),
) -> dict[str, Any]:
    return await service.hospital_detail(session, hospital_id)


@router.post("/hospitals", status_code=201, summary="新增医院")
async def create_hospital(
    body: HospitalIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:hospital:create")),
) -> dict[str, Any]:
    values = dict(body)
    await service.resolve_hospital_refs(session, values)
    hospital = Hospital(**values, **actor_columns(principal.actor))
    async with unique_guard(session, "name", "医院名称已存在"):
        session.add(hospital)
        await session.commit()
    return await service.hospital_detail(session, hospital.id)


@router.patch("/hospitals/{hospital_id}", summary="修改医院")
async def update_hospital(
    hospital_id: int,
    body: HospitalPatch,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital:update")),
) -> dict[str, Any]:
    values = patch_values(body, nullable=frozenset({"district_id"}))
    await get_or_404(session, Hospital, hospital_id, "医院")
    await service.resolve_hospital_refs(session, values)
    async with unique_guard(session, "name", "医院名称已存在"):
        await update_versioned(session, Hospital, hospital_id, resolve_version(body.version, if_match), values)
        await session.commit()
    return await service.hospital_detail(session, hospital_id)


@router.delete("/hospitals/{hospital_id}", status_code=204, summary="删除医院")
async def delete_hospital(
    hospital_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital:delete")),
) -> Response:
    await delete_row(session, await get_or_404(session, Hospital, hospital_id, "医院"), "医院")
    return Response(status_code=204)


# ---------------------------------------------------------------- schedule


@router.get("/hospitals/{hospital_id}/schedule", summary="排班日历（按月）")
async def get_schedule(
    hospital_id: int,
    month: str = Query(..., pattern=r"^\d{4}-\d{2}$", examples=["2026-12"]),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:schedule:list")),
) -> dict[str, Any]:
    return await service.month_view(session, hospital_id, month)


@router.put("/hospitals/{hospital_id}/schedule", summary="批量设置排班（可预约人数、休息日）")
async def put_schedule(
    hospital_id: int,
    body: ScheduleSet,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:schedule:update")),
) -> dict[str, Any]:
    written = await service.set_schedule(session, hospital_id, body)
    await session.commit()
    return {"updated_days": written}


# ---------------------------------------------------------------- staff


@router.get("/hospital-staff", summary="医院员工列表")
async def list_staff(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=50),
    hospital_id: int | None = Query(None, ge=1),
    status: str | None = Query(None, pattern="^(active|disabled)$"),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital_staff:list")),
) -> dict[str, Any]:
    stmt = service.staff_select()
    if (clause := keyword_clause(keyword, HospitalStaff.name, HospitalStaff.phone)) is not None:
        stmt = stmt.where(clause)
    if hospital_id is not None:
        stmt = stmt.where(HospitalStaff.hospital_id == hospital_id)
    if status is not None:
        stmt = stmt.where(HospitalStaff.status == status)
    sortable = {"id": HospitalStaff.id, "name": HospitalStaff.name, "created_at": HospitalStaff.created_at}
    stmt = apply_sort(stmt, params.sort, sortable, [HospitalStaff.id.asc()])
    rows, total = await paginate(session, stmt, params, scalars=False, row=lambda r: service.staff_out(r[0], r[1]))
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {"hospital_list": await hospital_options(session), "status_list": enum_options(ACTIVE_LABELS)}
    return list_response(rows, total, params, option_lists)


@router.get("/hospital-staff/{staff_id}", summary="医院员工详情")
async def get_staff(
    staff_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital_staff:list")),
) -> dict[str, Any]:
    return await service.staff_detail(session, staff_id)


@router.post("/hospital-staff", status_code=201, summary="新增医院员工")
async def create_staff(
    body: StaffIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:hospital_staff:create")),
) -> dict[str, Any]:
    await get_hospital_ref(session, body.hospital_id)
    staff = HospitalStaff(**dict(body), **actor_columns(principal.actor))
    async with unique_guard(session, "phone", "该医院已有此手机号的员工"):
        session.add(staff)
        await session.commit()
    return await service.staff_detail(session, staff.id)


@router.patch("/hospital-staff/{staff_id}", summary="修改医院员工")
async def update_staff(
    staff_id: int,
    body: StaffPatch,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital_staff:update")),
) -> dict[str, Any]:
    values = patch_values(body)
    if "hospital_id" in values:
        await get_hospital_ref(session, values["hospital_id"])
    async with unique_guard(session, "phone", "该医院已有此手机号的员工"):
        await update_versioned(session, HospitalStaff, staff_id, resolve_version(body.version, if_match), values)
        await session.commit()
    return await service.staff_detail(session, staff_id)


@router.delete("/hospital-staff/{staff_id}", status_code=204, summary="删除医院员工")
async def delete_staff(
    staff_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:hospital_staff:delete")),
) -> Response:
    await delete_row(session, await get_or_404(session, HospitalStaff, staff_id, "员工"), "员工")
    return Response(status_code=204)


async def get_hospital_ref(session: AsyncSession, hospital_id: int) -> None:
    await require_row(session, Hospital, hospital_id, "hospital_id", "医院")
