"""Customer names and credit codes: normalised, and unique among live customers (the first record wins; the 409
names who holds the name). Checked before a write and enforced by the partial unique indexes at flush."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from crm.common import normalise_name
from crm.customers.models import Customer
from shared.problems import Problem


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
