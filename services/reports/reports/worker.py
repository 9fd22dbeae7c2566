"""The reports worker: outbox relay, event consumer and scheduled jobs. `python -m reports.worker`."""

from __future__ import annotations

from shared.bus.worker import run_worker

from reports.handlers import handlers
from reports.settings import get_settings


def main() -> None:
    run_worker(get_settings(), handlers=handlers, jobs=[])


if __name__ == "__main__":
    main()
