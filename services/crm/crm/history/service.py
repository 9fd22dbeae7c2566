"""Writing and reading history rows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.history.models import ExportLog, History


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


async def record(
    session: AsyncSession,
    entity: str,
    entity_id: int,
    customer_id: int | None,
    action: str,
    actor: Mapping[str, Any],
    *,
    field: str = "",
    old: Any = None,
    new: Any = None,
    reason: str = "",
) -> None:
    await session.execute(
        insert(History).values(
            entity=entity,
            entity_id=entity_id,
            customer_id=customer_id,
            action=action,
            field=field,
            old_value=_text(old),
            new_value=_text(new),
            reason=reason,
            actor_id=actor.get("id"),
            actor_name=actor.get("name") or "",
        )
    )


async def record_changes(
    session: AsyncSession,
    entity: str,
    entity_id: int,
    customer_id: int | None,
    actor: Mapping[str, Any],
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    *,
    action: str = "update",
) -> int:
    """One history row per field whose value changed; returns how many changed."""
    rows = [
        {
            "entity": entity,
            "entity_id": entity_id,
            "customer_id": customer_id,
            "action": action,
            "field": key,
            "old_value": _text(before.get(key)),
            "new_value": _text(after[key]),
            "reason": "",
            "actor_id": actor.get("id"),
            "actor_name": actor.get("name") or "",
        }
        for key in after
        if _text(before.get(key)) != _text(after[key])
    ]
    if rows:
        await session.execute(insert(History), rows)
    return len(rows)


async def log_export(
    session: AsyncSession, resource: str, filters: Mapping[str, Any], rows: int, actor: Mapping[str, Any]
) -> None:
    shown = ", ".join(f"{k}={v}" for k, v in filters.items() if v not in (None, "", []))
    await session.execute(
        insert(ExportLog).values(
            resource=resource,
            filters=shown,
            row_count=rows,
            actor_id=actor.get("id"),
            actor_name=actor.get("name") or "",
        )
    )


def history_row(h: History) -> dict[str, Any]:
    return {
        "id": h.id,
        "entity": h.entity,
        "entity_id": h.entity_id,
        "action": h.action,
        "field": h.field,
        "old_value": h.old_value,
        "new_value": h.new_value,
        "reason": h.reason,
        "actor": {"id": h.actor_id, "name": h.actor_name},
        "created_at": h.created_at,
    }


async def customer_timeline(session: AsyncSession, customer_id: int, limit: int, offset: int) -> list[dict[str, Any]]:
    rows = (
        (
            await session.execute(
                select(History)
                .where(History.customer_id == customer_id)
                .order_by(History.id.desc())
                .limit(limit)
                .offset(offset)
            )
        )
        .scalars()
        .all()
    )
    return [history_row(h) for h in rows]
