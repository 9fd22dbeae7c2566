"""`Idempotency-Key` for writes that move money or make cards.

The key row is inserted in the same transaction as the effect. A concurrent duplicate blocks on the
primary key until the first transaction ends, then sees its stored response: one effect, two equal
answers. A failed first attempt rolls its key back, so a retry with the same key runs again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Header
from fastapi.encoders import jsonable_encoder
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse

from shared.problems import Problem

_CLAIM = text(
    """
    INSERT INTO idempotency_keys (scope, key, request_hash, status_code)
    VALUES (:scope, :key, :hash, 0)
    ON CONFLICT (scope, key) DO NOTHING
    RETURNING key
    """
)
_READ = text("SELECT request_hash, status_code, response FROM idempotency_keys WHERE scope = :scope AND key = :key")
_RECORD = text(
    "UPDATE idempotency_keys SET status_code = :status, response = CAST(:response AS jsonb) "
    "WHERE scope = :scope AND key = :key"
)


async def idempotency_key(key: str | None = Header(None, alias="Idempotency-Key", max_length=255)) -> str | None:
    return key.strip() if key and key.strip() else None


def request_hash(payload: Any) -> str:
    return hashlib.sha256(json.dumps(jsonable_encoder(payload), sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: Any


async def claim(session: AsyncSession, scope: str, key: str | None, payload: Any) -> StoredResponse | None:
    """None: go ahead (and call `record` before commit). A StoredResponse: answer it, do nothing else."""
    if key is None:
        return None
    digest = request_hash(payload)
    inserted = (await session.execute(_CLAIM, {"scope": scope, "key": key, "hash": digest})).first()
    if inserted is not None:
        return None
    row = (await session.execute(_READ, {"scope": scope, "key": key})).one()
    if row.request_hash != digest:
        raise Problem(422, "idempotency_key_reused", "同一个 Idempotency-Key 不能用于不同的请求内容")
    return StoredResponse(row.status_code, row.response)


async def record(session: AsyncSession, scope: str, key: str | None, status_code: int, body: Any) -> None:
    if key is None:
        return
    await session.execute(
        _RECORD,
        {"scope": scope, "key": key, "status": status_code, "response": json.dumps(jsonable_encoder(body))},
    )


async def run_once(
    session: AsyncSession,
    scope: str,
    key: str | None,
    payload: Any,
    action: Callable[[], Awaitable[Any]],
    *,
    status_code: int = 201,
) -> JSONResponse:
    """One write under an Idempotency-Key: replay the stored answer, or run `action` (it must not commit),
    store its answer in the same transaction, commit, and answer it. The replay is the same JSON (JSONB keeps
    no key order). `action` returns JSON-ready data: money already dumped by its pydantic model ("12.50"),
    as a bare Decimal would be encoded as a float."""
    stored = await claim(session, scope, key, payload)
    if stored is not None:
        return JSONResponse(stored.body, status_code=stored.status_code)
    body = jsonable_encoder(await action())
    await record(session, scope, key, status_code, body)
    await session.commit()
    return JSONResponse(body, status_code=status_code)
