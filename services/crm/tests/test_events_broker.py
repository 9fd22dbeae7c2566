"""Each state change publishes exactly one event with the right payload, consumed from the real RabbitMQ
(the crm worker's outbox relay runs in-process with a bus prefix of this test's own)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import httpx
import pytest
from crmkit import admin_headers, make_contract, make_customer, post_payment, sales_headers

from crm.settings import CrmSettings
from shared.bus.topology import BusNames, delete_topology
from shared.bus.worker import serve_worker
from shared.db import Database
from shared.testing import wait_for


@pytest.fixture
async def bus(settings: CrmSettings, db: Database) -> AsyncIterator[list[dict[str, Any]]]:
    """Runs the crm relay under a fresh prefix and collects every crm.* message from a queue of the test's own."""
    prefix = f"crmtest{uuid.uuid4().hex[:8]}."
    received: list[dict[str, Any]] = []
    connection = await aio_pika.connect(settings.suite.amqp_url)
    channel = await connection.channel()
    exchange = await channel.declare_exchange(BusNames(prefix).exchange, aio_pika.ExchangeType.TOPIC, durable=True)
    queue = await channel.declare_queue(exclusive=True, auto_delete=True)
    await queue.bind(exchange, routing_key="crm.#")

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        async with message.process():
            received.append(json.loads(message.body) | {"routing_key": message.routing_key})

    await queue.consume(on_message)
    stop = asyncio.Event()
    worker = asyncio.create_task(
        serve_worker(settings, None, [], stop, bus_prefix=prefix, relay_options={"poll_seconds": 0.2})
    )
    yield received
    stop.set()
    await asyncio.wait_for(worker, timeout=10)
    await connection.close()
    await delete_topology(settings.suite.amqp_url, prefix, retry_delays_ms=settings.retry_delays_ms)


async def test_every_state_change_publishes_one_event(client: httpx.AsyncClient, bus: list[dict[str, Any]]) -> None:
    customer = await make_customer(client, "南昌市水利局", headers=sales_headers(2), level="B")  # created + reviewed
    contract = await make_contract(
        client, customer["id"], "HT-EVT-1", amount="50000.00", total_cards=40, card_type="标准卡"
    )  # approved
    rejected = await make_contract(client, customer["id"], "HT-EVT-2", approve=False)
    await client.post(
        f"/api/crm/contracts/{rejected['id']}/review",
        json={"approved": False, "reason": "重复"},
        headers=admin_headers(),
    )
    payment = await post_payment(client, contract["id"], "20000.00", "2026-03-01T09:00:00+08:00", method="银行转账")
    pay = payment.json()
    await client.put(
        f"/api/crm/payments/{pay['id']}",
        json={
            "amount": "25000.00",
            "method": "银行转账",
            "received_at": "2026-03-01T09:00:00+08:00",
            "version": pay["version"],
        },
        headers=admin_headers(),
    )
    await client.delete(f"/api/crm/payments/{pay['id']}", headers=admin_headers())
    await client.post(
        f"/api/crm/customers/{customer['id']}/release", json={"reason": "人员变动"}, headers=sales_headers(2)
    )

    expected = [
        "crm.CustomerCreated",
        "crm.CustomerUpdated",
        "crm.ContractApproved",
        "crm.ContractRejected",
        "crm.PaymentRecorded",
        "crm.PaymentChanged",
        "crm.PaymentDeleted",
        "crm.CustomerOwnerChanged",
    ]

    async def all_arrived() -> bool:
        return len(bus) >= len(expected)

    await wait_for(all_arrived, timeout=20)
    await asyncio.sleep(0.5)  # anything extra (a duplicate) would arrive now
    assert sorted(m["routing_key"] for m in bus) == sorted(expected)
    assert len({m["event_id"] for m in bus}) == len(expected)
    by_type = {m["event_type"]: m["payload"] for m in bus}
    assert by_type["crm.CustomerCreated"]["name"] == "南昌市水利局" and by_type["crm.CustomerCreated"]["revision"] == 1
    assert (
        by_type["crm.CustomerUpdated"]["review_status"] == "approved"
        and by_type["crm.CustomerUpdated"]["revision"] == 2
    )
    approved = by_type["crm.ContractApproved"]
    assert approved["contract_id"] == contract["id"] and approved["amount"] == "50000.00"
    assert approved["total_cards"] == 40 and approved["card_type"] == "标准卡" and approved["owner_id"] == 2
    assert by_type["crm.ContractRejected"]["reason"] == "重复"
    assert by_type["crm.PaymentRecorded"]["amount"] == "20000.00"
    assert by_type["crm.PaymentChanged"]["amount"] == "25000.00" and by_type["crm.PaymentChanged"]["revision"] == 2
    assert by_type["crm.PaymentDeleted"]["revision"] == 3
    moved = by_type["crm.CustomerOwnerChanged"]
    assert moved["old_owner"]["id"] == 2 and moved["new_owner"]["id"] is None and "人员变动" in moved["reason"]
    assert all(m["producer"] == "crm" for m in bus)
