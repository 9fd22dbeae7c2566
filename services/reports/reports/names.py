"""Names of the ids in report rows (customers, staff, goods...), kept by the projector in `dim_names`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reports.projections.models import DimName
from shared.listing import options


def join_name(stmt: Select[Any], id_col: Any, kind: str, alias_name: str) -> tuple[Select[Any], Any]:
    dim = DimName.__table__.alias(alias_name)
    stmt = stmt.outerjoin(dim, (dim.c.kind == kind) & (dim.c.id == id_col))
    return stmt, func.coalesce(dim.c.name, "")


def with_names(g: Any, *named: tuple[str, str, str]) -> Select[Any]:
    """Every column of the grouped subquery `g`, then per (id column, kind of name, label) the id's name
    ("" when unknown), each joined under its own alias (`customer_id` -> `customer_dim`)."""
    stmt = select(g).select_from(g)
    labelled = []
    for column, kind, label in named:
        stmt, name = join_name(stmt, g.c[column], kind, f"{column.removesuffix('_id')}_dim")
        labelled.append(name.label(label))
    return stmt.add_columns(*labelled)


async def dim_options(session: AsyncSession, kind: str, ids: Select[Any] | None = None) -> list[dict[str, str]]:
    """An option list of one kind of name, optionally only the ids a subquery yields (the caller's scope)."""
    dim = DimName.__table__
    stmt = select(dim.c.id, dim.c.name).where(dim.c.kind == kind)
    if ids is not None:
        stmt = stmt.where(dim.c.id.in_(ids))
    rows = (await session.execute(stmt.order_by(dim.c.name, dim.c.id))).all()
    return options((r.id, r.name) for r in rows)


def ids_named(kind: str, keyword: str) -> Select[Any]:
    """Ids of one kind whose name contains `keyword` (the reports' keyword search)."""
    dim = DimName.__table__
    return select(dim.c.id).where(dim.c.kind == kind, dim.c.name.ilike(f"%{keyword.strip()}%"))
