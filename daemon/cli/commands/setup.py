"""`orders init` (write a first config from an e-mail address) and `orders config example`.

init recognises the provider from the address (``daemon/providers.toml``), asks only what it cannot
know (skipped with ``--yes``), stores the secret where the user chooses — the desktop keyring, a
password command, or an environment variable; never in the file — and writes the config 0600.
"""

from __future__ import annotations

import dataclasses
import getpass
import sys
from dataclasses import dataclass
from pathlib import Path

from daemon.cli.commands.base import CliError, Context
from daemon.cli.providers import Provider, domain_of, for_address, self_hosted
from daemon.config import DEFAULT_PORTS
from daemon.private_files import write_private
from store.domain.messages import Msg, word

KEYRING_SERVICE = "orders"
SECRET_STORES = ("keyring", "command", "env")

def _t(key: str, lang: str, **kw: object) -> str:
    return word(f"init {key}", lang, **kw)


def _secret_word(kind: str, lang: str) -> str:
    return word(f"secret {kind}", lang)



def _toml_str(value: str) -> str:
    """A TOML basic string (escapes quotes, backslashes and controls)."""
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    out = "".join(c if c >= " " and c != "\x7f" else f"\\u{ord(c):04x}" for c in out)
    return f'"{out}"'


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(_toml_str(v) for v in values) + "]"


@dataclass
class Plan:
    """Everything init decided, before anything is written."""

    email: str
    provider: Provider
    username: str
    store: str  # keyring | command | env
    command: list[str] | None = None
    env_var: str | None = None
    secret_value: str | None = None  # only to put into the keyring; never written to the file


def _account_name(email: str) -> str:
    return email.split("@", 1)[0].lower() or "mail"


def keyring_command(email: str) -> list[str]:
    """The password command reading the keyring entry init made (the keyring CLI of this Python)."""
    return [sys.executable, "-m", "keyring", "get", KEYRING_SERVICE, email]


def render_config(plan: Plan, lang: str, configured_lang: str = "auto") -> str:
    p = plan.provider
    lines = [
        f"# orders configuration, written by `orders init` for {plan.email} ({p.name}).",
        "# Every key is explained in `orders config example`.",
        "",
        f"lang = {_toml_str(configured_lang)}",
        "",
        "[[accounts]]",
        f"name = {_toml_str(_account_name(plan.email))}",
        f"host = {_toml_str(p.host or '')}",
        f"port = {p.port}",
        f"security = {_toml_str(p.security)}",
        f"username = {_toml_str(plan.username)}",
    ]
    if p.help_url:
        lines.insert(5, f"# Provider's help: {p.help_url}")
    if p.oauth2:
        lines += ['auth = "xoauth2"',
                  f"oauth2_token_command = {_toml_list(['oama', 'access', plan.email])}"]
    elif plan.store == "env":
        lines.append(f"password_env = {_toml_str(plan.env_var or '')}")
    else:
        lines.append(f"password_command = {_toml_list(plan.command or [])}")
    if p.id == "proton":
        lines.append('# ca_file = "~/.config/orders/proton-bridge.pem"   # export it from Bridge settings')
    junk = p.junk_folder(lang)
    if junk:
        others = [n for n in p.junk_names() if n != junk]
        also = f" (other languages: {', '.join(others)})" if others else ""
        lines += ["# The junk folder is found by the server's \\Junk flag or its name; name it here only if",
                  f"# `orders doctor` finds none. Its name in your language{also}:",
                  f"# junk_folder = {_toml_str(junk)}"]
    lines += ["", "[notify]", "desktop = true", 'remind_every = "24h"', ""]
    return "\n".join(lines)


class Asker:
    """Questions on the terminal; with --yes (or stdin closed) every answer is the default."""

    def __init__(self, interactive: bool) -> None:
        self.interactive = interactive

    def ask(self, prompt: str, default: str = "") -> str:
        if not self.interactive:
            return default
        try:
            answer = input(prompt).strip()
        except EOFError:
            self.interactive = False
            return default
        return answer or default

    def secret(self, prompt: str) -> str:
        if not self.interactive or not sys.stdin.isatty():
            return ""
        try:
            return getpass.getpass(prompt)
        except EOFError:
            return ""


def _stdin_open() -> bool:
    try:
        return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


