"""The crm worker: outbox relay, event consumer and scheduled jobs. `python -m crm.worker`."""

from __future__ import annotations

from datetime import timedelta

from crm.handlers import handlers
from crm.pool.service import run_return_job
from crm.settings import CrmSettings, get_settings
from shared.scheduler import Job


def jobs(settings: CrmSettings) -> list[Job]:
    return [Job("crm.pool_return", timedelta(seconds=settings.pool_return_interval_seconds), run=run_return_job)]


def main() -> None:
    from shared.bus.worker import run_worker

    settings = get_settings()
    run_worker(settings, handlers=handlers, jobs=jobs(settings))


if __name__ == "__main__":
    main()
