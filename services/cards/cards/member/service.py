"""A member's cards: binding (and activating) one, with password guessing limited in Redis; the list and the
ledger of their own cards."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cards.activations.models import Activation
from cards.cards.models import Card
from cards.cards.state import CardAction, CardStatus, UseStatus, check
from cards.ledger.models import LedgerEntry
from cards.ledger.service import ledger_row
from cards.numbers import SeqRange, parse_card_no
from cards.passwords import password_matches
from cards.settings import CardsSettings
from shared.bus import emit
from shared.events.cards import CardsActivated
from shared.events.common import CardGroupTotals, CardRange
from shared.identity import Identity
from shared.listing import PageParams, list_response, paginate
from shared.money import format_money
from shared.problems import Problem, not_found

log = structlog.get_logger("cards.member")


class BindLimiter:
    """Failed binding attempts counted per member and per card number in a fixed window (Redis)."""

    def __init__(self, redis: Redis, settings: CardsSettings) -> None:
        self.redis = redis
        self.limit = settings.bind_max_failures
        self.window = settings.bind_failure_window_seconds

    @staticmethod
    def _keys(member_id: int, card_no: str) -> tuple[str, str]:
        return f"cards:bind:fail:member:{member_id}", f"cards:bind:fail:card:{card_no}"

    async def check(self, member_id: int, card_no: str) -> None:
        member_key, card_key = self._keys(member_id, card_no)
        member_fails, card_fails = await self.redis.mget(member_key, card_key)
        if int(member_fails or 0) >= self.limit or int(card_fails or 0) >= self.limit:
            ttl = max(await self.redis.ttl(member_key), await self.redis.ttl(card_key), 1)
            raise Problem(429, "too_many_attempts", f"卡号或密码错误次数过多，请 {ttl // 60 + 1} 分钟后再试",
                          headers={"Retry-After": str(ttl)})

    async def fail(self, member_id: int, card_no: str) -> int:
        """Counts a failure; returns the attempts left before the member is stopped."""
        member_key, card_key = self._keys(member_id, card_no)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(member_key)
            pipe.expire(member_key, self.window, nx=True)
            pipe.incr(card_key)
            pipe.expire(card_key, self.window, nx=True)
            member_fails, _, card_fails, _ = await pipe.execute()
        return max(self.limit - max(int(member_fails), int(card_fails)), 0)

    async def succeed(self, member_id: int) -> None:
        await self.redis.delete(self._keys(member_id, "")[0])


async def bind_card(
    session: AsyncSession, limiter: BindLimiter, settings: CardsSettings, member: Identity, card_no: str,
    password: str,
) -> Card:
    """Checks the password (rate-limited), binds the card to the member and, if not yet active, activates it
    (`bind` commits)."""
    card_no = card_no.strip()
    await limiter.check(member.id, card_no)
    seq = parse_card_no(card_no)
    card = None
    if seq is not None:
        card = await session.scalar(select(Card).where(Card.id == seq).with_for_update())
    if card is None or not password_matches(settings.password_key, card.card_no, password, card.password_hash):
        left = await limiter.fail(member.id, card_no)
        # The same answer for an unknown card and a wrong password: nothing to learn from guessing numbers.
        log.info("card_bind_failed", member_id=member.id, attempts_left=left)
        raise Problem(400, "card_or_password_wrong", "卡号或密码错误", attempts_left=left)
    await limiter.succeed(member.id)
    if card.member_id == member.id:
        raise Problem(409, "already_bound", "该卡已绑定到您的账户")
    if card.member_id is not None:
        raise Problem(409, "card_bound_to_other", "该卡已被其他账户绑定")
    now = datetime.now(UTC)
    card.member_id = member.id
    card.member_phone = member.username
    card.bound_at = now
    if card.status == CardStatus.ACTIVATED.value:
        # Already activated by the scheduler: binding only attaches it to the member.
        await session.flush()
        return card
    check(CardAction.ACTIVATE, card.status, card.use_status)
    if card.latest_activation_at is not None and card.latest_activation_at < now:
        raise Problem(409, "activation_deadline_passed", "已超过最迟激活时间，不能激活")
    activation = await session.get(Activation, card.activation_id)
    if activation is None:
        raise Problem(409, "card_not_charged", "该卡尚未充值，不能激活")
    card.status = CardStatus.ACTIVATED.value
    card.activated_at = now
    card.activation_mode = "manual"
    card.valid_from = now
    card.valid_until = card.effective_until = now + timedelta(days=activation.valid_days)
    card.red_packet_expires_at = now + timedelta(days=activation.red_packet_days)
    card.updated_at = now
    await session.flush()
    await emit(
        session,
        "cards",
        CardsActivated(
            run_id=str(uuid.uuid4()),
            mode="manual",
            card_count=1,
            groups=[
                CardGroupTotals(
                    customer_id=card.customer_id,
                    customer_name=card.customer_name,
                    contract_id=card.contract_id,
                    contract_name=card.contract_name,
                    activation_id=card.activation_id,
                    activation_batch_no=card.activation_batch_no,
                    card_count=1,
                    face_value_total=card.face_value,
                    red_packet_total=card.red_packet_balance,
                    balance_total=card.balance,
                    ranges=[CardRange(**SeqRange(card.id, card.id).as_dict())],  # type: ignore[arg-type]
                )
            ],
            activated_at=now,
        ),
    )
    return card


def member_card(card: Card) -> dict[str, Any]:
    return {
        "id": card.id,
        "card_no": card.card_no,
        "card_type": card.card_type,
        "card_kind": card.card_kind,
        "customer_name": card.customer_name,
        "status": card.status,
        "use_status": card.use_status,
        "face_value": format_money(card.face_value),
        "balance": format_money(card.balance),
        "red_packet_balance": format_money(card.red_packet_balance),
        "red_packet_used": format_money(card.red_packet_used),
        "red_packet_expires_at": card.red_packet_expires_at,
        "activated_at": card.activated_at,
        "valid_from": card.valid_from,
        "effective_until": card.effective_until,
        "bound_at": card.bound_at,
    }


async def bind(
    session: AsyncSession, limiter: BindLimiter, settings: CardsSettings, member: Identity, card_no: str,
    password: str,
) -> dict[str, Any]:
    """绑定卡片, committed: the card as the member sees it."""
    card = await bind_card(session, limiter, settings, member, card_no, password)
    body = member_card(card)
    await session.commit()
    return body


async def my_cards(session: AsyncSession, member_id: int) -> dict[str, Any]:
    cards = await session.scalars(select(Card).where(Card.member_id == member_id).order_by(Card.bound_at, Card.id))
    return {"data_list": [member_card(c) for c in cards]}


async def my_card_ledger(session: AsyncSession, member_id: int, card_id: int, params: PageParams) -> dict[str, Any]:
    card = await session.get(Card, card_id)
    if card is None or card.member_id != member_id:
        raise not_found("卡片")
    stmt = select(LedgerEntry).where(LedgerEntry.card_id == card_id).order_by(LedgerEntry.id.desc())
    rows, total = await paginate(session, stmt, params, row=ledger_row)
    return list_response(rows, total, params)


async def active_cards(session: AsyncSession, member_id: int) -> dict[str, Any]:
    """What another service may ask about a member's cards (a campaign limited to customers' card holders):
    the cards that count as held now, 已激活 and 已充值 within their validity."""
    cards = await session.scalars(
        select(Card).where(Card.member_id == member_id, Card.status == CardStatus.ACTIVATED.value,
                           Card.use_status == UseStatus.CHARGED.value, Card.effective_until > datetime.now(UTC))
        .order_by(Card.id)
    )
    return {
        "member_id": member_id,
        "data_list": [
            {"card_id": c.id, "card_no": c.card_no, "customer_id": c.customer_id, "customer_name": c.customer_name,
             "card_kind": c.card_kind, "card_type": c.card_type, "effective_until": c.effective_until}
            for c in cards
        ],
    }
