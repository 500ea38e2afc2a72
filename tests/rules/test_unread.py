"""unread_amazon_mail (the safety net) and mail_in_spam for mail no parser could read."""

from __future__ import annotations

from store.domain.model import UnreadMail
from store.domain.rules import evaluate
from tests.rules.builders import JP, MP, at, ev, mail, timeline

NOW = at("2026-11-20 12:00")


def unread(order_ids: tuple[str, ...], when: str, *, junk: bool = False, auth: str = "pass") -> UnreadMail:
    ref = mail(when=at(when), junk=junk, auth=auth, subject="ご注文についてのお知らせ", status="unrecognized",
               from_addr="order-update@amazon.co.jp")
    return UnreadMail(mail=ref, order_ids=order_ids, reason="no kind evidence")


def kinds(alerts) -> dict[tuple[str, str | None], str]:
    return {(a.kind, a.order_id): a.severity for a in alerts}


def test_info_for_an_order_with_nothing_pending() -> None:
    lines = [timeline(ev("ordered", "2026-11-15 10:00"))]
    [alert] = [a for a in evaluate(lines, [], NOW, unread=[unread((JP,), "2026-11-16 09:00")])
               if a.kind == "unread_amazon_mail"]
    assert alert.severity == "info" and alert.order_id == JP
    assert alert.message["en"] == (f"Amazon wrote about order {JP} and orders could not read it — open it: "
                                   "subject \"ご注文についてのお知らせ\", received 2026-11-16 09:00 JST.")
    assert "ordersは内容を読み取れませんでした" in alert.message["ja"]
    assert alert.facts["reason"] == "no kind evidence" and alert.subject_key


def test_warning_when_a_cancel_request_is_pending_or_a_refund_is_expected() -> None:
    pending = timeline(ev("ordered", "2026-11-15 10:00", MP, seller="marketplace"),
                       ev("cancel_requested", "2026-11-15 11:00", MP))
    refund = timeline(ev("ordered", "2026-11-10 10:00", payment_method="gift_card"),
                      ev("cancelled", "2026-11-11 10:00"))
    alerts = evaluate([pending, refund], [], NOW,
                      unread=[unread((MP,), "2026-11-16 09:00"), unread((JP,), "2026-11-12 09:00")])
    found = kinds(alerts)
    assert found[("unread_amazon_mail", MP)] == "warning"
    assert found[("unread_amazon_mail", JP)] == "warning"
    text = next(a for a in alerts if a.kind == "unread_amazon_mail" and a.order_id == MP).message["en"]
    assert text.endswith("The order has a cancel request awaiting an answer; this may be it.")


def test_not_for_other_orders_failed_authentication_old_or_future_mail() -> None:
    lines = [timeline(ev("ordered", "2026-11-15 10:00"))]
    mails = [unread(("250-9999999-9999999",), "2026-11-16 09:00"),
             unread((JP,), "2026-11-16 09:00", auth="fail"),
             unread((JP,), "2026-05-01 09:00"),
             unread((JP,), "2026-11-21 09:00")]
    assert not [a for a in evaluate(lines, [], NOW, unread=mails) if a.kind == "unread_amazon_mail"]


def test_junk_mail_counts_for_mail_in_spam_whether_read_or_not() -> None:
    lines = [timeline(ev("ordered", "2026-11-15 10:00"))]
    alerts = evaluate(lines, [], NOW, unread=[unread((JP,), "2026-11-16 09:00", junk=True)])
    found = kinds(alerts)
    assert found[("mail_in_spam", JP)] == "warning" and ("unread_amazon_mail", JP) in found
    spam = next(a for a in alerts if a.kind == "mail_in_spam")
    assert spam.facts["mails"][0]["kinds"] == ["unrecognized"]
    # Unverified junk mail never gets vouched for by mail_in_spam.
    unverified = evaluate(lines, [], NOW, unread=[unread((JP,), "2026-11-16 09:00", junk=True, auth="unknown")])
    assert ("mail_in_spam", JP) not in kinds(unverified)


def test_disabled_like_any_other_kind() -> None:
    from store.domain.rules import ALERT_KINDS, RuleSettings

    settings = RuleSettings(enabled=frozenset(ALERT_KINDS) - {"unread_amazon_mail"})
    lines = [timeline(ev("ordered", "2026-11-15 10:00"))]
    assert not [a for a in evaluate(lines, [], NOW, settings, unread=[unread((JP,), "2026-11-16 09:00")])
                if a.kind == "unread_amazon_mail"]
