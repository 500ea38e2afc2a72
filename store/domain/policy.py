"""Order policy the CLI and the service apply, decided here once: which states are settled, which
alert comes first, how stored acknowledgements attach to freshly evaluated alerts, and what goes
into an evidence archive. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from store.domain.model import SEVERITY_RANK, AlertRecord
from store.domain.timeline import Timeline

# States after which nothing more is expected unless an alert says otherwise.
SETTLED_STATES = frozenset({"delivered", "refunded", "cancelled"})
# Within a severity: what costs the user money first, warnings about mail last.
KIND_PRIORITY = {k: i for i, k in enumerate(("shipped_after_cancel", "refund_overdue", "seller_no_reply",
                                             "cancel_unconfirmed", "unread_amazon_mail", "mail_in_spam",
                                             "phishing"))}

AlertKey = tuple[str, str, str]


def is_open(tl: Timeline, has_alerts: bool) -> bool:
    """Whether `orders status` shows the order without --all: unsettled, or something to act on."""
    return has_alerts or tl.state not in SETTLED_STATES


def alert_priority(severity: str, kind: str) -> tuple[int, int]:
    """Sort key: most severe first, then by kind (money before mail); unknown values last."""
    return -SEVERITY_RANK.get(severity, -1), KIND_PRIORITY.get(kind, len(KIND_PRIORITY))


def alert_key(kind: str, order_id: str | None, subject_key: str | None) -> AlertKey:
    """An alert's identity across evaluations: what the store keys its rows by."""
    return kind, order_id or "", subject_key or ""


def acknowledgements(records: Iterable[AlertRecord]) -> dict[AlertKey, datetime]:
    """When each stored alert was acknowledged, by identity (an evaluated alert takes it over)."""
    return {alert_key(r.kind, r.order_id, r.subject_key): r.acknowledged_at for r in records if r.acknowledged_at}


def evidence_mails(tl: Timeline) -> list[tuple[str, int]]:
    """The evidence archive's original mails: ``(file name inside the zip, mail id)``, each mail once,
    in timeline order, named ``mails/<date>-<id>-<event kind>.eml``."""
    out: list[tuple[str, int]] = []
    seen: set[int] = set()
    for se in tl.events:
        mail_id = se.mail.mail_id
        if mail_id in seen:
            continue
        seen.add(mail_id)
        stamp = se.mail.date.strftime("%Y%m%d-%H%M") if se.mail.date else "undated"
        out.append((f"mails/{stamp}-{mail_id}-{_safe_name(se.event.kind)}.eml", mail_id))
    return out


# The archive's fixed members beside the mails.
EVIDENCE_TIMELINE_MD = "timeline.md"
EVIDENCE_TIMELINE_JSON = "timeline.json"


def _safe_name(text: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_." else "_" for c in text)
    return keep.strip("._")[:60] or "mail"
