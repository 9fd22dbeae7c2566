"""模块管理 / 服务管理 bodies and the member app's home page. A link names its kind and, by kind, an id (health
package, mall goods, escort product) or a URL; anything else is a 422 on the field that does not fit."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.problems import field_error
from shared.types import INT_MAX, Flag, Id, Integer, ListPage, Moment, Name, Option, Text

Position = Literal["banner", "grid"]
LinkKind = Literal["none", "package", "goods", "escort_product", "url"]
POSITION_LABELS = {"banner": "轮播图", "grid": "入口宫格"}
LINK_KIND_LABELS = {"none": "无跳转", "package": "体检套餐", "goods": "商城商品", "escort_product": "陪诊产品",
                    "url": "链接"}
ID_KINDS = frozenset({"package", "goods", "escort_product"})
# An absolute http(s) URL with a host, or a path inside the member app ("/pages/..."); no spaces or controls.
URL_PATTERN = r"^(https?://[A-Za-z0-9.-]+(:\d{1,5})?(/[^\s]*)?|/[^\s/][^\s]*)$"
Url = Text


def check_url(field: str, value: str) -> None:
    if not re.fullmatch(URL_PATTERN, value):
        raise field_error(field, "应为 http(s):// 开头的网址或以 / 开头的应用内路径", "invalid_url")


class LinkFields(BaseModel):
    model_config = ConfigDict(extra="forbid")
    link_kind: LinkKind = Field("none", description="跳转: none 无 / package 体检套餐 / goods 商城商品 / "
                                                    "escort_product 陪诊产品 / url 链接")
    link_id: Id | None = Field(None, description="套餐、商品或陪诊产品的 id（link_kind 为这三种时必填）")
    link_url: Url | None = Field(None, max_length=512, description="网址（link_kind=url 时必填）")
    sort: int = Field(0, ge=0, le=100000, strict=True, description="排序，小的在前")
    shown: Flag = True

    @model_validator(mode="after")
    def link_fits_kind(self) -> Self:
        if self.link_kind in ID_KINDS:
            if self.link_id is None:
                raise field_error("link_id", f"跳转到{LINK_KIND_LABELS[self.link_kind]}需要填写 id")
            if self.link_url:
                raise field_error("link_url", "跳转到 id 时不填写网址")
        elif self.link_kind == "url":
            if self.link_id is not None:
                raise field_error("link_id", "跳转到网址时不填写 id")
            if not self.link_url:
                raise field_error("link_url", "跳转到网址需要填写网址")
            check_url("link_url", self.link_url)
        elif self.link_id is not None or self.link_url:
            raise field_error("link_kind", "填写了跳转目标却没有选择跳转类型")
        return self


class ModuleIn(LinkFields):
    position: Position = Field(description="banner 轮播图 / grid 入口宫格")
    title: Name = Field(max_length=64)
    image_url: Url = Field(min_length=1, max_length=512, description="图片地址")
    starts_at: Moment | None = Field(None, description="开始展示时间（空为立即）")
    ends_at: Moment | None = Field(None, description="结束展示时间（空为一直）")

    @model_validator(mode="after")
    def window_and_image(self) -> Self:
        check_url("image_url", self.image_url)
        if self.starts_at is not None and self.ends_at is not None and self.starts_at >= self.ends_at:
            raise field_error("ends_at", "结束时间须晚于开始时间")
        return self


class ModuleUpdate(ModuleIn):
    version: Integer | None = Field(None, ge=1, le=INT_MAX)


class ServiceIn(LinkFields):
    title: Name = Field(max_length=64)
    icon_url: Url = Field(min_length=1, max_length=512, description="图标地址")

    @model_validator(mode="after")
    def icon(self) -> Self:
        check_url("icon_url", self.icon_url)
        return self


class ServiceUpdate(ServiceIn):
    version: Integer | None = Field(None, ge=1, le=INT_MAX)


class LinkOut(BaseModel):
    link_kind: LinkKind
    link_kind_label: str
    link_id: int | None
    link_url: str
    sort: int
    shown: bool
    created_by_name: str
    created_at: datetime
    updated_by_name: str
    updated_at: datetime
    version: int


class ModuleOut(LinkOut):
    id: int
    position: Position
    position_label: str
    title: str
    image_url: str
    starts_at: datetime | None
    ends_at: datetime | None
    live: bool = Field(description="此刻是否在首页展示（显示且在时间窗内）")


class ServiceOut(LinkOut):
    id: int
    title: str
    icon_url: str


class ModulePage(ListPage[ModuleOut]):
    position_list: list[Option] | None = None
    link_kind_list: list[Option] | None = None
    shown_list: list[Option] | None = None


class ServicePage(ListPage[ServiceOut]):
    link_kind_list: list[Option] | None = None
    shown_list: list[Option] | None = None


class HomeItem(BaseModel):
    id: int
    title: str
    image_url: str
    link_kind: LinkKind
    link_id: int | None
    link_url: str


class AppHome(BaseModel):
    """What the member app's home shows now: banners, entry grids and service entries, each in its order."""

    banners: list[HomeItem]
    grids: list[HomeItem]
    services: list[HomeItem]
