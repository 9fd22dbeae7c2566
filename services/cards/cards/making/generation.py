"""Bulk generation of card rows: numbers, check digits and password hashes, streamed into one COPY.

A million cards is one COPY in one transaction: rows are produced in chunks while asyncpg sends the
previous ones, so Python's work overlaps PostgreSQL's.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Iterator
from itertools import repeat

from asyncpg import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from cards.numbers import DOUBLED, SEQ_WIDTH
from cards.passwords import keyed_hasher, password_chunks

CHUNK = 20_000
COPY_COLUMNS = ("id", "card_no", "making_batch_id", "password_set_id", "password_hash", "city", "card_type")
CardRecord = tuple[int, str, int, int, bytes, str, str]

# Luhn contribution of the lowest three digits (positions 0..2 from the right; 0 and 2 are doubled).
_LOW3 = [DOUBLED[n % 10] + (n // 10) % 10 + DOUBLED[n // 100] for n in range(1000)]
# The last four characters (three digits + check digit) of every number, for each value of the Luhn sum of
# the higher digits mod 10: a thousand numbers cost one list slice and a string concatenation each.
_SUFFIXES = [[f"{low:03d}{(10 - (high + _LOW3[low]) % 10) % 10}" for low in range(1000)] for high in range(10)]


def _high_sum(high: int) -> int:
    """Luhn contribution of the digits above the lowest three (position 3 is not doubled, 4 is, ...)."""
    total = 0
    position = 3
    while high:
        digit = high % 10
        total += DOUBLED[digit] if position % 2 == 0 else digit
        high //= 10
        position += 1
    return total


def card_numbers(start: int, end: int) -> list[str]:
    """Card numbers for start..end inclusive, equal to [cards.numbers.card_no(s) for s in range(start, end + 1)]."""
    numbers: list[str] = []
    seq = start
    while seq <= end:
        high = seq // 1000
        block_end = min(end, high * 1000 + 999)
        prefix = f"{high:0{SEQ_WIDTH - 3}d}"
        suffixes = _SUFFIXES[_high_sum(high) % 10][seq % 1000 : block_end % 1000 + 1]
        numbers.extend([prefix + suffix for suffix in suffixes])
        seq = block_end + 1
    return numbers


def _digest(keyed: hmac.HMAC, message: bytes) -> bytes:
    mac = keyed.copy()
    mac.update(message)
    return mac.digest()


def card_records(
    *, start: int, end: int, batch_id: int, password_set_id: int, secret: bytes, seed: bytes, city: str, card_type: str
) -> Iterator[list[CardRecord]]:
    """The COPY rows of cards start..end in chunks; the i-th password of the set goes to the i-th card."""
    keyed = keyed_hasher(secret)
    passwords = password_chunks(secret, seed, end - start + 1, CHUNK)
    for chunk_start in range(start, end + 1, CHUNK):
        chunk_end = min(end, chunk_start + CHUNK - 1)
        numbers = card_numbers(chunk_start, chunk_end)
        hashes = [_digest(keyed, (number + password).encode())
                  for number, password in zip(numbers, next(passwords), strict=True)]
        # Tuples assembled by zip in C; the constant columns repeat.
        yield list(zip(range(chunk_start, chunk_end + 1), numbers, repeat(batch_id), repeat(password_set_id), hashes,
                       repeat(city), repeat(card_type), strict=False))


async def _stream(chunks: Iterator[list[CardRecord]]) -> AsyncIterator[CardRecord]:
    for chunk in chunks:
        for record in chunk:
            yield record


async def raw_connection(session: AsyncSession) -> Connection:
    """The asyncpg connection under the session's current transaction (COPY is not an ORM operation).

    The driver opens the transaction lazily, at the session's first statement: used before that, asyncpg
    would run in autocommit and row locks would not hold, so that is refused.
    """
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver: Connection = raw.driver_connection  # type: ignore[assignment]
    if not driver.is_in_transaction():
        raise RuntimeError("raw_connection() before the session's first statement: no transaction yet")
    return driver


async def copy_cards(session: AsyncSession, chunks: Iterator[list[CardRecord]], table: str = "cards") -> int:
    conn = await raw_connection(session)
    result = await conn.copy_records_to_table(table, records=_stream(chunks), columns=COPY_COLUMNS)
    # asyncpg answers "COPY <n>".
    return int(result.split()[-1])
