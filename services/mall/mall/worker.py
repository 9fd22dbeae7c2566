"""The mall worker: outbox relay, event consumer and scheduled jobs. `python -m mall.worker`."""

from __future__ import annotations

from mall.handlers import handlers
from mall.settings import get_settings
from shared.bus.worker import run_worker


def main() -> None:
    run_worker(get_settings(), handlers=handlers, jobs=[])


if __name__ == "__main__":
    main()
