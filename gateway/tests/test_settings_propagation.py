"""A setting changed through the admin API reaches every replica of a running service without a restart, and a
replica keeps its last good values while the gateway is away. Real processes: the gateway and two replicas of the
mall API, each `uvicorn <part>.main:create_app --factory` on this run's ports, databases and Redis, and the mall
worker (`python -m mall.worker`, whose auto-complete job reads a setting); what each applies is read from its own
/metrics (docs/domains/gateway.md, "Runtime settings"). The services are told of two gateway replicas, the first
of which is down, so their polls also show moving on to the next replica."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from gateway.tests.conftest import ADMIN, prepare_database
from gateway.tests.conftest import test_settings as gateway_settings
from mall.settings import MallSettings
from shared.runtime_settings import MALL_RETURN_WINDOW_DAYS, RuntimeSettingsConfig
from shared.settings import REPO_ROOT, SuiteSettings, asyncpg_dsn
from shared.testing import wait_for

# The bound a change must meet: a few poll intervals (2 s by default) and a process's startup slack.
PROPAGATION_BOUND_S = 5 * RuntimeSettingsConfig().interval + 5
UP_TIMEOUT_S = 60


class Processes:
    """The processes one test starts, stopped (only they) at its end."""

    def __init__(self, log_dir: Path, env: dict[str, str] | None = None) -> None:
        self.log_dir = log_dir
        self.env = env or {}
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, app: str, port: int) -> str:
        """An API: `uvicorn <app> --factory` on `port`; answers its base URL."""
        self.spawn(name, "uvicorn", app, "--factory", "--host", "127.0.0.1", "--port", str(port), "--no-access-log")
        return f"http://127.0.0.1:{port}"

    def spawn(self, name: str, module: str, *args: str) -> None:
        env = {**os.environ, "SUITE_LOG_LEVEL": "WARNING", **(self.env if name != "gateway" else {})}
        with (self.log_dir / f"{name}.log").open("wb") as sink:
            self.running[name] = subprocess.Popen([sys.executable, "-m", module, *args], cwd=REPO_ROOT, env=env,
                                                  stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)

    def log(self, name: str) -> str:
        return (self.log_dir / f"{name}.log").read_text(errors="replace")[-3000:]

    def stop(self, name: str) -> None:
        process = self.running.pop(name)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=20)

    def stop_all(self) -> None:
        for name in list(self.running):
            self.stop(name)


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    suite = SuiteSettings()
    # The services know two gateway replicas, the first of which is down: their polls move on to the live one.
    gateways = f"http://127.0.0.1:{suite.port('gateway') + 10},http://127.0.0.1:{suite.port('gateway')}"
    started = Processes(tmp_path, {"SUITE_SERVICE_URLS": json.dumps({"gateway": gateways})})
    try:
        yield started
    finally:
        started.stop_all()


async def up(client: httpx.AsyncClient, processes: Processes, name: str, url: str, path: str = "/healthz") -> None:
    async def healthy() -> bool:
        assert processes.running[name].poll() is None, processes.log(name)
        try:
            return (await client.get(f"{url}{path}")).status_code == 200
        except httpx.HTTPError:
            return False

    await wait_for(healthy, timeout=UP_TIMEOUT_S, interval=0.2)


def metric(text: str, name: str, labels: str = "") -> float | None:
    found = re.search(rf"^{re.escape(name + labels)} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else None


async def auto_complete_runs(mall_url: str) -> int:
    conn = await asyncpg.connect(asyncpg_dsn(mall_url))
    try:
        return int(await conn.fetchval("SELECT coalesce(max(runs), 0) FROM scheduled_jobs "
                                       "WHERE name = 'mall.auto_complete'") or 0)
    finally:
        await conn.close()


async def test_a_change_reaches_every_replica_without_restart_and_survives_a_gateway_outage(
    processes: Processes, redis_client: object
) -> None:
    await prepare_database(gateway_settings())
    suite, mall = SuiteSettings(), MallSettings()
    conn = await asyncpg.connect(asyncpg_dsn(mall.database_url))
    try:  # the job is due at once when the worker starts (an earlier test may have left it due in days)
        await conn.execute("DELETE FROM scheduled_jobs WHERE name = 'mall.auto_complete'")
    finally:
        await conn.close()
    gateway = processes.start("gateway", "gateway.main:create_app", suite.port("gateway"))
    replicas = [processes.start(f"mall{k}", "mall.main:create_app", suite.port("mall") + 10 * k) for k in (0, 1)]
    processes.spawn("mall-worker", "mall.worker")
    worker_metrics = f"http://127.0.0.1:{mall.worker_metrics_port}"
    label = f'{{key="{MALL_RETURN_WINDOW_DAYS.key}"}}'
    async with httpx.AsyncClient(timeout=10) as client:
        await up(client, processes, "gateway", gateway)
        for k, url in enumerate(replicas):
            await up(client, processes, f"mall{k}", url)
        await up(client, processes, "mall-worker", worker_metrics, "/metrics")

        async def job_ran() -> bool:
            return await auto_complete_runs(mall.database_url) >= 1

        # The worker's job has run (and started its poll) before the change: it must learn it without a restart.
        await wait_for(job_ran, timeout=UP_TIMEOUT_S, interval=0.2)

        login = await client.post(f"{gateway}/api/auth/login", json={"username": ADMIN[0], "password": ADMIN[1]})
        admin = {"authorization": f"Bearer {login.json()['access_token']}"}
        listed = await client.get(f"{gateway}/api/ops/configs", headers=admin,
                                  params={"keyword": MALL_RETURN_WINDOW_DAYS.key})
        setting = listed.json()["data_list"][0]
        assert setting["value"] == MALL_RETURN_WINDOW_DAYS.default == 7
        fields = {k: setting[k] for k in ("name", "group", "default", "description", "rules")}
        saved = await client.put(f"{gateway}/api/ops/configs/{setting['id']}", headers=admin,
                                 json={**fields, "value": 12, "version": setting["version"]})
        assert saved.status_code == 200, saved.text
        history = (await client.get(f"{gateway}/api/ops/configs/history", headers=admin,
                                    params={"key": MALL_RETURN_WINDOW_DAYS.key})).json()["data_list"]
        version = history[0]["settings_version"]

        async def applied_everywhere() -> bool:
            for url in (*replicas, worker_metrics):
                text = (await client.get(f"{url}/metrics")).text
                if metric(text, "runtime_setting_value", label) != 12 or metric(text, "runtime_settings_version") \
                        != version:
                    return False
            return True

        await wait_for(applied_everywhere, timeout=PROPAGATION_BOUND_S, interval=0.1)

        # The gateway goes away: each replica keeps the values it had, and counts its fetches failing.
        async def failures() -> list[float]:
            texts = [(await client.get(f"{url}/metrics")).text for url in replicas]
            return [metric(t, "runtime_settings_fetch_failures_total") or 0 for t in texts]

        before = await failures()
        processes.stop("gateway")

        async def failing_everywhere() -> bool:
            return all(now > then for now, then in zip(await failures(), before, strict=True))

        await wait_for(failing_everywhere, timeout=PROPAGATION_BOUND_S, interval=0.2)
        for url in replicas:
            assert metric((await client.get(f"{url}/metrics")).text, "runtime_setting_value", label) == 12
