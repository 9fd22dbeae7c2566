"""The reports worker: outbox relay, event consumer and scheduled jobs. `python -m reports.worker`."""

from __future__ import annotations

from reports.handlers import handlers
from reports.settings import get_settings
from shared.bus.worker import run_worker


def main() -> None:
    run_worker(get_settings(), handlers=handlers, jobs=[])


if __name__ == "__main__":
    main()
