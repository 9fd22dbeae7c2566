"""Member (card holder) bodies and answers: the member's own, and 用户管理's list, detail and reset."""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from shared.member_desk import MemberCard, MemberOrder, MemberTicket
from shared.money import Money
from shared.types import ListPage, Option, Text

PHONE = r"^1\d{10}$"
Item = TypeVar("Item")


class RegisterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phone: str = Field(pattern=PHONE, description="11 位手机号")
    password: str = Field(min_length=6, max_length=128)
    name: Text = Field(min_length=1, max_length=64)


class MemberLoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phone: str = Field(pattern=PHONE)
    password: str = Field(min_length=1, max_length=128)


class MemberPasswordReset(BaseModel):
    """An admin's reset, as for staff: the admin sets a temporary password and tells the member, who must then
    change it (`must_change_password` until they do)."""

    model_config = ConfigDict(extra="forbid")
    password: str = Field(min_length=6, max_length=128, description="临时密码（会员登录后须修改）")


class MemberOut(BaseModel):
    id: int
    phone: str = Field(description="无 system:member:update 权限时为掩码")
    name: str
    active: bool
    status: str
    must_change_password: bool
    login_count: int
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime


class MemberRow(MemberOut):
    """A row of 用户管理: the member and their cards in one line (card columns are null while cards is down)."""

    card_count: int | None
    card_balance: Money | None


class MemberPage(ListPage[MemberRow]):
    status_list: list[Option] | None = None


class Section(BaseModel, Generic[Item]):
    """One part of the detail that another service answers: `available` false (and the list empty) while that
    service cannot be reached, so the rest of the detail still shows."""

    available: bool
    total: int
    data_list: list[Item]


class OrdersSection(Section[MemberOrder]):
    """Orders of health, mall and escort, newest first; `unavailable` names the services that did not answer."""

    unavailable: list[str]


class LoginRow(BaseModel):
    id: int
    success: bool
    reason: str
    ip: str
    user_agent: str
    created_at: datetime


class MemberDetail(BaseModel):
    member: MemberOut
    cards: Section[MemberCard]
    orders: OrdersSection
    tickets: Section[MemberTicket]
    logins: Section[LoginRow]
