"""next_change: the alerts of an order computed at ``now`` hold until the moment it names.

A property test over random histories and settings: at any moment between ``now`` and
``next_change`` (just before it, too) the rules give exactly the alerts they gave at ``now``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.events import Event
from store.domain.changes import mail_next_change, next_change, settings_key, spec_from_json, spec_to_json
from store.domain.model import MailRef, SourcedEvent
from store.domain.rules import RuleSettings, order_alerts, phishing_alerts
from store.domain.timeline import build
from tests.rules.builders import at, phish

BASE = at("2026-10-01 09:00")
ORDER = "250-1111111-1111111"
KINDS = ("ordered", "cancel_requested", "cancelled", "cancel_rejected", "seller_message", "shipped",
         "out_for_delivery", "delivered", "delivery_refused", "return_requested", "return_received", "refunded",
         "delivery_delayed")
METHODS = (None, "credit_card", "gift_card", "convenience_store", "cash_on_delivery", "net_banking")
MARKETS = ("amazon.co.jp", "amazon.in", "amazon.co.jp")  # amazon.in has refund windows of its own

event_spec = st.tuples(
    st.sampled_from(KINDS),
    st.integers(min_value=0, max_value=24 * 60),  # hours after BASE
    st.sampled_from((None, "amazon", "marketplace")),
    st.sampled_from(METHODS),
    st.booleans(),  # in junk
    st.sampled_from(("pass", "fail", "none")),
    st.sampled_from((None, 0, -30, 5)),  # the mail's Date minus the event's time (hours); None: undated
    st.sampled_from(((), ("A",), ("B",), ("A", "B"))),
)
rule_settings = st.builds(
    RuleSettings,
    seller_reply_hours=st.sampled_from((48, 12, 100)),
    cancel_confirm_hours=st.sampled_from((24, 1, 72)),
    refund_days=st.sampled_from(({}, {"credit_card": 3, "unknown": 2})),
    mail_alert_days=st.sampled_from((90, 3)),
)


def history(specs: list[tuple]) -> list[SourcedEvent]:
    out = []
    for n, (kind, hours, seller, method, junk, auth, date_shift, items) in enumerate(specs, 1):
        moment = BASE + timedelta(hours=hours)
        event = Event(kind=kind, order_id=ORDER, at=moment.isoformat(), market=MARKETS[n % len(MARKETS)],
                      seller=seller, payment_method=method, items=items)
        date = None if date_shift is None else moment + timedelta(hours=date_shift)
        ref = MailRef(mail_id=n, message_id=f"m{n}@amazon.co.jp", account="a", folder="Junk" if junk else "INBOX",
                      in_junk=junk, date=date, subject=kind, from_addr="x@amazon.co.jp", authenticity=auth,
                      status="parsed")
        out.append(SourcedEvent(event, moment, ref))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(event_spec, min_size=1, max_size=8), st.integers(min_value=-24 * 5, max_value=24 * 200),
       st.floats(min_value=0, max_value=1, exclude_max=True), rule_settings)
def test_alerts_hold_until_the_next_change(specs: list[tuple], now_hours: int, fraction: float,
                                           rules: RuleSettings) -> None:
    tl = build(ORDER, history(specs))
    now = BASE + timedelta(hours=now_hours)
    alerts = order_alerts(tl, now, rules)
    nxt = next_change(tl, now, rules)
    assert nxt is None or nxt > now
    horizon = nxt if nxt is not None else now + timedelta(days=500)
    for later in (min(now + (horizon - now) * fraction, horizon - timedelta(microseconds=1)),
                  horizon - timedelta(microseconds=1)):
        if later >= now:
            assert order_alerts(tl, later, rules) == alerts, (now, later, nxt)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from((None, -10, 0, 30, 24 * 120)), min_size=1, max_size=4),
       st.integers(min_value=-24 * 5, max_value=24 * 200), st.floats(min_value=0, max_value=1, exclude_max=True))
def test_phishing_holds_until_its_next_change(dates: list[int | None], now_hours: int, fraction: float) -> None:
    rules = RuleSettings()
    order = build(ORDER, history([("ordered", 24 * 3, "amazon", None, False, "pass", 0, ())]))
    mails = [phish((ORDER,), None if d is None else (BASE + timedelta(hours=d)).isoformat(), mail_id=900 + i,
                   message_id=f"p{i}@evil.example") for i, d in enumerate(dates)]
    now = BASE + timedelta(hours=now_hours)
    nxt = mail_next_change(mails, [], [order], now, rules)
    horizon = nxt if nxt is not None else now + timedelta(days=500)

    def dated(specs: list) -> list:  # undated mail is raised "now": compare everything else
        return [(s.kind, s.order_id, s.subject_key, s.severity, s.title, s.facts,
                 s.raised_at if s.facts["date"] else None) for s in specs]

    expected = dated(phishing_alerts(mails, [order], now, rules))
    for later in (min(now + (horizon - now) * fraction, horizon - timedelta(microseconds=1)),
                  horizon - timedelta(microseconds=1)):
        assert dated(phishing_alerts(mails, [order], later, rules)) == expected


def test_settled_order_never_changes_again() -> None:
    tl = build(ORDER, history([("ordered", 0, "amazon", "credit_card", False, "pass", 0, ()),
                               ("delivered", 48, "amazon", None, False, "pass", 0, ())]))
    assert next_change(tl, BASE + timedelta(days=200), RuleSettings()) is None
    # Conservative: the delivery + 48 h (the seller-reply threshold) is a candidate moment too.
    assert next_change(tl, BASE + timedelta(days=3), RuleSettings()) == BASE + timedelta(hours=48 + 48)


def test_settings_key_follows_every_threshold() -> None:
    keys = {settings_key(RuleSettings()), settings_key(RuleSettings(seller_reply_hours=47)),
            settings_key(RuleSettings(refund_days={"gift_card": 2})), settings_key(RuleSettings(mail_alert_days=30)),
            settings_key(RuleSettings(enabled=frozenset({"phishing"})))}
    assert len(keys) == 5
    assert settings_key(RuleSettings()) == settings_key(RuleSettings(refund_days={"credit_card": 7}))


def test_alert_specs_round_trip_through_json() -> None:
    tl = build(ORDER, history([("ordered", 0, "marketplace", "gift_card", True, "pass", 0, ("A",)),
                               ("cancel_requested", 2, "marketplace", None, False, "pass", 0, ()),
                               ("cancelled", 80, None, None, False, "pass", 0, ())]))
    specs = order_alerts(tl, BASE + timedelta(days=20), RuleSettings())
    assert {s.kind for s in specs} == {"refund_overdue", "mail_in_spam"}
    assert [spec_from_json(spec_to_json(s)) for s in specs] == specs
    assert isinstance(spec_from_json(spec_to_json(specs[0])).raised_at, datetime)
