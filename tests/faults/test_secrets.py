"""No password in any log, output, store file or process argv — whatever the daemon path.

The account's password is a random marker. Each scenario runs the real CLI at DEBUG level (``-vv``:
imapclient logs every IMAP command) with its stderr in a log file, while a sampler reads every
process's argv (``/proc/*/cmdline``) — and its environment, where the scenario does not put the
password there on purpose. Afterwards the marker (raw, hex and base64 at every alignment) is looked
for in stdout, the log, every file the run left behind (SQLite store with its -wal/-shm, a notify
hook's output) and the samples. Positive controls prove the search and the sampling would see it.
"""

from __future__ import annotations

import base64
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from tests.faults.daemon_run import cli_argv, cli_env, write_config
from tests.faults.hostile_mail import order_mail, seller_message_with_escapes
from tests.servers.dovecot import Dovecot, MailUser

pytestmark = pytest.mark.imap

MARKER = f"h9Mk-{os.urandom(8).hex()}"  # the account's real password
WRONG = f"h9Wr-{os.urandom(8).hex()}"  # a wrong one, just as secret
PHISHING = Path(__file__).resolve().parents[2] / "fixtures/emails/phishing/display-name-amazon-co-jp-on-cn-domain.eml"


def phishing_dated_now() -> bytes:
    """The phishing fixture dated now: it is the mail whose alert must reach the notify hook, and on
    the real clock a phishing mail alerts only within 90 days of its date (16 Nov 2026 would stop on
    14 Feb 2027)."""
    raw, n = re.subn(rb"(?im)^Date:[^\r\n]*", b"Date: " + format_datetime(datetime.now(UTC)).encode(),
                     PHISHING.read_bytes(), count=1)
    assert n == 1
    return raw


def forms(secret: str) -> list[bytes]:
    """The secret as bytes, hex, and base64 (the part that does not depend on its neighbours, at each
    of the three alignments — AUTHENTICATE PLAIN or a base64 blob would hide it otherwise)."""
    raw = secret.encode()
    out = [raw, raw.hex().encode()]
    for shift in range(3):
        encoded = base64.b64encode(raw[shift:])
        out.append(encoded[: len(encoded) - 4])
    return out


def leaks(data: bytes, secrets: list[str]) -> list[str]:
    return [f"{s} as {f[:12]!r}…" for s in secrets for f in forms(s) if f in data]


class ProcSampler(threading.Thread):
    """Reads every process's argv (and environment) until stopped; keeps the blobs that leak."""

    def __init__(self, secrets: list[str], environ: bool) -> None:
        super().__init__(daemon=True)
        self.secrets, self.environ = secrets, environ
        self.found: list[str] = []
        self.saw_orders = False
        self._halt = threading.Event()

    def run(self) -> None:
        me = str(os.getpid())
        while not self._halt.is_set():
            for pid in os.listdir("/proc"):
                if not pid.isdigit() or pid == me:
                    continue
                for kind in ("cmdline", "environ") if self.environ else ("cmdline",):
                    try:
                        blob = Path(f"/proc/{pid}/{kind}").read_bytes()
                    except OSError:
                        continue
                    if kind == "cmdline" and b"daemon.cli" in blob:
                        self.saw_orders = True
                    for leak in leaks(blob, self.secrets):
                        self.found.append(f"/proc/{pid}/{kind} ({blob[:80]!r}): {leak}")
            time.sleep(0.002)

    def stop(self) -> None:
        self._halt.set()
        self.join(5)


@dataclass
class Scenario:
    name: str
    command: tuple[str, ...]
    password_source: str  # env / command / config
    password: str = MARKER  # what the source gives
    secrets: list[str] = field(default_factory=lambda: [MARKER])
    ok: bool = True  # expected to succeed
    expect: str = ""  # text stdout+stderr must contain (proves the path really ran)


SCENARIOS = [
    Scenario("poll, password_env", ("poll",), "env", expect="new mail"),
    Scenario("poll, password_command", ("poll",), "command", expect="new mail"),
    Scenario("poll, password in the config", ("poll",), "config", expect="new mail"),
    Scenario("doctor, password_command", ("doctor",), "command", expect="login ok"),
    Scenario("poll, wrong password", ("poll",), "env", password=WRONG, secrets=[MARKER, WRONG], ok=False,
             expect="refused"),
    Scenario("poll, password_command fails after printing", ("poll",), "failing-command", ok=False,
             expect="exited with status 3"),
    Scenario("watch, password_command", ("watch",), "command", expect="IDLE on"),
]


