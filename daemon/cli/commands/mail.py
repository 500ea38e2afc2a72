"""Commands that read mail: `parse`, `import`, `reparse`, `unrecognized`."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from daemon.cli import render
from daemon.cli.commands.base import CliError, Context
from daemon.cli.commands.ui import Msg, word

if TYPE_CHECKING:
    from daemon.service.sources import LocalMail
    from parsers.events import ParseResult
    from store.repository import Store

IMPORT_BATCH = 200


def trust_settings(ctx: Context) -> tuple[tuple[str, ...], tuple[str, ...] | None, bool]:
    """(trusted forwarders, trusted authserv-ids, strict) for local mail: ``--account``'s settings,
    else the config's only account's, else the strictest of all accounts (the union of their
    authserv-ids; strict when any is). ``--trust-forwarder`` and ``--strict`` add to them."""
    args = ctx.args
    extra = tuple(a.lower() for a in getattr(args, "trust_forwarder", ()))  # `demo` has no such option
    importing = getattr(args, "command", "") == "import"  # parse and demo judge without a config
    accounts = list(ctx.config.accounts) if importing else []
    name = getattr(args, "account", None)
    if name is not None:
        chosen = [a for a in accounts if a.name == name]
        if not chosen:
            known = ", ".join(a.name for a in accounts) or Msg("none configured")
            raise CliError(Msg("no such account", name=name), Msg("use one of", keys=known),
                           exit_code=2)
        accounts = chosen
    strict = bool(getattr(args, "strict", False)) or any(a.strict_authentication for a in accounts)
    forwarders = tuple(dict.fromkeys([*extra, *(f for a in accounts if len(accounts) == 1
                                                 for f in a.trusted_forwarders)]))
    ids = _learned_ids(ctx, accounts) if accounts else None
    return forwarders, ids, strict


def _learned_ids(ctx: Context, accounts: list) -> tuple[str, ...] | None:
    """The union of the accounts' believed authserv-ids (config, else learned); None when any
    account still believes the topmost header (nothing configured or learned)."""
    from daemon.service.authserv import effective_ids

    store = ctx.store()
    union: list[str] = []
    for account in accounts:
        ids = effective_ids(account, store)
        if ids is None:
            return None
        union += ids
    return tuple(dict.fromkeys(union))


def _parsed(ctx: Context, paths: list[str]) -> Iterator[tuple[LocalMail, ParseResult, str]]:
    from daemon.service.sources import iter_local_mail
    from daemon.service.sync import judge

    forwarders, ids, strict = trust_settings(ctx)
    for mail in iter_local_mail(paths):
        result, source = judge(mail.raw, trusted_forwarders=forwarders, trusted_authserv_ids=ids, strict=strict,
                               fallback_date=mail.file_date)
        yield mail, result, source


def _event_summary(result: ParseResult) -> str:
    return "; ".join(f"{e.kind} {e.order_id}" for e in result.events)


def cmd_parse(ctx: Context) -> int:
    args = ctx.args
    if args.force and not args.write_expected:
        raise CliError("--force only goes with --write-expected", "add --write-expected or drop --force",
                       exit_code=2)
    if args.write_expected:
        return _write_expected(args.paths, force=args.force, trusted=args.trust_forwarder, strict=args.strict)
    results = _parsed(ctx, args.paths)
    if ctx.json:
        render.print_json_lines(dict(r.to_json_dict(m.label), auth_source=source) for m, r, source in results)
        return 0
    rows = []
    counts: Counter[str] = Counter()
    for mail, r, _ in results:
        counts[r.status] += 1
        detail = _event_summary(r) or r.error or r.reason or ""
        rows.append((mail.label, r.status, r.authenticity, r.subject, detail))
    columns = (render.Col("mail", 0, 16), render.Col("status", 1, None), render.Col("auth", 3, None),
               render.Col("subject", 4, 16), render.Col("events / reason", 2, 24, wrap=True))
    render.print_table(None, columns, rows,
                       empty="no mail found")
    print(", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "0 mails")
    return 0


def _write_expected(paths: list[str], *, force: bool, trusted: list[str], strict: bool) -> int:
    """Golden fixtures: write X.eml.events.json beside each .eml; never overwrite without --force."""
    from pathlib import Path

    from parsers.golden import write_expected

    emls = []
    for p in map(Path, paths):
        if not p.exists():
            raise CliError(Msg("no such path", path=p), Msg("give mail files"),
                           exit_code=2)
        emls.extend(sorted(p.rglob("*.eml")) if p.is_dir() else [p])
    options: dict[str, object] = {}
    if trusted:
        options["trusted_forwarders"] = trusted
    if strict:
        options["strict_authentication"] = True
    refused = 0
    for eml in emls:
        try:
            print(f"wrote {write_expected(eml, force=force, options=options or None)}")
        except FileExistsError as exc:
            refused += 1
            print(f"orders: {exc}", file=sys.stderr)
    return 1 if refused else 0


def ingest_local(store: Store, ctx: Context, paths: list[str]) -> dict[str, int]:
    """Parse and store local mail in batches (one transaction each); returns counts."""
    totals: Counter[str] = Counter()
    batch: list = []

    def flush() -> None:
        if batch:
            report = store.ingest(batch, now=ctx.now)
            totals["new"] += report.new_mails
            totals["duplicates"] += report.duplicates
            totals["events"] += report.new_events
            batch.clear()

    for mail, result, source in _parsed(ctx, paths):
        totals["mails"] += 1
        totals[result.status] += 1
        batch.append((mail.raw, mail.source, result, source))
        if len(batch) >= IMPORT_BATCH:
            flush()
    flush()
    return dict(totals)


def cmd_import(ctx: Context) -> int:
    from daemon.service.pipeline import evaluate

    store = ctx.store()
    totals = ingest_local(store, ctx, ctx.args.paths)
    alerts = [a for a in evaluate(store, ctx.config, ctx.now) if a.acknowledged_at is None]
    totals["active_alerts"] = len(alerts)
    if ctx.json:
        render.print_json(totals)
    elif not totals.get("mails"):
        print(word("no mail found", ctx.lang, paths=", ".join(ctx.args.paths)))
    else:
        statuses = _statuses(totals, ctx.lang)
        print(word("imported", ctx.lang, mails=totals.get("mails", 0), new=totals.get("new", 0),
                   stored=totals.get("duplicates", 0), statuses=word("statuses", ctx.lang, list=statuses)
                   if statuses else "", events=totals.get("events", 0), alerts=len(alerts)))
    return 0


def _statuses(counts: dict, lang: str) -> str:
    """"3 parsed, 1 ignored" — how the mails were understood, in ``lang``."""
    return word("list comma", lang).join(word(f"status {s}", lang, n=counts[s]) for s in
                                         ("parsed", "unrecognized", "ignored", "suspicious", "error") if counts.get(s))


def cmd_reparse(ctx: Context) -> int:
    from daemon.service.pipeline import evaluate, reparse_store

    store = ctx.store()
    counts = reparse_store(store, ctx.config, ctx.now)
    alerts = evaluate(store, ctx.config, ctx.now)
    if ctx.json:
        render.print_json({**counts, "active_alerts": len(alerts)})
        return 1 if counts.get("unreadable") else 0
    else:
        print(word("reparsed", ctx.lang, mails=counts.get("mails", 0), statuses=_statuses(counts, ctx.lang),
                   events=counts.get("events", 0), alerts=len(alerts)))
        if counts.get("unreadable_mail_ids"):
            ids = ", ".join(map(str, counts["unreadable_mail_ids"]))
            print(word("damaged skipped", ctx.lang, n=counts["unreadable"], ids=ids), file=sys.stderr)
            return 1
    return 0


def cmd_unrecognized(ctx: Context) -> int:
    stored = ctx.store().mails(status="unrecognized")
    if ctx.json:
        render.print_json([
            {"mail_id": m.ref.mail_id, "message_id": m.ref.message_id, "date": render.iso(m.ref.date),
             "from": m.ref.from_addr, "subject": m.ref.subject, "account": m.ref.account, "folder": m.ref.folder,
             "order_ids": list(m.order_ids), "reason": m.reason}
            for m in stored
        ])
        return 0
    from store.domain.reasons import unread_reason

    lang = ctx.lang
    render.print_table(
        word("unrecognized title", lang),
        tuple(word(f"col {c}", lang) for c in ("id", "date", "from", "subject", "orders", "why", "folder")),
        ((m.ref.mail_id, render.short_time(m.ref.date, ctx.zone), m.ref.from_addr, m.ref.subject, " ".join(m.order_ids),
          unread_reason(m.reason or "", lang), m.ref.folder or "") for m in stored),
        empty=word("no unrecognized", lang),
    )
    return 0
