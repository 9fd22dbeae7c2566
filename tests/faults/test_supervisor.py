"""The start command's supervisor: a process of the suite killed with SIGKILL is restarted with back-off and
the output says so; the rest of the suite keeps running; only Ctrl-C stops everything.

Runs `scripts/suite.py` on the mall part only (its API and worker), under this run's own names."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from shared.settings import REPO_ROOT, SuiteSettings

UP_TIMEOUT_S = 120


def wait_for_output(output: Path, pattern: str, process: subprocess.Popen[bytes], timeout: float) -> re.Match[str]:
    deadline = time.monotonic() + timeout
    while True:
        found = re.search(pattern, output.read_text(errors="replace"))
        if found:
            return found
        assert process.poll() is None, f"the supervisor exited:\n{output.read_text(errors='replace')[-3000:]}"
        assert time.monotonic() < deadline, f"no {pattern!r} in time:\n{output.read_text(errors='replace')[-3000:]}"
        time.sleep(0.2)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/status").read_text().find("State:\tZ") < 0


def worker_pid(port_offset: int) -> int:
    """The pid of the process listening on the worker's metrics port (its `python -m mall.worker`)."""
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().split(b"\0")
                environ = (proc / "environ").read_bytes()
            except OSError:
                continue
            if b"mall.worker" in cmdline and f"SUITE_PORT_OFFSET={port_offset}".encode() in environ:
                return int(proc.name)
    raise AssertionError("no mall worker running")


def test_a_killed_worker_is_restarted_with_backoff_and_only_ctrl_c_stops_the_suite(tmp_path: Path) -> None:
    suite = SuiteSettings()
    output = tmp_path / "start.log"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "scripts/suite.py", "--no-demo", "--parts", "mall"], cwd=REPO_ROOT,
            env=os.environ.copy(), stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_output(output, "the suite is up", process, UP_TIMEOUT_S)
        api = f"http://127.0.0.1:{suite.port('mall')}/readyz"
        first = worker_pid(suite.port_offset)
        os.kill(first, signal.SIGKILL)
        wait_for_output(output, r"mall-worker \(pid \d+\) exited with -9; restarting it in 1s", process, 10)
        wait_for_output(output, r"mall-worker restarted \(pid \d+, restart 1\)", process, 10)
        second = worker_pid(suite.port_offset)
        assert second != first and alive(second)
        assert httpx.get(api, timeout=5).status_code == 200  # the API never stopped
        # Dying young again doubles the delay.
        os.kill(second, signal.SIGKILL)
        wait_for_output(output, r"mall-worker \(pid \d+\) exited with -9; restarting it in 2s", process, 10)
        wait_for_output(output, r"mall-worker restarted \(pid \d+, restart 2\)", process, 10)
        third = worker_pid(suite.port_offset)
        assert alive(third)
        assert process.poll() is None, "the supervisor must keep running"
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C
        process.wait(timeout=60)
    printed = output.read_text(errors="replace")
    assert process.returncode == 0, printed[-3000:]
    assert "stopped" in printed
    assert not alive(third)
