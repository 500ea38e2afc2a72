"""Parse throughput over the fixture mails on one core (a script, not a timed test).

    python -m tests.bench.parse_throughput [--seconds 5] [--min 500] [PATH ...]

Loads every ``*.eml`` under PATH (default ``fixtures/emails``) into memory, pins the process to one
CPU, warms up, then parses the set round after round for ``--seconds`` and prints mails/s by the
wall clock and per CPU-second (the fair figure on a busy machine), with the per-mail median/worst
time. Exits 1 when ``--min`` is given and the CPU-second rate is below it. Target: ≥ 500 mails/s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from parsers import parse_mail

ROOT = Path(__file__).resolve().parents[2]


def load(paths: list[Path]) -> list[tuple[str, bytes]]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.eml")) if path.is_dir() else [path])
    return [(str(f), f.read_bytes()) for f in files]


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def run(mails: list[tuple[str, bytes]], seconds: float) -> tuple[float, float, list[float], int]:
    for _, raw in mails:  # warm-up: imports, compiled regexes, caches
        parse_mail(raw)
    per_mail: list[float] = []
    count = 0
    cpu_start = time.process_time()
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _, raw in mails:
            t0 = time.perf_counter()
            parse_mail(raw)
            per_mail.append(time.perf_counter() - t0)
            count += 1
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    return count / elapsed, count / cpu, per_mail, count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path, default=[ROOT / "fixtures" / "emails"])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--min", type=float, default=None, help="fail below this many mails/s")
    args = ap.parse_args(argv)
    mails = load(args.paths)
    if not mails:
        print("no .eml files found", file=sys.stderr)
        return 2
    pinned = pin_one_core()
    size = sum(len(raw) for _, raw in mails) / len(mails)
    rate, cpu_rate, per_mail, count = run(mails, args.seconds)
    print(f"{len(mails)} fixture mails (mean {size / 1024:.1f} KiB), {count} parses, {pinned}")
    print(f"throughput: {rate:,.0f} mails/s wall-clock, {cpu_rate:,.0f} mails per CPU-second"
          f"  (median {statistics.median(per_mail) * 1e3:.2f} ms, worst {max(per_mail) * 1e3:.2f} ms)")
    if args.min is not None and cpu_rate < args.min:
        print(f"below the target of {args.min:,.0f} mails/s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
