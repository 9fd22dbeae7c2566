"""The mall worker: outbox relay, event consumer and scheduled jobs. `python -m mall.worker`."""

from __future__ import annotations

from mall.handlers import handlers
from mall.jobs import auto_complete_job, reconcile_payments_job
from mall.settings import get_settings
from shared.bus.worker import run_worker
from shared.ledger import CardsLedger


def main() -> None:
    settings = get_settings()
    jobs = [auto_complete_job(),  # reads the live setting at each run
            reconcile_payments_job(CardsLedger.connect("mall", settings.suite))]
    run_worker(settings, handlers=handlers, jobs=jobs)


if __name__ == "__main__":
    main()
