"""Root test configuration: every test run gets databases, broker names and a Redis db of its own.

Set before anything reads settings, so `pytest` alone (or the README's test command) never touches the
running suite's data: databases `test_<part>`, RabbitMQ names under `test<pid>.`, Redis db 15.
"""

from __future__ import annotations

import os
import subprocess
import sys

from shared.identity import new_identity_key_pair

os.environ.setdefault("SUITE_ENV", "test")
os.environ.setdefault("SUITE_DB_PREFIX", "test_")
os.environ.setdefault("SUITE_BUS_PREFIX", f"test{os.getpid()}.")
os.environ.setdefault("SUITE_REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("SUITE_PORT_OFFSET", "3000")
os.environ.setdefault("SUITE_LOG_LEVEL", "WARNING")
# Classic queues for the hundreds of short-lived broker prefixes a run makes; quorum ones (the default
# everywhere else) are tested on their own in tests/platform/test_quorum_queues.py.
os.environ.setdefault("SUITE_BUS_QUEUE_TYPE", "classic")
if "SUITE_IDENTITY_PRIVATE_KEY" not in os.environ:
    os.environ["SUITE_IDENTITY_PRIVATE_KEY"], os.environ["SUITE_IDENTITY_PUBLIC_KEY"] = new_identity_key_pair()

# payingkit: the real cards app and cards written into it, for the services that take card payment.
pytest_plugins = ["shared.testing_plugin", "payingkit"]


def _admin(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "shared.admin", *args], check=True, env=os.environ.copy())


def pytest_sessionstart(session) -> None:  # type: ignore[no-untyped-def]
    # Fresh test databases at the latest migration, once per run. SUITE_TEST_PARTS="crm cards" limits it to
    # the parts a run needs (the default is all seven).
    parts = os.environ.get("SUITE_TEST_PARTS", "").split()
    if os.environ.get("SUITE_TEST_KEEP_DATABASES") != "1":
        _admin("drop-databases", *parts)
    _admin("create-databases", *parts)
    _admin("migrate", *parts)
