"""The benchmark's verdicts, table and machine description.

``verdicts(figures)`` turns the measured figures into one row per target of issue 7 (figure,
measured, target, met: True/False, or None when the run did not measure it, e.g. a first-sync
target stated for 100,000 messages in a smaller run). ``table(rows)`` renders them as Markdown.
"""

from __future__ import annotations

import math
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
from typing import Any

TARGET_N = 100_000
# Targets of issue 13 (floors: see tests.bench.floors).
FIRST_SYNC_MAX_S = 6.0
RSS_MAX_MB = 150.0
POLL_FLOOR_RATIO_MAX = 1.3
WATCH_MEDIAN_MAX_S = 1.5
PARSE_MIN_PER_S = 800.0
STATUS_SMALL_RATIO_MAX = 1.25  # status on the big store ÷ on 100 orders
STATUS_OVER_FLOOR_MAX_S = 0.15
VERSION_MAX_S = 0.25
GROWTH_SLOPE_MAX = 1.1  # log-log slope; 1.0 is linear, a little noise allowed
RSS_FLAT_RATIO = 1.2  # "must not grow with N": the largest N's peak within 20 % of the smallest's


def machine() -> dict[str, Any]:
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        model = platform.processor() or "unknown"
    mem_mb = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            mem_mb = int(f.readline().split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    dovecot = None
    if shutil.which("dovecot"):
        dovecot = subprocess.run(["dovecot", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu_model": model,
        "cpu_cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_mb": mem_mb,
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "dovecot": dovecot,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def growth(sizes: list[int], seconds: list[float]) -> dict[str, Any]:
    """Least-squares slope of log(time) over log(N): 1 is linear, below 1 is better than linear."""
    per_k = [round(t / n * 1000, 4) for n, t in zip(sizes, seconds, strict=True)]
    if len(sizes) < 2:
        return {"sizes": sizes, "seconds": seconds, "seconds_per_1k_messages": per_k, "loglog_slope": None}
    xs = [math.log(n) for n in sizes]
    ys = [math.log(t) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return {"sizes": sizes, "seconds": seconds, "seconds_per_1k_messages": per_k, "loglog_slope": round(slope, 3)}


def _k(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def _row(figure: str, measured: str, target: str, met: bool | None) -> dict[str, Any]:
    return {"figure": figure, "measured": measured, "target": target, "met": met}


def verdicts(fig: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    syncs: dict[str, dict[str, Any]] = fig.get("first_sync", {})
    sizes = sorted(int(n) for n in syncs)
    if sizes:
        for n in sizes:
            run = syncs[str(n)]
            warm = run["server_cache_warm"]["wall_s"]
            floor = run.get("floor", {}).get("wall_s")
            ratio = "" if not floor else f"; ratio {run['wall_s'] / floor:.2f} cold, {warm / floor:.2f} warm"
            floor_text = "" if floor is None else f"; floor (imaplib SEARCH + FETCH, warm) {floor:.1f} s{ratio}"
            load = run.get("load_average")
            load_text = "" if load is None else f"; load {load[0]:.1f}"
            rows.append(_row(f"first sync of {n:,} messages (1 % Amazon): wall time",
                             f"{run['wall_s']:.1f} s (server cache warm: {warm:.1f} s{floor_text}; "
                             f"client CPU {run['cpu_s']:.1f} s{load_text})",
                             f"≤ {FIRST_SYNC_MAX_S:.0f} s" if n == TARGET_N else "—",
                             run["wall_s"] <= FIRST_SYNC_MAX_S if n == TARGET_N else None))
        peaks = [syncs[str(n)].get("tree_peak_rss_mb", syncs[str(n)]["peak_rss_mb"]) for n in sizes]
        rss = ", ".join(f"{_k(n)}: {p:.0f} MB (main {syncs[str(n)]['peak_rss_mb']:.0f})"
                        for n, p in zip(sizes, peaks, strict=True))
        rows.append(_row("peak RSS during the first sync, the process and its parsing workers", rss,
                         f"≤ {RSS_MAX_MB:.0f} MB, flat in N",
                         max(peaks) <= RSS_MAX_MB and _flat(sizes, peaks, syncs)))
    poll = fig.get("idle_poll")
    if poll:
        rows.append(_row("`orders poll` with nothing new ÷ its floor (imports + imaplib LOGIN/STATUS/LOGOUT)",
                         f"{poll['ratio']:.2f} ({poll['poll_median_s']:.3f} s ÷ {poll['floor_median_s']:.3f} s)",
                         f"≤ {POLL_FLOOR_RATIO_MAX}", poll["ratio"] <= POLL_FLOOR_RATIO_MAX))
    cmds = fig.get("idle_poll_imap")
    if cmds:
        rows.append(_row("IMAP commands per folder, poll with nothing new",
                         f"{cmds['per_folder']:g} ({', '.join(cmds['folder_commands']) or 'none'}; "
                         f"{cmds['search_or_fetch']} SEARCH/FETCH)", "1, no SEARCH/FETCH",
                         cmds["per_folder"] <= 1 and cmds["search_or_fetch"] == 0))
    watch = fig.get("watch_latency")
    if watch:
        ok = watch["median_s"] is not None and watch["median_s"] <= WATCH_MEDIAN_MAX_S and not watch["missed"]
        median = "—" if watch["median_s"] is None else f"{watch['median_s']:.2f} s"
        p95 = "—" if watch["p95_s"] is None else f"{watch['p95_s']:.2f} s"
        rows.append(_row(f"`orders watch` APPEND → alert stored and notified ({watch['samples']} samples)",
                         f"median {median}, p95 {p95}" + (f", {watch['missed']} missed" if watch["missed"] else ""),
                         f"median ≤ {WATCH_MEDIAN_MAX_S} s", ok))
    parse = fig.get("parse_throughput")
    if parse:
        rows.append(_row("parse throughput over the fixtures, one core",
                         f"{parse['mails_per_cpu_s']:,.0f} mails/CPU-s ({parse['mails_per_s_wall']:,.0f}/s wall)",
                         f"≥ {PARSE_MIN_PER_S:.0f} mails/CPU-s", parse["mails_per_cpu_s"] >= PARSE_MIN_PER_S))
    status = fig.get("status")
    if status:
        small = str(status["sizes"][0])
        floor = status["floor_median_s"]
        for n in status["sizes"][1:]:
            ratio, over = status["ratio_to_small"][str(n)], status["over_floor_s"][str(n)]
            rows.append(_row(f"`orders status` on {n:,} orders ÷ on {int(small):,}; above its floor "
                             "(import sqlalchemy.orm)",
                             f"{ratio:.2f} ({status['median_s'][str(n)]:.3f} s ÷ {status['median_s'][small]:.3f} s); "
                             f"floor {floor:.3f} s + {over:.3f} s",
                             f"≤ {STATUS_SMALL_RATIO_MAX}, ≤ floor + {STATUS_OVER_FLOOR_MAX_S} s",
                             ratio <= STATUS_SMALL_RATIO_MAX and over <= STATUS_OVER_FLOOR_MAX_S))
    version = fig.get("version")
    if version:
        rows.append(_row("`orders --version` wall time", f"{version['median_s']:.3f} s",
                         f"≤ {VERSION_MAX_S} s", version["median_s"] <= VERSION_MAX_S))
    grow = fig.get("first_sync_growth")
    if grow and grow.get("loglog_slope") is not None:
        secs = ", ".join(f"{_k(n)}: {t:.1f} s" for n, t in zip(grow["sizes"], grow["seconds"], strict=True))
        rows.append(_row("first sync time growth", f"{secs} (log-log slope {grow['loglog_slope']:.2f})",
                         "at most linear", grow["loglog_slope"] <= GROWTH_SLOPE_MAX))
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    mark = {True: "yes", False: "**no**", None: "n/a"}
    lines = ["| figure | measured | target | met |", "|---|---|---|---|"]
    lines += [f"| {r['figure']} | {r['measured']} | {r['target']} | {mark[r['met']]} |" for r in rows]
    return "\n".join(lines)


def machine_line(m: dict[str, Any]) -> str:
    return (f"{m['cpu_model']}, {m['cpu_cores']} cores ({m['usable_cores']} usable), {m['memory_mb']} MB RAM, "
            f"{m['os']}, Python {m['python']}, SQLite {m['sqlite']}, Dovecot {m['dovecot']}; "
            f"load average at start {m['load_average_at_start']}")


def _flat(sizes: list[int], peaks: list[float], syncs: dict[str, Any]) -> bool:
    """Peak RSS within ``RSS_FLAT_RATIO`` across the sizes synced the same way: a small mailbox is
    parsed in the process itself (no workers: its tree peak is its own), a large one by workers, so
    only sizes of one kind are compared."""
    def pooled(n: int, peak: float) -> bool:
        return peak > syncs[str(n)]["peak_rss_mb"] + 1

    for kind in (True, False):
        same = [p for n, p in zip(sizes, peaks, strict=True) if pooled(n, p) == kind]
        if len(same) > 1 and max(same) > RSS_FLAT_RATIO * min(same):
            return False
    return True
