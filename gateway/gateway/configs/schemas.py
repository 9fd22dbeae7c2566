"""配置项 bodies and answers. A value is JSON in its type's shape: a JSON integer for `integer`, a string or a
number for `decimal` (answered as a string), true/false for `boolean`, a string for `string`, anything for `json`;
the service checks it against the type and the rule (shared.runtime_settings.check_value)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, JsonValue

from shared.runtime_settings import KEY_PATTERN
from shared.types import INT_MAX, Integer, ListPage, Name, Option, Text, refuse_booleans

SettingTypeName = Literal["string", "integer", "decimal", "boolean", "json"]
GROUP_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"
Number = Annotated[int | str | float, BeforeValidator(refuse_booleans)]


class RulesIn(BaseModel):
    """校验规则: min/max for integer and decimal, choices (允许的值) for any type but json, a regex for string."""

    model_config = ConfigDict(extra="forbid")
    min: Number | None = Field(None, description="最小值（整数、小数）")
    max: Number | None = Field(None, description="最大值（整数、小数）")
    choices: list[JsonValue] | None = Field(None, max_length=50, description="允许的值")
    pattern: str | None = Field(None, max_length=200, description="正则表达式（字符串），整串匹配")


class SettingFields(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name = Field(max_length=64, description="名称，如 自动确认收货天数")
    group: str = Field(pattern=GROUP_PATTERN, description="分组，如 mall")
    value: JsonValue = Field(description="当前值，须符合类型与校验规则")
    default: JsonValue = Field(description="默认值，须符合类型与校验规则")
    description: Text = Field("", max_length=500)
    rules: RulesIn = Field(default_factory=RulesIn)


class SettingIn(SettingFields):
    key: str = Field(max_length=100, pattern=KEY_PATTERN, description="键，如 mall.order.auto_complete_days")
    type: SettingTypeName = Field(description="类型: string / integer / decimal / boolean / json")


class SettingUpdate(SettingFields):
    """The key and the type are fixed once created (code reads the key as that type)."""

    version: Integer | None = Field(None, ge=1, le=INT_MAX)


class SettingOut(BaseModel):
    id: int
    key: str
    name: str
    group: str
    type: SettingTypeName
    type_label: str
    value: Any
    default: Any
    description: str
    rules: dict[str, Any]
    builtin: bool
    builtin_label: str
    created_by_name: str
    created_at: datetime
    updated_by_name: str
    updated_at: datetime
    version: int


class SettingPage(ListPage[SettingOut]):
    group_list: list[Option] | None = None
    type_list: list[Option] | None = None
    builtin_list: list[Option] | None = None


class SettingChangeOut(BaseModel):
    id: int
    setting_id: int
    key: str
    action: Literal["create", "update", "delete"]
    action_label: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    settings_version: int
    changed_by_id: int | None
    changed_by_name: str
    changed_at: datetime


class SettingChangePage(ListPage[SettingChangeOut]):
    action_list: list[Option] | None = None


class SnapshotItem(BaseModel):
    key: str
    type: SettingTypeName
    value: Any


class SnapshotOut(BaseModel):
    """`changed: false` (and no settings) while the caller's version is current."""

    version: int
    changed: bool
    settings: list[SnapshotItem] | None = None
