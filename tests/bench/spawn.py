"""Run a command and write its wall time and rusage as JSON: ``python -I -S spawn.py REPORT -- ARGV...``.

Why a separate small process: on Linux a child's ``ru_maxrss`` starts at the high-water mark of the
process it was forked from (``exec`` folds the old address space's peak into it), so a command
started straight from the benchmark driver — which holds seeded mail and a filled store — would
report the driver's peak, not its own. Started from this stdlib-only process (≈ 10 MB), the
command's peak RSS is its own. Standard library only; stdin/stdout/stderr pass through.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time


def tree_rss_kb(root: int) -> int:
    """The memory (kB, PSS) of ``root`` and every descendant, from /proc (0 where unreadable)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="utf-8") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue
        parents[int(entry)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry)] = int((fields.get("VmRSS") or "0 kB").split()[0])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(_pss_kb(pid, rss.get(pid, 0)) for pid in tree)


def _pss_kb(pid: int, fallback: int) -> int:
    """The proportional set size: forked workers share the parent's pages, counted once in the sum."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return fallback


def main(argv: list[str]) -> int:
    sample_tree = bool(argv) and argv[0] == "--tree"
    argv = argv[1:] if sample_tree else argv
    if len(argv) < 3 or argv[1] != "--":
        print("usage: spawn.py [--tree] REPORT -- ARGV...", file=sys.stderr)
        return 2
    report, command = argv[0], argv[2:]
    started = time.perf_counter()
    proc = subprocess.Popen(command)
    peak = [0]
    done = threading.Event()
    if sample_tree:  # in a thread: the wall time must not wait for a sampling tick

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], tree_rss_kb(proc.pid))

        threading.Thread(target=sample, daemon=True).start()
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(report, "w", encoding="utf-8") as out:
        json.dump({"wall": wall, "maxrss_kb": usage.ru_maxrss, "utime": usage.ru_utime, "stime": usage.ru_stime,
                   "returncode": code, "tree_rss_kb": max(peak[0], usage.ru_maxrss)}, out)
    return 0 if code >= 0 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
