"""Runs a service under uvicorn with a sampling profiler on its event-loop thread (the benches' --sample).

    python bench/sampled_server.py health.main:create_app 14103 /tmp/health_samples.txt book_order

Every millisecond a background thread looks at what the main thread is executing and counts the library
of the innermost Python frame (its "own" time), and whether the route's function (last argument) is on the
stack. Samples taken while the loop waits for I/O are counted as idle. cProfile mis-attributes time in async code (a
coroutine's suspensions); sampling the running frame does not. Caveat: the sampler thread runs when the
loop thread releases the GIL, which it does in system calls, so lines that make a syscall (poll, send,
getsockname, urandom) are over-represented; read the figures as "where the loop is", not exact CPU shares.
"""

from __future__ import annotations

import collections
import sys
import threading
import time
from pathlib import Path
from types import FrameType

import uvicorn

IDLE_MARKERS = ("asyncio/runners.py", "asyncio/base_events.py", "uvloop", "uvicorn/server.py", "selectors.py")


def library_of(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0]
    for part in ("shared", "health", "cards", "gateway", "mall", "escort"):
        if f"/{part}/{part}/" in filename or f"/work/main/{part}/" in filename:
            return f"suite:{part}"
    if "/asyncio/" in filename:
        return "asyncio"
    return "python stdlib"


def main() -> None:
    app, port, out, route_function = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    main_id = threading.main_thread().ident
    own: collections.Counter[str] = collections.Counter()
    in_booking: collections.Counter[str] = collections.Counter()
    functions: collections.Counter[str] = collections.Counter()
    # The same hot line with the suite's own frame that led to it: which of our calls pays for a library line.
    via: collections.Counter[str] = collections.Counter()
    state = {"samples": 0, "idle": 0}

    def sample() -> None:
        while True:
            time.sleep(0.001)
            frame: FrameType | None = sys._current_frames().get(main_id)  # type: ignore[arg-type]
            if frame is None:
                continue
            state["samples"] += 1
            filename = frame.f_code.co_filename
            if any(marker in filename for marker in IDLE_MARKERS):
                state["idle"] += 1
                continue
            library = library_of(filename)
            own[library] += 1
            functions[f"{library}:{Path(filename).name}:{frame.f_code.co_name}:{frame.f_lineno}"] += 1
            caller = frame.f_back
            while caller is not None and not library_of(caller.f_code.co_filename).startswith("suite:"):
                caller = caller.f_back
            if caller is not None:
                via[f"{Path(filename).name}:{frame.f_code.co_name} <- "
                    f"{Path(caller.f_code.co_filename).name}:{caller.f_code.co_name}:{caller.f_lineno}"] += 1
            walker: FrameType | None = frame
            while walker is not None:
                if walker.f_code.co_name == route_function:
                    in_booking[library] += 1
                    break
                walker = walker.f_back

    threading.Thread(target=sample, daemon=True, name="sampler").start()
    try:
        uvicorn.run(app, factory=True, host="127.0.0.1", port=port, log_level="warning", access_log=False,
                    loop="uvloop", http="httptools")
    finally:
        busy = state["samples"] - state["idle"]
        lines = [f"samples {state['samples']}  idle {state['idle']}  busy {busy}"]
        for library, count in own.most_common(20):
            lines.append(f"{library:28s} {count:7d}  {count / max(busy, 1) * 100:5.1f}% of busy"
                         f"  (inside {route_function}: {in_booking[library]})")
        lines.append("hottest lines:")
        lines.extend(f"  {count:6d}  {where}" for where, count in functions.most_common(12))
        lines.append("hottest lines by the suite's frame that called them:")
        lines.extend(f"  {count:6d}  {where}" for where, count in via.most_common(20))
        out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
