"""Admin console benchmark (issue 14): what the browser downloads and how fast pages draw, in headless Chromium.

    .venv/bin/python bench/console/run.py [--url http://127.0.0.1:8000] [--runs 5]

Without --url it starts the suite itself (./scripts/start under names derived from the exported ones, so it
never meets another run's suite: databases `<SUITE_DB_PREFIX>bench_*`, ports SUITE_PORT_OFFSET + 60, the
exported Redis db; unset, `hcon_bench_*`, +3800 and db 7) and stops it at the end. Prints:
- login page and shell: JavaScript + CSS the browser fetches, raw and gzipped (gzip -6 of each file, what the
  gateway sends a browser that accepts gzip): goal <= 350 kB gzipped;
- first contentful paint of the login page on a cold cache: goal <= 1 s;
- customer list at 100 rows: from the API's answer to the painted table (`list:render`, measured by the page
  itself): goal <= 300 ms.
Not a test; figures move with the load of this shared 2-core machine (printed too).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "console" / "dist"


@contextlib.contextmanager
def suite_running(url: str | None) -> Iterator[str]:
    if url:
        yield url.rstrip("/")
        return
    env = os.environ.copy()
    prefix = os.environ.get("SUITE_DB_PREFIX", "hcon_")
    offset = int(os.environ["SUITE_PORT_OFFSET"]) + 60 if "SUITE_PORT_OFFSET" in os.environ else 3800
    env.update(SUITE_DB_PREFIX=f"{prefix}bench_", SUITE_BUS_PREFIX=f"hconbench{os.getpid()}.",
               SUITE_REDIS_URL=os.environ.get("SUITE_REDIS_URL", "redis://127.0.0.1:6379/7"),
               SUITE_PORT_OFFSET=str(offset), SUITE_LOG_LEVEL="WARNING",
               SUITE_LOG_DIR=str(ROOT / "var" / f"bench-console-logs-{prefix}"))
    log = ROOT / "var" / f"bench-console-start-{prefix}.log"
    log.parent.mkdir(exist_ok=True)
    with log.open("wb") as sink:
        process = subprocess.Popen([str(ROOT / "scripts" / "start")], cwd=ROOT, env=env, stdout=sink,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 420
        while "the suite is up" not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the suite did not start: see {log}")
            time.sleep(0.5)
        yield f"http://127.0.0.1:{8000 + offset}"
    finally:
        os.killpg(process.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=60)


def sizes(paths: list[str]) -> tuple[int, int]:
    raw = zipped = 0
    for path in paths:
        data = (DIST / path.lstrip("/")).read_bytes()
        raw += len(data)
        zipped += len(gzip.compress(data, compresslevel=6))
    return raw, zipped


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} kB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a running gateway (else the suite is started for the run)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    subprocess.run(["bash", str(ROOT / "console" / "build-if-changed.sh")], check=True)
    with suite_running(args.url) as url:
        httpx.get(f"{url}/readyz", timeout=5).raise_for_status()
        env = {**os.environ, "CONSOLE_BENCH_RUNS": str(args.runs)}
        out = subprocess.run(["node", str(Path(__file__).with_name("measure.mjs")), url], env=env,
                             capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    login_raw, login_gz = sizes(figures["login_assets"])
    shell_raw, shell_gz = sizes(figures["shell_assets"])
    list_raw, list_gz = sizes(figures["list_assets"])
    paint = [p for p in figures["login_paint_ms"] if p is not None]
    render = figures["list_render_ms"]
    print(f"load average: {os.getloadavg()[0]:.2f} (2 cores)")
    print(f"login page JS+CSS: {len(figures['login_assets'])} files, {kb(login_raw)} raw, {kb(login_gz)} gzipped")
    print(f"login + shell (home) JS+CSS: {len(figures['shell_assets'])} files, {kb(shell_raw)} raw, "
          f"{kb(shell_gz)} gzipped (goal <= 350 kB gzipped)")
    print(f"  + customer list page: {len(figures['list_assets'])} files, {kb(list_raw)} raw, {kb(list_gz)} gzipped")
    print(f"login page first contentful paint: median {statistics.median(paint):.0f} ms, "
          f"max {max(paint):.0f} ms over {len(paint)} cold loads (goal <= 1000 ms)")
    print(f"customer list, {figures['list_rows']} rows, response -> painted table: median "
          f"{statistics.median(render):.0f} ms, max {max(render):.0f} ms over {len(render)} runs (goal <= 300 ms)")


if __name__ == "__main__":
    main()
