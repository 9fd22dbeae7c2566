"""Shared set-up of the crm benchmarks: own database (prefix `bench_`), identity keys, 100,000 customers."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from shared.identity import new_identity_key_pair

os.environ.setdefault("SUITE_DB_PREFIX", "bench_")
os.environ.setdefault("SUITE_LOG_LEVEL", "WARNING")
if "SUITE_IDENTITY_PRIVATE_KEY" not in os.environ:
    os.environ["SUITE_IDENTITY_PRIVATE_KEY"], os.environ["SUITE_IDENTITY_PUBLIC_KEY"] = new_identity_key_pair()

import asyncpg
from pypinyin import Style, lazy_pinyin

from crm.settings import get_settings
from shared.identity import Scope
from shared.settings import asyncpg_dsn
from shared.testing import bearer, staff

# Building blocks of plausible organisation names (place + body + suffix).
PLACES = [
    "南昌市",
    "江西省",
    "赣州市",
    "九江市",
    "新建区",
    "红谷滩区",
    "青山湖区",
    "东湖区",
    "南昌县",
    "进贤县",
    "上饶市",
    "宜春市",
]
BODIES = [
    "教育",
    "卫生健康",
    "财政",
    "交通运输",
    "水利",
    "公安",
    "农业农村",
    "文化旅游",
    "工业信息",
    "市场监督",
    "粮油",
    "建设",
    "能源",
    "金融",
    "国土",
    "环境",
    "商务",
    "科技",
    "体育",
    "民政",
]
SUFFIXES = ["局", "委员会", "中心", "集团有限公司", "有限公司", "学校", "医院", "办公室", "服务站", "研究所"]
INDUSTRIES = ["银行", "政府机构", "事业单位", "国有企业", "私营企业", "学校", "医院", "其他"]
SALES = [
    (2, "万彬", 3, "销售一部"),
    (3, "熊凭凭", 3, "销售一部"),
    (4, "章磊", 3, "销售一部"),
    (5, "陈隆", 4, "销售二部"),
    (6, "廖文浩", 4, "销售二部"),
    (7, "刘波", 4, "销售二部"),
]


# Text columns the ORM fills with "" (COPY bypasses the ORM defaults).
TEXT_COLUMNS = [
    "parent_unit",
    "legal_rep",
    "address",
    "phone",
    "business_scope",
    "credit_note",
    "note",
    "previous_owner_name",
    "release_reason",
    "release_note",
    "reviewer_name",
    "review_reason",
]
EMPTY_TEXT = [""] * len(TEXT_COLUMNS)


def initials(text: str) -> str:
    return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER)).lower()


def prepare_database() -> str:
    """Drops, recreates and migrates bench_crm; returns its asyncpg DSN."""
    env = os.environ.copy()
    for command in (["drop-databases", "crm"], ["create-databases", "crm"], ["migrate", "crm"]):
        subprocess.run([sys.executable, "-m", "shared.admin", *command], check=True, env=env, stdout=subprocess.DEVNULL)
    return asyncpg_dsn(get_settings().database_url)


async def fill_customers(dsn: str, count: int = 100_000, *, now: datetime | None = None, seed: int = 7) -> None:
    """`count` customers (about a third in the pool), with owners, levels, industries and claim/follow-up times."""
    rnd = random.Random(seed)
    now = now or datetime.now(UTC)
    piece_initials = {p: initials(p) for p in PLACES + BODIES + SUFFIXES}
    records = []
    for i in range(count):
        place, body, suffix = rnd.choice(PLACES), rnd.choice(BODIES), rnd.choice(SUFFIXES)
        name = f"{place}{body}{suffix}{i}"
        owned = rnd.random() > 0.33
        owner = rnd.choice(SALES) if owned else None
        claimed = now - timedelta(days=rnd.uniform(0, 150)) if owned else None
        followed = claimed + timedelta(days=rnd.uniform(0, 60)) if owned and rnd.random() > 0.3 else None
        if followed is not None and followed > now:
            followed = now
        dealt = claimed + timedelta(days=5) if owned and rnd.random() < 0.1 else None
        records.append(
            (
                name,
                piece_initials[place] + piece_initials[body] + piece_initials[suffix] + str(i),
                f"{name.lower()} {piece_initials[place]}{piece_initials[body]}{piece_initials[suffix]}{i}",
                "ABCD"[i % 4],
                rnd.choice(INDUSTRIES),
                rnd.randint(10, 5000),
                owner[0] if owner else None,
                owner[1] if owner else "",
                owner[2] if owner else None,
                owner[3] if owner else "",
                claimed,
                followed,
                dealt,
                owned and rnd.random() < 0.02,
                "approved",
                now - timedelta(days=rnd.uniform(0, 400)),
                *EMPTY_TEXT,
            )
        )
    columns = [
        "name",
        "name_initials",
        "search_text",
        "level",
        "industry",
        "headcount",
        "owner_id",
        "owner_name",
        "dept_id",
        "dept_name",
        "claimed_at",
        "last_follow_up_at",
        "dealt_at",
        "locked",
        "review_status",
        "created_at",
        *TEXT_COLUMNS,
    ]
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("TRUNCATE crm_customers, crm_history, outbox RESTART IDENTITY CASCADE")
        await conn.copy_records_to_table("crm_customers", records=records, columns=columns)
        # Steady state, as autovacuum leaves a live table: visibility map set, GIN pending list merged.
        await conn.execute("VACUUM ANALYZE crm_customers")
    finally:
        await conn.close()


def admin_headers() -> dict[str, str]:
    """The superuser, as the gateway forwards them to crm."""
    return bearer(staff(user_id=1, name="系统管理员", dept_id=1, superuser=True), "crm")


def sales_headers(user_id: int) -> dict[str, str]:
    """A salesperson of the demo organisation (仅本人) reading customers."""
    return bearer(staff("crm:customer:list", user_id=user_id, dept_id=3, scope=Scope.SELF), "crm")
