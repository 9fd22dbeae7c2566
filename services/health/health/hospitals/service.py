"""Hospitals, staff and schedules: lists, writes (each commits), reference checks, the month view and the
bulk set."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from health.catalogue.models import Brand
from health.catalogue.service import brand_options
from health.common import (
    ACTIVE_LABELS,
    CHANNEL_LABELS,
    actor_columns,
    created_by,
    delete_row,
    get_or_404,
    patch_values,
    require_row,
    unique_guard,
)
from health.hospitals.models import District, Hospital, HospitalStaff, Schedule
from health.hospitals.schemas import (
    HospitalFilters,
    HospitalIn,
    HospitalPatch,
    ScheduleSet,
    StaffFilters,
    StaffIn,
    StaffPatch,
)
from shared.concurrency import resolve_version, update_versioned
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, options, paginate
from shared.problems import Problem, field_error

WEEKDAY_LABELS = ("一", "二", "三", "四", "五", "六", "日")


def active_row_fields(row: Hospital | HospitalStaff) -> dict[str, Any]:
    """How a hospital and a staff member both end: 启用/停用, who made the row and when, its version."""
    return {
        "status": row.status,
        "status_label": ACTIVE_LABELS[row.status],
        "created_by": created_by(row),
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "version": row.version,
    }


async def joined_detail(
    session: AsyncSession, stmt: Any, to_out: Callable[[Any, str], dict[str, Any]], label: str
) -> dict[str, Any]:
    """The one (row, joined name) of `stmt` as `to_out` shows it, or 404 «<label>不存在». It is read afresh
    (populate_existing), since it is also the answer of a write whose session still holds the old row."""
    row = (await session.execute(stmt.execution_options(populate_existing=True))).first()
    if row is None:
        raise Problem(404, "not_found", f"{label}不存在")
    return to_out(row[0], row[1])


def hospital_out(hospital: Hospital, brand_name: str) -> dict[str, Any]:
    return {
        "id": hospital.id,
        "name": hospital.name,
        "brand_id": hospital.brand_id,
        "brand_name": brand_name,
        "channel": hospital.channel,
        "channel_label": CHANNEL_LABELS[hospital.channel],
        "phone": hospital.phone,
        "business_hours": hospital.business_hours,
        "province": hospital.province,
        "city": hospital.city,
        "district": hospital.district,
        "district_id": hospital.district_id,
        "region": " ".join(p for p in (hospital.province, hospital.city, hospital.district) if p),
        "address": hospital.address,
        **active_row_fields(hospital),
    }


def hospital_select() -> Any:
    return select(Hospital, Brand.name).join(Brand, Brand.id == Hospital.brand_id)


async def hospital_detail(session: AsyncSession, hospital_id: int) -> dict[str, Any]:
    return await joined_detail(session, hospital_select().where(Hospital.id == hospital_id), hospital_out, "医院")


HOSPITAL_SORTABLE = {"id": Hospital.id, "name": Hospital.name, "created_at": Hospital.created_at}


async def list_hospitals(session: AsyncSession, filters: HospitalFilters, params: PageParams) -> dict[str, Any]:
    stmt = hospital_select()
    if (clause := keyword_clause(filters.keyword, Hospital.name, Hospital.address, Hospital.phone)) is not None:
        stmt = stmt.where(clause)
    for column, value in (
        (Hospital.brand_id, filters.brand_id), (Hospital.channel, filters.channel),
        (Hospital.district_id, filters.district_id), (Hospital.status, filters.status),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    stmt = apply_sort(stmt, params.sort, HOSPITAL_SORTABLE, [Hospital.id.asc()])
    rows, total = await paginate(session, stmt, params, scalars=False, row=lambda r: hospital_out(r[0], r[1]))
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {
            "brand_list": await brand_options(session),
            "district_list": await district_options(session),
            "channel_list": enum_options(CHANNEL_LABELS),
            "status_list": enum_options(ACTIVE_LABELS),
        }
    return list_response(rows, total, params, option_lists)


async def create_hospital(session: AsyncSession, body: HospitalIn, actor: dict[str, Any]) -> dict[str, Any]:
    values = dict(body)
    await resolve_hospital_refs(session, values)
    hospital = Hospital(**values, **actor_columns(actor))
    async with unique_guard(session, "name", "医院名称已存在"):
        session.add(hospital)
        await session.commit()
    return await hospital_detail(session, hospital.id)


async def update_hospital(
    session: AsyncSession, hospital_id: int, body: HospitalPatch, if_match: int | None
) -> dict[str, Any]:
    values = patch_values(body, nullable=frozenset({"district_id"}))
    await get_or_404(session, Hospital, hospital_id, "医院")
    await resolve_hospital_refs(session, values)
    async with unique_guard(session, "name", "医院名称已存在"):
        await update_versioned(session, Hospital, hospital_id, resolve_version(body.version, if_match), values)
        await session.commit()
    return await hospital_detail(session, hospital_id)


async def delete_hospital(session: AsyncSession, hospital_id: int) -> None:
    await delete_row(session, await get_or_404(session, Hospital, hospital_id, "医院"), "医院")


async def resolve_hospital_refs(session: AsyncSession, values: dict[str, Any]) -> None:
    """Checks brand and district; the district's name is copied so 省市区 reads without a join."""
    if "brand_id" in values:
        await require_row(session, Brand, values["brand_id"], "brand_id", "品牌")
    if "district_id" in values:
        district = await require_row(session, District, values["district_id"], "district_id", "区县")
        values["district"] = district.name if district else ""


