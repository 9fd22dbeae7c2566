"""Prometheus metrics of the bus (one set per process, labelled by service)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

EVENTS_RELAYED = Counter("bus_events_relayed_total", "Outbox rows published and confirmed", ["service"])
RELAY_FAILURES = Counter(
    "bus_relay_failures_total", "Outbox rows whose publish failed (nack, return, connection)", ["service", "reason"]
)
RELAY_LAG = Histogram(
    "bus_relay_lag_seconds",
    "Commit of the outbox row to the broker's confirm",
    ["service"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
OUTBOX_BACKLOG = Gauge("bus_outbox_unpublished", "Unpublished outbox rows seen by the last claim", ["service"])
EVENTS_CONSUMED = Counter("bus_events_consumed_total", "Events applied by a handler", ["service", "event_type"])
EVENTS_DUPLICATE = Counter("bus_events_duplicate_total", "Events skipped as already applied", ["service"])
EVENTS_RETRIED = Counter("bus_events_retried_total", "Handler failures sent to a delay queue", ["service"])
EVENTS_PARKED = Counter("bus_events_parked_total", "Messages parked", ["service", "reason"])
JOB_RUNS = Counter("scheduler_job_runs_total", "Scheduled job runs by this replica", ["task", "outcome"])
