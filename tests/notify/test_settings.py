"""[notify] parsing: durations, quiet hours, commands, every problem reported at once."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from daemon.service.notify import (
    NotifyConfigError,
    NotifySettings,
    parse_duration,
    settings_from_config,
    validate_notify,
)


@pytest.mark.parametrize(("text", "seconds"), [
    ("24h", 86400), ("30m", 1800), ("10s", 10), ("500ms", 0.5), ("1h30m", 5400), ("2d", 172800),
    ("90", 90), (45, 45), (" 1h 15m ", 4500), ("1.5h", 5400),
])
def test_durations(text, seconds):
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "h", "10x", "1h-5m", "soon", True])
def test_bad_durations(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_defaults():
    s = NotifySettings.from_mapping({})
    assert (s.desktop, s.lang, s.remind_every, s.quiet_hours, s.apprise, s.commands) == (
        True, "en", timedelta(hours=24), None, (), ())


def test_full_table():
    s = settings_from_config({
        "desktop": False, "remind_every": "6h", "quiet_hours": "22:00-07:00",
        "apprise": ["ntfy://ntfy.sh/x"], "command": [{"argv": ["/bin/hook", "--json"], "timeout": "3s"}],
    }, lang="ja")
    assert s.desktop is False and s.lang == "ja" and s.remind_every == timedelta(hours=6)
    assert s.quiet_hours == (time(22, 0), time(7, 0))
    assert s.apprise == ("ntfy://ntfy.sh/x",)
    [cmd] = s.commands
    assert (cmd.name, cmd.argv, cmd.timeout) == ("hook", ("/bin/hook", "--json"), timedelta(seconds=3))


def test_notify_lang_wins_over_the_top_level_one():
    assert settings_from_config({"lang": "en"}, lang="ja").lang == "en"
    assert settings_from_config({}, lang="ja").lang == "ja"
    assert settings_from_config(None, lang=None).lang == "en"
    assert settings_from_config({}, lang="fr").lang == "fr"
    assert settings_from_config({}, lang="pt").lang == "en"  # an unsupported top-level lang falls back


@pytest.mark.parametrize("off", ["off", "0", "never", False])
def test_reminders_off(off):
    assert NotifySettings.from_mapping({"remind_every": off}).remind_every is None


def test_every_problem_is_listed_with_its_key_and_a_fix():
    problems = validate_notify({
        "desktop": "yes", "lang": "pt", "remind_every": "often", "quiet_hours": "22-7",
        "apprise": "ok", "colour": "red",
        "command": [{"argv": []}, {"argv": ["x"], "timeout": "-1s"}, {"name": "a b", "argv": ["y"]},
                    {"name": "dup", "argv": ["z"]}, {"name": "dup", "argv": ["z"]}, {"argv": ["w"], "shell": True}],
    })
    keys = [p.split(":", 1)[0] for p in problems]
    assert keys == ["notify.colour", "notify.desktop", "notify.lang", "notify.remind_every",
                    "notify.quiet_hours", "notify.command[0].argv", "notify.command[1].timeout",
                    "notify.command[2].name", "notify.command[4].name", "notify.command[5].shell"]
    assert all(" — " in p for p in problems)
    with pytest.raises(NotifyConfigError) as info:
        NotifySettings.from_mapping({"lang": "pt", "quiet_hours": "07:00-07:00"})
    assert len(info.value.problems) == 2


def test_apprise_values_are_never_echoed():
    problems = validate_notify({"apprise": [123, "ntfy://secret-token@host/topic"]})
    assert len(problems) == 1 and "secret-token" not in problems[0]


def test_a_single_command_table_is_accepted():
    s = NotifySettings.from_mapping({"command": {"argv": ["/usr/bin/logger"]}})
    assert [c.name for c in s.commands] == ["logger"]
    assert s.commands[0].timeout == timedelta(seconds=10)


def test_quiet_hours_out_of_range():
    assert validate_notify({"quiet_hours": "25:00-07:00"})[0].startswith("notify.quiet_hours:")
