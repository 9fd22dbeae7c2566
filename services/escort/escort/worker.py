"""The escort worker: outbox relay, event consumer and scheduled jobs. `python -m escort.worker`."""

from __future__ import annotations

from escort.handlers import handlers
from escort.settings import get_settings
from shared.bus.worker import run_worker


def main() -> None:
    run_worker(get_settings(), handlers=handlers, jobs=[])


if __name__ == "__main__":
    main()