@pytest.fixture(scope="module")
def account(dovecot: Dovecot) -> MailUser:
    user = dovecot.add_user(password=MARKER)
    dovecot.append(user, "INBOX", order_mail("250-7700001-0000001", "h9-secret-1"),
                   order_mail("250-7700002-0000002", "h9-secret-2"), seller_message_with_escapes(),
                   phishing_dated_now())
    return user


def _script(path: Path, body: str) -> Path:
    path.write_text(f"#!{sys.executable}\n{body}")
    path.chmod(0o700)
    return path


def _run(argv: list[str], env: dict[str, str], log: Path, watch_until: Path | None) -> tuple[int, str]:
    """Run the command; a `watch` runs until IDLE is up and the alert reached ``watch_until``, then is stopped."""
    with log.open("wb") as err:
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=err)
        if watch_until is not None:
            deadline = time.monotonic() + 60
            while (proc.poll() is None and time.monotonic() < deadline
                   and not (b"IDLE on" in log.read_bytes() and watch_until.exists())):
                time.sleep(0.05)
            proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=120)
    return proc.returncode, out.decode("utf-8", "replace")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_no_secret_anywhere(scenario: Scenario, dovecot: Dovecot, account: MailUser, tmp_path: Path) -> None:
    hook_out = tmp_path / "hook.out"
    hook = _script(tmp_path / "hook.py", f"import sys\nopen({str(hook_out)!r}, 'ab').write(sys.stdin.buffer.read())\n")
    allowed: set[Path] = set()  # files that hold the secret on purpose
    source, command = scenario.password_source, None
    if source == "command":
        command = [str(_script(tmp_path / "pw.py", f"print({scenario.password!r})\n"))]
        allowed.add(tmp_path / "pw.py")
    elif source == "failing-command":
        body = f"import sys\nprint({scenario.password!r})\nsys.stderr.write('vault is locked\\n')\nsys.exit(3)\n"
        command = [str(_script(tmp_path / "pw.py", body))]
        allowed.add(tmp_path / "pw.py")
        source = "command"
    config = write_config(tmp_path / "config.toml", dovecot, account, tmp_path / "data" / "orders.db",
                          password_source=source, password_command=command,
                          notify_command=[sys.executable, str(hook)])
    if source == "config":
        allowed.add(config)
    env = cli_env(tmp_path, scenario.password if source == "env" else None)
    log = tmp_path / "debug.log"

    sampler = ProcSampler(scenario.secrets, environ=source != "env")
    sampler.start()
    try:
        # The real clock: `poll --now` would only evaluate (no notification), `watch` refuses --now.
        code, out = _run(cli_argv(config, "-vv", *scenario.command), env,
                         log, watch_until=hook_out if scenario.command == ("watch",) else None)
    finally:
        sampler.stop()
    text = out + log.read_text(errors="replace")

    assert (code == 0) == scenario.ok, f"exit {code}:\n{text[-2000:]}"
    assert scenario.expect in text
    assert " DEBUG " in text and "imapclient" in text, "DEBUG logging of the IMAP traffic was not on"
    assert sampler.saw_orders, "the process sampler never saw the orders process"
    for path in allowed:  # positive control: the search finds the secret where it is on purpose
        assert leaks(path.read_bytes(), [scenario.password])
    if scenario.ok and scenario.command in {("poll",), ("watch",)}:
        assert hook_out.exists(), "no alert reached the notify hook (its output is checked too)"

    found = [f"stdout/stderr: {leak}" for leak in leaks(text.encode(), scenario.secrets)]
    for path in sorted(p for p in tmp_path.rglob("*") if p.is_file() and p not in allowed):
        found += [f"{path.relative_to(tmp_path)}: {leak}" for leak in leaks(path.read_bytes(), scenario.secrets)]
    found += sampler.found
    assert not found, "secret found:\n" + "\n".join(found)
