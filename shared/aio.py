"""asyncio helpers of the long-running loops (outbox relay, inbox consumer)."""

from __future__ import annotations

import asyncio


async def wait_any(stop: asyncio.Event, other: asyncio.Event | None = None, timeout: float | None = None) -> None:
    """Sleeps until `stop` or `other` is set, or `timeout` seconds pass (None: no limit), whichever comes first."""
    waiters = [asyncio.ensure_future(stop.wait())]
    if other is not None:
        waiters.append(asyncio.ensure_future(other.wait()))
    try:
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
