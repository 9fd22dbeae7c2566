"""The permission tree as the API answers it (the admin menu and the 权限管理 page)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from shared.types import ListPage

NodeKind = Literal["directory", "menu", "button"]


class MenuNode(BaseModel):
    code: str
    name: str
    kind: NodeKind = Field(description="directory 目录 / menu 菜单 / button 按钮（权限码）")
    path: str = ""
    children: list[MenuNode] = Field(default_factory=list)


class PermissionRow(BaseModel):
    id: int
    code: str
    name: str
    kind: NodeKind
    parent_code: str | None
    path: str
    sort: int


class PermissionPage(ListPage[PermissionRow]):
    """Every node flat (one page holding them all) and the same nodes as a tree."""

    tree: list[MenuNode]
