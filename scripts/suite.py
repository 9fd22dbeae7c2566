"""Runs the whole suite on this machine until Ctrl-C: demo data, then the gateway and the six services.

Every part runs as two processes, its API (uvicorn) and its worker (outbox relay, consumer, scheduled
jobs). Their logs go to var/log/<process>.log (`--logs` streams them here too). Once the suite is up, a
process that dies (a crash, an OOM kill, SIGKILL) is restarted with back-off (1 s, doubling up to 30 s,
back to 1 s after a minute of running), as compose or Kubernetes would, and this says so. Only Ctrl-C /
SIGTERM stops everything this script started. A process that dies before the suite is up stops the start
(a configuration error would only crash again).

`--replicas N` runs N replicas of every API and every worker (replica k of a part listens on its port +
10 k, its worker's metrics on that + 1000; see shared/settings.py) and tells the gateway and the services'
internal clients about all of them through SUITE_SERVICE_URLS. Demo data is loaded once, before any starts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from shared.settings import MAX_LOCAL_REPLICAS, REPO_ROOT, SERVICES, SuiteSettings

PARTS = ("gateway", *SERVICES)
LOG_DIR = Path(os.environ.get("SUITE_LOG_DIR") or REPO_ROOT / "var" / "log")  # tests keep their own
READY_TIMEOUT_S = 90
STOP_GRACE_S = 10
RESTART_BACKOFF_S = (1.0, 30.0)  # first delay, longest delay
HEALTHY_AFTER_S = 60.0  # a process that ran this long restarts after the first delay again


def _die_with_parent() -> None:
    """Children get SIGTERM if this supervisor is killed outright, so nothing is left running."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass
class Child:
    name: str
    argv: list[str]
    log_path: Path
    env: dict[str, str] | None = None  # None: this script's own environment
    ready_url: str | None = None  # an API's /readyz
    process: subprocess.Popen[bytes] | None = None
    log_file: object = field(default=None, repr=False)
    started_at: float = 0.0
    restarts: int = 0
    backoff_s: float = RESTART_BACKOFF_S[0]
    restart_at: float | None = None  # when a dead process is due to start again

    def start(self, stream: bool) -> None:
        if self.log_file is None:
            self.log_file = self.log_path.open("ab")
        self.started_at = time.monotonic()
        self.restart_at = None
        self.process = subprocess.Popen(
            self.argv,
            cwd=REPO_ROOT,
            env=self.env,
            stdout=subprocess.PIPE if stream else self.log_file,  # type: ignore[arg-type]
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )

    def schedule_restart(self, now: float) -> float:
        """Plans the next start after a death; returns the delay. The delay doubles while the process keeps
        dying young and starts over once it has run for HEALTHY_AFTER_S."""
        if now - self.started_at >= HEALTHY_AFTER_S:
            self.backoff_s = RESTART_BACKOFF_S[0]
        delay = self.backoff_s
        self.backoff_s = min(self.backoff_s * 2, RESTART_BACKOFF_S[1])
        self.restart_at = now + delay
        return delay

    def tail(self, lines: int = 25) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def replica_environment(suite: SuiteSettings, replicas: int) -> dict[str, str] | None:
    """What every process gets so that callers find all the replicas (None: one replica, nothing to add)."""
    if replicas == 1:
        return None
    urls = {**suite.service_urls, **suite.local_replica_urls(replicas)}
    return {**os.environ, "SUITE_SERVICE_URLS": json.dumps(urls)}


def plan(suite: SuiteSettings, parts: tuple[str, ...] = PARTS, replicas: int = 1) -> list[Child]:
    python = sys.executable
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    shared_env = replica_environment(suite, replicas)
    children: list[Child] = []
    for replica in range(replicas):
        suffix = f"-{replica + 1}" if replica else ""  # the first replica keeps the one-replica names
        for part in parts:
            port = suite.replica_port(part, replica)
            env = shared_env
            if replica:  # its own port, so its worker's metrics port (port + 1000) is its own too
                env = {**(shared_env or os.environ), f"{part.upper()}_PORT": str(port)}
            api = [python, "-m", "uvicorn", f"{part}.main:create_app", "--factory", "--host", suite.host,
                   "--port", str(port), "--no-access-log", "--log-level", "warning"]
            children.append(Child(f"{part}-api{suffix}", api, LOG_DIR / f"{part}-api{suffix}.log", env,
                                  f"http://{suite.host}:{port}/readyz"))
            children.append(Child(f"{part}-worker{suffix}", [python, "-m", f"{part}.worker"],
                                  LOG_DIR / f"{part}-worker{suffix}.log", env))
    return children


def load_demo_data() -> None:
    for part in PARTS:
        if importlib.util.find_spec(f"{part}.demo") is None:
            continue
        print(f"» demo data: {part}", flush=True)
        subprocess.run([sys.executable, "-m", f"{part}.demo"], cwd=REPO_ROOT, check=True)


