"""The write steps every admin page repeats: insert, versioned update and delete, each committed here with
unique and foreign-key violations answered as 409 (the service function that makes a change commits it)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from escort.common import get_or_404, write_guard
from shared.concurrency import update_versioned
from shared.problems import Problem

T = TypeVar("T")


async def insert_row(session: AsyncSession, row: T, *, field: str, message: str) -> T:
    async with write_guard(session, field, message):
        session.add(row)
        await session.commit()
    return row


async def update_row(
    session: AsyncSession, model: Any, row_id: int, version: int, values: dict[str, Any], *, field: str, message: str
) -> Any:
    async with write_guard(session, field, message):
        if values:
            await update_versioned(session, model, row_id, version, values)
        await session.commit()
    # The RETURNING row may be an object this session already held: read the committed state afresh.
    row = await session.get(model, row_id, populate_existing=True)
    if row is None:
        raise Problem(404, "not_found", "记录不存在")
    return row


async def delete_row(session: AsyncSession, model: Any, row_id: int, label: str) -> None:
    row = await get_or_404(session, model, row_id, label)
    async with write_guard(session, "id", f"该{label}仍被引用，不能删除"):
        await session.delete(row)
        await session.commit()
