"""The ``command`` channel: run a program with the alert as JSON on its stdin.

Exit status 0 means delivered; anything else, or running past the timeout, means not delivered (the
alert stays due and is tried again next cycle). The program runs in its own process group so a
timeout kills whatever it started too. Its stdout and stderr go to the log, a few lines at most; argv
is never logged (it may carry a token), only the channel name.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from datetime import tzinfo

from daemon.service.notify.base import AlertRecord, SendResult, alert_payload, log
from daemon.service.notify.settings import CommandSpec
from store.domain.messages import Msg, os_reason

_MAX_LOG_LINES = 20
_MAX_LINE = 500


class CommandChannel:
    def __init__(self, spec: CommandSpec) -> None:
        self.spec = spec
        self.name = f"command:{spec.name}"

    def send(self, alert: AlertRecord, lang: str, *, tz: tzinfo | None = None) -> SendResult:
        return self.run_payload(alert_payload(alert, lang, tz))

    def run_payload(self, payload: dict) -> SendResult:
        try:
            data = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
            return self._run(data)
        except Exception as exc:  # never let a hook take the daemon down
            return SendResult(False, f"could not run ({type(exc).__name__}: {exc})")

    def _run(self, data: bytes) -> SendResult:
        timeout = self.spec.timeout.total_seconds()
        started = time.monotonic()
        try:
            proc = subprocess.Popen(
                list(self.spec.argv), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                start_new_session=True,  # its own process group: a timeout kills its children too
            )
        except OSError as exc:
            return SendResult(False, Msg("cannot start", program=self.spec.argv[0], detail=os_reason(exc)))
        try:
            out, err = proc.communicate(data, timeout=timeout)
        except subprocess.TimeoutExpired:
            self._kill(proc)
            try:
                out, err = proc.communicate(timeout=2)
            except subprocess.TimeoutExpired:  # a grandchild left the group and still holds the pipes
                for pipe in (proc.stdout, proc.stderr):
                    if pipe:
                        pipe.close()
                proc.wait()
                out = err = b""
            self._log_output(out, err)
            return SendResult(False, Msg("command timed out", seconds=timeout))
        self._log_output(out, err)
        elapsed = time.monotonic() - started
        if proc.returncode != 0:
            how = (Msg("killed by signal", signal=-proc.returncode) if proc.returncode < 0
                   else Msg("exit status", status=proc.returncode))
            last = _last_line(err) or _last_line(out)
            return SendResult(False, Msg("with last line", how=how, last=last) if last else how)
        return SendResult(True, Msg("exit ok", seconds=elapsed))

    @staticmethod
    def _kill(proc: subprocess.Popen) -> None:
        try:
            if hasattr(os, "killpg"):
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()
        except (ProcessLookupError, PermissionError):
            proc.kill()

    def _log_output(self, out: bytes | None, err: bytes | None) -> None:
        for stream, text in (("stdout", out), ("stderr", err)):
            lines = _lines(text)
            for line in lines[:_MAX_LOG_LINES]:
                log.info("%s %s: %s", self.name, stream, line)
            if len(lines) > _MAX_LOG_LINES:
                log.info("%s %s: … %d more lines", self.name, stream, len(lines) - _MAX_LOG_LINES)


def _lines(data: bytes | None) -> list[str]:
    if not data:
        return []
    text = data.decode("utf-8", errors="replace")
    return [line[:_MAX_LINE] for line in text.splitlines() if line.strip()]


def _last_line(data: bytes | None) -> str:
    lines = _lines(data)
    return lines[-1][:200] if lines else ""
