"""The `orders` command line: argument parsing and dispatch.

Start-up stays light: command modules (and SQLAlchemy, imapclient, bs4, rich behind them) are
imported only when a command runs, so `orders --version` costs almost nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from store.domain.langs import LANGS

VERSION = "0.1.0"

# (module, function) per command, imported on use.
COMMANDS: dict[str, tuple[str, str]] = {
    "parse": ("daemon.cli.commands.mail", "cmd_parse"),
    "import": ("daemon.cli.commands.mail", "cmd_import"),
    "reparse": ("daemon.cli.commands.mail", "cmd_reparse"),
    "unrecognized": ("daemon.cli.commands.mail", "cmd_unrecognized"),
    "status": ("daemon.cli.commands.orders", "cmd_status"),
    "show": ("daemon.cli.commands.orders", "cmd_show"),
    "alerts": ("daemon.cli.commands.orders", "cmd_alerts"),
    "ack": ("daemon.cli.commands.orders", "cmd_ack"),
    "draft": ("daemon.cli.commands.claims", "cmd_draft"),
    "evidence": ("daemon.cli.commands.claims", "cmd_evidence"),
    "demo": ("daemon.cli.commands.demo", "cmd_demo"),
    "poll": ("daemon.cli.commands.service", "cmd_poll"),
    "watch": ("daemon.cli.commands.service", "cmd_watch"),
    "doctor": ("daemon.cli.commands.service", "cmd_doctor"),
    "notify": ("daemon.cli.commands.service", "cmd_notify"),
    "init": ("daemon.cli.commands.setup", "cmd_init"),
    "config": ("daemon.cli.commands.setup", "cmd_config"),
}


ALL_GLOBALS = ("now", "lang", "json", "wide")


def _add_globals(p: argparse.ArgumentParser, *, top: bool, only: tuple[str, ...] = ALL_GLOBALS) -> None:
    """--config and -v everywhere; --now/--lang/--json/--wide only on the commands that use them."""
    # On subcommands the defaults are SUPPRESS so a value given before the command name survives.
    d = {} if top else {"default": argparse.SUPPRESS}
    p.add_argument("--config", metavar="PATH", help="config file (default: the XDG config dir)",
                   **({"default": None} if top else d))
    if "now" in only:
        p.add_argument("--now", metavar="ISO-8601",
                       help="evaluate as of this time: only events up to then count",
                       **({"default": None} if top else d))
    if "lang" in only:
        p.add_argument("--lang", choices=LANGS, help="language of the output (default: config, then locale)",
                       **({"default": None} if top else d))
    p.add_argument("-v", "--verbose", action="count", help="more logging; tracebacks on errors",
                   **({"default": 0} if top else d))
    if "json" in only:
        p.add_argument("--json", action="store_true", help="machine-readable output",
                       **({"default": False} if top else d))
    if "wide" in only:
        p.add_argument("--wide", action="store_true",
                       help="tables in full: no column dropped or cut, whatever the terminal width",
                       **({"default": False} if top else d))


ORDER_HELP = "the order number, e.g. 250-1234567-1234567 (full-width digits and dashes are fine)"


def build_parser() -> argparse.ArgumentParser:
    from daemon.cli.usage import Parser

    parser = Parser(
        prog="orders",
        description="Watch your mailbox (inbox and spam) for Amazon order mail and say when an order goes wrong.",
    )
    parser.add_argument("--version", action="version", version=f"orders {VERSION}")
    _add_globals(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_: str, flags: tuple[str, ...] = ALL_GLOBALS) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        _add_globals(p, top=False, only=flags)
        return p

    p = add("parse", "parse mail files and print the events they carry (no store)", ("json", "wide"))
    p.add_argument("paths", nargs="+", metavar="PATH", help=".eml files, directories, mbox files, Maildirs")
    p.add_argument("--trust-forwarder", action="append", default=[], metavar="ADDR",
                   help="believe Amazon mail forwarded by this address (repeatable)")
    p.add_argument("--write-expected", action="store_true",
                   help="write X.eml.events.json beside each .eml (golden fixtures)")
    p.add_argument("--force", action="store_true", help="with --write-expected: overwrite existing files")
    p.add_argument("--strict", action="store_true",
                   help="parse with strict authentication (as strict_authentication = true does for an account)")

    p = add("import", "import local mail (.eml, directories, mbox, Maildir) into the store", ("now", "lang", "json"))
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help=".eml files, directories of them, mbox files, Maildirs (a spam/junk directory counts "
                        "as the junk folder)")
    p.add_argument("--trust-forwarder", action="append", default=[], metavar="ADDR",
                   help="believe Amazon mail forwarded by this address (repeatable)")
    p.add_argument("--account", metavar="NAME",
                   help="judge the mail with this account's trust settings (default: the config's only "
                        "account, or the strictest settings of all)")

    add("reparse", "re-derive every stored mail's events with the current parsers", ("now", "lang", "json"))
    add("unrecognized", "list Amazon mail that no parser understood (to report it)", ("lang", "json", "wide"))

    p = add("status", "open orders, their state and active alerts")
    p.add_argument("--all", action="store_true", help="every order, not only open ones")

    p = add("show", "one order's timeline with the source of every event")
    p.add_argument("order", metavar="ORDER", help=ORDER_HELP)

    p = add("alerts", "active alerts with the action to take")
    p.add_argument("--all", action="store_true", help="include acknowledged alerts")

    p = add("ack", "acknowledge an order's alerts (they stay visible in `show` but stop nagging)",
            ("now", "lang", "json"))
    p.add_argument("order", metavar="ORDER",
                   help=ORDER_HELP + "; or an alert kind alone (`orders ack phishing`) for the alerts that name "
                        "no order")
    p.add_argument("kind", nargs="?", metavar="KIND",
                   help="only this alert kind (shipped_after_cancel, seller_no_reply, cancel_unconfirmed, "
                        "refund_overdue, mail_in_spam, phishing)")

    p = add("draft", "the message to send the seller or customer service, filled in", ("now", "lang", "json"))
    p.add_argument("order", metavar="ORDER", help=ORDER_HELP)
    p.add_argument("--to", choices=("seller", "support"), default="seller",
                   help="seller: the marketplace seller (an order Amazon sold goes to its customer service); "
                        "support: Amazon customer service (default: seller)")
    p.add_argument("--reason", metavar="TEXT",
                   help="the reason to state (default: the note of your cancel request; none is invented)")

    p = add("evidence", "a zip with the order's timeline and original mails, for a claim", ("now", "lang", "json"))
    p.add_argument("order", metavar="ORDER", help=ORDER_HELP)
    p.add_argument("--out", required=True, metavar="FILE.zip",
                   help="the zip to write (created 0600: it holds your mail)")
    p.add_argument("--force", action="store_true", help="replace FILE.zip if it exists")

    p = add("demo", "import the bundled sample mail into a temporary store and show the alerts")
    p.add_argument("--market", metavar="DOMAIN", help="one marketplace's story only, e.g. amazon.de (its own moment)")

    add("poll", "one sync of every account and folder, then rules and alerts; exits. With --now T it only "
                "evaluates: the alerts as of T are counted, no notification is sent and no delivery or "
                "reminder is recorded", ("now", "lang", "json"))
    add("watch", "the daemon: IDLE + scheduled polls + rules (systemd runs this); refuses --now, "
                 "it runs on the real clock", ())
    add("doctor", "check the config, each account's connection and folders, and notifications (no "
                  "notification is shown; `orders notify --test` sends one)", ("lang", "json", "wide"))
    p = add("init", "write a first config for your e-mail address (provider recognised, secret kept safe)",
            ("lang",))
    p.add_argument("--email", metavar="ADDRESS", help="your e-mail address (asked when missing)")
    p.add_argument("--yes", "-y", action="store_true",
                   help="ask nothing: take the provider's defaults; the secret is set up to be filled in later")
    p.add_argument("--force", action="store_true", help="replace an existing config file")
    p.add_argument("--host", metavar="HOST", help="the IMAP server (for a provider orders does not know)")
    p.add_argument("--port", type=int, metavar="N", help="the IMAP port (default: the provider's, else 993)")
    p.add_argument("--security", choices=("tls", "starttls"), help="implicit TLS (993) or STARTTLS (143)")
    p.add_argument("--username", metavar="LOGIN", help="the login when it is not the address")
    p.add_argument("--secret", dest="secret_store", choices=("keyring", "command", "env"),
                   help="where the password lives: the desktop keyring (default), a password command, or "
                        "an environment variable — never the config file")
    p = add("config", "show configuration helpers", ())
    p.add_argument("what", choices=("example",), metavar="example",
                   help="`example`: print the commented example config (config.example.toml)")

    p = add("notify", "send notifications", ("lang", "json"))
    p.add_argument("--test", action="store_true", required=True,
                   help="send a test notification through every configured channel")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from daemon.cli.usage import remember_argv

    remember_argv(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    from daemon.cli.commands.base import run_command  # noqa: PLC0415 - lazy on purpose

    module, func = COMMANDS[args.command]
    return run_command(args, module, func)


if __name__ == "__main__":
    sys.exit(main())