async def hospital_options(session: AsyncSession, brand_id: int | None = None) -> list[dict[str, str]]:
    stmt = select(Hospital.id, Hospital.name).order_by(Hospital.id)
    if brand_id is not None:
        stmt = stmt.where(Hospital.brand_id == brand_id)
    return options((await session.execute(stmt)).all())


async def district_options(session: AsyncSession) -> list[dict[str, str]]:
    rows = await session.execute(select(District.id, District.name).order_by(District.sort, District.id))
    return options(rows.all())


def staff_out(staff: HospitalStaff, hospital_name: str) -> dict[str, Any]:
    return {
        "id": staff.id,
        "hospital_id": staff.hospital_id,
        "hospital_name": hospital_name,
        "name": staff.name,
        "phone": staff.phone,
        "email": staff.email,
        "position": staff.position,
        **active_row_fields(staff),
    }


def staff_select() -> Any:
    return select(HospitalStaff, Hospital.name).join(Hospital, Hospital.id == HospitalStaff.hospital_id)


async def staff_detail(session: AsyncSession, staff_id: int) -> dict[str, Any]:
    return await joined_detail(session, staff_select().where(HospitalStaff.id == staff_id), staff_out, "员工")


STAFF_SORTABLE = {"id": HospitalStaff.id, "name": HospitalStaff.name, "created_at": HospitalStaff.created_at}
DUPLICATE_PHONE = "该医院已有此手机号的员工"


async def list_staff(session: AsyncSession, filters: StaffFilters, params: PageParams) -> dict[str, Any]:
    stmt = staff_select()
    if (clause := keyword_clause(filters.keyword, HospitalStaff.name, HospitalStaff.phone)) is not None:
        stmt = stmt.where(clause)
    if filters.hospital_id is not None:
        stmt = stmt.where(HospitalStaff.hospital_id == filters.hospital_id)
    if filters.status is not None:
        stmt = stmt.where(HospitalStaff.status == filters.status)
    stmt = apply_sort(stmt, params.sort, STAFF_SORTABLE, [HospitalStaff.id.asc()])
    rows, total = await paginate(session, stmt, params, scalars=False, row=lambda r: staff_out(r[0], r[1]))
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {"hospital_list": await hospital_options(session), "status_list": enum_options(ACTIVE_LABELS)}
    return list_response(rows, total, params, option_lists)


async def create_staff(session: AsyncSession, body: StaffIn, actor: dict[str, Any]) -> dict[str, Any]:
    await require_row(session, Hospital, body.hospital_id, "hospital_id", "医院")
    staff = HospitalStaff(**dict(body), **actor_columns(actor))
    async with unique_guard(session, "phone", DUPLICATE_PHONE):
        session.add(staff)
        await session.commit()
    return await staff_detail(session, staff.id)


