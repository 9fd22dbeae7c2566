"""The permission tree: written from menu.py into the table, and filtered for a user's menu."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.permissions.menu import Node, nodes
from gateway.permissions.models import Permission


async def sync_permissions(session: AsyncSession) -> int:
    """Upserts every node of menu.py (by code). Does not commit."""
    rows = [
        {"code": n.code, "name": n.name, "kind": n.kind, "parent_code": n.parent_code, "path": n.path, "sort": n.sort}
        for n in nodes()
    ]
    stmt = insert(Permission).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=[Permission.code],
        set_={c: stmt.excluded[c] for c in ("name", "kind", "parent_code", "path", "sort")},
    )
    await session.execute(stmt)
    return len(rows)


def build_tree(all_nodes: Iterable[Node], held: frozenset[str] | None = None) -> list[dict[str, Any]]:
    """Nested nodes; with `held`, only what those permissions reach (directories with something inside)."""
    by_parent: dict[str | None, list[Node]] = {}
    for node in all_nodes:
        by_parent.setdefault(node.parent_code, []).append(node)

    def build(parent: str | None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for node in sorted(by_parent.get(parent, []), key=lambda n: n.sort):
            children = build(node.code)
            if held is not None:
                if node.kind == "directory" and not children:
                    continue
                if node.kind != "directory" and node.code not in held:
                    continue
            out.append({"code": node.code, "name": node.name, "kind": node.kind, "path": node.path,
                        "children": children})
        return out

    return build(None)


def menu_for(held: frozenset[str]) -> list[dict[str, Any]]:
    return build_tree(nodes(), held)


async def list_permissions(session: AsyncSession) -> dict[str, Any]:
    """Every node, flat and as a tree (the page shows the tree; a role editor picks codes from it)."""
    rows = (await session.scalars(select(Permission).order_by(Permission.id))).all()
    flat = [{"id": p.id, "code": p.code, "name": p.name, "kind": p.kind, "parent_code": p.parent_code,
             "path": p.path, "sort": p.sort} for p in rows]
    tree = build_tree(Node(p.code, p.name, p.kind, p.parent_code, p.path, p.sort) for p in rows)
    return {"data_list": flat, "page": 1, "page_size": len(flat), "total": len(flat), "tree": tree}
