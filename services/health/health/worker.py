"""The health worker: outbox relay, event consumer and scheduled jobs. `python -m health.worker`."""

from __future__ import annotations

from shared.bus.worker import run_worker

from health.handlers import handlers
from health.settings import get_settings


def main() -> None:
    run_worker(get_settings(), handlers=handlers, jobs=[])


if __name__ == "__main__":
    main()
