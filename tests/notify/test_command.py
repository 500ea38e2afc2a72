"""The command channel: real subprocesses, JSON on stdin, exit status, timeout, output to the log."""

from __future__ import annotations

import logging
import sys
import time
from datetime import timedelta
from pathlib import Path

from daemon.service.notify.command import CommandChannel
from daemon.service.notify.settings import CommandSpec
from tests.notify.records import JST, make_record, read_jsonl


def channel(argv: list[str], timeout: float = 10.0, name: str = "t") -> CommandChannel:
    return CommandChannel(CommandSpec(name=name, argv=tuple(argv), timeout=timedelta(seconds=timeout)))


def test_hook_receives_the_alert_as_json_on_stdin(hook, caplog):
    argv, out = hook
    record = make_record("seller_no_reply", alert_id=7)
    with caplog.at_level(logging.INFO, logger="daemon.service.notify"):
        result = channel(argv, name="log").send(record, "ja", tz=JST)
    assert result.ok and result.detail.startswith("exit status 0")
    [payload] = read_jsonl(out)
    assert payload["version"] == 1 and payload["test"] is False
    assert payload["id"] == 7 and payload["kind"] == "seller_no_reply"
    assert payload["order_id"] == "503-2222222-2222222"
    assert payload["severity"] == "warning" and payload["urgency"] == "normal"
    assert payload["lang"] == "ja"
    assert payload["title"] == record.title["ja"]
    assert payload["body"] == f"{record.message['ja']}\n{record.action['ja']}\n期限：2026/11/22(日) 10:00 JST"
    assert payload["deadline"] == "2026-11-22T10:00:00+09:00"
    assert payload["texts"]["title"]["en"] == record.title["en"]
    assert payload["facts"]["at"] == "2026-11-18 12:00:00+09:00"  # non-JSON values become strings
    assert "command:log stdout: hook got seller_no_reply" in caplog.messages
    assert not any(str(out) in m for m in caplog.messages)  # argv is never logged


def test_nonzero_exit_is_a_failure_with_the_last_stderr_line(caplog):
    code = "import sys; sys.stdin.read(); print('step 1', file=sys.stderr); print('token expired', file=sys.stderr); sys.exit(3)"
    with caplog.at_level(logging.INFO, logger="daemon.service.notify"):
        result = channel([sys.executable, "-c", code]).send(make_record(), "en")
    assert not result.ok and not result.channel_down
    assert result.detail == "exit status 3: token expired"
    assert "command:t stderr: step 1" in caplog.messages


def test_timeout_kills_the_hook_and_its_children(tmp_path):
    pidfile = tmp_path / "child.pid"
    script = f"sleep 30 & echo $! > {pidfile}; wait"
    started = time.monotonic()
    # 3 s: time enough for sh to start its child and write the pid even on a loaded machine.
    result = channel(["sh", "-c", script], timeout=3).send(make_record(), "en")
    elapsed = time.monotonic() - started
    assert not result.ok and result.detail == "timed out after 3 s (killed)"
    assert elapsed < 10  # killed at the timeout, not when the 30 s child ends
    child = int(pidfile.read_text())
    assert not _running(child), "the hook's child survived the timeout"


def _running(pid: int) -> bool:
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        if state in ("Z", "X"):  # killed, waiting for whoever adopted it to reap it
            return False
        time.sleep(0.05)
    return True


def test_hook_that_ignores_stdin_still_counts_by_exit_status():
    result = channel(["true"]).send(make_record(), "en")
    assert result.ok, result.detail


def test_missing_program_is_reported_not_raised(tmp_path):
    result = channel([str(tmp_path / "no-such-hook")]).send(make_record(), "en")
    assert not result.ok and result.detail.startswith("cannot start")


def test_killed_by_signal(tmp_path):
    result = channel(["sh", "-c", "kill -TERM $$"]).send(make_record(), "en")
    assert not result.ok and result.detail.startswith(f"killed by signal {15}")


def test_long_output_is_capped_in_the_log(caplog):
    code = "import sys; sys.stdin.read(); print('\\n'.join(f'line {i}' for i in range(100)))"
    with caplog.at_level(logging.INFO, logger="daemon.service.notify"):
        assert channel([sys.executable, "-c", code]).send(make_record(), "en").ok
    lines = [m for m in caplog.messages if m.startswith("command:t stdout:")]
    assert len(lines) == 21 and lines[-1] == "command:t stdout: … 80 more lines"

