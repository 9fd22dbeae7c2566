"""Requests and responses of 红包管理: the per-card view, grant requests (发放申请) and their review and revoke,
the granted packets, the member's view, and the lists' filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, Field

from cards.common import CardNo, Reason, ResponseModel, ReviewedRequest
from cards.ledger.models import EntryKind
from shared.events.common import Actor
from shared.money import Money, SignedMoney
from shared.types import Id, Integer, ListPage, Option


class RedPacketState(StrEnum):
    WAITING = "waiting"  # granted, the card not yet activated
    AVAILABLE = "available"
    USED_UP = "used_up"
    EXPIRED = "expired"


RED_PACKET_STATE_LABELS = {
    RedPacketState.WAITING: "待激活",
    RedPacketState.AVAILABLE: "可使用",
    RedPacketState.USED_UP: "已用完",
    RedPacketState.EXPIRED: "已过期",
}


@dataclass(frozen=True)
class RedPacketFilters:
    card_no_from: str | None = None
    card_no_to: str | None = None
    customer_id: int | None = None
    activation_id: int | None = None
    state: RedPacketState | None = None


class RedPacketRow(ResponseModel):
    card_id: int
    card_no: str
    customer_id: int | None
    customer_name: str
    contract_name: str
    activation_batch_no: str
    owner: Actor
    red_packet_amount: SignedMoney
    red_packet_used: SignedMoney
    red_packet_balance: SignedMoney
    red_packet_expired: SignedMoney
    red_packet_expires_at: datetime | None
    state: RedPacketState
    state_label: str


class RedPacketEntry(ResponseModel):
    id: int
    kind: EntryKind
    kind_label: str
    red_packet_part: SignedMoney
    red_packet_after: SignedMoney
    order_ref: str | None
    context: str
    memo: str
    created_at: datetime


class RedPacketDetail(RedPacketRow):
    entries: list[RedPacketEntry]


class RedPacketPage(ListPage[RedPacketRow]):
    state_list: list[Option] | None = None


# ---------------------------------------------------------------- grant requests (红包发放)


class GrantStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    REVOKED = "revoked"  # every packet of the grant taken back


GRANT_STATUS_LABELS = {
    GrantStatus.PENDING: "待审核",
    GrantStatus.APPROVED: "已发放",
    GrantStatus.REJECTED: "已驳回",
    GrantStatus.REVOKED: "已撤回",
}


class GrantTarget(StrEnum):
    CARD = "card"
    RANGE = "range"
    ACTIVATION = "activation"


GRANT_TARGET_LABELS = {GrantTarget.CARD: "单张卡", GrantTarget.RANGE: "卡号段", GrantTarget.ACTIVATION: "激活批次"}


class GrantIn(BaseModel):
    """One card (card_no_from = card_no_to), a card-number range, or an activation batch; amount per card;
    validity as valid_to, or valid_days counted from valid_from (or from the approval)."""

    card_no_from: CardNo | None = Field(None, description="起始卡号（含）；单张卡时与结束卡号相同")
    card_no_to: CardNo | None = Field(None, description="结束卡号（含）")
    activation_id: Id | None = Field(None, description="激活批次 id（与卡号段二选一）")
    amount: Money = Field(..., description="每张卡的红包金额，大于 0，最多两位小数")
    valid_from: AwareDatetime | None = Field(None, description="生效时间；不填为审核通过时")
    valid_to: AwareDatetime | None = Field(None, description="失效时间（与有效天数二选一）")
    valid_days: Integer | None = Field(None, ge=1, le=3650, description="有效天数：生效后多少天内可用")
    remark: Reason = ""


class RefusedCard(ResponseModel):
    card_no: str
    reason: str


class GrantOut(ReviewedRequest):
    id: int
    grant_no: str
    target: GrantTarget
    target_label: str
    card_no_from: str
    card_no_to: str
    activation_id: int | None
    activation_batch_no: str
    customer_id: int | None
    customer_name: str
    amount: SignedMoney
    valid_from: datetime | None
    valid_to: datetime | None
    valid_days: int | None
    quantity: int
    status: GrantStatus
    status_label: str
    remark: str
    granted_count: int
    refused_count: int
    refused: list[RefusedCard]
    revoked_total: SignedMoney
    revoked_at: datetime | None
    revoke_reason: str
    created_by: Actor
    created_at: datetime
    updated_at: datetime


class GrantPage(ListPage[GrantOut]):
    status_list: list[Option] | None = None
    target_list: list[Option] | None = None


@dataclass(frozen=True)
class GrantFilters:
    keyword: str | None = None  # 发放单号, 批次号, 客户名称
    status: GrantStatus | None = None
    activation_id: int | None = None
    customer_id: int | None = None
    date_from: date | None = None  # requested on or after this Shanghai day
    date_to: date | None = None


class RevokeIn(BaseModel):
    card_no: CardNo | None = Field(None, description="只撤回这张卡的红包；不填撤回整个发放单")
    reason: Reason = Field(..., min_length=1, description="撤回原因")


class RevokeOut(ResponseModel):
    grant: GrantOut
    card_count: int  # cards whose packet was revoked by this request (0 when repeated)
    revoked_amount: SignedMoney  # taken back by this request


# ---------------------------------------------------------------- granted packets


class PacketStatus(StrEnum):
    PENDING = "pending"  # valid_from not reached
    AVAILABLE = "available"
    USED_UP = "used_up"
    EXPIRED = "expired"
    REVOKED = "revoked"


PACKET_STATUS_LABELS = {
    PacketStatus.PENDING: "未生效",
    PacketStatus.AVAILABLE: "可使用",
    PacketStatus.USED_UP: "已用完",
    PacketStatus.EXPIRED: "已过期",
    PacketStatus.REVOKED: "已撤回",
}


@dataclass(frozen=True)
class PacketFilters:
    card_no_from: str | None = None
    card_no_to: str | None = None
    activation_id: int | None = None
    customer_id: int | None = None
    grant_id: int | None = None
    status: PacketStatus | None = None
    date_from: date | None = None  # granted on or after this Shanghai day
    date_to: date | None = None


class PacketRow(ResponseModel):
    id: int
    grant_id: int
    grant_no: str
    card_id: int
    card_no: str
    customer_id: int | None
    customer_name: str
    activation_batch_no: str
    amount: SignedMoney
    used: SignedMoney
    revoked: SignedMoney
    expired: SignedMoney
    balance: SignedMoney
    valid_from: datetime
    valid_to: datetime
    status: PacketStatus
    status_label: str
    granted_at: datetime


class PacketPage(ListPage[PacketRow]):
    status_list: list[Option] | None = None


class MemberPacket(ResponseModel):
    source: str  # "activation": the card's own; "grant": a 红包发放
    source_label: str
    grant_no: str
    amount: SignedMoney
    used: SignedMoney
    balance: SignedMoney
    valid_from: datetime | None
    valid_to: datetime | None
    status: PacketStatus
    status_label: str


class MemberPackets(ResponseModel):
    card_id: int
    card_no: str
    red_packet_balance: SignedMoney  # what can be spent now
    data_list: list[MemberPacket]

