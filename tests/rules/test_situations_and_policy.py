"""Situations decided once (rules and drafts ask the same functions) and the order policy."""

from __future__ import annotations

from store.domain.policy import alert_key, alert_priority, evidence_mails, is_open
from store.domain.rules import RuleSettings
from store.domain.situations import pending_cancel_request, refund_expectation, shipped_anyway
from tests.rules.builders import MP, at, ev, timeline

CC = {"payment_method": "credit_card"}


def test_shipped_anyway_until_refused() -> None:
    events = [ev("ordered", "2026-11-15 20:00", MP, **CC), ev("cancel_requested", "2026-11-16 10:00", MP),
              ev("shipped", "2026-11-16 15:00", MP)]
    found = shipped_anyway(timeline(*events))
    assert found is not None and found[0].event.kind == "shipped"
    assert [c.event.kind for c in found[1]] == ["cancel_requested"]
    assert shipped_anyway(timeline(*events, ev("delivery_refused", "2026-11-17 10:00", MP))) is None


def test_pending_request_and_refund_expected_by() -> None:
    asked = [ev("ordered", "2026-11-15 20:00", MP, **CC), ev("cancel_requested", "2026-11-16 10:00", MP)]
    assert pending_cancel_request(timeline(*asked)) is asked[1]
    assert pending_cancel_request(timeline(*asked, ev("seller_message", "2026-11-16 12:00", MP))) is None
    refused = timeline(*asked, ev("shipped", "2026-11-16 15:00", MP), ev("delivery_refused", "2026-11-18 10:00", MP))
    owed = refund_expectation(refused, RuleSettings())
    assert owed is not None and owed.reason == "refused" and owed.deadline == at("2026-11-25 10:00")


def test_policy() -> None:
    delivered = timeline(ev("ordered", "2026-11-15 20:00", MP), ev("delivered", "2026-11-17 10:00", MP))
    assert not is_open(delivered, has_alerts=False) and is_open(delivered, has_alerts=True)
    ranked = sorted([("info", "mail_in_spam"), ("critical", "phishing"), ("warning", "seller_no_reply"),
                     ("critical", "shipped_after_cancel"), ("bogus", "new_kind")], key=lambda a: alert_priority(*a))
    assert ranked == [("critical", "shipped_after_cancel"), ("critical", "phishing"), ("warning", "seller_no_reply"),
                      ("info", "mail_in_spam"), ("bogus", "new_kind")]
    assert alert_key("phishing", None, None) == ("phishing", "", "")


def test_evidence_mails_name_each_mail_once() -> None:
    first = ev("ordered", "2026-11-15 20:00", MP, mail_id=901)
    again = ev("cancel_requested", "2026-11-16 10:00", MP, mail_id=901)
    undated = ev("shipped", "2026-11-16 15:00", MP, mail_id=902, dated=False)
    names = evidence_mails(timeline(first, again, undated))
    assert names == [("mails/20261115-2000-901-ordered.eml", 901), ("mails/undated-902-shipped.eml", 902)]
