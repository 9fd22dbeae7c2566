"""The README's start command, run as a user would: the suite comes up, the gateway is ready, Ctrl-C
stops every process it started.

It runs under names of its own (databases `e2e_*`, broker prefix `e2e<pid>.`, Redis db 14, ports +3000),
so neither a running suite nor the other tests are touched.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from shared.settings import DEFAULT_PORTS, REPO_ROOT, SuiteSettings

STARTUP_TIMEOUT_S = 300


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _processes_with_env(marker: str) -> list[int]:
    """Pids of live processes started with `marker` in their environment (every child of the start)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if marker.encode() in (proc / "environ").read_bytes().split(b"\0"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.fixture
def e2e_env() -> Iterator[dict[str, str]]:
    env = os.environ.copy()
    env.update(
        SUITE_DB_PREFIX="e2e_",
        SUITE_BUS_PREFIX=f"e2e{os.getpid()}.",
        SUITE_REDIS_URL="redis://127.0.0.1:6379/14",
        SUITE_PORT_OFFSET="3000",
        SUITE_LOG_LEVEL="INFO",
    )
    subprocess.run([sys.executable, "-m", "shared.admin", "drop-databases"], env=env, check=True, cwd=REPO_ROOT)
    yield env
    from shared.bus.topology import delete_topology

    asyncio.run(delete_topology(env["SUITE_AMQP_URL"] if "SUITE_AMQP_URL" in env else SuiteSettings().amqp_url,
                                env["SUITE_BUS_PREFIX"]))


def test_start_command_brings_the_suite_up_and_ctrl_c_stops_it(e2e_env: dict[str, str], tmp_path: Path) -> None:
    ports = [port + 3000 for port in DEFAULT_PORTS.values()]
    worker_metrics = [port + 1000 for port in ports]
    assert not any(_port_open(p) for p in ports + worker_metrics), "ports of the e2e suite are taken before it starts"
    output = tmp_path / "start.log"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [str(REPO_ROOT / "scripts" / "start")], cwd=REPO_ROOT, env=e2e_env, stdout=sink,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while "the suite is up" not in output.read_text(errors="replace"):
            assert process.poll() is None, f"start exited early:\n{output.read_text(errors='replace')[-4000:]}"
            assert time.monotonic() < deadline, f"not up in time:\n{output.read_text(errors='replace')[-4000:]}"
            time.sleep(0.5)
        printed = output.read_text(errors="replace")
        assert "http://127.0.0.1:11000/docs" in printed  # where to point a browser

        ready = httpx.get("http://127.0.0.1:11000/readyz", timeout=5)
        assert ready.status_code == 200, ready.text
        assert ready.json()["status"] == "ready"
        for port in ports:
            assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200, port
        # Every worker answers on its metrics port (relay and consumer figures for Prometheus).
        for port in worker_metrics:
            scraped = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5)
            assert scraped.status_code == 200 and "bus_events_relayed_total" in scraped.text, port
        # The demo admin can log in through the gateway.
        login = httpx.post("http://127.0.0.1:11000/api/auth/login",
                           json={"username": "admin", "password": "admin123"}, timeout=10)
        assert login.status_code == 200, login.text
    finally:
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends
        process.wait(timeout=60)
    assert process.returncode == 0, output.read_text(errors="replace")[-4000:]
    assert "stopped" in output.read_text(errors="replace")
    time.sleep(0.5)
    assert not any(_port_open(p) for p in ports + worker_metrics), "a process of the suite is still listening"
    assert _processes_with_env(f"SUITE_BUS_PREFIX={e2e_env['SUITE_BUS_PREFIX']}") == []
