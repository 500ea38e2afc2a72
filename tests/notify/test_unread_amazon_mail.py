"""The safety net end to end: an Amazon mail about one of the user's orders that the parser of the day
could not read raises ``unread_amazon_mail``, which reaches the desktop over a real private D-Bus, and
resolves once ``orders reparse`` (a parser update) classifies the mail. Real SQLite file, real bus."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from daemon.config import Config
from daemon.service.pipeline import deliver, evaluate, reparse_store
from parsers import parse_mail
from store.domain.model import MailSource
from store.repository import Store
from tests.parsers.variants import rebuild

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "emails"
JST = timezone(timedelta(hours=9))
ORDER = "250-1111111-1111111"


def _unread_mail() -> tuple[bytes, object]:
    """story1's cancel-request acknowledgement under a generic subject, as the parser of 2026.11 stored it:
    unrecognized, naming the order (that parser needed the subject; today's reads the body)."""
    from parsers.message import ParsedMail

    raw = (FIXTURES / "jp" / "story1-250-1111111-cancel-requested.eml").read_bytes()
    mail = ParsedMail.from_bytes(raw)
    reworded = rebuild(raw, f"ご注文についてのお知らせ（注文番号 {ORDER}）", mail.text, mail.html)
    today = parse_mail(reworded)
    assert today.status == "parsed" and today.events[0].kind == "cancel_requested"
    old = replace(today, status="unrecognized", events=(), parser=None, parser_version="2026.11.2",
                  order_ids=(ORDER,), reason="Amazon mail from order-update@amazon.co.jp that no template matches")
    return reworded, old


@pytest.mark.dbus
def test_unread_amazon_mail_is_raised_shown_on_the_desktop_and_resolved_by_reparse(notifications, tmp_path):
    ordered = (FIXTURES / "jp" / "story1-250-1111111-ordered.eml").read_bytes()
    unread_raw, unread_result = _unread_mail()
    config = Config(store_url=str(tmp_path / "orders.db"), notify={"desktop": True}, lang="en")
    now = datetime(2026, 11, 3, 12, 0, tzinfo=JST)
    with Store.open(str(tmp_path / "orders.db")) as store:
        store.ingest([(ordered, MailSource(account="me", folder="INBOX", uid=1, uidvalidity=7), parse_mail(ordered)),
                      (unread_raw, MailSource(account="me", folder="INBOX", uid=2, uidvalidity=7), unread_result)],
                     now=now)
        assert store.unread_count() == 1

        records = evaluate(store, config, now)
        [alert] = [r for r in records if r.kind == "unread_amazon_mail"]
        assert alert.order_id == ORDER and alert.severity == "info"
        assert alert.message["en"].startswith(f"Amazon wrote about order {ORDER}")
        assert "orders could not read it — open it: subject \"ご注文についてのお知らせ" in alert.message["en"]
        assert "received 2026-11-" in alert.message["en"]
        assert "読み取れませんでした" in alert.message["ja"]

        report = deliver(store, config, now)
        assert report.failed == 0 and report.sent >= 1
        shown = [c for c in notifications.calls() if c["summary"] == alert.title["en"]]
        assert len(shown) == 1, notifications.calls()
        assert f"Amazon wrote about order {ORDER}" in shown[0]["body"]

        counts = reparse_store(store, config, now + timedelta(minutes=1))
        assert counts["parsed"] == 2 and counts.get("unrecognized", 0) == 0
        assert store.unread_count() == 0
        later = now + timedelta(minutes=2)
        assert not [r for r in evaluate(store, config, later) if r.kind == "unread_amazon_mail"]
        [resolved] = [r for r in store.alerts(active_only=False) if r.kind == "unread_amazon_mail"]
        assert resolved.resolved_at is not None
