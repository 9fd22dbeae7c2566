"""Gateway overhead benchmark: the same authenticated list request, direct to a service and through the gateway.

    python bench/gateway/run.py [--path /api/crm/customers?page=1&page_size=20] [--seconds 8] [--concurrency 16]
                                [--baseline <git revision>]

Starts crm and the gateway as uvicorn subprocesses (ports moved by SUITE_PORT_OFFSET=4000, databases
`bench_*`, Redis db 2), loads demo data, logs in as admin, then alternates rounds of the same request sent
direct to crm (with an identity token signed like the gateway's) and through the gateway, at the same
concurrency, and prints requests/s, p50/p99 latency, the throughput ratio and the p50 overhead.

The load generator is a minimal HTTP/1.1 keep-alive client on asyncio streams, so it costs the 2-core
machine as little CPU as possible (the servers need it). Prints figures; it is not a test.

`--baseline REV` also starts crm as it was at REV (its package and `shared`, taken with `git archive` into a
temporary folder put first on PYTHONPATH) on the same database, and sends it the same direct request in rounds
alternating with the current crm's, so both meet the same machine load: it prints the CPU per request of each
and the change. Issue 15 compares against the revision before the response models (`3012480^` for crm).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ENV = {
    **os.environ,
    "SUITE_PORT_OFFSET": os.environ.get("SUITE_PORT_OFFSET", "4000"),
    "SUITE_DB_PREFIX": os.environ.get("BENCH_DB_PREFIX", "bench_gw_"),  # other benches drop bench_* databases
    "SUITE_REDIS_URL": os.environ.get("SUITE_REDIS_URL", "redis://127.0.0.1:6379/2"),
    "SUITE_BUS_PREFIX": "bench.",
    "SUITE_LOG_LEVEL": os.environ.get("SUITE_LOG_LEVEL", "WARNING"),
}
os.environ.update(ENV)


def _run(*args: str) -> None:
    subprocess.run([sys.executable, *args], cwd=REPO, env=ENV, check=True, stdout=subprocess.DEVNULL)


def _start(module: str, port: int, python_path: Path | None = None) -> subprocess.Popen[bytes]:
    env = ENV
    if python_path is not None:  # the baseline's packages shadow the installed ones
        env = {**ENV, "PYTHONPATH": os.pathsep.join((str(python_path), str(python_path / "services" / "crm")))}
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", module, "--factory", "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "warning", "--no-access-log"],
        cwd=python_path or REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )


def _extract(revision: str, into: Path) -> Path:
    """`shared/` and `services/crm/` as they were at `revision`, in a folder of their own."""
    archive = subprocess.run(["git", "archive", revision, "shared", "services/crm"], cwd=REPO, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    (into / "var").symlink_to(REPO / "var")  # the same identity keys, found beside the code
    return into


async def _request(host: str, port: int, raw: bytes, conn: list) -> tuple[int, bytes]:  # type: ignore[type-arg]
    if not conn:
        conn.extend(await asyncio.open_connection(host, port))
    reader, writer = conn
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    body = await reader.readexactly(length) if length else b""
    return status, body


def _raw(method: str, path: str, token: str, body: bytes = b"") -> bytes:
    head = (f"{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer {token}\r\n"
            f"content-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n")
    return head.encode() + body


async def _wait_ready(port: int, timeout: float = 120) -> None:  # a loaded machine starts apps slowly
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status, _ = await _request("127.0.0.1", port, b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n", [])
            if status == 200:
                return
        except OSError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit(f"nothing answered on port {port}")


async def _round(port: int, raw: bytes, seconds: float, concurrency: int) -> tuple[int, list[float], int]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors
        conn: list = []  # type: ignore[type-arg]
        while time.perf_counter() < stop:
            started = time.perf_counter()
            status, body = await _request("127.0.0.1", port, raw, conn)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors += 1
                LAST_ERROR[port] = f"{status} {body[:200]!r}"
        if conn:
            conn[1].close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return len(latencies), latencies, errors


LAST_ERROR: dict[int, str] = {}  # port -> the last non-200 answer, to say what the errors were


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", default="/api/crm/customers?page=1&page_size=20")
    parser.add_argument("--seconds", type=float, default=8.0, help="per round; 2 rounds each, alternating")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--skip-setup", action="store_true", help="databases and demo data are already there")
    parser.add_argument("--baseline", metavar="REV", help="also measure crm as it was at this git revision")
    args = parser.parse_args()

    from gateway.auth.authz import load_staff_identity
    from gateway.settings import GatewaySettings
    from shared.db import Database
    from shared.identity import sign_identity
    from shared.settings import SuiteSettings

    suite = SuiteSettings()
    if not args.skip_setup:
        _run("-m", "shared.admin", "ensure-keys")
        _run("-m", "shared.admin", "create-databases", "gateway", "crm")
        _run("-m", "shared.admin", "migrate", "gateway", "crm")
        _run("-m", "gateway.demo")
        if (REPO / "services" / "crm" / "crm" / "demo.py").exists():
            try:
                _run("-m", "crm.demo")  # rows to list; the measurement works on an empty list too
            except subprocess.CalledProcessError as exc:
                print(f"crm demo data not loaded ({exc}); measuring anyway")
    gw_port, crm_port = suite.port("gateway"), suite.port("crm")
    procs = [_start("crm.main:create_app", crm_port), _start("gateway.main:create_app", gw_port)]
    baseline_port = suite.replica_port("crm", 1)
    workdir = tempfile.TemporaryDirectory(prefix="bench_gw_baseline_")
    if args.baseline:
        procs.append(_start("crm.main:create_app", baseline_port, _extract(args.baseline, Path(workdir.name))))
    try:
        await _wait_ready(crm_port)
        await _wait_ready(gw_port)
        if args.baseline:
            await _wait_ready(baseline_port)
        login = json.dumps({"username": "admin", "password": "admin123"}).encode()
        status, body = await _request("127.0.0.1", gw_port, _raw("POST", "/api/auth/login", "-", login), [])
        if status != 200:
            raise SystemExit(f"login failed: {status} {body[:200]!r}")
        gateway_token = json.loads(body)["access_token"]
        # The identity crm would receive from the gateway, signed the same way (longer-lived for the run).
        db = Database(GatewaySettings().database_url, pool_size=1)
        async with db.sessions() as session:
            identity = await load_staff_identity(session, 1)
        await db.dispose()
        assert identity is not None
        direct_token = sign_identity(identity, "crm", suite.private_key_pem, ttl=3600)
        direct = _raw("GET", args.path, direct_token)
        via_gateway = _raw("GET", args.path, gateway_token)
        sides = [("direct", crm_port, direct), ("gateway", gw_port, via_gateway)]
        if args.baseline:
            sides.insert(0, ("baseline", baseline_port, direct))
        for _, port, raw in sides:
            status, body = await _request("127.0.0.1", port, raw, [])
            if status != 200:
                raise SystemExit(f"{args.path} answered {status} on port {port}: {body[:300]!r}")
            await _round(port, raw, 1.0, args.concurrency)  # warm-up

        results: dict[str, list[float]] = {name: [] for name, _, _ in sides}
        counts = dict.fromkeys(results, 0)
        errors = dict.fromkeys(results, 0)
        cpu = {"service (direct)": 0.0, "service (via gateway)": 0.0, "gateway": 0.0, "baseline service": 0.0}
        # The process whose CPU each side costs: the service it reaches, and the gateway on the gateway's side.
        served_by = {"direct": (procs[0], "service (direct)"), "gateway": (procs[0], "service (via gateway)"),
                     "baseline": (procs[-1], "baseline service")}
        for _ in range(2):
            for name, port, raw in sides:
                service, column = served_by[name]
                before = _cpu_seconds(service.pid), _cpu_seconds(procs[1].pid)
                count, latencies, failed = await _round(port, raw, args.seconds, args.concurrency)
                after = _cpu_seconds(service.pid), _cpu_seconds(procs[1].pid)
                counts[name] += count
                results[name].extend(latencies)
                errors[name] += failed
                cpu[column] += after[0] - before[0]
                if name == "gateway":
                    cpu["gateway"] += after[1] - before[1]
        seconds = 2 * args.seconds
        rps = {name: counts[name] / seconds for name in counts}
        print(f"path {args.path}  concurrency {args.concurrency}  {2 * args.seconds:.0f}s per side (2 alternating"
              f" rounds)  log level {ENV['SUITE_LOG_LEVEL']}  load average {os.getloadavg()[0]:.1f}")
        for name in results:
            print(f"{name:8s} {rps[name]:8.1f} req/s   p50 {_pct(results[name], 0.5):6.2f} ms   "
                  f"p99 {_pct(results[name], 0.99):6.2f} ms   mean {statistics.mean(results[name]) * 1000:6.2f} ms"
                  f"   errors {errors[name]}")
        per_request = {
            "service (direct)": cpu["service (direct)"] / max(counts["direct"], 1),
            "service (via gateway)": cpu["service (via gateway)"] / max(counts["gateway"], 1),
            "gateway": cpu["gateway"] / max(counts["gateway"], 1),
        }
        print("CPU per request: " + ", ".join(f"{k} {v * 1000:.2f} ms" for k, v in per_request.items()))
        if args.baseline:
            baseline = cpu["baseline service"] / max(counts["baseline"], 1)
            print(f"baseline crm at {args.baseline}: CPU per request {baseline * 1000:.2f} ms; current crm "
                  f"{per_request['service (direct)'] * 1000:.2f} ms: "
                  f"{(per_request['service (direct)'] / baseline - 1) * 100:+.1f} % (goal: at most +5 %)")
        overhead = _pct(results["gateway"], 0.5) - _pct(results["direct"], 0.5)
        for port, error in LAST_ERROR.items():
            print(f"last error on port {port}: {error}")
        print(f"ratio (gateway/direct throughput) {rps['gateway'] / rps['direct']:.2f}   "
              f"p50 overhead {overhead:.2f} ms   (goals: >= 0.70, <= 2 ms)")
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        workdir.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
