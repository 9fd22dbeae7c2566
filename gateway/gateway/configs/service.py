"""配置项: typed CRUD with a recorded history, the version every change bumps, and the snapshot processes poll
(docs/domains/gateway.md, "Runtime settings")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.configs.models import SettingChange, SettingsState, SystemSetting
from gateway.configs.schemas import SettingFields, SettingIn, SettingUpdate
from shared.concurrency import update_versioned
from shared.dates import within_days
from shared.db import Database
from shared.identity import Principal
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, options, paginate
from shared.problems import Problem, field_error, not_found
from shared.runtime_settings import (
    CATALOGUE,
    SETTING_TYPES,
    Fetch,
    SettingValueError,
    Snapshot,
    check_rules,
    check_value,
    runtime_settings,
)
from shared.settings import SuiteSettings

SORTABLE = {"id": SystemSetting.id, "key": SystemSetting.key, "group": SystemSetting.group_name,
            "updated_at": SystemSetting.updated_at}
BUILTIN_LABELS = {"true": "内置", "false": "自定义"}
ACTION_LABELS = {"create": "新增", "update": "修改", "delete": "删除"}
# The fields a change records before and after.
RECORDED = ("name", "group", "type", "value", "default", "description", "rules")


@dataclass(frozen=True)
class SettingFilters:
    keyword: str | None = None  # key or name
    group: str | None = None
    type: str | None = None
    builtin: bool | None = None


@dataclass(frozen=True)
class ChangeFilters:
    setting_id: int | None = None
    key: str | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def setting_row(s: SystemSetting) -> dict[str, Any]:
    return {
        "id": s.id, "key": s.key, "name": s.name, "group": s.group_name, "type": s.type,
        "type_label": SETTING_TYPES[s.type], "value": s.value, "default": s.default_value,
        "description": s.description, "rules": s.rules or {}, "builtin": s.builtin,
        "builtin_label": BUILTIN_LABELS["true" if s.builtin else "false"], "created_by_name": s.created_by_name,
        "created_at": s.created_at, "updated_by_name": s.updated_by_name, "updated_at": s.updated_at,
        "version": s.version,
    }


def _recorded(s: SystemSetting) -> dict[str, Any]:
    row = setting_row(s)
    return {name: row[name] for name in RECORDED}


def change_row(c: SettingChange) -> dict[str, Any]:
    return {
        "id": c.id, "setting_id": c.setting_id, "key": c.key, "action": c.action,
        "action_label": ACTION_LABELS[c.action], "before": c.before, "after": c.after,
        "settings_version": c.settings_version, "changed_by_id": c.changed_by_id,
        "changed_by_name": c.changed_by_name, "changed_at": c.changed_at,
    }


# ---------------------------------------------------------------- reads


def _settings(filters: SettingFilters) -> Any:
    stmt = select(SystemSetting)
    if (clause := keyword_clause(filters.keyword, SystemSetting.key, SystemSetting.name)) is not None:
        stmt = stmt.where(clause)
    for column, value in ((SystemSetting.group_name, filters.group), (SystemSetting.type, filters.type),
                          (SystemSetting.builtin, filters.builtin)):
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt


async def list_settings(session: AsyncSession, filters: SettingFilters, params: PageParams) -> dict[str, Any]:
    stmt = apply_sort(_settings(filters), params.sort, SORTABLE, (SystemSetting.group_name, SystemSetting.key))
    rows, total = await paginate(session, stmt, params, row=setting_row)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        groups = (await session.scalars(select(SystemSetting.group_name).distinct()
                                        .order_by(SystemSetting.group_name))).all()
        option_lists = {"group_list": options((g, g) for g in groups), "type_list": enum_options(SETTING_TYPES),
                        "builtin_list": enum_options(BUILTIN_LABELS)}
    return list_response(rows, total, params, option_lists)


async def get_setting(session: AsyncSession, setting_id: int) -> dict[str, Any]:
    setting = await session.get(SystemSetting, setting_id)
    if setting is None:
        raise not_found("配置项")
    return setting_row(setting)


async def list_changes(session: AsyncSession, filters: ChangeFilters, params: PageParams) -> dict[str, Any]:
    stmt = select(SettingChange).where(*within_days(SettingChange.changed_at, filters.date_from, filters.date_to))
    for column, value in ((SettingChange.setting_id, filters.setting_id), (SettingChange.key, filters.key),
                          (SettingChange.action, filters.action)):
        if value is not None:
            stmt = stmt.where(column == value)
    stmt = apply_sort(stmt, params.sort, {"id": SettingChange.id, "changed_at": SettingChange.changed_at},
                      (SettingChange.id.desc(),))
    rows, total = await paginate(session, stmt, params, row=change_row)
    return list_response(rows, total, params, {"action_list": lambda: enum_options(ACTION_LABELS)})


# ---------------------------------------------------------------- writes


def _checked(setting_type: str, body: SettingFields) -> dict[str, Any]:
    """The stored columns of a body whose value, default and rule fit the type; else a 422 naming the field."""
    try:
        rules = check_rules(setting_type, body.rules.model_dump(exclude_none=True))
    except SettingValueError as exc:
        raise field_error("rules", str(exc), "invalid_setting_rule") from exc
    stored: dict[str, Any] = {}
    for name in ("value", "default"):
        try:
            stored[name] = check_value(setting_type, rules, getattr(body, name))
        except SettingValueError as exc:
            raise field_error(name, str(exc), "invalid_setting_value") from exc
    return {"name": body.name, "group_name": body.group, "value": stored["value"], "default_value": stored["default"],
            "description": body.description, "rules": rules.as_json()}


def _check_builtin(setting: SystemSetting, values: dict[str, Any]) -> None:
    """A built-in key's default and rule are what the code declares (the caches check values against them)."""
    declared = CATALOGUE.get(setting.key)
    if declared is None:
        return
    if values["rules"] != declared.rules.as_json():
        raise field_error("rules", "内置配置项的校验规则由代码声明，不能修改", "builtin_setting")
    if values["default_value"] != declared.default:
        raise field_error("default", "内置配置项的默认值由代码声明，不能修改", "builtin_setting")


