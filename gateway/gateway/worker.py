"""The gateway worker: relays its outbox (gateway.StaffChanged). `python -m gateway.worker`."""

from __future__ import annotations

from gateway.settings import get_settings
from shared.bus.worker import run_worker


def main() -> None:
    run_worker(get_settings(), handlers=None, jobs=[])


if __name__ == "__main__":
    main()
