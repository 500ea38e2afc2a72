"""The benchmark of issues 7 and 13: first sync, idle polls, IDLE latency, parsing, commands — each with its floor.

    python -m tests.bench --messages 100000                   # the headline run (≈ 5 min)
    python -m tests.bench --messages 10000,30000,100000       # plus RSS and time growth in N
    python -m tests.bench --scale                             # 10k → 100k → 1M first sync, status on 100k orders
    python -m tests.bench --quick                             # a small smoke run (≈ 1 min)
    python -m tests.bench --skip watch,status --out X.json    # only some phases

It starts its own Dovecot (``tests.servers.dovecot``) and, per N, a fresh user whose INBOX gets N
mails written straight into the Maildir (``tests.bench.seed``: 3–60 KB, some attachments, 1 %
Amazon fixture mail with varied order numbers) and whose Junk folder gets spam plus the junk and
phishing fixtures; the server indexes them (SELECT) before anything is timed, as a mailbox that
already exists would be. Then, each in a fresh ``orders`` process as a user runs it:

- first sync: ``orders --config C --json poll`` into an empty SQLite store (wall time, peak RSS of
  the process and of its process tree with the parsing workers), then once more into another empty
  store (the server's header cache now warm: the client's share), and its floor: the same SEARCH and
  a FETCH of every candidate over imaplib (``tests.bench.floors``);
- for the largest N: ``orders poll`` with nothing new vs its floor (imports + one imaplib
  LOGIN/STATUS/LOGOUT; interleaved medians) and the IMAP commands that poll sends (through the
  harness's counting proxy);
- ``orders status`` on stores of 100 and ``--status-orders`` orders (filled through the store,
  then evaluated once as a poll would) vs its floor (``import sqlalchemy.orm``);
- parse throughput over the fixtures on one core (``tests.bench.parse_throughput``, in a child);
- ``orders watch``: APPEND → alert stored and notified (``tests.bench.latency``).

Prints a Markdown table (figure, measured, target, met) and writes everything to ``--out`` (JSON).
Exit status 0 when it ran, whatever the verdicts (they are data; see the JSON).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.bench import floors, procs, report, seed
from tests.servers.dovecot import Dovecot, MailUser, dovecot_available, dovecot_server

PHASES = ("sync", "idle", "status", "parse", "watch")
FOLDER_COMMANDS = {"STATUS", "SELECT", "EXAMINE", "SEARCH", "UID SEARCH", "FETCH", "UID FETCH", "UNSELECT",
                   "CLOSE", "NOOP", "CHECK"}
READ_COMMANDS = {"SEARCH", "UID SEARCH", "FETCH", "UID FETCH"}


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", default=None,
                    help="INBOX size(s), comma-separated (default 100000; --quick: 2000)")
    ap.add_argument("--out", type=Path, default=Path("bench-results/bench.json"), help="the JSON (default: %(default)s)")
    ap.add_argument("--quick", action="store_true", help="small and fast: a smoke run of every phase")
    ap.add_argument("--runs", type=int, default=None, help="runs per command for the medians (default 9)")
    ap.add_argument("--watch-samples", type=int, default=None, help="APPEND → notify samples (default 20)")
    ap.add_argument("--status-orders", default=None,
                    help="orders in the status stores, comma-separated (default 10000; a 100-order store is "
                         "always measured as the reference)")
    ap.add_argument("--scale", action="store_true",
                    help="the scale check: first sync of 10k, 100k and 1M messages and status on 100,000 orders "
                         "(long: seeding 1M messages takes a quarter of an hour on a 2-core machine)")
    ap.add_argument("--parse-seconds", type=float, default=None, help="parse throughput duration (default 5)")
    ap.add_argument("--skip", default="", help=f"phases to leave out, comma-separated: {', '.join(PHASES)}")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (stores, configs, logs)")
    ap.add_argument("--mail-dir", type=Path, default=None,
                    help="where the Dovecot server keeps its mail (default: /dev/shm when it has room)")
    args = ap.parse_args(argv)
    quick = args.quick
    sizes = args.messages or ("2000" if quick else "100000")
    try:
        args.sizes = sorted({int(x.replace("_", "")) for x in sizes.split(",")})
    except ValueError:
        ap.error(f"--messages {sizes!r}: give numbers separated by commas, e.g. 10000,30000,100000")
    if args.sizes[0] < seed.AMAZON_EVERY:
        ap.error(f"--messages: at least {seed.AMAZON_EVERY} (1 % of the mailbox is Amazon mail)")
    args.runs = args.runs or (3 if quick else 9)
    args.watch_samples = args.watch_samples or (5 if quick else 20)
    if args.scale:
        sizes = args.messages or "10000,100000,1000000"
        args.sizes = sorted({int(x.replace("_", "")) for x in sizes.split(",")})
    status = args.status_orders or ("1000" if quick else ("10000,100000" if args.scale else "10000"))
    try:
        args.status_orders = sorted({int(x.replace("_", "")) for x in status.split(",")} - {100})
    except ValueError:
        ap.error(f"--status-orders {status!r}: give numbers separated by commas, e.g. 10000,100000")
    args.parse_seconds = args.parse_seconds or (2.0 if quick else 5.0)
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    unknown = args.skip - set(PHASES)
    if unknown:
        ap.error(f"--skip: unknown phase(s) {', '.join(sorted(unknown))}; known: {', '.join(PHASES)}")
    if "sync" in args.skip:
        args.skip.add("idle")  # the idle poll needs a synced mailbox
    return args


# -- phases --------------------------------------------------------------------------------------

def seed_mailbox(server: Dovecot, n: int, pool: seed.AmazonPool, junk_pool: seed.AmazonPool) -> tuple[MailUser, dict]:
    user = server.add_user(name=f"bench{n}", junk="special")
    started = time.perf_counter()
    # Junk first: creating it must not wait on the server noticing a million new INBOX files.
    junk = server.seed_maildir(user, user.junk_folder, seed.junk_messages(n, junk_pool))
    inbox = server.seed_maildir(user, "INBOX", seed.inbox_messages(n, pool))
    written = time.perf_counter() - started
    # The server indexes the new files, untimed: for a million files that takes minutes, not seconds.
    with server.session(user, timeout=3600) as client:
        for folder in ("INBOX", user.junk_folder):
            client.select_folder(folder)
            client.unselect_folder()
    size = sum(f.stat().st_size for f in server.folder_path(user, "INBOX").glob("cur/*"))
    return user, {"inbox": inbox, "junk": junk, "amazon_in_inbox": seed.amazon_count(n),
                  "inbox_mb": round(size / 2**20, 1), "write_s": round(written, 2),
                  "index_s": round(time.perf_counter() - started - written, 2)}


def first_sync(server: Dovecot, user: MailUser, n: int, work: Path, env: dict[str, str]) -> tuple[dict, Path]:
    """``orders poll`` into an empty store, twice: the server's header cache cold, then warm.

    The first run is the figure (nothing has searched this mailbox before: Dovecot reads every
    header); the second, into another empty store, shows the client's share of that time.
    """
    runs = []
    load = [round(x, 2) for x in os.getloadavg()]  # the machine is shared: every figure says how busy it was
    for label in ("", "-again"):
        # sync_timeout: the default 5 minutes would cut a slow million-message first sync short (it
        # resumes at the next poll); here the whole of it is the figure.
        account = dict(procs.account(user.name, user.password, server.imap_port), sync_timeout="1h")
        config = procs.write_config(work / f"config-{n}{label}.toml", store=work / f"store-{n}{label}.db",
                                    accounts=[account])
        runs.append((procs.run_timed([*procs.launcher(), "--config", str(config), "--json", "poll"], env,
                                     tree=True).check(),
                     config))
    (run, config), (again, _) = runs
    out = run.json()
    folders = {f["folder"]: {k: f[k] for k in ("candidates", "fetched", "new_mails", "new_events", "seconds")}
               for f in out["accounts"][0]["folders"]}
    since = (datetime.now(UTC) - timedelta(days=365)).strftime("%d-%b-%Y")
    floor_argv, floor_env = floors.first_sync_floor("127.0.0.1", server.imap_port, user.name, user.password,
                                                    list(folders), since)
    floor = procs.run_timed(floor_argv, {**env, **floor_env}).check()
    return {"wall_s": round(run.wall, 3), "load_average": load, "peak_rss_mb": round(run.maxrss_mb, 1),
            "tree_peak_rss_mb": round(run.tree_rss_mb, 1),
            "cpu_s": round(run.user_cpu + run.sys_cpu, 2), "folders": folders,
            "active_alerts": out.get("active_alerts"),
            "server_cache_warm": {"wall_s": round(again.wall, 3), "peak_rss_mb": round(again.maxrss_mb, 1),
                                  "cpu_s": round(again.user_cpu + again.sys_cpu, 2)},
            "floor": {"wall_s": round(floor.wall, 3), "fetched": int(floor.stdout.strip() or 0),
                      "what": "imports + imaplib SEARCH and FETCH of every candidate, server cache warm"}}, config


def idle_poll(config: Path, env: dict[str, str], runs: int, server: Dovecot, user: MailUser) -> dict:
    """``orders poll`` with nothing new vs its floor (imports + one LOGIN/STATUS/LOGOUT), interleaved."""
    poll = [*procs.launcher(), "--config", str(config), "poll"]
    procs.run_timed(poll, env).check()  # warm-up: file cache, and any checkpoint bookkeeping
    floor_argv, floor_env = floors.poll_floor("127.0.0.1", server.imap_port, user.name, user.password)
    results = procs.interleaved({"floor": floor_argv, "poll": poll}, env, runs, {"floor": floor_env})
    floor = [r.wall for r in results["floor"]]
    polls = [r.wall for r in results["poll"]]
    return {"runs": runs, "poll_median_s": round(procs.median(polls), 4),
            "floor_median_s": round(procs.median(floor), 4),
            "ratio": round(procs.median(polls) / procs.median(floor), 2),
            "poll_cpu_s": round(procs.median([r.user_cpu + r.sys_cpu for r in results["poll"]]), 3),
            "floor_cpu_s": round(procs.median([r.user_cpu + r.sys_cpu for r in results["floor"]]), 3),
            "poll_runs_s": [round(x, 4) for x in polls], "floor_runs_s": [round(x, 4) for x in floor],
            "poll_peak_rss_mb": round(max(r.maxrss_mb for r in results["poll"]), 1)}


def idle_poll_commands(server: Dovecot, user: MailUser, config: Path, work: Path, env: dict[str, str]) -> dict:
    """The commands one poll with nothing new sends, counted by the harness's proxy."""
    text = config.read_text(encoding="utf-8")
    with server.counting_proxy() as proxy:
        counted = work / "config-counted.toml"
        counted.write_text(text.replace(f"port = {server.imap_port}", f"port = {proxy.port}"), encoding="utf-8")
        counted.chmod(0o600)
        run = procs.run_timed([*procs.launcher(), "--config", str(counted), "--json", "poll"], env).check()
        time.sleep(0.2)  # the proxy threads log the last lines
        connections = proxy.commands()
    folders = len(run.json()["accounts"][0]["folders"])
    commands = [c for conn in connections for c in conn]
    per_folder = [c for c in commands if c in FOLDER_COMMANDS]
    return {"folders": folders, "connections": connections, "folder_commands": per_folder,
            "per_folder": len(per_folder) / max(folders, 1),
            "search_or_fetch": sum(c in READ_COMMANDS for c in commands), "total_commands": len(commands)}


