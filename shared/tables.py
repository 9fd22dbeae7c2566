"""Tables every service database carries: outbox, inbox, idempotency keys, scheduled-job leases.

They are declared on each service's own metadata so each service's Alembic migrations create them
in its own database (`shared.migrations.create_platform_tables`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID


@dataclass(frozen=True)
class PlatformTables:
    outbox: Table
    inbox: Table
    idempotency_keys: Table
    scheduled_jobs: Table


def install_platform_tables(metadata: MetaData) -> PlatformTables:
    outbox = Table(
        "outbox",
        metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
        Column("routing_key", String(128), nullable=False),
        # The whole envelope, serialised once at write time so the relay only copies bytes.
        Column("body", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("published_at", DateTime(timezone=True), nullable=True),
        Column("attempts", Integer, nullable=False, server_default="0"),
        Column("last_error", Text, nullable=True),
        Index("ix_outbox_unpublished", "id", postgresql_where=text("published_at IS NULL")),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(128), nullable=False),
        Column("event_id", UUID(as_uuid=True), nullable=False),
        Column("event_type", String(128), nullable=False),
        Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        PrimaryKeyConstraint("consumer", "event_id", name="pk_inbox"),
    )
    idempotency_keys = Table(
        "idempotency_keys",
        metadata,
        Column("scope", String(255), nullable=False),
        Column("key", String(255), nullable=False),
        Column("request_hash", String(64), nullable=False),
        Column("status_code", Integer, nullable=False),
        Column("response", JSONB, nullable=True),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        PrimaryKeyConstraint("scope", "key", name="pk_idempotency_keys"),
    )
    scheduled_jobs = Table(
        "scheduled_jobs",
        metadata,
        Column("name", String(128), primary_key=True),
        Column("next_due_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("lease_owner", String(128), nullable=True),
        Column("lease_until", DateTime(timezone=True), nullable=True),
        Column("last_started_at", DateTime(timezone=True), nullable=True),
        Column("last_finished_at", DateTime(timezone=True), nullable=True),
        Column("last_result", JSONB, nullable=True),
        Column("runs", Integer, nullable=False, server_default="0"),
    )
    return PlatformTables(outbox, inbox, idempotency_keys, scheduled_jobs)
