"""The configuration file (TOML): accounts, store, schedule, rules, notify, lang.

``load_config(path)`` reads and validates it; every problem found is collected into one
``ConfigError`` whose lines read "key: problem — fix: …". Warnings (a readable file holding a
password, ``tls_verify = false``) are logged and kept in ``Config.warnings``. See
``config.example.toml`` for every key.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from daemon.service.secrets import Secret
from store.domain import durations
from store.domain.checker import Checker
from store.domain.errors import UserError
from store.domain.langs import LANGS as ALERT_LANGS
from store.domain.langs import locale_lang
from store.domain.messages import Msg, localize, os_reason, word

log = logging.getLogger(__name__)

DEFAULT_PORTS = {"tls": 993, "starttls": 143, "plain": 143}
SECURITIES = tuple(DEFAULT_PORTS)
AUTHS = ("password", "xoauth2")
LANGS = ("auto", *ALERT_LANGS)
DEFAULT_MAX_MESSAGE_SIZE = 2 * 1024 * 1024
_SIZE_UNITS = {"": 1, "b": 1, "kb": 1024, "k": 1024, "mb": 1024**2, "m": 1024**2, "gb": 1024**3, "g": 1024**3}


class ConfigError(UserError):
    """Every problem of a config file, one "key: problem — fix: …" per line (each line has its fix)."""

    exit_code = 2

    def __init__(self, problems: list[str], path: Path | None = None, *, lang: str | None = None) -> None:
        self.problems = list(problems)
        self.path = path
        self.lang = lang  # the file's own `lang`, when it could be read
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        where = f"{self.path}: " if self.path else ""
        lines = [str(localize(p, lang)) for p in self.problems]
        if len(lines) == 1:
            return f"{where}{lines[0]}"
        return f"{where}{word('config problems', lang, n=len(lines))}\n" + "\n".join(f"  {line}" for line in lines)


@dataclass(frozen=True)
class Account:
    """One mailbox. ``password`` is a Secret (never shown); see ``daemon.service.secrets.account_secret``."""

    name: str
    host: str
    username: str
    port: int = 993
    security: str = "tls"
    auth: str = "password"
    password: Secret | None = None
    password_command: tuple[str, ...] | None = None
    password_env: str | None = None
    oauth2_token_command: tuple[str, ...] | None = None
    ca_file: Path | None = None
    tls_verify: bool = True
    allow_insecure: bool = False
    folders: tuple[str, ...] = ("INBOX",)
    spam: bool = True  # also sync the junk folder found on the server
    junk_folder: str | None = None  # name it when the server neither flags nor names it recognisably
    since: timedelta = timedelta(days=365)
    trusted_forwarders: tuple[str, ...] = ()
    trusted_authserv_ids: tuple[str, ...] | None = None
    strict_authentication: bool = False
    max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE
    timeout: float = 60.0  # per network read
    sync_timeout: float = 300.0  # a whole sync of the account, however the server dribbles


@dataclass(frozen=True)
class Schedule:
    poll_interval: timedelta = timedelta(minutes=5)
    idle: bool = True
    rules_interval: timedelta = timedelta(minutes=10)


@dataclass(frozen=True)
class Config:
    accounts: tuple[Account, ...] = ()
    store_url: str | None = None
    schedule: Schedule = field(default_factory=Schedule)
    rules: dict[str, Any] = field(default_factory=dict)
    notify: dict[str, Any] = field(default_factory=dict)
    lang: str = "auto"
    timezone: str | None = None  # IANA name; None: the system's zone
    path: Path | None = None
    warnings: tuple[str, ...] = ()

    def account(self, name: str) -> Account | None:
        return next((a for a in self.accounts if a.name == name), None)


def default_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("orders")) / "config.toml"


def parse_duration(value: Any) -> timedelta:
    """ "30s", "5m", "2h", "365d", "2w" (or a number of seconds) → timedelta; ValueError otherwise."""
    return durations.parse_duration(value, text_needs_unit=True)


def parse_size(value: Any) -> int:
    """2097152, "2MB", "500kb" → bytes."""
    if isinstance(value, bool):
        raise ValueError(Msg("not a size"))
    if isinstance(value, int):
        size = value
    elif isinstance(value, str):
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", value.lower())
        if not m or m.group(2) not in _SIZE_UNITS:
            raise ValueError(Msg("not a size"))
        size = int(float(m.group(1)) * _SIZE_UNITS[m.group(2)])
    else:
        raise ValueError(Msg("not a size"))
    if size < 64 * 1024:
        raise ValueError(Msg("at least 64kb"))
    return size


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


ACCOUNT_KEYS = ("name", "host", "port", "security", "allow_insecure", "username", "auth", "password",
                "password_command", "password_env", "oauth2_token_command", "ca_file", "tls_verify",
                "folders", "spam", "junk_folder", "since", "trusted_forwarders", "trusted_authserv_ids",
                "strict_authentication", "max_message_size", "timeout", "sync_timeout")
TOP_KEYS = ("accounts", "store", "schedule", "rules", "notify", "lang", "timezone")


def _account(raw: Any, i: int, problems: list[str], warnings: list[str], path: Path | None,
             file_readable_by_others: bool) -> Account | None:
    prefix = f"accounts[{i}]."
    if not isinstance(raw, dict):
        problems.append(Msg("config problem", key=f"accounts[{i}]", what=Msg("not a table"), fix=Msg("accounts table")))
        return None
    c = Checker(raw, prefix, problems, ACCOUNT_KEYS)
    before = len(problems)
    host = c.text("host", fix=Msg("set it", example='host = "imap.example.com"'))
    if "host" not in raw:
        c.problem("host", Msg("missing"), Msg("set it", example='host = "imap.example.com"'))
    username = c.text("username", fix=Msg("set it", example='username = "you@example.com"'))
    if "username" not in raw:
        c.problem("username", Msg("missing"), Msg("set it", example='username = "you@example.com"'))
    name = c.text("name", default=f"{username}@{host}" if username and host else f"account{i + 1}",
                  fix=Msg("set it", example='name = "main"'))
    security = c.text("security", "tls")
    if security not in SECURITIES:
        c.problem("security", Msg("not one of", value=security, values=", ".join(SECURITIES)), Msg("security fix"))
        security = "tls"
    port = c.get("port", int, DEFAULT_PORTS[security], Msg("give number", example="993"))
    if not 1 <= port <= 65535:
        c.problem("port", Msg("port range"), Msg("port fix", port=DEFAULT_PORTS[security], security=security))
    allow_insecure = c.boolean("allow_insecure", False)
    if security == "plain" and host and not is_loopback(host) and not allow_insecure:
        c.problem("security", Msg("plain insecure", host=host), Msg("plain insecure fix"))
    auth = c.text("auth", "password")
    if auth not in AUTHS:
        c.problem("auth", Msg("not one of", value=auth, values=", ".join(AUTHS)), Msg("use values", values='"password", "xoauth2"'))
        auth = "password"
    password = c.get("password", str, None, Msg("password string"))
    password_command = _argv(c, "password_command")
    password_env = c.text("password_env", fix=Msg("set it", example='password_env = "ORDERS_PW"'))
    token_command = _argv(c, "oauth2_token_command")
    sources = [k for k in ("password", "password_command", "password_env") if raw.get(k) not in (None, "")]
    if auth == "password":
        if "oauth2_token_command" in raw:
            c.problem("oauth2_token_command", Msg("only xoauth2"), Msg("only xoauth2 fix"))
        if not sources:
            c.problem("password", Msg("no password given"), Msg("set a password source"))
        elif len(sources) > 1:
            c.problem(sources[1], Msg("all set", keys=" and ".join(sources), keys_ja="・".join(sources)), Msg("keep one"))
    else:
        if not token_command:
            c.problem("oauth2_token_command", Msg("missing xoauth2"), Msg("token command fix"))
        for k in sources:
            c.problem(k, Msg("not with xoauth2"), Msg("remove key", key=k))
    if password and file_readable_by_others:
        warnings.append(f"{path}: holds a password and is readable by other users — fix: chmod 600 {path}")
    ca_file = c.text("ca_file", fix=Msg("set it", example='ca_file = "~/certs/my-ca.pem"'))
    ca_path = None
    if ca_file:
        ca_path = Path(ca_file).expanduser()
        if not ca_path.is_absolute() and path is not None:
            ca_path = path.parent / ca_path
        if not ca_path.is_file():
            c.problem("ca_file", Msg("no such file", path=ca_path), Msg("ca fix"))
    tls_verify = c.boolean("tls_verify", True)
    if not tls_verify:
        if security == "plain":
            c.problem("tls_verify", Msg("no effect plain"), Msg("remove it"))
        else:
            warnings.append(f"{prefix}tls_verify: false — the server's certificate is NOT checked, anyone on the "
                            f"network path can read your mail password — fix: set ca_file to the server's CA "
                            f"and remove tls_verify = false")
    folders = c.strings("folders", ("INBOX",))
    if "folders" in raw and folders == ():
        c.problem("folders", Msg("is empty"), Msg("list a folder"))
        folders = ("INBOX",)
    spam = c.boolean("spam", True)
    junk_folder = c.text("junk_folder", fix=Msg("set it", example='junk_folder = "Spam"'))
    since = c.converted("since", parse_duration, timedelta(days=365), Msg("write eg", example='"365d", "90d", "2w"'))
    forwarders = c.strings("trusted_forwarders", ())
    authserv = c.strings("trusted_authserv_ids", None)
    if authserv == ():
        c.problem("trusted_authserv_ids", Msg("authserv empty"), Msg("authserv empty fix"))
        authserv = None
    strict = c.boolean("strict_authentication", False)
    max_size = c.converted("max_message_size", parse_size, DEFAULT_MAX_MESSAGE_SIZE, Msg("write eg", example='"2MB"'))
    timeout = c.converted("timeout", parse_duration, timedelta(seconds=60), Msg("write eg", example='"60s"')).total_seconds()
    sync_timeout = c.converted("sync_timeout", parse_duration, timedelta(minutes=5),
                               Msg("write eg", example='"5m"')).total_seconds()
    if sync_timeout < timeout and "sync_timeout" in raw:
        c.problem("sync_timeout", Msg("shorter than timeout", seconds=timeout), Msg("sync timeout long"))
    if len(problems) > before:
        return None
    return Account(
        name=name, host=host, username=username, port=port, security=security, auth=auth,
        password=Secret(password) if password else None, password_command=password_command,
        password_env=password_env, oauth2_token_command=token_command, ca_file=ca_path, tls_verify=tls_verify,
        allow_insecure=allow_insecure, folders=folders, spam=spam, junk_folder=junk_folder, since=since,
        trusted_forwarders=tuple(f.strip().lower() for f in forwarders), trusted_authserv_ids=authserv,
        strict_authentication=strict, max_message_size=max_size, timeout=timeout, sync_timeout=sync_timeout)


def _argv(c: Checker, name: str) -> tuple[str, ...] | None:
    if isinstance(c.table.get(name), str):
        c.problem(name, Msg("argv string"), Msg("argv fix", key=name))
        return None
    value = c.strings(name, None, Msg("argv fix", key=name))
    if value == ():
        c.problem(name, Msg("is empty"), Msg("argv empty fix"))
        return None
    return value


def _check_rules(rules: dict[str, Any], problems: list[str]) -> None:
    """``[rules]`` is validated by the rules themselves, so key names and fixes live in one place."""
    from store.domain.rule_settings import RuleSettings, RuleSettingsError

    try:
        RuleSettings.from_mapping(rules)
    except RuleSettingsError as exc:
        problems.extend(exc.problems)


def _check_notify(notify: dict[str, Any], problems: list[str]) -> None:
    """``[notify]`` is checked by the notification settings themselves, like ``[rules]``."""
    from daemon.service.notify.settings import validate_notify

    problems.extend(validate_notify(notify))


def load_config(path: Path | str | None = None) -> Config:
    """Read and validate the config; ``None`` → the default path, where a missing file means no accounts."""
    explicit = path is not None
    path = Path(path).expanduser() if explicit else default_config_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if not explicit:
            return Config(path=path)
        raise ConfigError([Msg("what fix", what=Msg("config not found", path=path), fix=Msg("config not found fix"))]) \
            from None
    except (IsADirectoryError, PermissionError) as exc:
        raise ConfigError([Msg("what fix", what=Msg("os error", path=path, why=os_reason(exc)),
                               fix=Msg("give readable"))]) from None
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError([Msg("what fix", what=Msg("not utf8"), fix=Msg("save utf8"))], path) from None
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        what = (Msg("bad toml at", detail=str(exc)[:at.start()].rstrip(), line=at[1], column=at[2]) if at
                else Msg("bad toml", detail=str(exc)))
        raise ConfigError([Msg("what fix", what=what, fix=Msg("fix toml"))], path) from None
    try:
        mode = path.stat().st_mode
        readable_by_others = bool(mode & (stat.S_IRGRP | stat.S_IROTH))
    except OSError:
        mode, readable_by_others = 0, False
    if mode & (stat.S_IWGRP | stat.S_IWOTH):
        # Like ssh: whoever can write the config runs password_command / notify.command as you.
        raise ConfigError([Msg("what fix", what=Msg("config writable others" if mode & stat.S_IWOTH else
                                                    "config writable group", path=path, mode=f"{stat.S_IMODE(mode):o}"),
                               fix=f"chmod 600 {path}")])
    return config_from_mapping(doc, path=path, readable_by_others=readable_by_others)


def config_from_mapping(doc: Mapping[str, Any], *, path: Path | None = None,
                        readable_by_others: bool = False) -> Config:
    problems: list[str] = []
    warnings: list[str] = []
    top = Checker(doc, "", problems, TOP_KEYS)
    accounts: list[Account] = []
    raw_accounts = top.get("accounts", list, [], "write each account as an [[accounts]] table")
    for i, raw in enumerate(raw_accounts):
        account = _account(raw, i, problems, warnings, path, readable_by_others)
        if account is not None:
            accounts.append(account)
    seen: set[str] = set()
    for i, a in enumerate(accounts):
        if a.name in seen:
            problems.append(Msg("config problem", key=f"accounts[{i}].name", what=Msg("used twice", name=a.name),
                                fix=Msg("own name")))
        seen.add(a.name)

    store = top.get("store", dict, {}, Msg("write table", table="[store]"))
    sc = Checker(store, "store.", problems, ("url",))
    store_url = sc.text("url", fix=Msg("set it", example='url = "sqlite:////home/you/orders.db"'))

    sched = top.get("schedule", dict, {}, Msg("write table", table="[schedule]"))
    sk = Checker(sched, "schedule.", problems, ("poll_interval", "idle", "rules_interval"))
    schedule = Schedule(
        poll_interval=sk.converted("poll_interval", parse_duration, Schedule.poll_interval, Msg("write eg", example='"5m"')),
        idle=sk.boolean("idle", True),
        rules_interval=sk.converted("rules_interval", parse_duration, Schedule.rules_interval, Msg("write eg", example='"10m"')),
    )
    rules = dict(top.get("rules", dict, {}, Msg("write table", table="[rules]")))
    _check_rules(rules, problems)
    notify = dict(top.get("notify", dict, {}, Msg("write table", table="[notify]")))
    _check_notify(notify, problems)
    lang = top.text("lang", "auto")
    if lang not in LANGS:
        top.problem("lang", Msg("not one of", value=lang, values=", ".join(LANGS)),
                    Msg("use values", values='"ja", "en", "de", "fr", "it", "es", "auto"'))
        lang = "auto"
    timezone = top.text("timezone", fix=Msg("set it", example='timezone = "Asia/Tokyo"'))
    if timezone:
        try:
            zone_info(timezone)
        except ValueError:
            top.problem("timezone", Msg("bad zone", zone=timezone), Msg("bad zone fix"))
            timezone = None
    if problems:
        # Said in the language the file asks for, when that much of it is right.
        raise ConfigError(problems, path, lang=lang if lang != "auto" else None)
    for w in warnings:
        log.warning("%s", w)
    return Config(accounts=tuple(accounts), store_url=store_url, schedule=schedule, rules=rules, notify=notify,
                  lang=lang, timezone=timezone, path=path, warnings=tuple(warnings))


def zone_info(name: str | None) -> tzinfo:
    """The zone every time is shown in: ``name`` (IANA), or the system's; ValueError for an unknown name."""
    if not name:
        return datetime.now().astimezone().tzinfo or UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {name!r}") from None


def effective_lang(configured: str | None) -> str:
    """The configured language, or for "auto" the locale's (LC_ALL, LC_MESSAGES, LANG): one of ja, en, de,
    fr, it, es; English for any other locale."""
    if configured in ALERT_LANGS:
        return configured
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return locale_lang(value)
    return "en"
