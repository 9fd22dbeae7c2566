"""The admin frontend's list contract (docs/contributing.md): rows, paging, and the option lists a page needs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Query
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from shared.problems import Problem
from shared.types import Option  # noqa: F401  (re-exported: list pages import it from here too)

MAX_PAGE_SIZE = 100


def options(pairs: Iterable[tuple[Any, Any]]) -> list[dict[str, str]]:
    """[(value, label)] -> [{"label": ..., "value": "..."}] with values as strings, as the frontend expects."""
    return [{"label": str(label), "value": str(value)} for value, label in pairs]


def enum_options(labels: Mapping[Any, str]) -> list[dict[str, str]]:
    return options(labels.items())


@dataclass(frozen=True)
class PageParams:
    page: int
    page_size: int
    sort: str | None
    with_options: bool

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


async def page_params(
    page: int = Query(1, ge=1, description="页码，从 1 开始"),
    page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE, description="每页条数，最多 100"),
    sort: str | None = Query(None, description="排序字段，前缀 - 表示倒序，如 -created_at"),
    with_options: int = Query(1, ge=0, le=1, description="0 表示不返回选项列表"),
) -> PageParams:
    return PageParams(page=page, page_size=page_size, sort=sort, with_options=bool(with_options))


def apply_sort(
    stmt: Select[Any], sort: str | None, allowed: Mapping[str, Any], default: Sequence[Any]
) -> Select[Any]:
    """`sort=-created_at,name` over a whitelist of sortable columns; unknown fields are a 422."""
    if not sort:
        return stmt.order_by(*default)
    clauses = []
    for raw in sort.split(","):
        name = raw.strip()
        descending = name.startswith("-")
        name = name.lstrip("-+")
        column = allowed.get(name)
        if column is None:
            raise Problem(
                422,
                "invalid_sort",
                f"不支持按 {name} 排序",
                errors=[{"field": "sort", "message": f"可选: {', '.join(sorted(allowed))}"}],
            )
        clauses.append(column.desc() if descending else column.asc())
    # A unique tiebreaker keeps pages stable.
    return stmt.order_by(*clauses, *default)


def check_range(field: str, low: Any, high: Any) -> None:
    if low is not None and high is not None and low > high:
        raise Problem(
            422,
            "invalid_range",
            f"{field} 的起始值不能大于结束值",
            errors=[{"field": f"{field}_from", "message": "起始值不能大于结束值"}],
        )


async def paginate(
    session: AsyncSession,
    stmt: Select[Any],
    params: PageParams,
    *,
    row: Callable[[Any], Any] = lambda r: r,
    scalars: bool = True,
) -> tuple[list[Any], int]:
    """Runs the count and the page of `stmt` (already filtered and sorted)."""
    count_stmt = select(func.count()).select_from(stmt.order_by(None).subquery())
    total = int((await session.execute(count_stmt)).scalar_one())
    page_stmt = stmt.limit(params.page_size).offset(params.offset)
    result = await session.execute(page_stmt)
    rows = result.scalars().all() if scalars else result.all()
    return [row(r) for r in rows], total


def list_response(
    rows: Sequence[Any],
    total: int,
    params: PageParams,
    option_lists: Mapping[str, Callable[[], Any]] | Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "data_list": list(rows),
        "page": params.page,
        "page_size": params.page_size,
        "total": total,
    }
    if params.with_options and option_lists:
        for name, value in option_lists.items():
            body[name] = value() if callable(value) else value
    return body


def keyword_clause(keyword: str | None, *columns: Any) -> ColumnElement[bool] | None:
    if not keyword or not keyword.strip():
        return None
    from sqlalchemy import or_

    pattern = f"%{keyword.strip()}%"
    return or_(*(c.ilike(pattern) for c in columns))
