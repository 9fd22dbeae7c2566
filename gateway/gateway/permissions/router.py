"""权限管理 (`/api/system/permissions`): the menu tree, read-only (it comes from permissions/menu.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.permissions import service
from gateway.permissions.schemas import PermissionPage
from shared.app import db_session
from shared.identity import Principal, Require

router = APIRouter(prefix="/api/system/permissions", tags=["system 权限管理"])


@router.get("", response_model=PermissionPage, summary="权限树（菜单与按钮）")
async def list_permissions(principal: Principal = Depends(Require("system:permission:list")),
                           session: AsyncSession = Depends(db_session)) -> dict[str, Any]:
    return await service.list_permissions(session)
