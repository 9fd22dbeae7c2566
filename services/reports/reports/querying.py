"""Running a grouped report query: one page (or every row, for an export), the row count and the totals."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reports.names import ids_named
from shared.listing import PageParams, apply_sort
from shared.money import format_money
from shared.problems import Problem

# An export is one sheet; more rows than this means the filters are too wide for a spreadsheet.
MAX_EXPORT_ROWS = 100_000


async def run_report(
    session: AsyncSession,
    grouped: Select[Any],
    measures: Sequence[str],
    params: PageParams | None,
    sortable: Mapping[str, str],
    default_sort: Sequence[tuple[str, bool]],
    decorate: Callable[[Any], Select[Any]],
) -> tuple[list[Any], int, dict[str, Any]]:
    """Page (or all, for an export) of a grouped report query, its row count and its totals.

    `grouped` yields one row per report row; `decorate(subquery)` selects from it and adds the names;
    sorting goes by the names in `sortable` (public name -> column of the decorated select).
    """
    g = grouped.subquery("g")
    stmt = decorate(g)
    columns = {c.name: c for c in stmt.selected_columns}
    allowed = {public: columns[name] for public, name in sortable.items()}
    default = [columns[name].desc() if desc else columns[name].asc() for name, desc in default_sort]
    stmt = apply_sort(stmt, params.sort if params else None, allowed, default)
    if params is None:
        total, totals = await _totals(session, g, measures)
        if total > MAX_EXPORT_ROWS:
            # An export never drops rows silently: the caller narrows the filters instead.
            raise Problem(
                422,
                "export_too_large",
                f"导出结果有 {total} 行，超过 {MAX_EXPORT_ROWS} 行的上限，请缩小日期范围或增加筛选条件",
                errors=[{"field": "date_from", "message": "请缩小日期范围"}],
            )
        return list((await session.execute(stmt)).all()), total, totals
    if _sorts_by_figures(params.sort, sortable, g):
        rows = await _page_then_names(session, g, measures, params, sortable, default_sort, decorate)
    else:
        # Sorted by a name: every row needs its names before the page can be cut.
        windowed = stmt.add_columns(*_window_totals(g, measures))
        rows = (await session.execute(windowed.limit(params.page_size).offset(params.offset))).all()
    if not rows:  # past the last page (or nothing at all): the totals still describe the whole result
        total, totals = await _totals(session, g, measures)
        return [], total, totals
    first = rows[0]._mapping
    return list(rows), int(first["_total"]), {m: first[f"_total_{m}"] for m in measures}


def narrowed(
    stmt: Select[Any], table: Any, chosen: Mapping[str, int | None], keyword: str | None, named: tuple[str, str]
) -> Select[Any]:
    """`stmt` kept to the rows of the one id chosen per id column (None: any), then, given a keyword, to the rows
    whose `named` (id column, kind of name) has a name containing it (the reports' filters)."""
    for column, wanted in chosen.items():
        if wanted is not None:
            stmt = stmt.where(table.c[column] == wanted)
    if keyword and keyword.strip():
        column, kind = named
        stmt = stmt.where(table.c[column].in_(ids_named(kind, keyword)))
    return stmt


def _window_totals(g: Any, measures: Sequence[str]) -> list[Any]:
    """The row count and the totals, riding along each row as window sums over every group (one pass)."""
    return [func.count().over().label("_total"), *(func.sum(g.c[m]).over().label(f"_total_{m}") for m in measures)]


def _sorts_by_figures(sort: str | None, sortable: Mapping[str, str], g: Any) -> bool:
    requested = [part.strip().lstrip("-+") for part in sort.split(",")] if sort else []
    return all(sortable.get(name) in g.c for name in requested)


async def _page_then_names(
    session: AsyncSession,
    g: Any,
    measures: Sequence[str],
    params: PageParams,
    sortable: Mapping[str, str],
    default_sort: Sequence[tuple[str, bool]],
    decorate: Callable[[Any], Select[Any]],
) -> list[Any]:
    """Cuts the page first and looks the names up for its rows only (not for every group)."""

    def ordered(stmt: Select[Any], source: Any) -> Select[Any]:
        allowed = {public: source.c[name] for public, name in sortable.items() if name in source.c}
        default = [source.c[n].desc() if desc else source.c[n].asc() for n, desc in default_sort]
        return apply_sort(stmt, params.sort, allowed, default)

    inner = ordered(select(g, *_window_totals(g, measures)), g).limit(params.page_size).offset(params.offset)
    page = inner.subquery("page")
    return list((await session.execute(ordered(decorate(page), page))).all())


async def _totals(session: AsyncSession, g: Any, measures: Sequence[str]) -> tuple[int, dict[str, Any]]:
    totals_stmt = select(func.count(), *(func.coalesce(func.sum(g.c[m]), 0) for m in measures)).select_from(g)
    row = (await session.execute(totals_stmt)).one()
    return int(row[0]), dict(zip(measures, row[1:], strict=True))


def ratio(part: int | Decimal, whole: int | Decimal) -> str | None:
    """A percentage with two places ("87.50"), or None when there is nothing to divide by."""
    if not whole:
        return None
    return format_money(Decimal(part) * 100 / Decimal(whole))
