"""Request bodies of the pool routes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class RuleIn(BaseModel):
    """One pool rule; a null number switches that part of the rule off."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    no_follow_up_days: int | None = Field(None, ge=1, le=3650)
    no_deal_days: int | None = Field(None, ge=1, le=3650)
    exempt_dealt: bool = True
    hold_cap: int | None = Field(None, ge=0, le=100000)
    cap_counts_dealt: bool = False
    daily_claim_limit: int | None = Field(None, ge=0, le=10000)
    cooldown_days: int | None = Field(None, ge=0, le=3650)
    remind_days: int | None = Field(None, ge=0, le=365)
    version: int | None = None  # required when the rule already exists


class AssignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    staff_id: int
    note: str = Field("", max_length=500)
