"""Applies consumed events to the reports database: the raw store first, then the projections.

One code path for one event (the consumer's handler) and for thousands (the rebuild, the benchmark):
`project(session, envelopes)` stores the envelopes it has not seen, folds the new ones into in-memory
deltas (`folds.py`: sums per rollup key, newest revision per payment, newest name per dimension) and writes
each table with a few multi-row upserts. It never commits: the caller's transaction holds the inbox row (or
the rebuild's progress) together with the effect.

Keys are written in sorted order so two consumers updating the same rollup rows lock them in the same
order and cannot deadlock each other.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from typing import Any

from sqlalchemy import DateTime, Integer, String, Table, Text, bindparam, func, text, tuple_
from sqlalchemy.dialects.postgresql import ARRAY, UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession

from reports.projections.folds import Deltas, fold
from reports.projections.models import (
    CardRollup,
    DimName,
    EscortRollup,
    GoodsBrandRollup,
    GoodsRollup,
    Grain,
    HospitalRollup,
    SalesContract,
    SalesContractVoid,
    SalesPayment,
)
from shared.events.envelope import Envelope, EventModel

# ---------------------------------------------------------------- writing
# Each statement is built once and run with a list of rows: SQLAlchemy compiles it once (cached) and sends
# the rows as multi-row INSERTs ("insertmanyvalues"), so a batch of thousands costs a few round trips.


@cache
def _adding_upsert(table: Table, keys: tuple[str, ...]) -> Any:
    """Upsert that adds every measure of a row to what the stored row already holds."""
    stmt = insert(table)
    measures = [c.name for c in table.columns if c.name not in keys]
    return stmt.on_conflict_do_update(
        index_elements=list(keys), set_={name: table.c[name] + stmt.excluded[name] for name in measures}
    )


@cache
def _newer_upsert(table: Table, key: str, newer: tuple[str, ...]) -> Any:
    """Upsert that replaces the stored row only with a row whose `newer` columns compare greater."""
    stmt = insert(table)
    return stmt.on_conflict_do_update(
        index_elements=[key],
        set_={c.name: stmt.excluded[c.name] for c in table.columns if c.name != key},
        where=tuple_(*(stmt.excluded[n] for n in newer)) > tuple_(*(table.c[n] for n in newer)),
    )


# Arrays bound once per batch: one statement whatever the batch size (a VALUES list of N rows would be
# compiled again for each N and its parameters built row by row, the dearest Python of the consumer).
_STORE = text(
    """
    INSERT INTO event_store (event_id, event_type, version, producer, occurred_at, correlation_id, payload)
    SELECT e.event_id, e.event_type, e.version, e.producer, e.occurred_at, e.correlation_id, CAST(e.payload AS jsonb)
    FROM unnest(CAST(:event_ids AS uuid[]), CAST(:event_types AS varchar[]), CAST(:versions AS integer[]),
                CAST(:producers AS varchar[]), CAST(:occurred AS timestamptz[]), CAST(:correlations AS varchar[]),
                CAST(:payloads AS text[]))
         AS e (event_id, event_type, version, producer, occurred_at, correlation_id, payload)
    ON CONFLICT (event_id) DO NOTHING
    RETURNING event_id
    """
).bindparams(
    bindparam("event_ids", type_=ARRAY(UUID(as_uuid=True))),
    bindparam("event_types", type_=ARRAY(String)),
    bindparam("versions", type_=ARRAY(Integer)),
    bindparam("producers", type_=ARRAY(String)),
    bindparam("occurred", type_=ARRAY(DateTime(timezone=True))),
    bindparam("correlations", type_=ARRAY(String)),
    bindparam("payloads", type_=ARRAY(Text)),
)


def _void_upsert() -> Any:
    void = SalesContractVoid.__table__
    stmt = insert(void)
    return stmt.on_conflict_do_update(
        index_elements=["contract_id"], set_={"voided_at": func.least(void.c.voided_at, stmt.excluded.voided_at)}
    )


_VOID_UPSERT = _void_upsert()


def _dim_upsert() -> Any:
    dim = DimName.__table__
    stmt = insert(dim)
    return stmt.on_conflict_do_update(
        index_elements=["kind", "id"],
        set_={"name": stmt.excluded.name, "as_of": stmt.excluded.as_of},
        where=tuple_(stmt.excluded.as_of, stmt.excluded.name) > tuple_(dim.c.as_of, dim.c.name),
    )


_DIM_UPSERT = _dim_upsert()


async def store(session: AsyncSession, envelopes: Sequence[Envelope], *, raw: bool = True) -> set[Any]:
    """Writes the envelopes not stored yet; returns the event ids that are new.

    `raw=False` (the rebuild's ledger of replayed events) leaves the payload out: the source keeps it.
    """
    params = {
        "event_ids": [env.event_id for env in envelopes],
        "event_types": [env.event_type for env in envelopes],
        "versions": [env.version for env in envelopes],
        "producers": [env.producer for env in envelopes],
        "occurred": [env.occurred_at for env in envelopes],
        "correlations": [env.correlation_id for env in envelopes],
        "payloads": [json.dumps(env.payload) if raw else "{}" for env in envelopes],
    }
    result = await session.execute(_STORE, params)
    return set(result.scalars().all())


def _by_grain(found: dict[tuple[Any, ...], Any]) -> dict[tuple[Any, ...], Any]:
    """Day-keyed flows -> the same flows under their day row, summed under their month and year rows."""
    rows: dict[tuple[Any, ...], Any] = {}
    for (day, *rest), flows in found.items():
        month, year = day.replace(day=1), day.replace(month=1, day=1)
        for key in ((Grain.DAY, day, *rest), (Grain.MONTH, month, *rest), (Grain.YEAR, year, *rest)):
            total = rows.get(key)
            if total is None:
                rows[key] = replace(flows)
            else:
                for name, value in vars(flows).items():
                    setattr(total, name, getattr(total, name) + value)
    return rows


def _keyed(keys: tuple[str, ...], found: dict[Any, Any]) -> list[dict[str, Any]]:
    rows = _by_grain(found)
    return [dict(zip(keys, key, strict=True)) | vars(rows[key]) for key in sorted(rows)]


CARD_KEYS = ("grain", "period", "customer_id", "contract_id", "activation_id")
GOODS_KEYS = ("grain", "period", "goods_id", "brand_id", "category_id")
BRAND_KEYS = ("grain", "period", "brand_id")
HOSPITAL_KEYS = ("grain", "period", "hospital_id", "brand_id")
ESCORT_KEYS = ("grain", "period", "hospital_id", "escort_id")


async def write(session: AsyncSession, d: Deltas) -> None:
    if d.names:
        rows = [
            {"kind": kind, "id": ident, "name": name, "as_of": as_of}
            for (kind, ident), (as_of, name) in sorted(d.names.items())
        ]
        await session.execute(_DIM_UPSERT, rows)
    if d.contracts:
        stmt = _newer_upsert(SalesContract.__table__, "contract_id", ("as_of",))
        await session.execute(stmt, [d.contracts[k] for k in sorted(d.contracts)])
    if d.voids:
        await session.execute(
            _VOID_UPSERT, [{"contract_id": k, "voided_at": d.voids[k]} for k in sorted(d.voids)]
        )
    if d.payments:
        stmt = _newer_upsert(SalesPayment.__table__, "payment_id", ("revision", "deleted"))
        await session.execute(stmt, [d.payments[k] for k in sorted(d.payments)])
    for table, keys, found in (
        (CardRollup.__table__, CARD_KEYS, d.cards),
        (GoodsRollup.__table__, GOODS_KEYS, d.goods),
        (GoodsBrandRollup.__table__, BRAND_KEYS, d.goods_brands),
        (HospitalRollup.__table__, HOSPITAL_KEYS, d.hospitals),
        (EscortRollup.__table__, ESCORT_KEYS, d.escorts),
    ):
        if found:
            await session.execute(_adding_upsert(table, keys), _keyed(keys, found))


async def project(
    session: AsyncSession,
    envelopes: Sequence[Envelope],
    parsed: Sequence[EventModel | None] | None = None,
    *,
    raw: bool = True,
) -> int:
    """Stores `envelopes` and applies those not stored before, in the caller's transaction.

    Returns how many were new. The event store doubles as a second line against duplicates: an event the
    store already holds changes no figure, even if it reaches here without the inbox (the rebuild).
    """
    if not envelopes:
        return 0
    fresh = await store(session, envelopes, raw=raw)
    if not fresh:
        return 0
    deltas = Deltas()
    seen: set[Any] = set()
    for index, envelope in enumerate(envelopes):
        if envelope.event_id not in fresh or envelope.event_id in seen:
            continue
        seen.add(envelope.event_id)
        fold(deltas, envelope, parsed[index] if parsed is not None else None)
    await write(session, deltas)
    return len(seen)
