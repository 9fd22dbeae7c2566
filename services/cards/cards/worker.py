"""The cards worker: outbox relay, event consumer and scheduled jobs. `python -m cards.worker`."""

from __future__ import annotations

from cards.activations.jobs import scheduled_jobs
from cards.handlers import handlers
from cards.settings import get_settings
from shared.bus.worker import run_worker


def main() -> None:
    settings = get_settings()
    # Auto-activation, card and red-packet expiry, and finishing making batches a restart interrupted.
    run_worker(settings, handlers=handlers, jobs=scheduled_jobs(settings))


if __name__ == "__main__":
    main()
