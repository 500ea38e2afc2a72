"""Fixtures for the notify tests: a private session bus, the recording notification service, a hook script."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from daemon.service.notify import base
from tests.conftest import need
from tests.servers.dbus import dbus_available, session_bus
from tests.servers.notifications_service import RecordingServer, notification_server


@pytest.fixture(autouse=True)
def _isolated_notify_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test may reach the developer's real desktop, and each starts with no warning logged yet."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    base._warned.clear()
    yield
    base._warned.clear()


@pytest.fixture
def bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private session bus; DBUS_SESSION_BUS_ADDRESS points at it for the test."""
    if not dbus_available():
        need(False, "dbus-daemon is not installed (apt-get install dbus)")
    with session_bus() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address


@pytest.fixture
def notifications(bus: str, tmp_path: Path) -> Iterator[RecordingServer]:
    """The recording org.freedesktop.Notifications service on ``bus``."""
    with notification_server(bus, tmp_path / "notify-calls.jsonl") as server:
        yield server


@pytest.fixture
def hook(tmp_path: Path) -> tuple[list[str], Path]:
    """argv of a hook that appends the JSON it reads on stdin to a file (one line per run), and that file."""
    out = tmp_path / "hook.jsonl"
    code = ("import json, sys; d = json.load(sys.stdin); "
            "open(sys.argv[1], 'a', encoding='utf-8').write(json.dumps(d, ensure_ascii=False) + '\\n'); "
            "print('hook got', d['kind'])")
    return [sys.executable, "-c", code, str(out)], out

