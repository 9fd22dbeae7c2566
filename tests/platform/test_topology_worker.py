"""Topology (code = committed definitions file = broker), the AsyncAPI document, and a whole worker."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import time
from datetime import datetime, timedelta
from typing import Any, ClassVar

import aio_pika
import httpx
from bus_testkit import TEST_CONSUMER, TEST_DELAYS_MS, HandlerState, count_effects, make_handlers, wait_until
from pydantic_settings import SettingsConfigDict
from sqlalchemy import text

from shared.bus import emit
from shared.bus.subscriptions import SUBSCRIPTIONS
from shared.bus.topology import DEFINITIONS_FILE, BusNames, declare, definitions_text, render_definitions
from shared.bus.worker import serve_metrics, serve_worker
from shared.db import Database
from shared.events.asyncapi import build_asyncapi
from shared.events.catalogue import CATALOGUE
from shared.events.crm import CustomerCreated
from shared.observability import request_id_var
from shared.scheduler import Job
from shared.settings import ServiceSettings, SuiteSettings


def test_the_committed_definitions_file_is_the_generated_one() -> None:
    assert DEFINITIONS_FILE.read_text() == definitions_text(), (
        "deploy/rabbitmq/definitions.json is stale: run `python -m shared.bus.topology --write`"
    )


def test_definitions_cover_every_subscription_with_retry_and_parking_queues() -> None:
    definitions = render_definitions()
    queues = {q["name"]: q for q in definitions["queues"]}
    bindings = {(b["destination"], b["routing_key"]) for b in definitions["bindings"]}
    assert [e["name"] for e in definitions["exchanges"]] == ["suite.events"]
    for service, keys in SUBSCRIPTIONS.items():
        main = f"suite.{service}.events"
        assert queues[main]["durable"] is True
        assert {(main, key) for key in keys} <= bindings
        assert f"suite.{service}.parked" in queues
        for delay in (1000, 5000, 30000):
            arguments = queues[f"suite.{service}.retry.{delay}"]["arguments"]
            assert arguments == {"x-queue-type": "quorum", "x-message-ttl": delay, "x-dead-letter-exchange": "",
                                 "x-dead-letter-routing-key": main, "x-dead-letter-strategy": "at-least-once",
                                 "x-overflow": "reject-publish"}
    assert all(key in CATALOGUE for _, key in bindings)


async def test_declare_creates_on_the_broker_what_the_definitions_describe(
    bus_prefix: str, amqp: aio_pika.abc.AbstractConnection
) -> None:
    channel = await amqp.channel()
    await declare(channel, bus_prefix, TEST_DELAYS_MS)
    await declare(channel, bus_prefix, TEST_DELAYS_MS)  # idempotent: a second relay start is harmless
    definitions = render_definitions(bus_prefix, TEST_DELAYS_MS)
    for queue in definitions["queues"]:
        # Passive: fails (closing the channel) if the queue is not there.
        await channel.declare_queue(queue["name"], passive=True)
    await channel.declare_exchange(BusNames(bus_prefix).exchange, passive=True)
    await channel.close()


def test_asyncapi_document_describes_every_event() -> None:
    document = build_asyncapi()
    assert document["asyncapi"] == "2.6.0"
    assert document["info"]["title"] and document["info"]["version"]
    assert set(document["channels"]) == set(CATALOGUE)
    assert set(document["components"]["messages"]) == set(CATALOGUE)
    for key, channel in document["channels"].items():
        producer = key.split(".")[0]
        assert channel["x-producer"] == producer
        assert channel["x-consumers"] == sorted(s for s, keys in SUBSCRIPTIONS.items() if key in keys)
        assert channel["bindings"]["amqp"]["exchange"] == {
            "name": "suite.events", "type": "topic", "durable": True, "autoDelete": False, "vhost": "/"
        }
        assert channel["subscribe"]["message"] == {"$ref": f"#/components/messages/{key}"}
        payload = document["components"]["messages"][key]["payload"]
        assert set(payload["required"]) == {"event_id", "event_type", "version", "occurred_at", "producer", "payload"}
        assert payload["properties"]["event_type"]["const"] == key
    # Every $ref resolves inside the document, and component names follow AsyncAPI's key pattern.
    text_form = json.dumps(document)
    for ref in set(re.findall(r'"\$ref": "#/([^"]+)"', text_form)):
        node: Any = document
        for part in ref.split("/"):
            node = node[part]
    for section in ("messages", "schemas"):
        assert all(re.fullmatch(r"[A-Za-z0-9.\-_]+", name) for name in document["components"][section])
    contract = document["components"]["schemas"]["ContractApproved"]
    assert "contract_id" in contract["properties"]
    assert json.loads(text_form) == document  # plain JSON all the way down


class BusTestSettings(ServiceSettings):
    service_name: ClassVar[str] = TEST_CONSUMER
    model_config = SettingsConfigDict(env_prefix="BUSTEST_", extra="ignore")


async def test_a_worker_relays_consumes_and_runs_jobs_and_stops_cleanly(
    db: Database, bus_db_url: str, bus_prefix: str, suite_settings: SuiteSettings
) -> None:
    settings = BusTestSettings(database_url=bus_db_url, port=1, retry_delays_ms=TEST_DELAYS_MS)
    state = HandlerState()
    job_runs: list[datetime] = []

    async def tick(_db: Database, now: datetime) -> dict[str, int]:
        job_runs.append(now)
        return {"runs": len(job_runs)}

    stop = asyncio.Event()
    worker = asyncio.ensure_future(
        serve_worker(
            settings, make_handlers(state), [Job("bus-test-tick", timedelta(hours=1), tick)], stop,
            bus_prefix=bus_prefix, subscriptions={TEST_CONSUMER: ("crm.CustomerCreated",)},
            # A slow fallback poll: the events must arrive through LISTEN/NOTIFY to pass in time.
            relay_options={"poll_seconds": 60}, scheduler_tick_seconds=0.1,
        )
    )
    try:
        await asyncio.sleep(0.5)  # connected and listening
        token = request_id_var.set("req-worker")
        try:
            async with db.sessions() as session:
                envelopes = [await emit(session, "crm", CustomerCreated(customer_id=i, name=f"客户{i}"))
                             for i in range(30)]
                await session.commit()
        finally:
            request_id_var.reset(token)
        started = time.monotonic()

        async def all_applied() -> bool:
            return len(await count_effects(db)) == 30

        await wait_until(all_applied, timeout=5)
        elapsed = time.monotonic() - started
        await wait_until(lambda: _ran(job_runs), timeout=5)
    finally:
        stop.set()
        await asyncio.wait_for(worker, timeout=10)
    assert elapsed < 5
    assert set(await count_effects(db)) == {e.event_id for e in envelopes}
    async with db.sessions() as session:
        correlations = (await session.execute(text("SELECT DISTINCT correlation_id FROM bus_effects"))).scalars()
        assert list(correlations) == ["req-worker"]
        unpublished = (await session.execute(text("SELECT count(*) FROM outbox WHERE published_at IS NULL")))
        assert unpublished.scalar_one() == 0
    assert len(job_runs) == 1  # due once per hour: ran once however many ticks passed

    # What the worker did can be scraped from its metrics endpoint.
    settings.worker_metrics_port = _free_port()
    assert serve_metrics(settings) == settings.worker_metrics_port
    async with httpx.AsyncClient() as http:
        scraped = (await http.get(f"http://{settings.suite.host}:{settings.worker_metrics_port}/metrics")).text
    relayed = re.search(rf'^bus_events_relayed_total{{service="{TEST_CONSUMER}"}} ([0-9.e+]+)$', scraped, re.M)
    consumed = re.search(rf'^bus_events_consumed_total{{event_type="crm.CustomerCreated",service="{TEST_CONSUMER}"}} '
                         r"([0-9.e+]+)$", scraped, re.M)
    assert relayed and float(relayed.group(1)) >= 30, scraped
    assert consumed and float(consumed.group(1)) >= 30, scraped


def test_worker_metrics_default_beside_the_api_port_and_can_be_turned_off() -> None:
    assert BusTestSettings(port=8101).worker_metrics_port == 9101
    assert serve_metrics(BusTestSettings(port=8101, worker_metrics_port=0)) is None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _ran(job_runs: list[datetime]) -> bool:
    return bool(job_runs)
