"""The escort's money, moved only here: each move is one atomic UPDATE of the balance (the WHERE refuses an
overdraft) and one ledger entry in the caller's transaction, so the balance always equals its ledger."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# balance += :amount, held += :held, total_earned += :earned, refused (no row) when either would go negative.
_MOVE = text(
    """
    WITH moved AS (
        UPDATE escorts
           SET balance = balance + :amount, held = held + :held, total_earned = total_earned + :earned,
               updated_at = now()
         WHERE id = :escort_id AND balance + :amount >= 0 AND held + :held >= 0
     RETURNING id, balance, held
    )
    INSERT INTO escort_ledger (escort_id, kind, amount, held_amount, balance_after, held_after, order_id,
                               withdrawal_id, memo)
    SELECT id, :kind, :amount, :held, balance, held, :order_id, :withdrawal_id, :memo FROM moved
    RETURNING id, balance_after
    """
)


async def move(
    session: AsyncSession,
    escort_id: int,
    kind: str,
    *,
    amount: Decimal = Decimal("0"),
    held: Decimal = Decimal("0"),
    order_id: int | None = None,
    withdrawal_id: int | None = None,
    memo: str = "",
) -> bool:
    """False when the balance (or the held part) would go below zero: nothing was written."""
    earned = amount if kind == "earning" else Decimal("0")
    row = (await session.execute(_MOVE, {
        "escort_id": escort_id, "kind": kind, "amount": amount, "held": held, "earned": earned,
        "order_id": order_id, "withdrawal_id": withdrawal_id, "memo": memo,
    })).first()
    return row is not None
