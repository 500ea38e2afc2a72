"""Run `orders` as the user does (a fresh process) and measure it: wall time, peak RSS, output.

Each command runs under ``spawn.py`` (a small stdlib-only process) that times it and reads its
``ru_maxrss`` with ``os.wait4``: the peak RSS is the command's own (see ``spawn.py`` for why the
driver cannot start it directly). Every child gets a private HOME/XDG tree and no session bus unless one is passed in.
"""

from __future__ import annotations

import json
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Run:
    argv: tuple[str, ...]
    wall: float  # seconds
    maxrss_mb: float  # peak resident set of the child (MiB)
    user_cpu: float
    sys_cpu: float
    returncode: int
    stdout: str
    stderr: str

    def check(self) -> Run:
        if self.returncode != 0:
            raise RuntimeError(f"{' '.join(self.argv)} exited {self.returncode}:\n{self.stderr[-2000:]}")
        return self

    def json(self) -> Any:
        return json.loads(self.stdout)


SPAWN = Path(__file__).with_name("spawn.py")


def launcher() -> list[str]:
    """The installed ``orders`` script beside this interpreter, else ``python -m daemon.cli``."""
    script = Path(sys.executable).with_name("orders")
    return [str(script)] if script.exists() else [sys.executable, "-m", "daemon.cli"]


def pycache_dir() -> Path:
    """Where the children keep bytecode: ``$XDG_CACHE_HOME/orders-bench/pycache`` (kept between runs)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "orders-bench" / "pycache"


def child_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A clean environment under ``home``, with bytecode cached in ``pycache_dir()``.

    An installed program runs from cached bytecode; a run that compiles every module from source
    (``PYTHONDONTWRITEBYTECODE`` in a CI shell) would measure the compiler, not the program. The
    cache lives outside the checkout and survives runs (the first run fills it: a few seconds).
    """
    dropped = ("DBUS_SESSION_BUS_ADDRESS", "ORDERS_CONFIG", "PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["PYTHONPYCACHEPREFIX"] = str(pycache_dir())
    for var, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                     ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        path = home / sub if sub else home
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    env["XDG_RUNTIME_DIR"] = str(home)  # no user bus found by accident
    env.update(extra or {})
    return env


WARM_IMPORTS = ("daemon.cli", "daemon.cli.commands.base", "daemon.cli.commands.service", "daemon.cli.commands.orders",
                "daemon.config", "daemon.service.sync", "daemon.service.pipeline", "daemon.service.watch", "daemon.service.notify", "daemon.cli.render",
                "store.repository", "store.domain.rules", "store.domain.timeline", "store.domain.texts", "parsers")


def warm_bytecode(env: dict[str, str]) -> None:
    """Import what the commands use once, so every timed run finds its bytecode cached."""
    code = f"import importlib\nfor m in {WARM_IMPORTS!r}:\n    importlib.import_module(m)"
    run_timed([sys.executable, "-c", code], env).check()
    run_timed([*launcher(), "--version"], env).check()


def run_timed(argv: Sequence[str], env: dict[str, str], timeout: float = 900.0) -> Run:
    """Run ``argv`` to completion through ``spawn.py``; its own wall time and rusage."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".json") as report:
        proc = subprocess.Popen([sys.executable, "-I", "-S", str(SPAWN), report.name, "--", *argv], stdout=out,
                                stderr=err, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise RuntimeError(f"{' '.join(argv)} did not finish in {timeout:.0f} s") from None
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        try:
            r = json.loads(Path(report.name).read_text(encoding="utf-8"))
        except ValueError:
            raise RuntimeError(f"spawn.py failed ({proc.returncode}): {stderr[-2000:]}") from None
    return Run(tuple(argv), r["wall"], r["maxrss_kb"] / 1024, r["utime"], r["stime"], r["returncode"], stdout, stderr)


def interleaved(commands: dict[str, Sequence[str]], env: dict[str, str], runs: int) -> dict[str, list[Run]]:
    """Each command ``runs`` times, round-robin, so a busy moment hits all of them alike."""
    results: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            results[name].append(run_timed(argv, env).check())
    return results


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    """Nearest-rank 95th percentile (of 20 samples: the 19th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_config(path: Path, *, store: Path, accounts: Sequence[dict[str, Any]] = (), desktop: bool = False,
                 idle: bool = True) -> Path:
    """A config for the benchmark: English texts, long schedule intervals, the given accounts."""
    lines = ['lang = "en"', "", "[store]", f"url = {toml_str(str(store))}", "",
             "[schedule]", 'poll_interval = "1h"', 'rules_interval = "1h"', f"idle = {str(idle).lower()}", "",
             "[notify]", f"desktop = {str(desktop).lower()}", ""]
    for account in accounts:
        lines.append("[[accounts]]")
        for key, value in account.items():
            lines.append(f"{key} = {toml_str(value) if isinstance(value, str) else value}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    path.chmod(0o600)
    return path


def account(name: str, password: str, port: int, host: str = "127.0.0.1") -> dict[str, Any]:
    return {"name": name, "host": host, "port": port, "security": "plain", "username": name,
            "password": password, "trusted_authserv_ids": ["mx.example.jp"]}
