"""The admin console's own checks, run by ./scripts/test: Vitest unit tests, `vue-tsc --noEmit`, the generated
API types against the live `/openapi.json`, and the browser tests in headless Chromium against a suite this
test starts with demo data, under names derived from the run's own (databases `<SUITE_DB_PREFIX>ui_*`, ports
SUITE_PORT_OFFSET + 50, the run's Redis db), so two runs side by side never drop each other's suite.

Skipped only when Node.js is missing (the console cannot be built there); Chromium is required.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from shared.settings import REPO_ROOT, SuiteSettings, asyncpg_dsn

CONSOLE = REPO_ROOT / "console"
# The root conftest has set the run's names by now (its defaults when none were exported). Ports +50 leave the
# run's own range (gateway, services at +101..+106, workers at +1000) to anything else it starts.
DB_PREFIX = f"{os.environ['SUITE_DB_PREFIX']}ui_"
PORT_OFFSET = int(os.environ["SUITE_PORT_OFFSET"]) + 50
REDIS_URL = os.environ["SUITE_REDIS_URL"]
GATEWAY_URL = f"http://127.0.0.1:{8000 + PORT_OFFSET}"
STARTUP_TIMEOUT_S = 420


# Rows the browser tests act on that the demo data has no reason to hold: an escort order waiting for an escort
# (指派 by name) and mall after-sales requests waiting for review (同意退货 / 拒绝). Booking an escort or buying
# goods takes a member with a charged card, which the console cannot make (the member app binds cards), so these
# rows are written straight into the suite's databases as the member app would have left them; only the steps
# that move no card money are exercised on them (assigning, accepting, rejecting).
WAITING_PATIENT = "界面指派测试"
AFTER_SALE_MEMBER = "界面售后测试"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None,
    reason="Node.js 20 (node, npm) is not installed: the admin console cannot be built or tested here",
)


def run(*argv: str, env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=CONSOLE, env=env or os.environ.copy(), capture_output=True, text=True,
                          timeout=timeout)


def explain(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"


@pytest.fixture(scope="module")
def console_built() -> None:
    """npm ci when the lock changed, and a build when the sources changed (what ./scripts/start does)."""
    result = subprocess.run(["bash", str(CONSOLE / "build-if-changed.sh")], capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, explain(result)
    assert (CONSOLE / "dist" / "index.html").is_file()


def test_unit(console_built: None) -> None:
    result = run("npm", "run", "--silent", "test:unit")
    assert result.returncode == 0, explain(result)
    assert " passed" in result.stdout


def test_typecheck(console_built: None) -> None:
    result = run("npx", "vue-tsc", "--noEmit")
    assert result.returncode == 0, explain(result)


@pytest.fixture(scope="module")
def suite(console_built: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = os.environ.copy()
    env.update(SUITE_DB_PREFIX=DB_PREFIX, SUITE_BUS_PREFIX=f"hcon{os.getpid()}.",
               SUITE_REDIS_URL=REDIS_URL, SUITE_PORT_OFFSET=str(PORT_OFFSET), SUITE_LOG_LEVEL="WARNING",
               SUITE_LOG_DIR=str(tmp_path_factory.mktemp("console-logs")))
    subprocess.run([str(REPO_ROOT / ".venv" / "bin" / "python"), "-m", "shared.admin", "drop-databases"],
                   env=env, check=True, cwd=REPO_ROOT)
    subprocess.run(["redis-cli", "-u", REDIS_URL, "FLUSHDB"], capture_output=True, check=False)
    output = tmp_path_factory.mktemp("console") / "start.log"
    with output.open("wb") as sink:
        process = subprocess.Popen([str(REPO_ROOT / "scripts" / "start")], cwd=REPO_ROOT, env=env, stdout=sink,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while "the suite is up" not in output.read_text(errors="replace"):
            assert process.poll() is None, f"start exited early:\n{output.read_text(errors='replace')[-4000:]}"
            assert time.monotonic() < deadline, f"not up in time:\n{output.read_text(errors='replace')[-4000:]}"
            time.sleep(0.5)
        asyncio.run(seed_cases(SuiteSettings(db_prefix=DB_PREFIX)))
        yield GATEWAY_URL
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        from shared.bus.topology import delete_topology

        asyncio.run(delete_topology(env.get("SUITE_AMQP_URL") or SuiteSettings().amqp_url, env["SUITE_BUS_PREFIX"]))


async def _connect(settings: SuiteSettings, part: str) -> asyncpg.Connection:
    return await asyncpg.connect(asyncpg_dsn(settings.database_url(part)))


async def seed_cases(settings: SuiteSettings) -> None:
    escort = await _connect(settings, "escort")
    try:
        # At a hospital a certified escort of the demo data (李秀兰) serves, so the search finds her.
        await escort.execute(
            """
            INSERT INTO orders (status, member_id, member_name, member_phone, product_id, product_name, service_type,
                                hospital_id, hospital_name, appointment_at, patient_name, patient_phone,
                                patient_id_number, sale_amount, escort_share, platform_share, service_code, paid_at)
            SELECT 'waiting', 990001, $1, '13900990001', p.id, p.name, p.service_type, h.id, h.name,
                   now() + interval '3 days', $1, '13900990001', '360102199001010011', p.price,
                   round(p.price * 0.7, 2), p.price - round(p.price * 0.7, 2), '123456', now()
            FROM products p, hospitals h
            JOIN escort_hospitals eh ON eh.hospital_id = h.id
            JOIN escorts e ON e.id = eh.escort_id AND e.name = '李秀兰'
            ORDER BY p.id, h.id
            LIMIT 1
            """,
            WAITING_PATIENT,
        )
    finally:
        await escort.close()
    mall = await _connect(settings, "mall")
    try:
        for n in (1, 2):  # one to accept, one to reject
            await mall.execute(
                """
                WITH o AS (
                    INSERT INTO orders (status, member_id, member_name, member_phone, consignee_name, consignee_phone,
                                        address, quantity, sale_amount, settlement_amount, paid_at, shipped_at,
                                        completed_at)
                    VALUES ('completed', 990001, $1, '13900990001', $1, '13900990001', '南昌市红谷滩区', 1, $2,
                            $2 * 0.6, now() - interval '3 days', now() - interval '2 days', now() - interval '1 day')
                    RETURNING id, member_id
                )
                INSERT INTO after_sales (order_id, member_id, status, reason, description)
                SELECT id, member_id, 'pending', 'quality', $3 FROM o
                """,
                AFTER_SALE_MEMBER,
                100 * n,
                f"界面测试售后{n}",
            )
    finally:
        await mall.close()


def test_api_types_match_the_live_openapi(suite: str) -> None:
    result = run("node", "scripts/gen-api.mjs", "--check", suite)
    assert result.returncode == 0, explain(result)


def test_browser(suite: str) -> None:
    env = os.environ.copy()
    env.update(CONSOLE_URL=suite, CONSOLE_SHOTS=str(REPO_ROOT / "var" / "console-shots"))
    result = run("node", "tests/browser/run.mjs", env=env, timeout=900)
    assert result.returncode == 0, explain(result)
    assert " 0 failed" in result.stdout, result.stdout


def test_gateway_serves_the_built_console(suite: str) -> None:
    import httpx

    page = httpx.get(f"{suite}/crm/customers", timeout=10)
    assert page.status_code == 200 and '<div id="app">' in page.text
    asset = next(Path(CONSOLE / "dist" / "assets").glob("index-*.js")).name
    cached = httpx.get(f"{suite}/assets/{asset}", timeout=10)
    assert cached.status_code == 200 and "immutable" in cached.headers["cache-control"]
