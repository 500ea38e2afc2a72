"""Stored order states and rules only when something can change (real SQLite and PostgreSQL stores).

The property test drives a store through random histories — mail arriving in batches (some in
junk, some forged, some no parser understood), time passing — running the incremental cycle at every step, and compares the
stored alerts and the read path with a full evaluation of every timeline at the same moment.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daemon.service.incremental import current, evaluate_due
from store.domain.rules import RuleSettings
from store.domain.rules import evaluate as evaluate_all
from store.domain.timeline import build
from store.repository import Store
from tests.store.factories import NOW, event, item

ORDERS = ("250-1000001-0000001", "503-2000002-0000002", "D01-3000003-0000003")
KINDS = ("ordered", "cancel_requested", "cancelled", "cancel_rejected", "seller_message", "shipped",
         "out_for_delivery", "delivered", "delivery_refused", "return_received", "refunded")
BASE = datetime(2026, 9, 1, 0, 0, tzinfo=UTC)


def full(store: Store, now: datetime, rules: RuleSettings) -> list:
    lines = [build(o, evs) for o, evs in store.order_events().items()]
    return evaluate_all(lines, store.suspicious_mails(), now, rules, unread=store.unread_mails())


def key(spec) -> tuple:
    # An undated forged mail is raised "now" by the rules: the moment of its last evaluation.
    undated_phish = spec.kind == "phishing" and not spec.facts.get("date")
    return (spec.kind, spec.order_id or None, spec.subject_key or None, spec.severity,
            None if undated_phish else spec.raised_at, spec.deadline, spec.title["en"], spec.message["en"])


def stored(store: Store) -> set[tuple]:
    return {key(r) for r in store.alerts(active_only=True)}


def test_ingest_folds_the_order_in_the_same_transaction(store: Store) -> None:
    order = ORDERS[0]
    store.ingest([item("a@x", event("ordered", order, "2026-11-01T10:00:00+09:00", payment_method="gift_card",
                                    amount=1200.0, currency="JPY", items=("本",)))], now=NOW)
    [state] = store.order_summaries()
    assert (state.state, state.payment_method, state.items, state.last_event_kind, state.evaluated_at) == (
        "ordered", "gift_card", ("本",), "ordered", None)
    assert state.last_event_local.utcoffset() == timedelta(hours=9)
    store.ingest([item("b@x", event("shipped", order, "2026-11-02T10:00:00+09:00", carrier="yamato"), uid=2)],
                 now=NOW)
    [state] = store.order_summaries()
    assert (state.state, state.carrier, state.event_count, state.version) == ("shipped", "yamato", 2, 2)
    # The same mail seen again in junk: the order's junk mail changed, so it is folded (and due) again.
    evaluate_due(store, RuleSettings(), NOW)
    assert store.due_orders(NOW) == []
    store.ingest([item("a@x", event("ordered", order, "2026-11-01T10:00:00+09:00"), folder="Junk", in_junk=True,
                       uid=9)], now=NOW)
    assert store.due_orders(NOW) == [order]


def test_a_cycle_with_nothing_new_does_no_rules_work(store: Store) -> None:
    rules = RuleSettings()
    request = datetime(2026, 11, 18, 1, 0, tzinfo=UTC)
    store.ingest([item("o@x", event("ordered", ORDERS[1], "2026-11-17T10:00:00+09:00", seller="marketplace")),
                  item("c@x", event("cancel_requested", ORDERS[1], request.isoformat(), seller="marketplace"),
                       uid=2),
                  item("d@x", event("ordered", ORDERS[0], "2026-01-17T10:00:00+09:00"), uid=3)], now=NOW)
    first = evaluate_due(store, rules, request + timedelta(hours=1))
    assert (first.orders_evaluated, first.phishing_evaluated) == (2, True)
    assert evaluate_due(store, rules, request + timedelta(hours=2)).idle
    assert store.alerts() == []
    # The seller's 48 hours pass: only that order is evaluated, and its alert is raised.
    later = evaluate_due(store, rules, request + timedelta(hours=48))
    assert later.orders_evaluated == 1
    assert [(a.kind, a.order_id) for a in store.alerts()] == [("seller_no_reply", ORDERS[1])]
    assert evaluate_due(store, rules, request + timedelta(hours=49)).idle
    # Other settings: everything once, then idle again.
    other = RuleSettings(seller_reply_hours=100)
    assert evaluate_due(store, other, request + timedelta(hours=50)).everything
    assert store.alerts() == []
    assert evaluate_due(store, other, request + timedelta(hours=51)).idle


def test_unread_amazon_mail_is_evaluated_when_it_arrives_and_when_its_moments_pass(store: Store) -> None:
    """Unread Amazon mail (no parser understood it) used to make every cycle evaluate: a mailbox with
    one such mail paid rules work and a write on every idle poll. Now it is due like any other mail."""
    rules = RuleSettings(mail_alert_days=5)
    mailed = datetime(2026, 11, 18, 1, 0, tzinfo=UTC)
    order = ORDERS[0]
    store.ingest([item("o@x", event("ordered", order, "2026-11-17T10:00:00+09:00")),
                  item("u@x", status="unrecognized", order_ids=(order,), date=mailed.isoformat(), uid=2),
                  item("j@x", status="unrecognized", order_ids=(order,), date=mailed.isoformat(), uid=3,
                       folder="Junk", in_junk=True)], now=NOW)
    first = evaluate_due(store, rules, mailed + timedelta(hours=1))
    assert (first.orders_evaluated, first.phishing_evaluated) == (1, True)
    kinds = sorted(a.kind for a in store.alerts(active_only=True))
    assert kinds == ["mail_in_spam", "unread_amazon_mail", "unread_amazon_mail"]
    assert evaluate_due(store, rules, mailed + timedelta(hours=2)).idle
    evaluate_due(store, rules, mailed + timedelta(days=5) - timedelta(seconds=1))  # the order's own moments
    assert len(store.alerts(active_only=True)) == 3
    # Five days after its date the mail is no longer recent: its alerts end at that moment.
    ended = evaluate_due(store, rules, mailed + timedelta(days=5))
    assert ended.phishing_evaluated and ended.orders_evaluated == 1
    assert store.alerts(active_only=True) == []
    assert evaluate_due(store, rules, mailed + timedelta(days=5, minutes=1)).idle
    # Another unread mail arrives: the next cycle sees it.
    store.ingest([item("v@x", status="unrecognized", order_ids=(order,), date=(mailed + timedelta(days=5)).isoformat(),
                       uid=4)], now=NOW)
    arrived = evaluate_due(store, rules, mailed + timedelta(days=5, minutes=2))
    assert arrived.phishing_evaluated
    assert [a.kind for a in store.alerts(active_only=True)] == ["unread_amazon_mail"]


def test_reparse_that_removes_an_order_resolves_its_alerts(store: Store) -> None:
    rules = RuleSettings()
    store.ingest([item("c@x", event("cancel_requested", ORDERS[0], "2026-11-01T10:00:00+09:00"))], now=NOW)
    evaluate_due(store, rules, NOW)
    assert [a.kind for a in store.alerts()] == ["cancel_unconfirmed"]
    [mail] = store.mails()
    from tests.store.factories import result
    store.replace_parse(mail.ref.mail_id, result("c@x", status="unrecognized"), NOW)
    assert store.order_summaries() == []
    evaluate_due(store, rules, NOW)
    assert store.alerts() == []


# ---- the property test ----------------------------------------------------------------------------

mail_st = st.tuples(
    st.sampled_from(KINDS), st.sampled_from(ORDERS), st.integers(min_value=0, max_value=24 * 40),
    st.sampled_from((None, "amazon", "marketplace")), st.sampled_from((None, "credit_card", "gift_card")),
    st.booleans(),  # in junk
    st.sampled_from(("parsed", "parsed", "parsed", "suspicious", "unrecognized")),
    st.booleans(),  # dated
)
step_st = st.tuples(st.lists(mail_st, max_size=4), st.integers(min_value=0, max_value=24 * 12))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("states") / "orders.db"
    Store.open(str(path)).close()
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step_st, min_size=1, max_size=6),
       rules=st.sampled_from((RuleSettings(), RuleSettings(seller_reply_hours=6, cancel_confirm_hours=2,
                                                           refund_days={"credit_card": 1}, mail_alert_days=5))))
def test_incremental_matches_full_evaluation(template: Path, steps: list, rules: RuleSettings) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "orders.db"
        shutil.copyfile(template, path)
        with Store.open(str(path)) as store:
            now = BASE
            uid = 0
            for mails, wait in steps:
                items = []
                for kind, order, hours, seller, method, junk, status, dated in mails:
                    uid += 1
                    at = (BASE + timedelta(hours=hours)).isoformat()
                    ev = event(kind, order, at, seller=seller, payment_method=method)
                    suspicious = status == "suspicious"
                    items.append(item(f"m{uid}@x", *(() if status != "parsed" else (ev,)), uid=uid, in_junk=junk,
                                      folder="Junk" if junk else "INBOX", status=status, suspicious=suspicious,
                                      authenticity="fail" if suspicious else "pass", order_ids=(order,),
                                      date=at if dated else None))
                store.ingest(items, now=now)
                now += timedelta(hours=wait)
                expected = full(store, now, rules)
                _, read = current(store, rules, now)
                assert [key(s) for s in read] == [key(s) for s in expected]
                evaluate_due(store, rules, now)
                assert stored(store) == {key(s) for s in expected}
