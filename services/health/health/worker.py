"""The health worker: outbox relay, event consumer and scheduled jobs. `python -m health.worker`."""

from __future__ import annotations

from health.handlers import handlers
from health.jobs import reconcile_payments_job
from health.settings import get_settings
from shared.bus.worker import run_worker
from shared.ledger import CardsLedger


def main() -> None:
    settings = get_settings()
    ledger = CardsLedger.connect("health", settings.suite)
    run_worker(settings, handlers=handlers, jobs=[reconcile_payments_job(ledger)])


if __name__ == "__main__":
    main()
