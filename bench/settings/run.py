"""How long a runtime setting (配置项) takes to reach every replica, and what a poll costs the gateway.

    .venv/bin/python bench/settings/run.py [--replicas 2] [--changes 10] [--polls 300]

Runs the gateway and `--replicas` mall API processes (uvicorn, on this bench's own databases, ports and Redis db),
changes `mall.aftersale.return_window_days` through the admin API `--changes` times and, for each change, waits
until every mall replica's /metrics shows the new value: it prints the time from the answered PUT to the last
replica applying it (bounded by the poll interval, SUITE_RUNTIME_SETTINGS_INTERVAL, 2 s by default). Then it times
`--polls` sequential polls of /internal/system/settings, answered "unchanged" and answered with the whole set.
Everything runs on 127.0.0.1 and stops by itself; its databases are dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ENV = {
    "SUITE_DB_PREFIX": "benchset_",
    "SUITE_PORT_OFFSET": "6700",
    "SUITE_REDIS_URL": "redis://127.0.0.1:6379/13",
    "SUITE_BUS_PREFIX": "benchset.",
    "SUITE_LOG_LEVEL": "WARNING",
    "SUITE_ENV": "bench",
}
os.environ.update({k: os.environ.get(f"BENCH_{k}", v) for k, v in ENV.items()})

import httpx  # noqa: E402  (settings read the environment above)

from shared.runtime_settings import MALL_RETURN_WINDOW_DAYS  # noqa: E402
from shared.settings import REPO_ROOT, SuiteSettings  # noqa: E402
from shared.testing import service_bearer  # noqa: E402

PARTS = ("gateway", "mall")
LOG_DIR = Path("/tmp/bench_settings")


def admin(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "shared.admin", *args], check=True, cwd=REPO_ROOT)


def start(name: str, app: str, port: int) -> subprocess.Popen[bytes]:
    LOG_DIR.mkdir(exist_ok=True)
    with (LOG_DIR / f"{name}.log").open("wb") as sink:
        return subprocess.Popen([sys.executable, "-m", "uvicorn", app, "--factory", "--host", "127.0.0.1", "--port",
                                 str(port), "--no-access-log"], cwd=REPO_ROOT, stdout=sink,
                                stderr=subprocess.STDOUT, start_new_session=True)


async def wait_up(client: httpx.AsyncClient, url: str, deadline_s: float = 90) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            if (await client.get(f"{url}/healthz")).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit(f"{url} did not come up (logs in {LOG_DIR})")


def applied(text: str) -> float | None:
    found = re.search(rf'^runtime_setting_value{{key="{re.escape(MALL_RETURN_WINDOW_DAYS.key)}"}} (\S+)$', text,
                      re.MULTILINE)
    return float(found.group(1)) if found else None


def figures(label: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    print(f"{label}: n={len(ms)} min {ms[0]:.1f} ms, median {statistics.median(ms):.1f} ms, "
          f"p99 {p99:.1f} ms, max {ms[-1]:.1f} ms")


async def bench(replicas: int, changes: int, polls: int) -> None:
    suite = SuiteSettings()
    gateway = f"http://127.0.0.1:{suite.port('gateway')}"
    malls = [f"http://127.0.0.1:{suite.port('mall') + 10 * k}" for k in range(replicas)]
    async with httpx.AsyncClient(timeout=10) as client:
        for url in (gateway, *malls):
            await wait_up(client, url)
        login = await client.post(f"{gateway}/api/auth/login", json={"username": "admin", "password": "admin123"})
        headers = {"authorization": f"Bearer {login.json()['access_token']}"}
        setting = (await client.get(f"{gateway}/api/ops/configs", headers=headers,
                                    params={"keyword": MALL_RETURN_WINDOW_DAYS.key})).json()["data_list"][0]
        fields = {k: setting[k] for k in ("name", "group", "default", "description", "rules")}
        version, took = setting["version"], []
        for change in range(changes):
            value = 20 + change
            saved = await client.put(f"{gateway}/api/ops/configs/{setting['id']}", headers=headers,
                                     json={**fields, "value": value, "version": version})
            saved.raise_for_status()
            answered = time.perf_counter()
            version = saved.json()["version"]
            pending = set(malls)
            while pending:
                for url in list(pending):
                    if applied((await client.get(f"{url}/metrics")).text) == value:
                        pending.discard(url)
                await asyncio.sleep(0.01)
            took.append(time.perf_counter() - answered)
        figures(f"change -> applied on all {replicas} mall replicas", took)

        for label, after in (("poll answered unchanged", None), ("poll answered with the whole set", -1)):
            current = (await client.get(f"{gateway}/internal/system/settings",
                                        headers=service_bearer("mall", "gateway"))).json()["version"]
            params = {"after_version": current if after is None else 0}
            spent = []
            for _ in range(polls):
                started = time.perf_counter()
                answer = await client.get(f"{gateway}/internal/system/settings", params=params,
                                          headers=service_bearer("mall", "gateway"))
                spent.append(time.perf_counter() - started)
                answer.raise_for_status()
            figures(f"{label} ({len(answer.content)} bytes)", spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--polls", type=int, default=300)
    args = parser.parse_args()
    admin("drop-databases", *PARTS)
    admin("create-databases", *PARTS)
    admin("migrate", *PARTS)
    subprocess.run([sys.executable, "-m", "gateway.demo"], check=True, cwd=REPO_ROOT, stdout=subprocess.DEVNULL)
    suite = SuiteSettings()
    processes = [start("gateway", "gateway.main:create_app", suite.port("gateway"))]
    processes += [start(f"mall{k}", "mall.main:create_app", suite.port("mall") + 10 * k) for k in range(args.replicas)]
    try:
        asyncio.run(bench(args.replicas, args.changes, args.polls))
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
        admin("drop-databases", *PARTS)


if __name__ == "__main__":
    main()
