"""Fixtures for the services that take payment from a card (health, mall, escort): the real cards app in-process
and cards written straight into its database. Each of their conftests imports them by name (this folder is on
pytest's pythonpath), so the three test suites share one definition."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from fastapi import FastAPI

from shared.testing import running, truncate_all

MakeCard = Callable[..., Awaitable[str]]


@pytest.fixture
async def cards_app() -> AsyncIterator[FastAPI]:
    """The cards app on its own (truncated) test database: the real ledger the paying services call."""
    from cards.main import create_app as create_cards_app
    from cards.settings import CardsSettings

    settings = CardsSettings()
    await truncate_all(settings.database_url)
    app = create_cards_app(settings)
    async with running(app):
        yield app


@pytest.fixture
def make_card(cards_app: FastAPI) -> MakeCard:
    """An activated, charged card bound to a member, written with the cards service's own model."""
    from cards.cards.models import Card
    from cards.numbers import FIRST_SEQ, card_no

    counter = {"next": FIRST_SEQ + 1}

    async def make(
        member_id: int,
        balance: str = "1000.00",
        *,
        status: str = "activated",
        use_status: str = "charged",
        valid_days: int = 365,
        red_packet: str = "0.00",
    ) -> str:
        seq = counter["next"]
        counter["next"] += 1
        now = datetime.now(UTC)
        async with cards_app.state.db.sessions() as session:
            session.add(Card(
                id=seq, card_no=card_no(seq), making_batch_id=1, status=status, use_status=use_status,
                face_value=Decimal(balance), balance=Decimal(balance), red_packet_amount=Decimal(red_packet),
                red_packet_balance=Decimal(red_packet), red_packet_expires_at=now + timedelta(days=30),
                member_id=member_id, member_phone="13800000000", bound_at=now, activated_at=now,
                valid_from=now - timedelta(days=400), valid_until=now + timedelta(days=valid_days),
                effective_until=now + timedelta(days=valid_days),
            ))
            await session.commit()
        return card_no(seq)

    return make
