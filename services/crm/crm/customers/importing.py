"""Customer import (导入客户) from an .xlsx: every row checked first, then all created or none."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.common import normalise_name, utcnow
from crm.customers.models import Customer
from crm.customers.schemas import CustomerCreate, ImportOut
from crm.customers.service import add_customer
from crm.staff.models import Staff
from shared.identity import Principal
from shared.problems import Problem

log = structlog.get_logger("crm.customers")

IMPORT_COLUMNS: list[tuple[str, str]] = [
    ("name", "客户名称"),
    ("level", "客户级别"),
    ("admin_level", "行政级别"),
    ("parent_unit", "一级单位"),
    ("industry", "行业"),
    ("industry_attr", "行业属性"),
    ("headcount", "人数"),
    ("credit_code", "统一社会信用代码"),
    ("legal_rep", "法定代表人"),
    ("address", "地址"),
    ("phone", "电话"),
    ("business_scope", "经营范围"),
    ("source", "客户来源"),
    ("owner", "跟进人"),
    ("contact_name", "联系人"),
    ("contact_title", "联系人职务"),
    ("contact_phone", "联系人电话"),
    ("note", "备注"),
]
_LABELS = dict(IMPORT_COLUMNS)
# The columns that are the customer's own fields; the owner and the contact columns are looked up or nested.
_CUSTOMER_FIELDS = tuple(key for key, _ in IMPORT_COLUMNS if key != "owner" and not key.startswith("contact_"))


@dataclass
class ImportResult:
    created: list[Customer]
    skipped: list[dict[str, Any]]


def _row_payload(raw: Mapping[str, str]) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for key in _CUSTOMER_FIELDS:
        value = (raw.get(key) or "").strip()
        if value:
            payload[key] = value.upper() if key in ("level", "credit_code") else value
    if (raw.get("contact_name") or "").strip():
        payload["contacts"] = [
            {
                "name": raw["contact_name"],
                "title": raw.get("contact_title") or "",
                "phone": raw.get("contact_phone") or "",
            }
        ]
    return payload


async def import_customers(
    session: AsyncSession,
    rows: Sequence[tuple[int, Mapping[str, str]]],
    actor: Mapping[str, Any],
    now: datetime,
    *,
    review_status: str = "pending",
    skip_duplicates: bool = False,
    principal: Principal | None = None,
) -> ImportResult:
    """Validates every row first; any bad row -> one 422 listing each row and field, and nothing written.

    `skip_duplicates` (the demo loader) skips names already on file or repeated in the file instead."""
    errors: list[dict[str, Any]] = []
    parsed: list[tuple[int, CustomerCreate, Staff | None]] = []
    seen: dict[str, int] = {}
    skipped: list[dict[str, Any]] = []
    staff_rows = (await session.execute(select(Staff).where(Staff.active))).scalars().all()
    staff_by_key: dict[str, Staff] = {}
    for s in staff_rows:
        staff_by_key.update({str(s.staff_id): s, s.username: s, s.name: s})

    def bad(row: int, field: str, message: str) -> None:
        errors.append({"row": row, "field": field, "label": _LABELS.get(field, field), "message": message})

    for number, raw in rows:
        try:
            data = CustomerCreate.model_validate(_row_payload(raw))
        except ValidationError as exc:
            for e in exc.errors():
                loc = [str(p) for p in e["loc"]]
                field = {"contacts": "contact_" + (loc[-1] if len(loc) > 2 else "name")}.get(loc[0], loc[0])
                bad(number, field, e["msg"])
            continue
        name = normalise_name(data.name)
        if not name:
            bad(number, "name", "客户名称不能为空")
            continue
        if name in seen:
            if skip_duplicates:
                skipped.append({"row": number, "name": name, "reason": f"与第 {seen[name]} 行重复"})
                continue
            bad(number, "name", f"与第 {seen[name]} 行重复：{name}")
            continue
        seen[name] = number
        owner_key = (raw.get("owner") or "").strip()
        owner = None
        if owner_key:
            owner = staff_by_key.get(owner_key)
            if owner is None:
                bad(number, "owner", f"找不到员工：{owner_key}")
                continue
            if principal is not None and not principal.scope.allows(owner.staff_id, owner.dept_id):
                bad(number, "owner", f"员工 {owner.name} 不在你的数据范围内")
                continue
        parsed.append((number, data.model_copy(update={"name": name}), owner))

    if parsed:
        existing = {
            r.name: r
            for r in (
                await session.execute(
                    select(Customer.id, Customer.name, Customer.owner_name).where(
                        Customer.name.in_([d.name for _, d, _ in parsed]), Customer.deleted_at.is_(None)
                    )
                )
            ).all()
        }
        codes = [d.credit_code for _, d, _ in parsed if d.credit_code]
        taken_codes = set()
        if codes:
            taken_codes = set(
                (
                    await session.scalars(
                        select(Customer.credit_code).where(
                            Customer.credit_code.in_(codes), Customer.deleted_at.is_(None)
                        )
                    )
                ).all()
            )
        kept: list[tuple[int, CustomerCreate, Staff | None]] = []
        for number, data, owner in parsed:
            hit = existing.get(data.name)
            if hit is not None:
                holder = hit.owner_name or "公海"
                if skip_duplicates:
                    skipped.append({"row": number, "name": data.name, "reason": f"已存在（ID {hit.id}）"})
                    continue
                bad(number, "name", f"客户已存在：ID {hit.id}，跟进人：{holder}")
                continue
            if data.credit_code and data.credit_code in taken_codes:
                bad(number, "credit_code", "统一社会信用代码已被其他客户使用")
                continue
            kept.append((number, data, owner))
        parsed = kept

    if errors:
        errors.sort(key=lambda e: e["row"])
        raise Problem(
            422,
            "import_rejected",
            f"导入失败：{len({e['row'] for e in errors})} 行有错误，未导入任何数据",
            errors=errors,
        )
    created = [
        await add_customer(session, data, actor, now, owner=owner, review_status=review_status)
        for _, data, owner in parsed
    ]
    for item in skipped:
        log.info("import_row_skipped", **item)
    return ImportResult(created=created, skipped=skipped)


async def import_file(
    session: AsyncSession, principal: Principal, rows: Sequence[tuple[int, Mapping[str, str]]]
) -> ImportOut:
    """The import route: the caller's rows, owners within the caller's scope, one transaction."""
    result = await import_customers(session, rows, principal.actor, utcnow(), principal=principal)
    await session.commit()
    return ImportOut(created=len(result.created), ids=[c.id for c in result.created])
