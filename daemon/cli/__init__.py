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
}


def _add_globals(p: argparse.ArgumentParser, *, top: bool) -> None:
    # On subcommands the defaults are SUPPRESS so a value given before the command name survives.
    d = {} if top else {"default": argparse.SUPPRESS}
    p.add_argument("--config", metavar="PATH", help="config file (default: the XDG config dir)",
                   **({"default": None} if top else d))
    p.add_argument("--now", metavar="ISO-8601",
                   help="evaluate as of this time: only events up to then count",
                   **({"default": None} if top else d))
    p.add_argument("--lang", choices=LANGS, help="language of alerts and drafts (default: locale)",
                   **({"default": None} if top else d))
    p.add_argument("-v", "--verbose", action="count", help="more logging; tracebacks on errors",
                   **({"default": 0} if top else d))
    p.add_argument("--json", action="store_true", help="machine-readable output",
                   **({"default": False} if top else d))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="orders",
        description="Watch your mailbox (inbox and spam) for Amazon order mail and say when an order goes wrong.",
    )
    parser.add_argument("--version", action="version", version=f"orders {VERSION}")
    _add_globals(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        _add_globals(p, top=False)
        return p

    p = add("parse", "parse mail files and print the events they carry (no store)")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".eml files, directories, mbox files, Maildirs")
    p.add_argument("--trust-forwarder", action="append", default=[], metavar="ADDR",
                   help="believe Amazon mail forwarded by this address (repeatable)")
    p.add_argument("--write-expected", action="store_true",
                   help="write X.eml.events.json beside each .eml (golden fixtures)")
    p.add_argument("--force", action="store_true", help="with --write-expected: overwrite existing files")
    p.add_argument("--strict", action="store_true",
                   help="parse with strict authentication (as strict_authentication = true does for an account)")

    p = add("import", "import local mail (.eml, directories, mbox, Maildir) into the store")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--trust-forwarder", action="append", default=[], metavar="ADDR")
    p.add_argument("--account", metavar="NAME",
                   help="judge the mail with this account's trust settings (default: the config's only "
                        "account, or the strictest settings of all)")

    add("reparse", "re-derive every stored mail's events with the current parsers")
    add("unrecognized", "list Amazon mail that no parser understood (to report it)")

    p = add("status", "open orders, their state and active alerts")
    p.add_argument("--all", action="store_true", help="every order, not only open ones")

    p = add("show", "one order's timeline with the source of every event")
    p.add_argument("order", metavar="ORDER")

    p = add("alerts", "active alerts with the action to take")
    p.add_argument("--all", action="store_true", help="include acknowledged alerts")

    p = add("ack", "acknowledge an order's alerts (they stay visible in `show` but stop nagging)")
    p.add_argument("order", metavar="ORDER")
    p.add_argument("kind", nargs="?", metavar="KIND", help="only this alert kind")

    p = add("draft", "the message to send the seller or customer service, filled in")
    p.add_argument("order", metavar="ORDER")
    p.add_argument("--to", choices=("seller", "support"), default="seller")
    p.add_argument("--reason", help="the reason to state (default: a generic one)")

    p = add("evidence", "a zip with the order's timeline and original mails, for a claim")
    p.add_argument("order", metavar="ORDER")
    p.add_argument("--out", required=True, metavar="FILE.zip")

    p = add("demo", "import the bundled sample mail into a temporary store and show the alerts")
    p.add_argument("--market", metavar="DOMAIN", help="one marketplace's story only, e.g. amazon.de (its own moment)")

    add("poll", "one sync of every account and folder, then rules and alerts; exits")
    add("watch", "the daemon: IDLE + scheduled polls + rules (systemd runs this)")
    add("doctor", "check the config, each account's connection and folders, and notifications")
    p = add("notify", "send notifications")
    p.add_argument("--test", action="store_true", required=True,
                   help="send a test notification through every configured channel")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
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
