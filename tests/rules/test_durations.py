"""The one duration grammar, shared by [accounts], [schedule], [rules] and [notify]."""

from __future__ import annotations

from datetime import timedelta

import pytest

from daemon.config import parse_duration as config_duration
from daemon.service.notify.settings import parse_duration as notify_duration
from store.domain.durations import parse_duration


@pytest.mark.parametrize(("value", "unit", "expected"), [
    ("30s", "s", timedelta(seconds=30)), ("5m", "s", timedelta(minutes=5)), ("1h30m", "s", timedelta(minutes=90)),
    ("2d", "h", timedelta(days=2)), ("2w", "d", timedelta(weeks=2)), ("500ms", "s", timedelta(milliseconds=500)),
    (" 1H 15M ", "s", timedelta(minutes=75)), (90, "s", timedelta(seconds=90)), (48, "h", timedelta(hours=48)),
    ("36", "h", timedelta(hours=36)), (1.5, "d", timedelta(hours=36)),
])
def test_grammar(value: object, unit: str, expected: timedelta) -> None:
    assert parse_duration(value, unit) == expected


@pytest.mark.parametrize("value", ["", "soon", "5x", "1h-5m", "-1m", "0s", 0, True, None, [1]])
def test_refused(value: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(value)


def test_options() -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration("5", text_needs_unit=True)
    assert parse_duration(5, text_needs_unit=True) == timedelta(seconds=5)
    assert parse_duration("0s", positive=False) == timedelta(0)


def test_config_and_notify_read_durations_alike() -> None:
    for text in ("30s", "1h30m", "2d", "500ms"):
        assert config_duration(text) == notify_duration(text) == parse_duration(text)
