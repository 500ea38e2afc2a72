"""The config loader: defaults, every validation problem listed with its key and fix, warnings."""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path

import pytest

from daemon.config import ConfigError, load_config, parse_duration, parse_size
from daemon.service.secrets import Secret

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"


def write(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    os.chmod(path, mode)
    return path


def test_minimal_account_gets_defaults(tmp_path):
    cfg = load_config(write(tmp_path, """
[[accounts]]
name = "main"
host = "imap.example.com"
username = "me@example.com"
password_command = ["pass", "show", "mail"]
"""))
    [a] = cfg.accounts
    assert (a.port, a.security, a.auth, a.tls_verify, a.spam) == (993, "tls", "password", True, True)
    assert a.folders == ("INBOX",) and a.since == timedelta(days=365)
    assert a.password_command == ("pass", "show", "mail") and a.max_message_size == 2 * 1024 * 1024
    assert cfg.schedule.poll_interval == timedelta(minutes=5) and cfg.schedule.idle is True
    assert cfg.schedule.rules_interval == timedelta(minutes=10)
    assert cfg.store_url is None and cfg.rules == {} and cfg.notify == {} and cfg.lang == "auto"
    assert cfg.warnings == () and cfg.path == tmp_path / "config.toml"


def test_starttls_default_port_and_all_keys(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    cfg = load_config(write(tmp_path, f"""
lang = "ja"
[store]
url = "sqlite:////tmp/o.db"
[schedule]
poll_interval = "30s"
idle = false
rules_interval = "2h"
[notify]
desktop = true
[notify.command]
argv = ["echo"]
[[accounts]]
name = "work"
host = "mail.example.jp"
security = "starttls"
username = "u"
password_env = "WORK_PW"
ca_file = "{ca}"
folders = ["INBOX", "Orders"]
spam = false
junk_folder = "Spam"
since = "90d"
trusted_forwarders = ["Me@Example.jp"]
trusted_authserv_ids = ["mx.example.jp"]
strict_authentication = true
max_message_size = "5MB"
timeout = "20s"
"""))
    [a] = cfg.accounts
    assert a.port == 143 and a.password_env == "WORK_PW" and a.ca_file == ca
    assert a.folders == ("INBOX", "Orders") and a.spam is False and a.junk_folder == "Spam"
    assert a.since == timedelta(days=90) and a.trusted_forwarders == ("me@example.jp",)
    assert a.trusted_authserv_ids == ("mx.example.jp",) and a.strict_authentication
    assert a.max_message_size == 5 * 1024 * 1024 and a.timeout == 20
    assert cfg.schedule == type(cfg.schedule)(timedelta(seconds=30), False, timedelta(hours=2))
    assert cfg.store_url == "sqlite:////tmp/o.db" and cfg.lang == "ja"
    assert cfg.notify == {"desktop": True, "command": {"argv": ["echo"]}}


def test_every_problem_is_listed_with_key_and_fix(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, """
lang = "klingon"
[schedule]
poll_interval = "soon"
[[accounts]]
host = "imap.example.com"
port = 70000
security = "ssl"
username = "a"
password = "x"
password_env = "Y"
[[accounts]]
name = "b"
hots = "typo.example.com"
username = "b"
password_command = "pass show b"
since = "-3d"
[[accounts]]
name = "c"
host = "imap.example.com"
security = "plain"
username = "c"
auth = "xoauth2"
password = "p"
"""))
    problems = info.value.problems
    expected = [
        "accounts[0].security: 'ssl' is not one of",
        "accounts[0].port: must be 1-65535",
        "accounts[0].password_env: password and password_env are all set",
        "accounts[1].hots: unknown key — fix: remove it (did you mean 'host'?)",
        "accounts[1].host: missing",
        "accounts[1].password_command: is a string; a list of arguments is needed",
        "accounts[1].since: '-3d' not a duration",
        'accounts[2].security: "plain" sends the password unencrypted to imap.example.com',
        'accounts[2].oauth2_token_command: missing for auth = "xoauth2"',
        'accounts[2].password: not used with auth = "xoauth2"',
        "schedule.poll_interval: 'soon' not a duration",
        "lang: 'klingon' is not one of",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)
    assert all(" — fix: " in p for p in problems)
    assert len(problems) == len(expected)
    assert str(info.value).startswith(f"{tmp_path / 'config.toml'}: {len(expected)} problems")
    assert '"x"' not in str(info.value) and "'x'" not in str(info.value)


def test_plain_allowed_to_loopback_or_when_insecure_allowed(tmp_path):
    cfg = load_config(write(tmp_path, """
[[accounts]]
name = "local"
host = "127.0.0.1"
security = "plain"
username = "u"
password_env = "P"
[[accounts]]
name = "lan"
host = "192.168.1.2"
security = "plain"
allow_insecure = true
username = "u"
password_env = "P"
"""))
    assert [a.port for a in cfg.accounts] == [143, 143]


def test_missing_default_file_is_an_empty_config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "nothing"))
    cfg = load_config(None)
    assert cfg.accounts == () and cfg.path == tmp_path / "nothing" / "orders" / "config.toml"


def test_missing_explicit_file_and_bad_toml(tmp_path):
    with pytest.raises(ConfigError, match="not found — fix"):
        load_config(tmp_path / "absent.toml")
    with pytest.raises(ConfigError, match="not valid TOML.*line 2"):
        load_config(write(tmp_path, "[store]\nurl = \n"))


