"""Request and response models of the pool routes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from crm.customers.schemas import PoolRow
from crm.schemas import Strict
from shared.types import Count, Flag, Id, ListPage, Option, Text

RuleKey = Literal["ALL", "A", "B", "C", "D"]


class RuleIn(Strict):
    """One pool rule; a null number switches that part of the rule off."""

    enabled: Flag = True
    no_follow_up_days: Count | None = Field(None, ge=1, le=3650)
    no_deal_days: Count | None = Field(None, ge=1, le=3650)
    exempt_dealt: Flag = True
    hold_cap: Count | None = Field(None, le=100000)
    cap_counts_dealt: Flag = False
    daily_claim_limit: Count | None = Field(None, le=10000)
    cooldown_days: Count | None = Field(None, le=3650)
    remind_days: Count | None = Field(None, le=365)
    version: Count | None = Field(None, ge=1)  # required when the rule already exists


class AssignIn(Strict):
    staff_id: Id
    note: Text = Field("", max_length=500)


class PoolPage(ListPage[PoolRow]):
    level_list: list[Option] | None = None
    industry_list: list[Option] | None = None
    release_reason_list: list[Option] | None = None
    # Whom a pool manager may assign to (empty without crm:pool:assign).
    admin_list: list[Option] | None = None


class DueRow(BaseModel):
    """A customer that returns to the pool soon: when, and by which part of which rule."""

    customer_id: int
    name: str
    level: str | None
    owner_id: int | None
    owner_name: str
    dept_name: str
    due_at: datetime
    reason: str
    rule: RuleKey


class DueList(BaseModel):
    data_list: list[DueRow]
    total: int


class RuleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    scope_key: RuleKey
    enabled: bool
    no_follow_up_days: int | None
    no_deal_days: int | None
    exempt_dealt: bool
    hold_cap: int | None
    cap_counts_dealt: bool
    daily_claim_limit: int | None
    cooldown_days: int | None
    remind_days: int | None
    version: int
    updated_at: datetime
    updated_by_name: str


class RuleList(BaseModel):
    data_list: list[RuleOut]
    total: int
    # Which rule governs each level now (ALL, the level's own, or none).
    effective: dict[str, RuleKey | None]
    scope_list: list[Option]
