"""Optimistic concurrency: an update names the version it read; a stale one is a 409, not a lost update."""

from __future__ import annotations

from typing import Any

from fastapi import Header
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shared.problems import Problem


async def expected_version(if_match: str | None = Header(None, alias="If-Match")) -> int | None:
    """`If-Match: "3"` (or 3) as an alternative to a `version` field in the body."""
    if if_match is None:
        return None
    try:
        return int(if_match.strip().strip('W/').strip('"'))
    except ValueError as exc:
        raise Problem(400, "bad_if_match", "If-Match 必须是版本号") from exc


def resolve_version(body_version: int | None, header_version: int | None) -> int:
    version = body_version if body_version is not None else header_version
    if version is None:
        raise Problem(
            428,
            "version_required",
            "更新需要提供 version（或 If-Match 请求头），以免覆盖他人的修改",
            errors=[{"field": "version", "message": "必填"}],
        )
    return version


async def update_versioned(
    session: AsyncSession, model: Any, row_id: Any, version: int, values: dict[str, Any], *, extra_where: Any = None
) -> Any:
    """UPDATE ... WHERE id = :id AND version = :v, bumping the version; 409 when someone else got there first."""
    stmt = (
        update(model)
        .where(model.id == row_id, model.version == version)
        .values(**values, version=model.version + 1)
        .returning(model)
    )
    if extra_where is not None:
        stmt = stmt.where(extra_where)
    result = await session.execute(stmt.execution_options(synchronize_session=False))
    row = result.scalar_one_or_none()
    if row is None:
        exists = await session.scalar(select(model.version).where(model.id == row_id))
        if exists is None:
            raise Problem(404, "not_found", "记录不存在")
        raise Problem(
            409,
            "version_conflict",
            "该记录已被他人修改，请刷新后重试",
            current_version=int(exists),
        )
    return row
