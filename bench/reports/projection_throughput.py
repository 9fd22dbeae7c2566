"""Projection throughput: events applied per second through the real inbox + handler path.

    python bench/reports/projection_throughput.py [--events 200000] [--single 20000] [--batch 2000]

Three figures, all on a fresh database of its own (`benchprojection_reports`, so the year that
`report_queries.py --load` left in `bench_reports` stays), all including payload validation, the inbox
row, the raw event store row and every projection write, committed:

- per event: `shared.bus.consumer.apply_envelope`, one transaction per event, with as many events in
  flight as the consumer's default prefetch allows concurrency for (8 tasks here);
- batched: `reports.projections.batch.apply_batch`, N events per transaction (one multi-row inbox
  insert, one raw-store insert, the rollups pre-summed in memory and upserted once per key), with
  `--workers` batches in flight (Python folds one while PostgreSQL commits another);
- live consumer: the worker's own path. `--consumer N` events are published to RabbitMQ first, then the
  real `InboxConsumer` with the reports handlers drains them (its backlog batches go to the reports
  batch handler), timed until every inbox row is there.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import time
import uuid

import aio_pika

os.environ.setdefault("SUITE_DB_PREFIX", "benchprojection_")  # before `common` sets the shared bench_ one
from common import fresh_database
from dataset import background, card_ledger, settled_orders
from sqlalchemy import text

from reports.handlers import handlers
from reports.projections.batch import apply_batch
from reports.settings import ReportsSettings
from shared.bus.consumer import InboxConsumer
from shared.bus.inbox import apply_envelope
from shared.bus.topology import BusNames, declare, delete_topology
from shared.db import Database
from shared.events.envelope import Envelope


def mixed(n: int, seed: int) -> list[Envelope]:
    """Orders, card ledger entries and CRM/cards background in roughly the suite's proportions."""
    orders = settled_orders(n * 6 // 10, seed=seed)
    ledger = card_ledger(n * 3 // 10, seed=seed + 1)
    rest = itertools.islice(itertools.cycle(background(seed=seed + 2)), n - n * 6 // 10 - n * 3 // 10)
    return [*orders, *ledger, *rest]


async def per_event(db: Database, envelopes: list[Envelope], concurrency: int) -> float:
    queue: asyncio.Queue[Envelope] = asyncio.Queue()
    for envelope in envelopes:
        queue.put_nowait(envelope)

    async def worker() -> None:
        while not queue.empty():
            await apply_envelope(db, handlers, queue.get_nowait())

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started


async def batched(db: Database, envelopes: list[Envelope], size: int, workers: int = 1) -> float:
    """`workers` batches in flight at once: one is validated and folded in Python while another commits."""
    batches = [envelopes[start : start + size] for start in range(0, len(envelopes), size)]

    async def worker(mine: list[list[Envelope]]) -> None:
        for batch in mine:
            await apply_batch(db, batch)

    started = time.perf_counter()
    await asyncio.gather(*(worker(batches[i::workers]) for i in range(workers)))
    return time.perf_counter() - started


async def live_consumer(db: Database, envelopes: list[Envelope]) -> float:
    """Seconds for the real consumer to drain `envelopes` already waiting in its queue."""
    settings = ReportsSettings()
    amqp_url, prefix = settings.suite.amqp_url, f"benchrep{uuid.uuid4().hex[:6]}."
    connection = await aio_pika.connect(amqp_url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        await declare(channel, prefix, settings.retry_delays_ms, {"reports": handlers.subscribed})
        exchange = await channel.get_exchange(BusNames(prefix).exchange)
        for start in range(0, len(envelopes), 1000):
            chunk = envelopes[start : start + 1000]
            await asyncio.gather(*(
                exchange.publish(aio_pika.Message(e.to_bytes(), message_id=str(e.event_id), type=e.event_type,
                                                  delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                                 routing_key=e.event_type)
                for e in chunk
            ))
        async with db.sessions() as session:
            before = int((await session.execute(text("SELECT count(*) FROM inbox"))).scalar_one())
        consumer = InboxConsumer(db, handlers, amqp_url=amqp_url, prefix=prefix,
                                 retry_delays_ms=settings.retry_delays_ms, prefetch=settings.consumer_prefetch,
                                 batch_size=settings.consumer_batch_size,
                                 batch_concurrency=settings.consumer_batch_concurrency)
        stop = asyncio.Event()
        started = time.perf_counter()
        task = asyncio.create_task(consumer.run(stop))
        while True:
            async with db.sessions() as session:
                done = int((await session.execute(text("SELECT count(*) FROM inbox"))).scalar_one()) - before
            if done >= len(envelopes):
                break
            await asyncio.sleep(0.05)
        seconds = time.perf_counter() - started
        stop.set()
        await task
        return seconds
    finally:
        await connection.close()
        await delete_topology(amqp_url, prefix, services=["reports"])


async def main(events: int, single: int, batch: int, workers: int, consumer: int) -> None:
    db = Database(ReportsSettings().database_url, pool_size=8)
    try:
        one_by_one = mixed(single, seed=10)
        seconds = await per_event(db, one_by_one, concurrency=8)
        print(
            f"per event (1 txn each, 8 in flight): {len(one_by_one)} events in {seconds:.1f}s "
            f"= {len(one_by_one) / seconds:,.0f} events/s"
        )
        many = mixed(events, seed=20)
        seconds = await batched(db, many, batch, workers)
        print(
            f"batched ({batch} per txn, {workers} in flight): {len(many)} events in {seconds:.1f}s "
            f"= {len(many) / seconds:,.0f} events/s"
        )
        redelivered = many[: batch * 5]
        again = await batched(db, redelivered, batch)
        print(f"redelivered (all duplicates): {len(redelivered)} events in {again:.2f}s (inbox skips them)")
        if consumer:
            live = mixed(consumer, seed=30)
            seconds = await live_consumer(db, live)
            print(f"live consumer (RabbitMQ -> InboxConsumer -> reports handlers): {len(live)} events in "
                  f"{seconds:.1f}s = {len(live) / seconds:,.0f} events/s  (goal >= 3,000/s)")
    finally:
        await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--single", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--consumer", type=int, default=50_000, help="events through the live consumer (0: skip)")
    args = parser.parse_args()
    fresh_database()
    asyncio.run(main(args.events, args.single, args.batch, args.workers, args.consumer))