async def update_staff(session: AsyncSession, staff_id: int, body: StaffPatch, if_match: int | None) -> dict[str, Any]:
    values = patch_values(body)
    if "hospital_id" in values:
        await require_row(session, Hospital, values["hospital_id"], "hospital_id", "医院")
    async with unique_guard(session, "phone", DUPLICATE_PHONE):
        await update_versioned(session, HospitalStaff, staff_id, resolve_version(body.version, if_match), values)
        await session.commit()
    return await staff_detail(session, staff_id)


async def delete_staff(session: AsyncSession, staff_id: int) -> None:
    await delete_row(session, await get_or_404(session, HospitalStaff, staff_id, "员工"), "员工")


# ---------------------------------------------------------------- schedules


def parse_month(month: str) -> tuple[date, date]:
    """`2026-12` -> (first day, last day)."""
    try:
        year_text, month_text = month.split("-")
        year, month_number = int(year_text), int(month_text)
        first = date(year, month_number, 1)
    except ValueError as exc:
        raise field_error("month", "月份格式应为 YYYY-MM", "invalid_month") from exc
    return first, date(year, month_number, calendar.monthrange(year, month_number)[1])


async def month_view(session: AsyncSession, hospital_id: int, month: str) -> dict[str, Any]:
    """排班日历: every day of the month; a day never scheduled has no capacity."""
    hospital = await session.get(Hospital, hospital_id)
    if hospital is None:
        raise Problem(404, "not_found", "医院不存在")
    first, last = parse_month(month)
    rows = (
        await session.execute(
            select(Schedule).where(Schedule.hospital_id == hospital_id, Schedule.day.between(first, last))
        )
    ).scalars()
    by_day = {row.day: row for row in rows}
    days = []
    day = first
    while day <= last:
        row = by_day.get(day)
        capacity, booked, closed = (row.capacity, row.booked, row.closed) if row else (0, 0, False)
        days.append({
            "day": day,
            "weekday": day.isoweekday(),
            "weekday_label": f"周{WEEKDAY_LABELS[day.weekday()]}",
            "capacity": capacity,
            "booked": booked,
            "available": 0 if closed else capacity - booked,
            "closed": closed,
            "scheduled": row is not None,
        })
        day += timedelta(days=1)
    return {
        "hospital_id": hospital.id,
        "hospital_name": hospital.name,
        "month": f"{first:%Y-%m}",
        "total_capacity": sum(d["capacity"] for d in days if not d["closed"]),
        "total_booked": sum(d["booked"] for d in days),
        "days": days,
    }


def expand_schedule(body: ScheduleSet) -> list[dict[str, Any]]:
    if body.days:
        return [{"day": d.day, "capacity": d.capacity, "closed": d.closed} for d in body.days]
    assert body.day_from is not None and body.day_to is not None and body.capacity is not None
    weekdays = set(body.weekdays)
    result = []
    day = body.day_from
    while day <= body.day_to:
        if day.isoweekday() in weekdays:
            result.append({"day": day, "capacity": body.capacity, "closed": body.closed})
        day += timedelta(days=1)
    return result


async def set_schedule(session: AsyncSession, hospital_id: int, body: ScheduleSet) -> int:
    """Upserts the days in one statement and commits. A capacity below what is already booked is refused for
    the whole request (409, nothing written): bookings are never silently dropped."""
    if await session.get(Hospital, hospital_id) is None:
        raise Problem(404, "not_found", "医院不存在")
    days = expand_schedule(body)
    if not days:
        raise field_error("weekdays", "所选范围内没有符合条件的日期")
    stmt = pg_insert(Schedule).values([{"hospital_id": hospital_id, **d} for d in days])
    stmt = stmt.on_conflict_do_update(
        constraint="uq_schedules_hospital_day",
        set_={"capacity": stmt.excluded.capacity, "closed": stmt.excluded.closed, "updated_at": func.now()},
        where=Schedule.booked <= stmt.excluded.capacity,
    ).returning(Schedule.day)
    written = set((await session.execute(stmt)).scalars())
    refused = sorted(d["day"] for d in days if d["day"] not in written)
    if refused:
        await session.rollback()
        raise Problem(
            409,
            "capacity_below_booked",
            "可预约人数不能少于已预约人数",
            errors=[{"field": "capacity", "message": f"{d.isoformat()} 已预约人数多于新的可预约人数"} for d in refused],
        )
    await session.commit()
    return len(written)
