"""The escort worker: outbox relay, event consumer and scheduled jobs. `python -m escort.worker`."""

from __future__ import annotations

from escort.handlers import handlers
from escort.jobs import sweep_orders_job
from escort.settings import get_settings
from shared.bus.worker import run_worker
from shared.ledger import CardsLedger


def main() -> None:
    settings = get_settings()
    run_worker(settings, handlers=handlers, jobs=[sweep_orders_job(CardsLedger.connect("escort", settings.suite))])


if __name__ == "__main__":
    main()
