"""Bus benchmark: raw publish-with-confirms vs outbox -> relay -> RabbitMQ -> inbox consumer.

    python bench/bus/run.py [--events 10000] [--rate 300] [--seconds 20]

Prints, in one run: raw aio-pika publish-with-confirms msgs/s (same body size, same concurrency as a relay
batch), relayed events/s (N rows inserted first, time for the relay to drain them), consumed events/s (the
consumer draining the full queue with a trivial handler, inbox row included), and end-to-end latency
p50/p99 at a fixed rate (commit of the producing transaction -> handler start; the producer runs in a
separate process, one transaction per event through `emit`, as an API would; relay and consumer share
this process, as in a worker). Goals: relay >= 2,000/s and >= 0.5x raw; consumer >= 1,000/s; p99 <= 200
ms. Uses the database `bench_bus` and the bus prefix `bench<pid>.`, and removes both at the end. Not a
test. The machine's load average is printed too: on a shared 2-core box the figures move with it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import time

import aio_pika
import asyncpg
from prometheus_client import REGISTRY
from sqlalchemy import MetaData, insert, text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from shared.bus import Handlers, emit
from shared.bus.consumer import InboxConsumer
from shared.bus.relay import OutboxRelay
from shared.bus.topology import BusNames, declare, delete_topology
from shared.db import Database, new_metadata
from shared.events.crm import CustomerCreated
from shared.events.envelope import Envelope
from shared.observability import configure_logging
from shared.settings import SuiteSettings, asyncpg_dsn
from shared.tables import install_platform_tables

CONSUMER = "benchsvc"
KEY = "crm.CustomerCreated"
SUBSCRIPTIONS = {CONSUMER: (KEY,)}
DELAYS_MS = [1000, 5000, 30000]
BATCH = 500
PREFETCH = 256


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.suite = SuiteSettings()
        self.db_name = "bench_bus"
        self.url = self.suite.database_url_template.format(db=self.db_name)
        self.prefix = f"bench{os.getpid()}."
        self.names = BusNames(self.prefix)
        self.handled_at: dict[str, float] = {}
        self.handled = 0
        self.expected = sys.maxsize
        self.all_handled = asyncio.Event()

    # -- setup ----------------------------------------------------------------------------------------------

    async def _admin(self, sql: str) -> None:
        dsn = asyncpg_dsn(self.suite.database_url_template.format(db="postgres"))
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    async def setup(self) -> Database:
        await self._admin(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
        await self._admin(f'CREATE DATABASE "{self.db_name}"')
        metadata = new_metadata()
        install_platform_tables(metadata)
        engine = create_async_engine(self.url)
        async with engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
        await engine.dispose()
        return Database(self.url, pool_size=10)

    async def teardown(self, db: Database) -> None:
        await db.dispose()
        await delete_topology(self.suite.amqp_url, self.prefix, services=[CONSUMER], retry_delays_ms=DELAYS_MS)
        await self._admin(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')

    def handlers(self, *, track: bool) -> Handlers:
        handlers = Handlers(CONSUMER, subscribed=(KEY,))

        @handlers.on(KEY)
        async def trivial(session: AsyncSession, event: CustomerCreated, envelope: Envelope) -> None:
            self.handled += 1
            if track:
                self.handled_at[str(envelope.event_id)] = time.time()
                if len(self.handled_at) >= self.expected:
                    self.all_handled.set()

        return handlers

    @staticmethod
    def envelopes(n: int) -> list[Envelope]:
        return [Envelope.wrap("crm", CustomerCreated(customer_id=i, name=f"客户{i:06d}", level="A",
                                                     owner_name="销售员", dept_name="销售一部"))
                for i in range(n)]

    async def queue_depth(self, connection: aio_pika.abc.AbstractConnection) -> int:
        channel = await connection.channel()
        queue = await channel.declare_queue(self.names.queue(CONSUMER), passive=True)
        await channel.close()
        return int(queue.declaration_result.message_count or 0)

    # -- 1. raw baseline ------------------------------------------------------------------------------------

    async def raw_publish(self, bodies: list[bytes]) -> float:
        connection = await aio_pika.connect(self.suite.amqp_url)
        try:
            channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
            exchange = await declare(channel, self.prefix, DELAYS_MS, SUBSCRIPTIONS)
            started = time.perf_counter()
            for start in range(0, len(bodies), BATCH):
                await asyncio.gather(*(
                    exchange.publish(
                        aio_pika.Message(body, message_id=str(i), type=KEY, content_type="application/json",
                                         delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                        routing_key=KEY, mandatory=True,
                    )
                    for i, body in enumerate(bodies[start:start + BATCH], start)
                ))
            elapsed = time.perf_counter() - started
            await (await channel.declare_queue(self.names.queue(CONSUMER), passive=True)).purge()
            return len(bodies) / elapsed
        finally:
            await connection.close()

    # -- 2. relay throughput --------------------------------------------------------------------------------

    async def relay_throughput(self, db: Database, envelopes: list[Envelope]) -> float:
        outbox = install_platform_tables(MetaData()).outbox
        rows = [{"event_id": e.event_id, "routing_key": KEY, "body": e.to_bytes()} for e in envelopes]
        async with db.sessions() as session, session.begin():
            for start in range(0, len(rows), 5000):
                await session.execute(insert(outbox), rows[start:start + 5000])
        relay = OutboxRelay(db, service="bench", amqp_url=self.suite.amqp_url, prefix=self.prefix,
                            retry_delays_ms=DELAYS_MS, subscriptions=SUBSCRIPTIONS, batch_size=BATCH)
        await relay.connect()
        started = time.perf_counter()
        published = await relay.drain()
        elapsed = time.perf_counter() - started
        await relay.close_broker()
        assert published == len(envelopes), (published, len(envelopes))
        return published / elapsed

    # -- 3. consumer throughput -----------------------------------------------------------------------------

    async def consumer_throughput(self, db: Database, expected: int) -> float:
        connection = await aio_pika.connect(self.suite.amqp_url)
        depth = await self.queue_depth(connection)
        assert depth == expected, (depth, expected)
        consumer = InboxConsumer(db, self.handlers(track=False), amqp_url=self.suite.amqp_url, prefix=self.prefix,
                                 retry_delays_ms=DELAYS_MS, prefetch=PREFETCH)
        stop = asyncio.Event()
        self.handled = 0
        started = time.perf_counter()
        task = asyncio.ensure_future(consumer.run(stop))
        try:
            while True:
                async with db.sessions() as session:
                    done = (await session.execute(text("SELECT count(*) FROM inbox"))).scalar_one()
                if done >= expected:
                    break
                await asyncio.sleep(0.02)
            elapsed = time.perf_counter() - started
        finally:
            stop.set()
            await task
        assert await self.queue_depth(connection) == 0
        await connection.close()
        return expected / elapsed

    # -- 4. end-to-end latency at a fixed rate --------------------------------------------------------------

    async def latency(self, db: Database, rate: float, seconds: float) -> tuple[list[float], int]:
        """Relay + consumer in this process (as in a worker); the producer in another (as an API would be)."""
        stop = asyncio.Event()
        relay = OutboxRelay(db, service="bench-latency", amqp_url=self.suite.amqp_url, prefix=self.prefix,
                            retry_delays_ms=DELAYS_MS, subscriptions=SUBSCRIPTIONS, batch_size=BATCH)
        consumer = InboxConsumer(db, self.handlers(track=True), amqp_url=self.suite.amqp_url, prefix=self.prefix,
                                 retry_delays_ms=DELAYS_MS, prefetch=PREFETCH)
        tasks = [asyncio.ensure_future(relay.run(stop)), asyncio.ensure_future(consumer.run(stop))]
        await asyncio.wait_for(consumer.consuming.wait(), timeout=10)
        await asyncio.sleep(0.5)
        producer = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--produce", "--rate", str(rate), "--seconds", str(seconds),
            stdout=asyncio.subprocess.PIPE,
        )
        output, _ = await producer.communicate()
        lines = output.decode().strip().splitlines()
        if producer.returncode != 0 or not lines:
            raise RuntimeError(f"the producer process failed (exit {producer.returncode})")
        committed_at: dict[str, float] = json.loads(lines[-1])
        self.expected = len(committed_at)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.all_handled.wait(), timeout=10)
        stop.set()
        await asyncio.gather(*tasks)
        latencies = [(self.handled_at[k] - t) * 1000 for k, t in committed_at.items() if k in self.handled_at]
        lag_sum = REGISTRY.get_sample_value("bus_relay_lag_seconds_sum", {"service": "bench-latency"}) or 0.0
        lag_count = REGISTRY.get_sample_value("bus_relay_lag_seconds_count", {"service": "bench-latency"}) or 1.0
        print(f"  of which outbox row -> broker confirm (relay lag), mean: {lag_sum / lag_count * 1000:.1f} ms; "
              f"relay batches: {relay.stats.batches}", flush=True)
        per_batch = max(relay.stats.batches, 1) / 1000
        print(f"  relay cycle, mean ms: claim {relay.stats.claim_seconds / per_batch:.1f}, publish+confirm "
              f"{relay.stats.publish_seconds / per_batch:.1f}, mark+commit {relay.stats.mark_seconds / per_batch:.1f}",
              flush=True)
        return latencies, len(committed_at) - len(latencies)


async def produce(rate: float, seconds: float) -> None:
    """The producer side of the latency run: one transaction per event, started on a fixed schedule."""
    suite = SuiteSettings()
    db = Database(suite.database_url_template.format(db="bench_bus"), pool_size=10)
    committed_at: dict[str, float] = {}
    total = int(rate * seconds)

    async def one(i: int) -> None:
        # One request's transaction: its state change would sit here, then its event.
        async with db.sessions() as session:
            envelope = await emit(session, "crm", CustomerCreated(customer_id=i, name=f"客户{i:06d}"))
            await session.commit()
        committed_at[str(envelope.event_id)] = time.time()

    # Open loop: each event starts on schedule whatever the previous ones are doing (as requests would).
    running: list[asyncio.Task[None]] = []
    started = time.perf_counter()
    for i in range(total):
        delay = started + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        running.append(asyncio.ensure_future(one(i)))
    await asyncio.gather(*running)
    achieved = total / (time.perf_counter() - started)
    await db.dispose()
    print(f"  producer (separate process): {total} events, achieved {achieved:.0f} events/s", file=sys.stderr)
    print(json.dumps(committed_at))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def main(args: argparse.Namespace) -> int:
    configure_logging("bench-bus", "WARNING", json_logs=True)
    bench = Bench(args)
    db = await bench.setup()
    try:
        envelopes = bench.envelopes(args.events)
        bodies = [e.to_bytes() for e in envelopes]
        print(f"bus benchmark: {args.events} events, body {len(bodies[0])} bytes, batch/concurrency {BATCH}, "
              f"prefetch {PREFETCH}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
        raw = await bench.raw_publish(bodies)
        print(f"raw aio-pika publish with confirms : {raw:8.0f} msgs/s", flush=True)
        relayed = await bench.relay_throughput(db, envelopes)
        print(f"outbox relay (drain {args.events} rows) : {relayed:8.0f} events/s   "
              f"relay/raw = {relayed / raw:.2f}", flush=True)
        consumed = await bench.consumer_throughput(db, args.events)
        print(f"inbox consumer (drain full queue)  : {consumed:8.0f} events/s", flush=True)
        async with db.sessions() as session:
            await session.execute(text("TRUNCATE outbox, inbox"))
            await session.commit()
        latencies, missing = await bench.latency(db, args.rate, args.seconds)
        print(f"end-to-end at {args.rate:.0f} events/s for {args.seconds:.0f} s: n={len(latencies)} "
              f"p50={percentile(latencies, 50):.1f} ms  p99={percentile(latencies, 99):.1f} ms  "
              f"max={max(latencies):.1f} ms  mean={statistics.fmean(latencies):.1f} ms  missing={missing}",
              flush=True)
        goals = {
            "relay >= 2000/s": relayed >= 2000,
            "relay >= 0.5x raw": relayed >= 0.5 * raw,
            "consumer >= 1000/s": consumed >= 1000,
            "p99 <= 200 ms": percentile(latencies, 99) <= 200,
            "nothing missing": missing == 0,
        }
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        print("goals: " + ", ".join(f"{name}: {'ok' if ok else 'MISSED'}" for name, ok in goals.items()))
        return 0
    finally:
        await bench.teardown(db)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--rate", type=float, default=300.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--produce", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.produce:
        asyncio.run(produce(arguments.rate, arguments.seconds))
        raise SystemExit(0)
    try:
        import uvloop
    except ImportError:
        raise SystemExit(asyncio.run(main(arguments))) from None
    raise SystemExit(uvloop.run(main(arguments)))