def plan_init(args: object, lang: str, asker: Asker) -> Plan:
    email = getattr(args, "email", None) or asker.ask(_t("ask_email", lang))
    if not email:
        raise CliError(Msg("init no email"), Msg("init no email fix"), exit_code=2)
    try:
        domain = domain_of(email)
    except ValueError as exc:
        raise CliError(Msg("init bad email", detail=str(exc)), Msg("init bad email fix"), exit_code=2) from None
    provider = for_address(email)
    host = getattr(args, "host", None)
    if host or provider is None:
        if provider is None:
            print(_t("unknown", lang, domain=domain))
        host = host or asker.ask(_t("ask_host", lang))
        if not host:
            raise CliError(Msg("init unknown provider", domain=domain), Msg("init unknown provider fix", domain=domain),
                           exit_code=2)
        provider = self_hosted(host)
    if not provider.imap:
        raise CliError(_t("no_imap", lang, name=provider.name),
                       provider.note(lang) + (f" ({provider.help_url})" if provider.help_url else ""), exit_code=2)
    security, port = getattr(args, "security", None), getattr(args, "port", None)
    if security and not port and security != provider.security:
        port = DEFAULT_PORTS[security]  # --security starttls alone means port 143
    if security or port:
        provider = dataclasses.replace(provider, security=security or provider.security, port=port or provider.port)
    print(_t("provider", lang, name=provider.name))
    if provider.note(lang):
        print(f"  {provider.note(lang)}")
    username = getattr(args, "username", None) or email
    if provider.username == "ask" and not getattr(args, "username", None):
        username = asker.ask(_t("ask_user", lang, default=email), email)
    store = getattr(args, "secret_store", None)
    if store is None and not provider.oauth2:
        store = {"1": "keyring", "2": "command", "3": "env"}.get(asker.ask(_t("ask_store", lang), "1"), "keyring")
    plan = Plan(email=email, provider=provider, username=username, store=store or "keyring")
    what = _secret_word(provider.secret, lang)
    if provider.oauth2:
        plan.store = "oauth2"
    elif plan.store == "keyring":
        plan.command = keyring_command(email)
        plan.secret_value = asker.secret(_t("ask_secret", lang, what=what)) or None
    elif plan.store == "command":
        default = ["pass", "show", f"mail/{email}"]
        answer = asker.ask(_t("ask_command", lang, default=" ".join(default)))
        plan.command = answer.split() if answer else default
    else:
        plan.env_var = "ORDERS_PASSWORD_" + "".join(c if c.isalnum() else "_" for c in _account_name(email)).upper()
    return plan


def cmd_init(ctx: Context) -> int:
    from daemon.config import default_config_path, effective_lang, load_config

    args = ctx.args
    lang = effective_lang(getattr(args, "lang", None))
    path = Path(args.config).expanduser() if getattr(args, "config", None) else default_config_path()
    if path.exists() and not args.force:
        raise CliError(_t("exists", lang, path=path), _t("exists_fix", lang))
    asker = Asker(interactive=not args.yes and _stdin_open())
    plan = plan_init(args, lang, asker)
    what = _secret_word(plan.provider.secret, lang)
    if plan.secret_value:
        import keyring  # noqa: PLC0415 - only when the user chose the keyring and typed the secret

        try:
            keyring.set_password(KEYRING_SERVICE, plan.email, plan.secret_value)
        except Exception as exc:  # noqa: BLE001 - no keyring backend (headless): say so, carry on
            raise CliError(Msg("init keyring refused", name=type(exc).__name__), Msg("init keyring refused fix")) \
                from None
        print(_t("stored", lang, user=plan.email))
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_private(path, render_config(plan, lang, getattr(args, "lang", None) or "auto"), replace=args.force)
    print(_t("written", lang, path=path))
    load_config(path)  # what doctor checks first: the syntax and every key
    print(_t("check_ok", lang))
    if plan.store == "oauth2":
        print(_t("todo_oauth", lang, cmd=f"oama authorize microsoft {plan.email}",
                 url=plan.provider.secret_url or ""))
    elif plan.store == "keyring" and not plan.secret_value:
        print(_t("todo_keyring", lang, what=what, cmd=f"{sys.executable} -m keyring set {KEYRING_SERVICE} "
                                                     f"{plan.email}"))
    elif plan.store == "env":
        print(_t("todo_env", lang, var=plan.env_var, what=what))
    elif plan.store == "command":
        print(_t("todo_command", lang, cmd=" ".join(plan.command or []), what=what))
    if plan.provider.secret_url and plan.store != "oauth2":
        print(_t("get_it", lang, url=plan.provider.secret_url))
    if plan.provider.help_url:
        print(_t("help", lang, url=plan.provider.help_url))
    from daemon.cli.doctor import run_doctor  # noqa: PLC0415

    # The connection is checked when the secret is in place; otherwise the rest (config, store, notifications).
    connect = bool(plan.secret_value) or plan.store == "command" and not args.yes
    ctx.set_config_path(str(path))
    status = run_doctor(ctx, connect=connect)
    if not connect:
        print(_t("doctor_later", lang))
    print(_t("next", lang, unit=shipped_file("systemd/orders.service")))
    return status


def shipped_file(relative: str) -> Path:
    """A file shipped beside the package: the checkout's (editable install), else the copy a wheel puts
    under share/orderwatch/."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[3] / relative, Path(sys.prefix) / "share" / "orderwatch" / relative):
        if candidate.is_file():
            return candidate
    raise CliError(Msg("missing file", path=relative), Msg("reinstall"))


def example_text() -> str:
    return shipped_file("config.example.toml").read_text(encoding="utf-8")


def cmd_config(ctx: Context) -> int:
    sys.stdout.write(example_text())
    return 0
