"""Several partial refunds of one debit: each refund names its debit (debit_entry_id), and red_packet_refills
records which granted packets each refund refilled, so a later refund of the same debit is taken net of both.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 17:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("ledger_entries", sa.Column("debit_entry_id", sa.BigInteger(), nullable=True))
    # Until now a refund had the order_ref of the debit it refunded.
    op.execute(
        "UPDATE ledger_entries r SET debit_entry_id = d.id FROM ledger_entries d "
        "WHERE r.kind = 'refund' AND d.kind = 'debit' AND d.order_ref = r.order_ref"
    )
    op.create_index("ix_ledger_entries_debit_entry_id", "ledger_entries", ["debit_entry_id"],
                    postgresql_where=sa.text("kind = 'refund'"))
    op.create_table(
        "red_packet_refills",
        sa.Column("entry_id", sa.BigInteger(), nullable=False),
        sa.Column("packet_id", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=False),
        sa.PrimaryKeyConstraint("entry_id", "packet_id", name=op.f("pk_red_packet_refills")),
    )
    # Earlier refunds did not record their refills. Which packets were live then is no longer known, but a packet
    # live now was live then: the refund's red-packet part is counted against the packets live now, in the order
    # a refund refills them. That counts at least what each of them really got back, so a later refund never
    # refills a packet beyond what it paid (at worst a little goes to the balance instead).
    op.execute(
        """
        INSERT INTO red_packet_refills (entry_id, packet_id, amount)
        SELECT refund_id, packet_id, LEAST(amount, red_packet_part - before)
          FROM (SELECT r.id AS refund_id, r.red_packet_part, s.packet_id, s.amount,
                       COALESCE(sum(s.amount) OVER (PARTITION BY r.id ORDER BY p.valid_to DESC, p.id
                                                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
                  FROM ledger_entries r
                  JOIN red_packet_spends s ON s.entry_id = r.debit_entry_id
                  JOIN red_packets p ON p.id = s.packet_id
                 WHERE r.kind = 'refund' AND r.red_packet_part > 0
                   AND p.revoked_at IS NULL AND p.expired_at IS NULL AND p.valid_to > now()) live
         WHERE before < red_packet_part
        """
    )


def downgrade() -> None:
    op.drop_table("red_packet_refills")
    op.drop_index("ix_ledger_entries_debit_entry_id", table_name="ledger_entries")
    op.drop_column("ledger_entries", "debit_entry_id")
