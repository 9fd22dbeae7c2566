"""The health worker: outbox relay, event consumer and scheduled jobs. `python -m health.worker`."""

from __future__ import annotations

from health.handlers import handlers
from health.jobs import reconcile_payments_job
from health.orders.payment import CardsLedger
from health.settings import get_settings
from shared.bus.worker import run_worker


def main() -> None:
    settings = get_settings()
    run_worker(settings, handlers=handlers, jobs=[reconcile_payments_job(CardsLedger.connect(settings.suite))])


if __name__ == "__main__":
    main()
