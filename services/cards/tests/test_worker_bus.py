"""The cards worker on the real RabbitMQ: ContractApproved (twice) -> one entitlement; a void closes it and an
owner move carries it, with its issues and cards, to the new owner, whatever order they come in; cards events
published."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aio_pika
import pytest
from cardkit import admin, as_identity, cards_range, contract_event, issue_cards, make_cards

from cards.handlers import handlers
from cards.numbers import FIRST_SEQ
from shared.bus.topology import BusNames, declare, delete_topology
from shared.bus.worker import serve_worker
from shared.events.common import Actor
from shared.events.crm import ContractVoided, CustomerOwnerChanged
from shared.events.envelope import Envelope
from shared.events.gateway import StaffChanged
from shared.identity import Scope
from shared.testing import staff, wait_for


@pytest.fixture
async def bus(settings, clean_db) -> AsyncIterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    prefix = f"cardstest{uuid.uuid4().hex[:8]}."
    connection = await aio_pika.connect(settings.suite.amqp_url)
    channel = await channel_with_confirms(connection)
    exchange = await declare(channel, prefix, settings.retry_delays_ms)
    received: list[dict[str, Any]] = []
    tap = await channel.declare_queue(exclusive=True, auto_delete=True)
    await tap.bind(BusNames(prefix).exchange, routing_key="cards.#")

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        async with message.process():
            received.append(json.loads(message.body))

    await tap.consume(on_message)
    stop = asyncio.Event()
    worker = asyncio.create_task(serve_worker(settings, handlers, [], stop, bus_prefix=prefix,
                                              relay_options={"poll_seconds": 0.2}))
    yield {"exchange": exchange, "received": received}
    stop.set()
    await asyncio.wait_for(worker, timeout=15)
    await connection.close()
    await delete_topology(settings.suite.amqp_url, prefix, retry_delays_ms=settings.retry_delays_ms)


async def channel_with_confirms(connection: aio_pika.abc.AbstractConnection) -> aio_pika.abc.AbstractChannel:
    return await connection.channel(publisher_confirms=True)


async def publish(exchange: aio_pika.abc.AbstractExchange, envelope: Envelope) -> None:
    await exchange.publish(
        aio_pika.Message(envelope.to_bytes(), message_id=str(envelope.event_id), content_type="application/json",
                         delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
        routing_key=envelope.event_type,
    )


async def test_consumes_contract_and_staff_events_once(bus, pg, client) -> None:  # type: ignore[no-untyped-def]
    approved = Envelope.wrap("crm", contract_event(101, total_cards=7))
    await publish(bus["exchange"], approved)
    await publish(bus["exchange"], approved)  # redelivered / duplicated
    await publish(bus["exchange"], Envelope.wrap("gateway", StaffChanged(
        staff_id=2, username="wanbin", name="万彬", dept_id=3, dept_name="销售一部", revision=3)))
    await publish(bus["exchange"], Envelope.wrap("gateway", StaffChanged(
        staff_id=2, username="wanbin", name="旧名字", revision=2)))  # older copy, arrives late

    async def settled() -> bool:
        return await pg.fetchval("SELECT count(*) FROM inbox") == 3

    await wait_for(settled, timeout=15)
    assert await pg.fetchval("SELECT count(*) FROM entitlements WHERE contract_id = 101") == 1
    assert await pg.fetchval("SELECT total_cards FROM entitlements WHERE contract_id = 101") == 7
    assert await pg.fetchval("SELECT name FROM staff WHERE id = 2") == "万彬"
    # The directory feeds the 跟进人 options of the card list.
    listed = await client.get("/api/cards/cards", headers=admin(), params={"page_size": 1})
    assert listed.json()["owner_list"] == [{"label": "万彬", "value": "2"}]


async def test_a_void_closes_the_entitlement_even_when_it_arrives_before_the_approval(  # type: ignore[no-untyped-def]
    bus, pg, client
) -> None:
    approval = contract_event(102, total_cards=5)
    voided = Envelope.wrap("crm", ContractVoided(
        contract_id=102, contract_no=approval.contract_no, contract_name=approval.contract_name,
        customer_id=approval.customer_id, customer_name=approval.customer_name, owner_id=approval.owner_id,
        amount=approval.amount, reason="客户取消", voided_by=Actor(id=1, name="系统管理员"),
        voided_at=datetime.now(UTC)))
    await publish(bus["exchange"], voided)  # before its approval: the worker retries it
    await asyncio.sleep(0.3)
    await publish(bus["exchange"], Envelope.wrap("crm", approval))
    await publish(bus["exchange"], voided)  # and once more, duplicated

    async def closed() -> bool:
        return await pg.fetchval("SELECT count(*) FROM inbox") == 2 and await pg.fetchval(
            "SELECT voided_at IS NOT NULL FROM entitlements WHERE contract_id = 102")

    await wait_for(closed, timeout=20)
    assert await pg.fetchval("SELECT void_reason FROM entitlements WHERE contract_id = 102") == "客户取消"
    listed = (await client.get("/api/cards/entitlements", headers=admin(), params={"status": "voided"})).json()
    assert [(row["contract_id"], row["status"]) for row in listed["data_list"]] == [(102, "voided")]
    # Nothing more can be issued against it.
    await make_cards(client, 2)
    refused = await client.post("/api/cards/issues", headers=admin(), json={
        "contract_id": 102, "card_type": "实体卡", "ranges": [cards_range(FIRST_SEQ, 2)]})
    assert refused.status_code == 409 and refused.json()["code"] == "contract_voided"
    assert await pg.fetchval("SELECT count(*) FROM card_issues") == 0


async def test_an_owner_move_carries_entitlements_issues_and_cards_to_the_new_owner(  # type: ignore[no-untyped-def]
    bus, pg, client
) -> None:
    now = datetime.now(UTC)
    await publish(bus["exchange"], Envelope.wrap("crm", contract_event(
        103, total_cards=5, customer_id=600, approved_at=now - timedelta(hours=2))))
    await wait_for(lambda: pg.fetchval("SELECT count(*) FROM entitlements WHERE contract_id = 103"), timeout=15)
    await make_cards(client, 3)
    await issue_cards(client, 103, FIRST_SEQ, 3)
    moved = Envelope.wrap("crm", CustomerOwnerChanged(
        customer_id=600, customer_name="客户600", change_id=9, old_owner=Actor(id=2, name="万彬"),
        new_owner=Actor(id=7, name="廖文浩"), new_dept_id=9, new_dept_name="销售三部", contract_ids=[103, 104],
        changed_at=now))
    await publish(bus["exchange"], moved)
    # Contract 104 was approved before the move, but its approval (naming the old owner) arrives after it.
    await publish(bus["exchange"], Envelope.wrap("crm", contract_event(
        104, total_cards=5, customer_id=600, approved_at=now - timedelta(hours=1))))
    await publish(bus["exchange"], moved)  # duplicated

    async def settled() -> bool:
        return await pg.fetchval("SELECT count(*) FROM inbox") == 3

    await wait_for(settled, timeout=15)
    owners = await pg.fetch("SELECT contract_id, owner_id, owner_name, dept_id FROM entitlements ORDER BY 1")
    assert [tuple(r) for r in owners] == [(103, 7, "廖文浩", 9), (104, 7, "廖文浩", 9)]
    assert await pg.fetchval("SELECT array_agg(DISTINCT owner_id) FROM card_issues") == [7]
    assert await pg.fetchval("SELECT array_agg(DISTINCT (owner_id, owner_dept_id)::text) FROM cards "
                             "WHERE contract_id = 103") == ["(7,9)"]
    # The data scopes follow: the new owner sees the cards as his own, the old owner no longer does.
    perms = ("cards:card:list",)
    mine = await client.get("/api/cards/cards", headers=as_identity(staff(*perms, user_id=7, scope=Scope.SELF)))
    theirs = await client.get("/api/cards/cards", headers=as_identity(staff(*perms, user_id=2, scope=Scope.SELF)))
    assert (mine.json()["total"], theirs.json()["total"]) == (3, 0)


async def test_cards_events_leave_through_the_relay(bus, client) -> None:  # type: ignore[no-untyped-def]
    await make_cards(client, 3)

    async def published() -> list[dict[str, Any]]:
        return [m for m in bus["received"] if m["event_type"] == "cards.CardsMade"]

    made = await wait_for(published, timeout=15)
    assert len(made) == 1
    assert made[0]["payload"]["quantity"] == 3