def status_store(work: Path, orders: int) -> tuple[Path, float]:
    """A store of ``orders`` orders, filled through ``Store.ingest`` and then evaluated once, as the
    poll that stored the mail would have (the order states' alerts are current)."""
    from daemon.config import load_config
    from daemon.service.pipeline import evaluate
    from store.repository import Store
    from tests.bench.store_status import fill

    db = work / f"status-{orders}.db"
    config = procs.write_config(work / f"config-status-{orders}.toml", store=db)
    with Store.open(str(db)) as store:
        filled = fill(store, orders)
        evaluate(store, load_config(str(config)), datetime.now(UTC))
    return config, filled


def status_figure(work: Path, sizes: list[int], runs: int, env: dict[str, str]) -> dict:
    """``orders status`` on stores of ``sizes`` orders (the first is the small reference) and its floor."""
    commands: dict[str, list[str]] = {"floor": floors.STATUS_FLOOR}
    filled = {}
    for n in sizes:
        config, filled[n] = status_store(work, n)
        commands[str(n)] = [*procs.launcher(), "--config", str(config), "status"]
        procs.run_timed(commands[str(n)], env).check()  # warm-up
    results = procs.interleaved(commands, env, runs)
    med = {name: procs.median([r.wall for r in rs]) for name, rs in results.items()}
    small = str(sizes[0])
    return {"sizes": sizes, "runs": runs, "fill_s": {str(n): round(t, 1) for n, t in filled.items()},
            "floor_median_s": round(med["floor"], 4),
            "median_s": {str(n): round(med[str(n)], 4) for n in sizes},
            "ratio_to_small": {str(n): round(med[str(n)] / med[small], 2) for n in sizes},
            "over_floor_s": {str(n): round(med[str(n)] - med["floor"], 3) for n in sizes},
            "cpu_s": {name: round(procs.median([r.user_cpu + r.sys_cpu for r in rs]), 3)
                      for name, rs in results.items()},
            "runs_s": {name: [round(r.wall, 4) for r in rs] for name, rs in results.items()}}


