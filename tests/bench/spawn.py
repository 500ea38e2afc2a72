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
import time


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print("usage: spawn.py REPORT -- ARGV...", file=sys.stderr)
        return 2
    report, command = argv[0], argv[2:]
    started = time.perf_counter()
    proc = subprocess.Popen(command)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(report, "w", encoding="utf-8") as out:
        json.dump({"wall": wall, "maxrss_kb": usage.ru_maxrss, "utime": usage.ru_utime, "stime": usage.ru_stime,
                   "returncode": code}, out)
    return 0 if code >= 0 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