async def _bump_version(session: AsyncSession) -> int:
    # An upsert: the row is made by the first change (and again if the table was emptied).
    stmt = insert(SettingsState).values(id=1, version=1).on_conflict_do_update(
        index_elements=[SettingsState.id], set_={"version": SettingsState.version + 1}
    ).returning(SettingsState.version)
    return int((await session.execute(stmt)).scalar_one())


async def _record(session: AsyncSession, principal: Principal | None, setting: SystemSetting, action: str,
                  before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    version = await _bump_version(session)
    session.add(SettingChange(setting_id=setting.id, key=setting.key, action=action, before=before, after=after,
                              settings_version=version, changed_by_id=principal.id if principal else None,
                              changed_by_name=principal.name if principal else "系统"))


def _key_taken(detail: str) -> Problem:
    return Problem(409, "setting_exists", detail, errors=[{"field": "key", "message": "已存在"}])


async def create_setting(session: AsyncSession, principal: Principal, body: SettingIn) -> dict[str, Any]:
    values = _checked(body.type, body)
    if body.key in CATALOGUE:
        raise _key_taken("该键是内置配置项，已存在")
    setting = SystemSetting(key=body.key, type=body.type, **values, created_by_id=principal.id,
                            created_by_name=principal.name, updated_by_name=principal.name)
    session.add(setting)
    try:
        await session.flush()
    except IntegrityError as exc:  # the same key created meanwhile (or twice at once): one of them wins
        await session.rollback()
        raise _key_taken("配置项的键已存在") from exc
    await session.refresh(setting)
    await _record(session, principal, setting, "create", None, _recorded(setting))
    await session.commit()
    return setting_row(setting)


async def update_setting(session: AsyncSession, principal: Principal, setting_id: int, body: SettingUpdate,
                         version: int) -> dict[str, Any]:
    """A stale `version` loses with a 409 and records nothing: two saves of one read count once."""
    current = await session.get(SystemSetting, setting_id)
    if current is None:
        raise not_found("配置项")
    values = _checked(current.type, body)
    if current.builtin:
        _check_builtin(current, values)
    before = _recorded(current)
    updated = await update_versioned(session, SystemSetting, setting_id, version,
                                     {**values, "updated_by_name": principal.name})
    await session.flush()
    await session.refresh(updated)
    after = _recorded(updated)
    if after != before:  # a save that changes nothing is no change: no history row, no new version
        await _record(session, principal, updated, "update", before, after)
    await session.commit()
    return setting_row(updated)


async def delete_setting(session: AsyncSession, principal: Principal, setting_id: int) -> None:
    setting = await session.get(SystemSetting, setting_id, with_for_update=True)
    if setting is None:
        raise not_found("配置项")
    if setting.builtin:
        raise Problem(409, "builtin_setting", "内置配置项不能删除")
    before = _recorded(setting)
    await session.delete(setting)
    await session.flush()
    await _record(session, principal, setting, "delete", before, None)
    await session.commit()


# ---------------------------------------------------------------- seeds and the snapshot


async def seed_builtin(session: AsyncSession) -> int:
    """Inserts the built-in keys the code declares and the table lacks (a value set by an operator stays);
    safe at every start of every gateway replica. Commits; returns how many were added."""
    if not CATALOGUE:
        return 0
    rows = [{"key": d.key, "name": d.name, "group_name": d.group, "type": d.type, "value": d.default,
             "default_value": d.default, "description": d.description, "rules": d.rules.as_json(), "builtin": True,
             "created_by_name": "系统初始化", "updated_by_name": "系统初始化"} for d in CATALOGUE.values()]
    added = (await session.execute(insert(SystemSetting).values(rows).on_conflict_do_nothing(
        index_elements=[SystemSetting.key]).returning(SystemSetting.id))).all()
    await session.commit()
    return len(added)


async def current_version(session: AsyncSession) -> int:
    return int(await session.scalar(select(SettingsState.version).where(SettingsState.id == 1)) or 0)


_SNAPSHOT = text("SELECT key, type, value FROM system_settings ORDER BY key")


async def snapshot(session: AsyncSession, after_version: int | None) -> dict[str, Any]:
    """The whole set when the caller's version is not the current one; else only `changed: false` (one
    primary-key read). The version is read first: rows newer than it only make the next poll fetch again."""
    version = await current_version(session)
    if after_version is not None and after_version == version:
        return {"version": version, "changed": False}
    rows = (await session.execute(_SNAPSHOT)).mappings().all()
    return {"version": version, "changed": True, "settings": [dict(r) for r in rows]}


def database_fetch(db: Database) -> Fetch:
    """The gateway's own cache reads its database instead of calling itself."""

    async def fetch(after_version: int) -> Snapshot | None:
        async with db.sessions() as session:
            body = await snapshot(session, after_version)
        return Snapshot(body["version"], body["settings"]) if body["changed"] else None

    return fetch


async def start_runtime_settings(db: Database, suite: SuiteSettings) -> None:
    """At gateway start: the built-in keys exist, and this process's cache polls the database."""
    async with db.sessions() as session:
        await seed_builtin(session)
    await runtime_settings.start("gateway", suite, fetch=database_fetch(db))
