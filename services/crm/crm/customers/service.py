"""Customer rules: normalised unique names, review, locking, release, owner moves, history and events."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from pydantic import ValidationError
from sqlalchemy import ColumnElement, Select, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from crm.common import name_initials, normalise_name
from crm.contracts.models import Contract
from crm.customers.models import Contact, Customer
from crm.customers.schemas import CustomerCreate, CustomerUpdate
from crm.history.service import record, record_changes
from crm.payments.models import Payment
from crm.staff.models import Staff
from crm.staff.service import get_staff
from shared.bus import emit
from shared.events.common import Actor
from shared.events.crm import CustomerCreated, CustomerOwnerChanged, CustomerUpdated
from shared.identity import Principal
from shared.privacy import mask_phone
from shared.problems import Problem

log = structlog.get_logger("crm.customers")

# Fields kept in history on edit (contacts are recorded as one summarised field).
TRACKED_FIELDS = (
    "name",
    "level",
    "admin_level",
    "parent_unit",
    "industry",
    "industry_attr",
    "headcount",
    "credit_code",
    "legal_rep",
    "address",
    "phone",
    "business_scope",
    "source",
    "credit_note",
    "note",
)


# ---------------------------------------------------------------- reading within the data scope


def scope_clause(principal: Principal) -> ColumnElement[bool]:
    return principal.scope.clause(Customer.owner_id, Customer.dept_id)


def can_see(principal: Principal, customer: Customer) -> bool:
    if customer.owner_id is None:
        # Pool customers belong to nobody: the pool's readers and all-data roles see them.
        return principal.scope.all or principal.can("crm:pool:list")
    return principal.scope.allows(customer.owner_id, customer.dept_id)


async def load_customer(
    session: AsyncSession,
    customer_id: int,
    principal: Principal | None,
    *,
    for_update: bool = False,
    include_deleted: bool = False,
) -> Customer:
    """The customer if the caller may see it; otherwise 404 (never 403: ids are not confirmed)."""
    stmt = select(Customer).where(Customer.id == customer_id)
    if not include_deleted:
        stmt = stmt.where(Customer.deleted_at.is_(None))
    if for_update:
        stmt = stmt.with_for_update()
    customer = (await session.execute(stmt)).scalar_one_or_none()
    if customer is None or (principal is not None and not can_see(principal, customer)):
        raise Problem(404, "not_found", "客户不存在")
    return customer


async def lock_customer_of(session: AsyncSession, table: Any, row_id: int) -> None:
    """Row locks are always taken customer -> contract -> payment (the order an owner change uses), so a
    payment or a review never deadlocks with an owner change of the same customer."""
    customer_id = await session.scalar(select(table.c.customer_id).where(table.c.id == row_id))
    if customer_id is not None:
        await session.execute(select(Customer.id).where(Customer.id == customer_id).with_for_update())


@dataclass(frozen=True)
class CustomerFilters:
    keyword: str | None = None
    customer_id: int | None = None
    level: str | None = None
    admin_level: str | None = None
    industry: str | None = None
    industry_attr: str | None = None
    source: str | None = None
    review_status: str | None = None
    owner_id: int | None = None
    dept_id: int | None = None
    locked: bool | None = None
    in_pool: bool | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    deleted: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None and v is not False}


def search_text(name: str) -> str:
    return f"{name.lower()} {name_initials(name)}"


def keyword_match(keyword: str) -> ColumnElement[bool]:
    """Name or pinyin initials (`ncs` finds 南昌市...), or an exact 18-character credit code."""
    kw = normalise_name(keyword).lower()
    escaped = kw.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    # pg_trgm cannot use fewer than three characters; then a full GIN scan would be the worst plan, so the
    # expression is written so that only the other filters' indexes apply.
    column = Customer.search_text if len(kw) >= 3 else Customer.search_text.concat("")
    match = column.like(f"%{escaped}%")
    if len(kw) == 18 and kw.isalnum():
        return or_(match, Customer.credit_code == kw.upper())
    return match


def filtered(stmt: Select[Any], f: CustomerFilters) -> Select[Any]:
    stmt = stmt.where(Customer.deleted_at.is_not(None) if f.deleted else Customer.deleted_at.is_(None))
    if f.keyword and f.keyword.strip():
        stmt = stmt.where(keyword_match(f.keyword))
    simple = {
        Customer.id: f.customer_id,
        Customer.level: f.level,
        Customer.admin_level: f.admin_level,
        Customer.industry: f.industry,
        Customer.industry_attr: f.industry_attr,
        Customer.source: f.source,
        Customer.review_status: f.review_status,
        Customer.owner_id: f.owner_id,
        Customer.dept_id: f.dept_id,
        Customer.locked: f.locked,
    }
    for column, value in simple.items():
        if value is not None:
            stmt = stmt.where(column == value)
    if f.in_pool is not None:
        stmt = stmt.where(Customer.owner_id.is_(None) if f.in_pool else Customer.owner_id.is_not(None))
    if f.created_from is not None:
        stmt = stmt.where(Customer.created_at >= f.created_from)
    if f.created_to is not None:
        stmt = stmt.where(Customer.created_at <= f.created_to)
    return stmt


def money(value: Any) -> str:
    return f"{value:.2f}"


def customer_row(c: Customer, *, full: bool = False) -> dict[str, Any]:
    """A list row (phone masked) or, with `full`, the whole record with contacts."""
    row: dict[str, Any] = {
        "id": c.id,
        "name": c.name,
        "level": c.level,
        "admin_level": c.admin_level,
        "parent_unit": c.parent_unit,
        "industry": c.industry,
        "industry_attr": c.industry_attr,
        "headcount": c.headcount,
        "deal_total": money(c.deal_total),
        "paid_total": money(c.paid_total),
        "owner_id": c.owner_id,
        "owner_name": c.owner_name,
        "dept_id": c.dept_id,
        "dept_name": c.dept_name,
        "in_pool": c.owner_id is None,
        "locked": c.locked,
        "source": c.source,
        "credit_code": c.credit_code,
        "legal_rep": c.legal_rep,
        "phone": c.phone if full else mask_phone(c.phone),
        "review_status": c.review_status,
        "review_status_label": {"pending": "待审核", "approved": "已审核", "rejected": "审核不通过"}[c.review_status],
        "reviewer": {"id": c.reviewer_id, "name": c.reviewer_name} if c.reviewed_at else None,
        "reviewed_at": c.reviewed_at,
        "review_reason": c.review_reason,
        "claimed_at": c.claimed_at,
        "last_follow_up_at": c.last_follow_up_at,
        "created_by": {"id": c.created_by_id, "name": c.created_by_name},
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "deleted_at": c.deleted_at,
        "version": c.version,
    }
    if full:
        row.update(
            address=c.address,
            business_scope=c.business_scope,
            credit_note=c.credit_note,
            note=c.note,
            previous_owner_id=c.previous_owner_id,
            previous_owner_name=c.previous_owner_name,
            released_at=c.released_at,
            release_reason=c.release_reason,
            release_note=c.release_note,
            dealt_at=c.dealt_at,
            contacts=[
                {
                    "id": ct.id,
                    "name": ct.name,
                    "title": ct.title,
                    "phone": ct.phone,
                    "email": ct.email,
                    "birthday": ct.birthday,
                    "decision_maker": ct.decision_maker,
                }
                for ct in c.contacts
            ],
        )
    return row


# ---------------------------------------------------------------- events


def snapshot(c: Customer) -> dict[str, Any]:
    return {
        "customer_id": c.id,
        "name": c.name,
        "level": c.level,
        "industry": c.industry,
        "owner_id": c.owner_id,
        "owner_name": c.owner_name,
        "dept_id": c.dept_id,
        "dept_name": c.dept_name,
        "review_status": c.review_status,
        "deleted": c.deleted_at is not None,
        "revision": c.revision,
    }


async def emit_updated(session: AsyncSession, c: Customer) -> None:
    c.revision += 1
    await session.flush()
    await emit(session, "crm", CustomerUpdated(**snapshot(c)))


# ---------------------------------------------------------------- uniqueness


async def ensure_name_free(session: AsyncSession, name: str, exclude_id: int | None = None) -> None:
    stmt = select(Customer.id, Customer.owner_name).where(Customer.name == name, Customer.deleted_at.is_(None))
    if exclude_id is not None:
        stmt = stmt.where(Customer.id != exclude_id)
    existing = (await session.execute(stmt)).first()
    if existing is not None:
        raise duplicate_name(name, existing.id, existing.owner_name)


def duplicate_name(name: str, existing_id: int, owner_name: str) -> Problem:
    holder = owner_name or "公海"
    return Problem(
        409,
        "duplicate_customer",
        f"客户「{name}」已存在（ID {existing_id}，跟进人：{holder}）",
        errors=[{"field": "name", "message": f"已存在，ID {existing_id}，跟进人：{holder}"}],
        existing_id=existing_id,
        existing_owner=holder,
    )


async def ensure_credit_code_free(session: AsyncSession, code: str | None, exclude_id: int | None = None) -> None:
    if not code:
        return
    stmt = select(Customer.id, Customer.name).where(Customer.credit_code == code, Customer.deleted_at.is_(None))
    if exclude_id is not None:
        stmt = stmt.where(Customer.id != exclude_id)
    existing = (await session.execute(stmt)).first()
    if existing is not None:
        raise Problem(
            409,
            "duplicate_credit_code",
            f"统一社会信用代码已被客户「{existing.name}」（ID {existing.id}）使用",
            errors=[{"field": "credit_code", "message": f"已被客户 ID {existing.id} 使用"}],
        )


def clean_name(raw: str) -> str:
    name = normalise_name(raw)
    if not name:
        raise Problem(422, "validation_error", "客户名称不能为空", errors=[{"field": "name", "message": "不能为空"}])
    return name


async def flush_unique(session: AsyncSession, name: str) -> None:
    """Flush, turning a lost race on the unique name into the same 409 as the pre-check."""
    try:
        await session.flush()
    except IntegrityError as exc:
        if "name" in str(exc.orig):
            raise Problem(
                409, "duplicate_customer", f"客户「{name}」已存在", errors=[{"field": "name", "message": "已存在"}]
            ) from exc
        raise Problem(
            409,
            "duplicate_credit_code",
            "统一社会信用代码已被使用",
            errors=[{"field": "credit_code", "message": "已被使用"}],
        ) from exc


# ---------------------------------------------------------------- writes


def _contacts(data: CustomerCreate | CustomerUpdate) -> list[Contact]:
    return [Contact(**ct.model_dump()) for ct in data.contacts]


async def create_customer(
    session: AsyncSession,
    data: CustomerCreate,
    actor: Mapping[str, Any],
    now: datetime,
    *,
    owner: Staff | None,
    review_status: str = "pending",
) -> Customer:
    """Adds a customer (first record wins) and queues `crm.CustomerCreated` in the same transaction."""
    name = clean_name(data.name)
    await ensure_name_free(session, name)
    await ensure_credit_code_free(session, data.credit_code)
    fields = data.model_dump(exclude={"name", "owner_id", "to_pool", "contacts"})
    customer = Customer(
        name=name,
        name_initials=name_initials(name),
        search_text=search_text(name),
        **fields,
        owner_id=owner.staff_id if owner else None,
        owner_name=owner.name if owner else "",
        dept_id=owner.dept_id if owner else None,
        dept_name=owner.dept_name if owner else "",
        claimed_at=now if owner else None,
        review_status=review_status,
        created_by_id=actor.get("id"),
        created_by_name=actor.get("name") or "",
        contacts=_contacts(data),
        revision=1,
        version=1,
    )
    if review_status == "approved":
        customer.reviewer_id, customer.reviewer_name, customer.reviewed_at = (
            actor.get("id"),
            actor.get("name") or "",
            now,
        )
    session.add(customer)
    await flush_unique(session, name)
    await record(session, "customer", customer.id, customer.id, "create", actor, new=name)
    await emit(session, "crm", CustomerCreated(**snapshot(customer)))
    return customer


async def update_customer(
    session: AsyncSession, customer: Customer, data: CustomerUpdate, version: int, actor: Mapping[str, Any]
) -> Customer:
    if customer.version != version:
        raise Problem(409, "version_conflict", "该记录已被他人修改，请刷新后重试", current_version=customer.version)
    changes = data.model_dump(exclude_unset=True, exclude={"version", "contacts"})
    if "name" in changes:
        if changes["name"] is None:
            raise Problem(
                422, "validation_error", "客户名称不能为空", errors=[{"field": "name", "message": "不能为空"}]
            )
        changes["name"] = clean_name(changes["name"])
        await ensure_name_free(session, changes["name"], exclude_id=customer.id)
        changes["name_initials"] = name_initials(changes["name"])
        changes["search_text"] = search_text(changes["name"])
    if "credit_code" in changes:
        await ensure_credit_code_free(session, changes["credit_code"], exclude_id=customer.id)
    before = {k: getattr(customer, k) for k in TRACKED_FIELDS}
    for key, value in changes.items():
        setattr(customer, key, value)
    after = {k: getattr(customer, k) for k in TRACKED_FIELDS if k in changes}
    changed = await record_changes(session, "customer", customer.id, customer.id, actor, before, after)
    if "contacts" in data.model_fields_set:
        old = "、".join(f"{c.name} {c.phone}".strip() for c in customer.contacts)
        customer.contacts = _contacts(data)
        new = "、".join(f"{c.name} {c.phone}".strip() for c in customer.contacts)
        if old != new:
            await record(
                session, "customer", customer.id, customer.id, "update", actor, field="contacts", old=old, new=new
            )
            changed += 1
    if customer.review_status == "rejected" and changed:
        # A rejected customer that is corrected goes back to review.
        await record(
            session,
            "customer",
            customer.id,
            customer.id,
            "resubmit",
            actor,
            field="review_status",
            old="rejected",
            new="pending",
        )
        customer.review_status = "pending"
    customer.version += 1
    await flush_unique(session, customer.name)
    if "name" in changes and changes["name"] != before["name"]:
        # Contracts keep a copy of the customer's name for their lists and events.
        await session.execute(
            update(Contract).where(Contract.customer_id == customer.id).values(customer_name=customer.name)
        )
    await emit_updated(session, customer)
    return customer


async def review_customer(
    session: AsyncSession, customer: Customer, approved: bool, reason: str, actor: Mapping[str, Any], now: datetime
) -> Customer:
    if customer.review_status != "pending":
        raise Problem(409, "invalid_state", "只有待审核的客户可以审核", status_now=customer.review_status)
    if not approved and not reason.strip():
        raise Problem(
            422, "validation_error", "驳回需要填写原因", errors=[{"field": "reason", "message": "驳回时必填"}]
        )
    new_status = "approved" if approved else "rejected"
    await record(
        session,
        "customer",
        customer.id,
        customer.id,
        "review",
        actor,
        field="review_status",
        old=customer.review_status,
        new=new_status,
        reason=reason,
    )
    customer.review_status = new_status
    customer.reviewer_id, customer.reviewer_name = actor.get("id"), actor.get("name") or ""
    customer.reviewed_at, customer.review_reason = now, reason
    customer.version += 1
    await emit_updated(session, customer)
    return customer


async def set_locked(session: AsyncSession, customer: Customer, locked: bool, actor: Mapping[str, Any]) -> Customer:
    if customer.locked == locked:
        raise Problem(409, "invalid_state", "客户已锁定" if locked else "客户未锁定")
    if locked and customer.owner_id is None:
        raise Problem(409, "invalid_state", "公海客户不能锁定")
    await record(
        session,
        "customer",
        customer.id,
        customer.id,
        "lock" if locked else "unlock",
        actor,
        field="locked",
        old=customer.locked,
        new=locked,
    )
    customer.locked = locked
    customer.version += 1
    await session.flush()
    return customer


async def soft_delete(session: AsyncSession, customer: Customer, actor: Mapping[str, Any], now: datetime) -> None:
    live_contracts = await session.scalar(
        select(func.count())
        .select_from(Contract)
        .where(Contract.customer_id == customer.id, Contract.deleted_at.is_(None), Contract.status == "approved")
    )
    if live_contracts:
        raise Problem(409, "has_contracts", "该客户有已审核的合同，不能删除")
    await record(session, "customer", customer.id, customer.id, "delete", actor, field="deleted_at", new=now)
    customer.deleted_at = now
    customer.version += 1
    await emit_updated(session, customer)


async def restore(session: AsyncSession, customer: Customer, actor: Mapping[str, Any]) -> Customer:
    if customer.deleted_at is None:
        raise Problem(409, "invalid_state", "客户未被删除")
    await ensure_name_free(session, customer.name, exclude_id=customer.id)
    await ensure_credit_code_free(session, customer.credit_code, exclude_id=customer.id)
    await record(
        session,
        "customer",
        customer.id,
        customer.id,
        "restore",
        actor,
        field="deleted_at",
        old=customer.deleted_at,
        new=None,
    )
    customer.deleted_at = None
    customer.version += 1
    await emit_updated(session, customer)
    return customer


async def move_customer(
    session: AsyncSession,
    customer: Customer,
    new_owner: Staff | None,
    actor: Mapping[str, Any],
    now: datetime,
    *,
    action: str,
    reason: str = "",
    note: str = "",
    change_id: int | None = None,
) -> list[int]:
    """Gives the customer to `new_owner` (None: the public pool) and, with an owner, moves its contracts and
    payments too; records history and queues `crm.CustomerOwnerChanged`. Returns the moved contract ids."""
    old_owner = Actor(id=customer.owner_id, name=customer.owner_name)
    if new_owner is None:
        customer.previous_owner_id, customer.previous_owner_name = customer.owner_id, customer.owner_name
        customer.released_at, customer.release_reason, customer.release_note = now, reason, note
        customer.owner_id, customer.owner_name, customer.dept_id, customer.dept_name = None, "", None, ""
        customer.claimed_at = None
        customer.locked = False
    else:
        customer.owner_id, customer.owner_name = new_owner.staff_id, new_owner.name
        customer.dept_id, customer.dept_name = new_owner.dept_id, new_owner.dept_name
        customer.claimed_at = now
    customer.version += 1
    customer.revision += 1
    contract_ids: list[int] = []
    if new_owner is not None:
        moved = await session.execute(
            update(Contract)
            .where(Contract.customer_id == customer.id)
            .values(
                owner_id=new_owner.staff_id,
                owner_name=new_owner.name,
                dept_id=new_owner.dept_id,
                dept_name=new_owner.dept_name,
            )
            .returning(Contract.id)
        )
        contract_ids = sorted(r[0] for r in moved)
        await session.execute(
            update(Payment)
            .where(Payment.customer_id == customer.id)
            .values(
                owner_id=new_owner.staff_id,
                owner_name=new_owner.name,
                dept_id=new_owner.dept_id,
                dept_name=new_owner.dept_name,
            )
        )
    await record(
        session,
        "customer",
        customer.id,
        customer.id,
        action,
        actor,
        field="owner",
        old=old_owner.name or None,
        new=new_owner.name if new_owner else "公海",
        reason=" ".join(p for p in (reason, note) if p),
    )
    await session.flush()
    await emit(
        session,
        "crm",
        CustomerOwnerChanged(
            customer_id=customer.id,
            customer_name=customer.name,
            change_id=change_id,
            old_owner=old_owner,
            new_owner=Actor(id=new_owner.staff_id, name=new_owner.name) if new_owner else Actor(),
            new_dept_id=new_owner.dept_id if new_owner else None,
            new_dept_name=new_owner.dept_name if new_owner else "",
            contract_ids=contract_ids,
            reason=" ".join(p for p in (reason, note) if p),
            approved_by=Actor.of(actor),
            changed_at=now,
        ),
    )
    return contract_ids


async def release(
    session: AsyncSession, customer: Customer, reason: str, note: str, actor: Mapping[str, Any], now: datetime
) -> Customer:
    if customer.owner_id is None:
        raise Problem(409, "invalid_state", "客户已在公海中")
    if customer.locked:
        raise Problem(409, "customer_locked", "客户已锁定，请先解锁再放入公海")
    await move_customer(session, customer, None, actor, now, action="release", reason=reason, note=note)
    return customer


async def resolve_owner(session: AsyncSession, principal: Principal, data: CustomerCreate) -> Staff | None:
    """Who a new customer belongs to: nobody (pool), the given staff member (within the caller's scope),
    or the caller."""
    if data.to_pool:
        return None
    staff_id = data.owner_id if data.owner_id is not None else principal.id
    staff = await get_staff(session, staff_id, field="owner_id")
    if staff.staff_id != principal.id and not principal.scope.allows(staff.staff_id, staff.dept_id):
        raise Problem(
            422,
            "owner_out_of_scope",
            "不能把客户分配给数据范围以外的员工",
            errors=[{"field": "owner_id", "message": "不在你的数据范围内"}],
        )
    return staff


# ---------------------------------------------------------------- import

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
EXPORT_COLUMNS: list[tuple[str, str]] = [
    ("id", "ID"),
    ("name", "客户名称"),
    ("level", "客户级别"),
    ("admin_level", "行政级别"),
    ("parent_unit", "一级单位"),
    ("industry", "行业"),
    ("industry_attr", "行业属性"),
    ("headcount", "人数"),
    ("deal_total", "成交总额"),
    ("paid_total", "已回款金额"),
    ("owner_name", "跟进人"),
    ("dept_name", "所属部门"),
    ("review_status_label", "审核状态"),
    ("reviewer_name", "审核人"),
    ("reviewed_at", "审核时间"),
    ("created_by_name", "创建人"),
    ("created_at", "创建时间"),
]
_LABELS = dict(IMPORT_COLUMNS)


@dataclass
class ImportResult:
    created: list[Customer]
    skipped: list[dict[str, Any]]


def _row_payload(raw: Mapping[str, str]) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for key in (
        "name",
        "level",
        "admin_level",
        "parent_unit",
        "industry",
        "industry_attr",
        "headcount",
        "credit_code",
        "legal_rep",
        "address",
        "phone",
        "business_scope",
        "source",
        "note",
    ):
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
        await create_customer(session, data, actor, now, owner=owner, review_status=review_status)
        for _, data, owner in parsed
    ]
    for item in skipped:
        log.info("import_row_skipped", **item)
    return ImportResult(created=created, skipped=skipped)


def export_row(c: Customer) -> dict[str, Any]:
    row = customer_row(c)
    row["reviewer_name"] = c.reviewer_name
    row["created_by_name"] = c.created_by_name
    return row


def visible_clause(principal: Principal, filters: CustomerFilters) -> ColumnElement[bool]:
    """The customer page shows the caller's data scope; pool customers (nobody's) only when the caller asks for
    them (`in_pool=true`) and may read the pool, or holds an all-data scope."""
    if filters.in_pool and principal.can("crm:pool:list"):
        return Customer.owner_id.is_(None)
    return scope_clause(principal)
