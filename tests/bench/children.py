"""Measurements that must run in a process of their own, printing one JSON object.

    python -m tests.bench.children parse --seconds 5

``parse``: H2's fixture throughput (``tests.bench.parse_throughput``) — it pins its process to one
CPU, which must not leak into the benchmark driver or the servers it starts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys

from tests.bench import parse_throughput


def parse_figures(seconds: float) -> dict[str, object]:
    mails = parse_throughput.load([parse_throughput.ROOT / "fixtures" / "emails"])
    pinned = parse_throughput.pin_one_core()
    rate, cpu_rate, per_mail, count = parse_throughput.run(mails, seconds)
    return {
        "fixtures": len(mails),
        "mean_kib": round(sum(len(raw) for _, raw in mails) / len(mails) / 1024, 1),
        "parses": count,
        "mails_per_s_wall": round(rate, 1),
        "mails_per_cpu_s": round(cpu_rate, 1),
        "median_ms": round(statistics.median(per_mail) * 1e3, 3),
        "worst_ms": round(max(per_mail) * 1e3, 3),
        "pinned": pinned,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    p = sub.add_parser("parse")
    p.add_argument("--seconds", type=float, default=5.0)
    args = ap.parse_args(argv)
    json.dump(parse_figures(args.seconds), sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