def parse_figure(seconds: float, env: dict[str, str]) -> dict:
    run = procs.run_timed([sys.executable, "-m", "tests.bench.children", "parse", "--seconds", str(seconds)],
                          dict(env, PYTHONPATH=str(seed.ROOT))).check()
    return run.json()


# -- driver --------------------------------------------------------------------------------------

def mail_dir(args: argparse.Namespace) -> Path:
    """Where the server keeps its mail: RAM (``/dev/shm``) when the largest mailbox fits comfortably —
    seeding 100k files on a slow VM disk takes minutes, and what is timed is the client, with the
    server's files in the page cache either way — else the disk (``tempfile``'s directory).

    "Comfortably": at most a quarter of the memory available now. A 1M-message mailbox (≈ 15 GB) in
    tmpfs would pin that much RAM on a shared machine; on disk the page cache holds what fits and
    gives the rest back. The seeder streams (one Maildir file at a time), so the disk path needs no
    more memory than a single mail."""
    if args.mail_dir:
        return args.mail_dir
    shm = Path("/dev/shm")
    need = max(args.sizes) * 16_000 * 1.5 if "sync" not in args.skip else 50_000_000
    if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > need \
            and need <= _available_memory() / 4:
        return shm
    return Path(tempfile.gettempdir())


def _available_memory() -> int:
    """MemAvailable from /proc/meminfo in bytes (0 when unknown: then the disk is used)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


@contextlib.contextmanager
def temp_root(path: Path) -> Iterator[None]:
    """Make ``tempfile`` create its directories under ``path`` (the harness uses mkdtemp)."""
    saved = tempfile.tempdir
    tempfile.tempdir = str(path)
    try:
        yield
    finally:
        tempfile.tempdir = saved


def run_phases(args: argparse.Namespace, server: Dovecot, work: Path, results: dict[str, Any]) -> None:
    fig = results["figures"]
    env = procs.child_env(work / "home")
    procs.warm_bytecode(env)
    versions: list[float] = []
    if "parse" not in args.skip:
        say(f"parse throughput over the fixtures, one core, {args.parse_seconds:g} s")
        fig["parse_throughput"] = parse_figure(args.parse_seconds, env)
    if "status" not in args.skip:
        sizes = [100, *args.status_orders]
        say(f"orders status on {', '.join(f'{n:,}' for n in sizes)} orders (filling the stores first)")
        fig["status"] = status_figure(work, sizes, args.runs, env)
    if "sync" not in args.skip:
        pool, junk_pool = seed.AmazonPool(), seed.AmazonPool(seed.JUNK_FIXTURES)
        results["amazon_fixtures"] = {"used": len(pool.fixtures), "dropped": pool.dropped,
                                      "junk_used": len(junk_pool.fixtures)}
        fig["first_sync"] = {}
        for n in args.sizes:
            say(f"seeding {n:,} messages (+ junk)")
            user, seeded = seed_mailbox(server, n, pool, junk_pool)
            say(f"seeded {seeded['inbox_mb']} MB in {seeded['write_s'] + seeded['index_s']:.1f} s; first sync")
            sync, config = first_sync(server, user, n, work, env)
            sync["seed"] = seeded
            fig["first_sync"][str(n)] = sync
            say(f"first sync of {n:,}: {sync['wall_s']:.1f} s (again, server cache warm: "
                f"{sync['server_cache_warm']['wall_s']:.1f} s; floor {sync['floor']['wall_s']:.1f} s), peak RSS "
                f"{sync['tree_peak_rss_mb']:.0f} MB with the workers; load average {sync['load_average'][0]:.1f}")
            if n == args.sizes[-1] and "idle" not in args.skip:
                say(f"poll with nothing new vs its floor, {args.runs} runs each")
                fig["idle_poll"] = idle_poll(config, env, args.runs, server, user)
                fig["idle_poll_imap"] = idle_poll_commands(server, user, config, work, env)
            shutil.rmtree(server.mail_root / user.name, ignore_errors=True)  # disk: 1.5 GB per 100k
        fig["first_sync_growth"] = report.growth(args.sizes, [fig["first_sync"][str(n)]["wall_s"] for n in args.sizes])
    if "watch" not in args.skip:
        from tests.bench.latency import measure_watch

        say(f"orders watch: APPEND → notified, {args.watch_samples} samples")
        fig["watch_latency"] = measure_watch(server, work / "watch", args.watch_samples)
    if not versions:
        versions = [procs.run_timed([*procs.launcher(), "--version"], env).check().wall for _ in range(args.runs)]
    fig["version"] = {"runs": len(versions), "median_s": round(procs.median(versions), 4),
                      "min_s": round(min(versions), 4), "max_s": round(max(versions), 4)}


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def sigterm_unwinds() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C, so the Dovecot and the watch daemon started here are stopped."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with sigterm_unwinds():
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    if not dovecot_available():
        print("dovecot is not installed (apt-get install dovecot-imapd)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": report.machine(),
        "params": {"messages": args.sizes, "runs": args.runs, "watch_samples": args.watch_samples,
                   "status_orders": args.status_orders, "parse_seconds": args.parse_seconds,
                   "skipped": sorted(args.skip), "command": procs.launcher()},
        "figures": {},
    }
    work = Path(tempfile.mkdtemp(prefix="orders-bench-"))  # stores stay on the real disk
    results["params"]["mail_dir"] = str(mail_dir(args))
    results["params"]["work_dir"] = str(work)
    try:
        with contextlib.ExitStack() as stack:
            with temp_root(mail_dir(args)):
                server = stack.enter_context(dovecot_server())
            run_phases(args, server, work, results)
    finally:
        if args.keep:
            say(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["duration_s"] = round(time.perf_counter() - started, 1)
    results["verdicts"] = report.verdicts(results["figures"])
    results["git"] = _git_revision()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(report.table(results["verdicts"]))
    print(f"\nmachine: {report.machine_line(results['machine'])}")
    print(f"written: {args.out} ({results['duration_s']:.0f} s)")
    return 0


def _git_revision() -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(seed.ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


if __name__ == "__main__":
    raise SystemExit(main())