async def wait_ready(children: list[Child]) -> bool:
    deadline = time.monotonic() + READY_TIMEOUT_S
    pending = {child.name: child.ready_url for child in children if child.ready_url}
    async with httpx.AsyncClient(timeout=2) as client:
        while pending and time.monotonic() < deadline:
            if any(c.process and c.process.poll() is not None for c in children):
                return False
            for part, url in list(pending.items()):
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(url)).status_code == 200:
                        del pending[part]
            await asyncio.sleep(0.3)
    if pending:
        print(f"✗ not ready after {READY_TIMEOUT_S}s: {', '.join(pending)}", flush=True)
    return not pending


async def pump(child: Child) -> None:
    """With --logs: copies a child's output to its log file and, prefixed, to this terminal."""
    assert child.process is not None and child.process.stdout is not None
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, child.process.stdout.readline)
        if not line:
            return
        child.log_file.write(line)  # type: ignore[attr-defined]
        sys.stdout.write(f"{child.name:>16} | {line.decode(errors='replace')}")
        sys.stdout.flush()


def stop_all(children: list[Child]) -> None:
    alive = [c for c in children if c.process and c.process.poll() is None]
    for child in alive:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.process.pid, signal.SIGTERM)  # type: ignore[union-attr]
    deadline = time.monotonic() + STOP_GRACE_S
    for child in alive:
        remaining = max(0.1, deadline - time.monotonic())
        try:
            child.process.wait(remaining)  # type: ignore[union-attr]
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.process.pid, signal.SIGKILL)  # type: ignore[union-attr]
            child.process.wait()  # type: ignore[union-attr]
    for child in children:
        if child.log_file is not None:
            child.log_file.close()  # type: ignore[attr-defined]


def restart_dead(children: list[Child], stream: bool, pumps: list[asyncio.Task[None]]) -> None:
    """Notices processes that died and starts those whose back-off is over, saying so."""
    now = time.monotonic()
    for child in children:
        if child.process is None or child.process.poll() is None:
            continue
        if child.restart_at is None:
            delay = child.schedule_restart(now)
            print(f"✗ {child.name} (pid {child.process.pid}) exited with {child.process.returncode}; "
                  f"restarting it in {delay:g}s\n{child.tail(10)}", flush=True)
        elif now >= child.restart_at:
            child.restarts += 1
            child.start(stream)
            print(f"↻ {child.name} restarted (pid {child.process.pid}, restart {child.restarts})", flush=True)
            if stream:
                pumps.append(asyncio.create_task(pump(child)))


async def supervise(args: argparse.Namespace) -> int:
    suite = SuiteSettings()
    parts = tuple(args.parts or PARTS)
    if not args.no_demo:
        load_demo_data()
    children = plan(suite, parts, args.replicas)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(sig, stop.set)
    print(f"» starting {len(children)} processes (logs in {LOG_DIR})", flush=True)
    for child in children:
        child.start(stream=args.logs)
    pumps = [asyncio.create_task(pump(c)) for c in children] if args.logs else []
    try:
        if not await wait_ready(children):
            for child in children:
                if child.process and child.process.poll() is not None:
                    print(f"✗ {child.name} exited with {child.process.returncode}:\n{child.tail()}", flush=True)
            return 1
        gateway = f"http://{suite.host}:{suite.port('gateway')}"
        replica_ports = "".join(
            f"  replicas of {p}: " + ", ".join(f":{suite.replica_port(p, k)}" for k in range(args.replicas)) + "\n"
            for p in parts if args.replicas > 1)
        print(
            f"\n✓ the suite is up\n"
            f"  admin console: {gateway}/   (log in as admin / admin123, demo only)\n"
            f"  point a browser at {gateway}/docs  (API docs of the whole suite; OpenAPI: {gateway}/openapi.json)\n"
            f"  gateway (admin API): {gateway}/api   login: admin / admin123 (demo only)\n"
            f"  services: " + ", ".join(f"{p} :{suite.port(p)}" for p in SERVICES if p in parts) + "\n"
            + replica_ports
            + f"  worker metrics (Prometheus): :{suite.port('gateway') + 1000}/metrics and each service's port + 1000\n"
            "  Ctrl-C stops everything.\n",
            flush=True,
        )
        while not stop.is_set():
            restart_dead(children, args.logs, pumps)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=0.5)
        return 0
    finally:
        print("» stopping every process this script started", flush=True)
        stop_all(children)
        for task in pumps:
            task.cancel()
        print("» stopped", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-demo", action="store_true", help="do not load demo data")
    parser.add_argument("--logs", action="store_true", help="stream every process's log to this terminal")
    parser.add_argument("--parts", nargs="+", choices=PARTS, metavar="PART",
                        help=f"start only these parts (default: all of {', '.join(PARTS)})")
    parser.add_argument("--replicas", type=int, default=1, choices=range(1, MAX_LOCAL_REPLICAS + 1), metavar="N",
                        help=f"run N replicas of every API and worker (1 to {MAX_LOCAL_REPLICAS}; default 1)")
    return asyncio.run(supervise(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