def test_readable_file_with_password_is_warned_with_chmod_fix(tmp_path, caplog):
    text = '[[accounts]]\nname="a"\nhost="h.example"\nusername="u"\npassword="Sekr1t-value"\n'
    with caplog.at_level(logging.WARNING):
        cfg = load_config(write(tmp_path, text, mode=0o644))
    path = tmp_path / "config.toml"
    assert cfg.warnings == (f"{path}: holds a password and is readable by other users — fix: chmod 600 {path}",)
    assert "chmod 600" in caplog.text
    assert load_config(write(tmp_path, text, mode=0o600)).warnings == ()
    # the secret is wrapped and never shown
    [a] = cfg.accounts
    assert isinstance(a.password, Secret) and a.password.reveal() == "Sekr1t-value"
    assert "Sekr1t" not in repr(cfg) and "Sekr1t" not in str(a) and "Sekr1t" not in caplog.text


def test_wrong_types_do_not_echo_a_password(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, '[[accounts]]\nname="a"\nhost="h"\nusername="u"\npassword=123456789\n'))
    assert "123456789" not in str(info.value) and "accounts[0].password: a secret is a integer" in str(info.value)


def test_duplicate_names_and_rules_validation(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, """
[[accounts]]
name = "x"
host = "a.example"
username = "u"
password_env = "P"
[[accounts]]
name = "x"
host = "b.example"
username = "u"
password_env = "P"
"""))
    assert any(p.startswith("accounts[1].name: 'x' is used twice") for p in info.value.problems)


def test_rules_errors_come_from_rule_settings(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, '[rules]\nno_such_threshold = "3d"\n'))
    assert any(p.startswith("rules") and "no_such_threshold" in p for p in info.value.problems)


def test_durations_and_sizes():
    assert parse_duration("30s") == timedelta(seconds=30)
    assert parse_duration("5m") == timedelta(minutes=5)
    assert parse_duration("2h") == timedelta(hours=2)
    assert parse_duration("365d") == timedelta(days=365)
    assert parse_duration("2w") == timedelta(weeks=2)
    assert parse_duration(90) == timedelta(seconds=90)
    for bad in ("", "5", "5x", "0s", "-1m", True, None, [1]):
        with pytest.raises(ValueError):
            parse_duration(bad)
    assert parse_size("2MB") == 2 * 1024**2 and parse_size("500kb") == 500 * 1024 and parse_size(100_000) == 100_000
    for bad in ("1kb", "2 parsecs", 10):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_example_config_is_valid_and_documents_every_key(tmp_path):
    from daemon.config import ACCOUNT_KEYS, TOP_KEYS

    text = EXAMPLE.read_text()
    # Loaded as a user's copy (0600): the checkout's own mode follows the umask of whoever cloned it,
    # and a group-writable config is rightly refused.
    copy = tmp_path / "config.toml"
    copy.write_text(text)
    copy.chmod(0o600)
    cfg = load_config(copy)
    assert len(cfg.accounts) >= 1
    for key in ACCOUNT_KEYS + TOP_KEYS + ("url", "poll_interval", "idle", "rules_interval"):
        assert f"{key} =" in text or f"[{key}]" in text or f"[[{key}]]" in text, key


@pytest.mark.parametrize("mode", [0o666, 0o620, 0o602])
def test_config_writable_by_others_is_refused(tmp_path, mode: int) -> None:
    from daemon.config import ConfigError, load_config

    path = tmp_path / "config.toml"
    path.write_text('[[accounts]]\nhost = "h"\nusername = "u"\npassword_command = ["true"]\n')
    path.chmod(mode)
    with pytest.raises(ConfigError, match=r"writable by .* fix: chmod 600 "):
        load_config(path)
    path.chmod(0o644)  # readable with a password-less config: fine
    assert load_config(path).accounts[0].host == "h"


def test_empty_trusted_authserv_ids_is_an_error_with_the_fix() -> None:
    from daemon.config import ConfigError, config_from_mapping

    with pytest.raises(ConfigError, match=r"trusted_authserv_ids: is empty.*fix: remove the key"):
        config_from_mapping({"accounts": [{"host": "h", "username": "u", "password": "p",
                                           "trusted_authserv_ids": []}]})


def test_sync_timeout() -> None:
    from daemon.config import ConfigError, config_from_mapping

    account = {"host": "h", "username": "u", "password": "p"}
    assert config_from_mapping({"accounts": [account]}).accounts[0].sync_timeout == 300
    assert config_from_mapping({"accounts": [dict(account, sync_timeout="90s")]}).accounts[0].sync_timeout == 90
    with pytest.raises(ConfigError, match="sync_timeout: is shorter than timeout"):
        config_from_mapping({"accounts": [dict(account, sync_timeout="10s", timeout="30s")]})


def test_auto_lang_follows_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    from daemon.config import effective_lang

    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    for locale, lang in (("de_DE.UTF-8", "de"), ("fr_CA.UTF-8", "fr"), ("it_IT", "it"), ("es_MX.UTF-8", "es"),
                         ("ja_JP.UTF-8", "ja"), ("pt_BR.UTF-8", "en"), ("C", "en")):
        monkeypatch.setenv("LANG", locale)
        assert effective_lang("auto") == lang
    assert effective_lang("de") == "de"
