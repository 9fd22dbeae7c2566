"""Demo data: `python -m gateway.demo`. Idempotent (safe at every start): the permission tree is synchronised,
the demo organisation (fixed ids other services' demo data rely on) is created where missing, and the demo
roles the seed made keep the permission codes it declares (an existing demo database gets a changed role too).

The admin's password is GATEWAY_ADMIN_PASSWORD when set (and re-applied at each run), else admin123.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.app_home.models import HomeModule, HomeService
from gateway.auth.passwords import Passwords
from gateway.auth.tokens import AUTHZ_VERSION_KEY
from gateway.configs.models import SystemSetting
from gateway.configs.service import seed_builtin
from gateway.departments.models import Department
from gateway.permissions.menu import permission_codes
from gateway.permissions.service import sync_permissions
from gateway.roles.models import Role
from gateway.settings import GatewaySettings, get_settings
from gateway.staff.events import emit_staff_changed
from gateway.staff.models import Staff
from shared.db import Database
from shared.identity import Scope

DEPARTMENTS: list[tuple[int, str, int | None, int]] = [
    (1, "公司", None, 0),
    (2, "销售部", 1, 1),
    (3, "销售一部", 2, 1),
    (4, "销售二部", 2, 2),
    (5, "运营部", 1, 2),
    (6, "财务部", 1, 3),
]


def _codes(*prefixes: str, actions: tuple[str, ...] | None = None) -> list[str]:
    """Every code under the given `module:entity` prefixes (optionally only some actions)."""
    found = []
    for code in permission_codes():
        entity, _, action = code.rpartition(":")
        if any(code.startswith(p + ":") or entity == p for p in prefixes) and (actions is None or action in actions):
            found.append(code)
    return sorted(set(found))


# A salesperson (仅本人) works his own customers; approving and exporting lists are left to the sales manager
# and finance, so the console shows him neither button.
SALES_CODES = [
    *_codes("crm:customer", actions=("list", "create", "update", "import", "release")),
    *_codes("crm:pool", actions=("list", "claim")),
    *_codes("crm:follow_up"),
    *_codes("crm:owner_change", actions=("list", "create")),
    *_codes("crm:contract", actions=("list", "create", "update", "attachment")),
    *_codes("crm:payment", actions=("list", "create", "update")),
    "cards:card:list", "cards:issue:list", "cards:issue:create", "cards:activation:list", "cards:activation:create",
    "cards:entitlement:list", "reports:sales:list",
]
MANAGER_CODES = [*_codes("crm"), "cards:card:list", "cards:card:export", "cards:issue:list", "cards:issue:create",
                 "cards:activation:list", "cards:activation:create", "cards:entitlement:list",
                 *_codes("reports:sales"), *_codes("reports:card_consumption")]
OPS_CODES = [*_codes("cards"), *_codes("health"), *_codes("mall"), *_codes("escort"), *_codes("ops"),
             *_codes("crm:service_contact"), *_codes("crm:ticket"),  # 客服管理 and 工单, served by crm
             *_codes("system:member"), "crm:customer:list", "crm:contract:list",
             *_codes("reports:card_consumption"), *_codes("reports:goods"), *_codes("reports:goods_brand")]
FINANCE_CODES = ["crm:customer:list", "crm:contract:list", "crm:contract:export", *_codes("crm:payment"),
                 *_codes("reports"), "cards:card:list", "cards:card:export", "cards:entitlement:list",
                 *_codes("escort:withdrawal"), "health:order:list", "health:order:export", "mall:order:list"]

ROLES: list[tuple[int, str, str, Scope, list[str]]] = [
    (1, "超级管理员", "admin", Scope.ALL, sorted(permission_codes())),
    (2, "销售经理", "sales_manager", Scope.DEPT_TREE, sorted(set(MANAGER_CODES))),
    (3, "销售员", "sales", Scope.SELF, sorted(set(SALES_CODES))),
    (4, "运营", "ops", Scope.ALL, sorted(set(OPS_CODES))),
    (5, "财务", "finance", Scope.ALL, sorted(set(FINANCE_CODES))),
]


@dataclass(frozen=True)
class DemoStaff:
    id: int
    username: str
    name: str
    dept_id: int
    role_id: int
    position: str
    superuser: bool = False


STAFF: list[DemoStaff] = [
    DemoStaff(1, "admin", "系统管理员", 1, 1, "系统管理员", superuser=True),
    DemoStaff(2, "wanbin", "万彬", 3, 3, "销售"),
    DemoStaff(3, "xiongpingping", "熊凭凭", 3, 3, "销售"),
    DemoStaff(4, "zhanglei", "章磊", 3, 3, "销售"),
    DemoStaff(5, "chenlong", "陈隆", 4, 3, "销售"),
    DemoStaff(6, "liaowenhao", "廖文浩", 4, 3, "销售"),
    DemoStaff(7, "liubo", "刘波", 4, 3, "销售"),
    DemoStaff(8, "zhoujingli", "周经理", 2, 2, "销售经理"),
    DemoStaff(9, "yunying", "运营小王", 5, 4, "运营"),
    DemoStaff(10, "caiwu", "财务小李", 6, 5, "财务"),
]
DEMO_PASSWORD = "demo123"
SYSTEM_ACTOR = "系统初始化"


async def _reset_sequence(session: AsyncSession, table: str) -> None:
    await session.execute(text(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT MAX(id) FROM {table}), 1))"
    ))


def _seed_owns(role: Role, code: str) -> bool:
    """Whether `role` is still the demo role the seed made at its fixed id: roles staff created (their own ids
    and creator) or gave another code are theirs, never rewritten."""
    return role.code == code and role.created_by_name == SYSTEM_ACTOR


async def load_demo(session: AsyncSession, passwords: Passwords, admin_password: str,
                    admin_password_forced: bool = False) -> dict[str, int]:
    """Creates what is missing; commits. Returns how many rows of each kind were created."""
    created = {"permissions": await sync_permissions(session), "departments": 0, "roles": 0, "roles_updated": 0,
               "staff": 0}
    # Few round trips: it runs at every start (and before every gateway test).
    existing_depts = set((await session.scalars(select(Department.id))).all())
    new_depts = [Department(id=dept_id, name=name, parent_id=parent_id, sort=sort, created_by_name=SYSTEM_ACTOR)
                 for dept_id, name, parent_id, sort in DEPARTMENTS if dept_id not in existing_depts]
    for dept in new_depts:  # parents first, so each insert finds its parent
        session.add(dept)
        await session.flush()
    created["departments"] = len(new_depts)
    roles = {role.id: role for role in (await session.scalars(select(Role))).all()}
    for role_id, name, code, scope, codes in ROLES:
        if role_id not in roles:
            roles[role_id] = Role(id=role_id, name=name, code=code, scope=scope.value, permissions=codes,
                                  sort=role_id, created_by_name=SYSTEM_ACTOR)
            session.add(roles[role_id])
            created["roles"] += 1
        elif _seed_owns(roles[role_id], code) and sorted(roles[role_id].permissions) != codes:
            # The seed's codes changed since this database was made (or the tree grew: the super-admin keeps
            # all of it): the demo role follows, as a fresh database would have it.
            roles[role_id].permissions = codes
            roles[role_id].version += 1  # an edit opened on the old codes must not overwrite these unseen
            created["roles_updated"] += 1
    await session.flush()
    existing_staff = {s.id: s for s in (await session.scalars(select(Staff))).all()}
    new_staff = []
    for person in STAFF:
        staff = existing_staff.get(person.id)
        if staff is None:
            password = admin_password if person.superuser else DEMO_PASSWORD
            staff = Staff(id=person.id, username=person.username, name=person.name, dept_id=person.dept_id,
                          position=person.position, superuser=person.superuser,
                          password_hash=await passwords.hash(password), roles=[roles[person.role_id]],
                          created_by_name=SYSTEM_ACTOR)
            session.add(staff)
            new_staff.append(staff)
        elif person.superuser and admin_password_forced and not await passwords.verify(staff.password_hash,
                                                                                        admin_password):
            staff.password_hash = await passwords.hash(admin_password)
    await session.flush()
    for staff in new_staff:
        await emit_staff_changed(session, staff)
    created["staff"] = len(new_staff)
    for table in ("departments", "roles", "staff"):
        await _reset_sequence(session, table)
    await session.commit()
    return created


# The member app's home (模块管理, 服务管理): link ids name the first demo package, goods and escort product.
HOME_MODULES: list[dict[str, Any]] = [
    {"position": "banner", "title": "年度体检季 套餐限时优惠", "image_url": "/static/demo/banner-checkup.png",
     "link_kind": "package", "link_id": 1, "sort": 1},
    {"position": "banner", "title": "健康商城 新品上架", "image_url": "/static/demo/banner-mall.png",
     "link_kind": "goods", "link_id": 1, "sort": 2},
    {"position": "banner", "title": "陪诊服务 省心就医", "image_url": "/static/demo/banner-escort.png",
     "link_kind": "escort_product", "link_id": 1, "sort": 3},
    {"position": "grid", "title": "体检预约", "image_url": "/static/demo/grid-checkup.png", "link_kind": "url",
     "link_url": "/pages/health/index", "sort": 1},
    {"position": "grid", "title": "健康商城", "image_url": "/static/demo/grid-mall.png", "link_kind": "url",
     "link_url": "/pages/mall/index", "sort": 2},
    {"position": "grid", "title": "陪诊服务", "image_url": "/static/demo/grid-escort.png", "link_kind": "url",
     "link_url": "/pages/escort/index", "sort": 3},
]
HOME_SERVICES: list[dict[str, Any]] = [
    {"title": "我的卡片", "icon_url": "/static/demo/icon-cards.png", "link_kind": "url",
     "link_url": "/pages/cards/index", "sort": 1},
    {"title": "体检报告", "icon_url": "/static/demo/icon-report.png", "link_kind": "url",
     "link_url": "/pages/health/reports", "sort": 2},
    {"title": "在线客服", "icon_url": "/static/demo/icon-service.png", "link_kind": "url",
     "link_url": "/pages/service/index", "sort": 3},
    {"title": "使用帮助", "icon_url": "/static/demo/icon-help.png", "link_kind": "url",
     "link_url": "https://example.com/help", "sort": 4},
]
# Settings an operator added beside the built-in ones (which seed_builtin inserts from the code's catalogue).
DEMO_SETTINGS: list[dict[str, Any]] = [
    {"key": "app.service_hotline", "name": "客服热线", "group_name": "app", "type": "string",
     "value": "400-800-1234", "default_value": "400-800-1234", "description": "会员端展示的客服电话",
     "rules": {"pattern": r"^[0-9-]{5,20}$"}},
    {"key": "app.checkup_reminder_enabled", "name": "体检提醒开关", "group_name": "app", "type": "boolean",
     "value": True, "default_value": True, "description": "预约日前一天提醒会员"},
]


async def load_operations_demo(session: AsyncSession) -> dict[str, int]:
    """The built-in settings, a few custom ones, and the home's banners, grids and services where none exist."""
    created = {"settings": await seed_builtin(session), "home_modules": 0, "home_services": 0}
    created["settings"] += len((await session.execute(insert(SystemSetting).values(
        [{**row, "created_by_name": SYSTEM_ACTOR, "updated_by_name": SYSTEM_ACTOR} for row in DEMO_SETTINGS]
    ).on_conflict_do_nothing(index_elements=[SystemSetting.key]).returning(SystemSetting.id))).all())
    home = ((HomeModule, HOME_MODULES, "home_modules"), (HomeService, HOME_SERVICES, "home_services"))
    for model, rows, name in home:
        if await session.scalar(select(model.id).limit(1)) is None:
            session.add_all(model(**row, created_by_name=SYSTEM_ACTOR, updated_by_name=SYSTEM_ACTOR) for row in rows)
            created[name] = len(rows)
    await session.commit()
    return created


async def main(settings: GatewaySettings | None = None) -> None:
    settings = settings or get_settings()
    db = Database(settings.database_url, pool_size=2)
    try:
        async with db.sessions() as session:
            created = await load_demo(session, Passwords(settings), settings.admin_password,
                                      admin_password_forced="GATEWAY_ADMIN_PASSWORD" in os.environ)
            created |= await load_operations_demo(session)
    finally:
        await db.dispose()
    redis = Redis.from_url(settings.suite.redis_url)
    try:
        await redis.incr(AUTHZ_VERSION_KEY)  # running gateways reload what may have changed
    finally:
        await redis.aclose()
    print("gateway demo data:", ", ".join(f"{k} {v}" for k, v in created.items()))


if __name__ == "__main__":
    asyncio.run(main())
