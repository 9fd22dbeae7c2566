"""Small helpers every crm domain uses: option labels, business time, name normalisation, pinyin initials."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from pypinyin import Style, lazy_pinyin
from sqlalchemy import ColumnElement

from shared.dates import day_end, day_start

# Option lists (value -> label). Values the frontend sends back are the keys.
LEVELS = {"A": "A", "B": "B", "C": "C", "D": "D"}
ADMIN_LEVELS = {v: v for v in ("省级", "市级", "县级", "乡镇街道")}
INDUSTRIES = {v: v for v in ("银行", "政府机构", "事业单位", "国有企业", "私营企业", "学校", "医院", "其他")}
INDUSTRY_ATTRS = {v: v for v in ("机关单位", "央企国企", "事业单位", "私营企业", "其他")}
SOURCES = {v: v for v in ("朋友介绍", "互联网", "营销活动", "陌拜", "老客户转介绍", "其他")}
RELEASE_REASONS = {v: v for v in ("人员变动", "竞争对手", "需求变化", "服务问题", "失去联系", "其他")}
REVIEW_STATUSES = {"pending": "待审核", "approved": "已审核", "rejected": "审核不通过"}
FOLLOW_UP_METHODS = {v: v for v in ("电话", "上门拜访", "微信", "邮件", "其他")}
OWNER_CHANGE_STATUSES = {"pending": "待审核", "approved": "已通过", "rejected": "已驳回"}
CONTRACT_STATUSES = {"pending": "未审核", "approved": "已审核", "rejected": "审核不通过", "voided": "已作废"}
CONTRACT_TYPES = {v: v for v in ("体检卡", "体检服务", "其他")}
PAYMENT_METHODS = {v: v for v in ("银行转账", "现金", "支付宝", "其他")}

_WHITESPACE = re.compile(r"\s+")


def normalise_name(raw: str) -> str:
    """Trim and collapse whitespace (the seed's names carry stray tabs and double spaces)."""
    return _WHITESPACE.sub(" ", raw.replace("\u3000", " ")).strip()


def name_initials(name: str) -> str:
    """Lower-case pinyin initials of the Chinese characters (南昌市 -> ncs); other characters kept as they are."""
    parts = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")
    return "".join(parts).replace(" ", "").lower()[:128]


def utcnow() -> datetime:
    return datetime.now(UTC)


def raw_fields(model: Any, *, exclude: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """A pydantic model's field values as Python objects (`model_dump` would turn Money into strings)."""
    return {name: getattr(model, name) for name in type(model).model_fields if name not in exclude}


def within_days(column: Any, date_from: date | None, date_to: date | None) -> list[ColumnElement[bool]]:
    """`date_from`/`date_to` over a timestamp column: whole Shanghai business days, both ends included (the
    reports' meaning of the same two filters)."""
    clauses: list[ColumnElement[bool]] = []
    if date_from is not None:
        clauses.append(column >= day_start(date_from))
    if date_to is not None:
        clauses.append(column < day_end(date_to))
    return clauses
