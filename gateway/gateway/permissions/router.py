"""权限管理 (`/api/system/permissions`): the menu tree, read-only (it comes from permissions/menu.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.permissions.menu import Node
from gateway.permissions.models import Permission
from gateway.permissions.service import build_tree
from shared.app import db_session
from shared.identity import Principal, Require

router = APIRouter(prefix="/api/system/permissions", tags=["system 权限管理"])


@router.get("", summary="权限树（菜单与按钮）")
async def list_permissions(principal: Principal = Depends(Require("system:permission:list")),
                           session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    rows = (await session.scalars(select(Permission).order_by(Permission.id))).all()
    flat = [{"id": p.id, "code": p.code, "name": p.name, "kind": p.kind, "parent_code": p.parent_code,
             "path": p.path, "sort": p.sort} for p in rows]
    tree = build_tree(Node(p.code, p.name, p.kind, p.parent_code, p.path, p.sort) for p in rows)
    return {"data_list": flat, "page": 1, "page_size": len(flat), "total": len(flat), "tree": tree}
