"""Commands that help the user act: `draft` (the message to send) and `evidence` (a claim archive)."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from daemon.cli import render
from daemon.cli.commands.base import CliError, Context
from daemon.cli.commands.orders import find_timeline, order_json, order_with_alerts
from daemon.cli.commands.ui import Msg, word


def cmd_draft(ctx: Context) -> int:
    from store.domain.drafts import draft

    line = find_timeline(ctx, ctx.args.order)
    text = draft(line, to=ctx.args.to, lang=ctx.lang, reason=ctx.args.reason, zone=ctx.zone)
    if ctx.json:
        render.print_json({"order_id": line.order_id, "to": ctx.args.to, "lang": ctx.lang, "text": text})
    else:
        print(render.strip_terminal(text))
    return 0


def cmd_evidence(ctx: Context) -> int:
    line, mine = order_with_alerts(ctx, ctx.args.order)
    out = Path(ctx.args.out)
    if out.is_dir():
        raise CliError(Msg("out is dir", path=out), Msg("out is dir fix", order=line.order_id),
                       exit_code=2)
    if out.exists() and not ctx.args.force:
        raise CliError(Msg("out exists", path=out), Msg("out exists fix"))
    store = ctx.store()
    data = order_json(line, [a["kind"] for a in mine])
    data["alert_details"] = mine
    # Written to a temporary file beside it (0600 from the start: the archive holds personal mail)
    # and renamed into place only when complete: a failure leaves nothing, not a partial zip.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, 0o600)
        written = _write_archive(fd, ctx, line, data, store, mine)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if ctx.json:
        render.print_json({"order_id": line.order_id, "out": str(out), "mails": written, "alerts": len(mine)})
    else:
        print(word("evidence written", ctx.lang, path=out, mails=written, alerts=len(mine)))
    return 0


def _write_archive(fd: int, ctx: Context, line: Any, data: dict, store: Any, alerts: list[dict]) -> int:
    from store.domain.drafts import timeline_markdown
    from store.domain.policy import EVIDENCE_TIMELINE_JSON, EVIDENCE_TIMELINE_MD, evidence_mails

    written = 0
    with os.fdopen(fd, "wb") as fh:
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(EVIDENCE_TIMELINE_MD, timeline_markdown(line, ctx.lang, zone=ctx.zone, alerts=alerts))
            zf.writestr(EVIDENCE_TIMELINE_JSON, render.dumps(data, indent=2))
            for name, mail_id in evidence_mails(line):
                zf.writestr(name, store.raw_mail(mail_id))
                written += 1
        fh.flush()
        os.fsync(fh.fileno())
    return written
