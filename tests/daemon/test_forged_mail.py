"""Forged Amazon mail over IMAP (inbox and junk), default config: unverified mail can raise, never
silence (issue 11, attacks 1 and 3). The story mails are signed with a test key whose lookup is
injected; the forgeries are unsigned, or carry an attacker's own Authentication-Results."""

from __future__ import annotations

from datetime import datetime

import pytest

import daemon.service.trust
from daemon.config import config_from_mapping
from daemon.service.pipeline import compute_alerts
from daemon.service.sync import sync_account
from tests.daemon.dkim_keys import keys_for
from tests.daemon.forged import forged, genuine

pytestmark = pytest.mark.imap
NOW = datetime.fromisoformat("2026-11-20T12:00:00+09:00")
STORY = ["story1-250-1111111-ordered.eml", "story1-250-1111111-cancel-requested.eml",
         "story2-503-2222222-ordered.eml", "story2-503-2222222-cancel-requested.eml",
         "story3-249-3333333-ordered-iso2022jp.eml", "story3-249-3333333-cancelled.eml"]
BASELINE = {("cancel_unconfirmed", "250-1111111-1111111", "warning", False),
            ("seller_no_reply", "503-2222222-2222222", "warning", False),
            ("refund_overdue", "249-3333333-3333333", "warning", False)}
NO_AR = b""
WEAK_AR = b"Authentication-Results: mx.example.jp; dkim=none; spf=softfail smtp.mailfrom=x@evil.example\r\n"
OWN_AR = (b"Authentication-Results: mx.example.jp; dkim=pass header.d=amazon.co.jp header.s=s1; "
          b"dmarc=pass header.from=amazon.co.jp\r\n")

SHAPES = {
    "refund": dict(name="story4-250-4444444-refunded.eml", order=("250-4444444-4444444", "249-3333333-3333333")),
    "cancellation": dict(name="story3-249-3333333-cancelled.eml",
                         order=("249-3333333-3333333", "503-2222222-2222222")),
    "shipment": dict(name="story1-250-1111111-shipped.eml", order=None),
}


@pytest.fixture(autouse=True)
def test_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(daemon.service.trust, "_DEFAULT_KEYS", keys_for())


def _config(dovecot, user, **extra):
    table = dovecot.account_table(user, since="3650d", **extra)
    if "trusted_authserv_ids" not in extra:
        table.pop("trusted_authserv_ids")  # the default config: nothing about authserv-ids
    return config_from_mapping({"accounts": [table], "lang": "en"})


def _alerts(store, config) -> set[tuple[str, str | None, str, bool]]:
    _, specs = compute_alerts(store, config, NOW)
    return {(a.kind, a.order_id, a.severity, bool(a.facts.get("unverified"))) for a in specs}


def _story(dovecot, store, **extra):
    user = dovecot.add_user(junk="special")
    dovecot.append(user, "INBOX", *(genuine(n) for n in STORY))
    config = _config(dovecot, user, **extra)
    assert sync_account(config.accounts[0], store, now=NOW).ok
    assert _alerts(store, config) == BASELINE
    ids = [m.ref.mail_id for m in store.mails()]
    assert set(store.stored_verdicts(ids).values()) == {("pass", "dkim-local")}  # our own check, at first sight
    return user, config


def _after(dovecot, store, user, config, folder: str, mail: bytes):
    dovecot.append(user, folder, mail)
    assert sync_account(config.accounts[0], store, now=NOW).ok
    return _alerts(store, config)


def _holds(after: set) -> None:
    """Every alert the genuine mail implies holds unchanged; anything new is marked and not critical."""
    assert after >= BASELINE
    for kind, order, severity, unverified in after - BASELINE:
        assert kind == "phishing" or (unverified and severity != "critical"), (kind, order, severity)


@pytest.mark.parametrize("folder", ["INBOX", "Junk"])
@pytest.mark.parametrize("head", [NO_AR, WEAK_AR], ids=["no-auth-results", "dkim-none-spf-softfail"])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_forged_mail_silences_nothing(dovecot, store, shape: str, head: bytes, folder: str) -> None:
    user, config = _story(dovecot, store)
    spec = SHAPES[shape]
    mail = forged(spec["name"], order=spec["order"], message_id=f"forged-{shape}@evil.example", head=head)
    after = _after(dovecot, store, user, config, folder, mail)
    _holds(after)
    if shape == "shipment":  # it may warn — marked unverified — but never cry critical
        assert ("shipped_after_cancel", "250-1111111-1111111", "warning", True) in after


@pytest.mark.parametrize("from_", [
    b'From: "Amazon.co.jp" <payments-messages@amazon.co.jp>\r\nFrom: <x@evil.example>',
    b"From: Amazon: payments-messages@amazon.co.jp;",
    b"From: payments-messages@amazon.co.jp, x@evil.example",
], ids=["two-from-headers", "group-syntax", "two-addresses"])
def test_from_tricks_produce_no_events(dovecot, store, from_: bytes) -> None:
    user, config = _story(dovecot, store)
    mail = forged(SHAPES["refund"]["name"], order=SHAPES["refund"]["order"], message_id="trick@evil.example",
                  from_=from_)
    after = _after(dovecot, store, user, config, "INBOX", mail)
    assert after - BASELINE == {("phishing", "249-3333333-3333333", "critical", False)}
    assert all(e.mail.message_id != "trick@evil.example" for evs in store.order_events().values() for e in evs)


def test_receivers_dmarc_for_another_from_domain(dovecot, store) -> None:
    user, config = _story(dovecot, store)
    head = b"Authentication-Results: mx.example.jp; dmarc=pass header.from=evil.example\r\n"
    mail = forged(SHAPES["refund"]["name"], order=SHAPES["refund"]["order"], message_id="dmarc@evil.example",
                  head=head)
    after = _after(dovecot, store, user, config, "INBOX", mail)
    assert after >= BASELINE and all(k == "phishing" for k, *_ in after - BASELINE)


def test_own_authentication_results_with_the_trusted_id_is_not_believed(dovecot, store) -> None:
    """Attack 3: Dovecot adds no header; the forger writes one with the id the user trusts."""
    user, config = _story(dovecot, store, trusted_authserv_ids=["mx.example.jp"], strict_authentication=True)
    mail = forged(SHAPES["refund"]["name"], order=SHAPES["refund"]["order"], message_id="ownar@evil.example",
                  head=OWN_AR)
    after = _after(dovecot, store, user, config, "INBOX", mail)
    assert after == BASELINE
    (stored,) = [m for m in store.mails() if m.ref.message_id == "ownar@evil.example"]
    assert (stored.ref.authenticity, stored.ref.status) == ("unknown", "ignored")


def test_reparse_keeps_the_first_verdict_after_amazon_rotates_its_key(dovecot, store, monkeypatch) -> None:
    from daemon.service.pipeline import reparse_store
    from tests.daemon.dkim_keys import FakeKeys

    _story(dovecot, store)
    config = config_from_mapping({"accounts": [], "lang": "en"})  # the account has even left the config
    monkeypatch.setattr(daemon.service.trust, "_DEFAULT_KEYS", FakeKeys())  # the selector is gone
    counts = reparse_store(store, config, NOW)
    assert counts["mails"] == len(STORY) and counts["unreadable"] == 0
    ids = [m.ref.mail_id for m in store.mails()]
    assert set(store.stored_verdicts(ids).values()) == {("pass", "dkim-local")}
    assert _alerts(store, config) == BASELINE
