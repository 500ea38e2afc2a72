"""Alerts: reconcile (new → update → resolve → reopen), ack, deliveries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.domain.model import AlertRecord, Delivery
from store.repository import ReconcileReport, Store, StoreError
from tests.store.factories import NOW, spec

ORDER = "249-3333333-3333333"
H = timedelta(hours=1)


def only(store: Store, active_only: bool = True) -> AlertRecord:
    [record] = store.alerts(active_only=active_only)
    return record


def test_new_alert_is_inserted_once(store: Store) -> None:
    deadline = datetime(2026, 11, 13, 15, 0, tzinfo=UTC)
    first = store.reconcile_alerts([spec(deadline=deadline, payment_method="convenience_store")], NOW)
    assert len(first.new) == 1 and first.updated == first.resolved == first.reopened == ()
    record = only(store)
    assert (record.kind, record.order_id, record.subject_key, record.severity) == (
        "refund_overdue", ORDER, None, "warning")
    assert record.deadline == deadline and record.raised_at == NOW - timedelta(days=2)
    assert record.title == {"ja": "返金が遅れています", "en": "Refund overdue"}
    assert record.facts == {"payment_method": "convenience_store"}
    assert (record.first_seen_at, record.last_notified_at, record.acknowledged_at, record.resolved_at) == (
        NOW, None, None, None)
    assert record.active and record.deliveries == ()

    again = store.reconcile_alerts([spec(deadline=deadline, payment_method="convenience_store")], NOW + H)
    assert again == ReconcileReport(unchanged=1)
    assert only(store).first_seen_at == NOW


def test_active_alert_takes_new_severity_and_texts(store: Store) -> None:
    store.reconcile_alerts([spec()], NOW)
    report = store.reconcile_alerts([spec(severity="critical", title="Refund very late",
                                          deadline=NOW + timedelta(days=1), due=NOW)], NOW + H)
    assert len(report.updated) == 1 and report.new == ()
    record = only(store)
    assert (record.severity, record.title["en"], record.deadline) == ("critical", "Refund very late",
                                                                      NOW + timedelta(days=1))
    assert record.facts == {"due": NOW.isoformat()}  # datetimes in facts are stored as ISO-8601
    assert record.first_seen_at == NOW
    # Same facts again (a datetime compares equal to its stored ISO form): nothing changes.
    assert store.reconcile_alerts([spec(severity="critical", title="Refund very late",
                                        deadline=NOW + timedelta(days=1), due=NOW)], NOW + 2 * H).unchanged == 1


def test_alert_no_longer_computed_is_resolved_then_reopened_in_place(store: Store) -> None:
    store.reconcile_alerts([spec(), spec("phishing", None, subject_key="mail:7", severity="critical")], NOW)
    phishing_id = [a.id for a in store.alerts() if a.kind == "phishing"][0]
    refund_id = [a.id for a in store.alerts() if a.kind == "refund_overdue"][0]
    store.ack(ORDER, now=NOW + H)
    store.record_delivery(refund_id, "desktop", NOW + H, "warning")

    resolved = store.reconcile_alerts([spec("phishing", None, subject_key="mail:7", severity="critical")], NOW + 2 * H)
    assert resolved.resolved == (refund_id,) and resolved.unchanged == 1
    assert [a.kind for a in store.alerts()] == ["phishing"]
    gone = [a for a in store.alerts(active_only=False) if a.id == refund_id][0]
    assert gone.resolved_at == NOW + 2 * H and not gone.active
    # Resolving is not repeated on the next run.
    assert store.reconcile_alerts([spec("phishing", None, subject_key="mail:7", severity="critical")],
                                  NOW + 3 * H).resolved == ()

    back = store.reconcile_alerts([spec(), spec("phishing", None, subject_key="mail:7", severity="critical")],
                                  NOW + 4 * H)
    assert back.reopened == (refund_id,) and back.new == ()
    reopened = [a for a in store.alerts() if a.id == refund_id][0]
    assert (reopened.resolved_at, reopened.acknowledged_at, reopened.last_notified_at, reopened.deliveries) == (
        None, None, None, ())
    assert reopened.first_seen_at == NOW + 4 * H
    assert len(store.alerts(active_only=False)) == 2
    assert [a.id for a in store.alerts()] == [phishing_id, refund_id]  # critical first


def test_alerts_without_order_are_keyed_by_subject(store: Store) -> None:
    specs = [spec("phishing", None, subject_key="mail:1"), spec("phishing", None, subject_key="mail:2"),
             spec("phishing", ORDER, subject_key="mail:3")]
    assert len(store.reconcile_alerts(specs, NOW).new) == 3
    assert store.reconcile_alerts(specs, NOW + H).unchanged == 3
    orderless = [a for a in store.alerts() if a.order_id is None]
    assert sorted(a.subject_key for a in orderless) == ["mail:1", "mail:2"]
    assert [a.subject_key for a in store.alerts(order_id=ORDER)] == ["mail:3"]


def test_duplicate_specs_keep_the_most_severe(store: Store) -> None:
    store.reconcile_alerts([spec(severity="warning"), spec(severity="critical"), spec(severity="info")], NOW)
    assert only(store).severity == "critical"


def test_ack_stops_nagging_but_keeps_the_alert(store: Store) -> None:
    store.reconcile_alerts([spec(), spec("shipped_after_cancel", ORDER), spec("seller_no_reply", "503-2")], NOW)
    assert store.ack(ORDER, "refund_overdue", now=NOW + H) == 1
    assert store.ack(ORDER, "refund_overdue", now=NOW + 2 * H) == 0  # already acknowledged
    assert store.ack(ORDER, now=NOW + 2 * H) == 1
    assert store.ack("nope", now=NOW) == 0
    acked = {a.kind: a.acknowledged_at for a in store.alerts()}
    assert acked == {"refund_overdue": NOW + H, "shipped_after_cancel": NOW + 2 * H, "seller_no_reply": None}
    # A severity change does not undo the user's acknowledgement.
    store.reconcile_alerts([spec(severity="critical"), spec("shipped_after_cancel", ORDER),
                            spec("seller_no_reply", "503-2")], NOW + 3 * H)
    assert [a.acknowledged_at for a in store.alerts(order_id=ORDER) if a.kind == "refund_overdue"] == [NOW + H]
    with pytest.raises(ValueError):
        store.ack(ORDER, now=datetime(2026, 11, 20))


def test_deliveries_per_channel(store: Store) -> None:
    [alert_id] = store.reconcile_alerts([spec()], NOW).new
    store.record_delivery(alert_id, "desktop", NOW, "warning")
    store.record_delivery(alert_id, "command:mail-me", NOW + H, "warning")
    store.record_delivery(alert_id, "desktop", NOW + 2 * H, "critical")
    record = only(store)
    assert record.last_notified_at == NOW + 2 * H
    assert record.deliveries == (Delivery("command:mail-me", NOW + H, "warning"),
                                 Delivery("desktop", NOW + 2 * H, "critical"))
    with pytest.raises(StoreError, match="no alert with id 4242"):
        store.record_delivery(4242, "desktop", NOW, "info")


def test_texts_keep_japanese(store: Store) -> None:
    store.reconcile_alerts([spec()], NOW)
    assert only(store).action["ja"] == "カスタマーサービスへ連絡してください。"


# ---- what a delivery cycle reads ------------------------------------------------------------------

CHANNELS = ("desktop", "hook")
delivery_st = st.one_of(st.none(), st.tuples(st.sampled_from(("info", "warning", "critical")),
                                             st.integers(min_value=0, max_value=72)))  # sent hours ago
alert_st = st.tuples(st.sampled_from(("info", "warning", "critical")), st.booleans(),  # acknowledged
                     st.tuples(delivery_st, delivery_st))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(made=st.lists(alert_st, min_size=1, max_size=8),
       channels=st.sampled_from((CHANNELS, CHANNELS[:1], CHANNELS[1:])),
       remind=st.sampled_from((None, 1, 24)))
def test_alerts_to_deliver_holds_every_alert_due_on_a_channel(tmp_path_factory: pytest.TempPathFactory, made: list,
                                                               channels: tuple[str, ...], remind: int | None) -> None:
    from daemon.service.notify.policy import due
    from daemon.service.notify.settings import NotifySettings

    now = NOW + timedelta(days=5)
    with Store.open(str(tmp_path_factory.mktemp("deliver") / "orders.db")) as store:
        specs = [spec(order_id=f"249-{n:07d}-3333333", severity=severity) for n, (severity, _, _) in enumerate(made)]
        store.reconcile_alerts(specs, NOW)
        ids = {r.order_id: r.id for r in store.alerts()}
        for n, (_, acknowledged, sent) in enumerate(made):
            order = f"249-{n:07d}-3333333"
            for channel, delivery in zip(CHANNELS, sent, strict=True):
                if delivery is not None:
                    store.record_delivery(ids[order], channel, now - timedelta(hours=delivery[1]), delivery[0])
            if acknowledged:
                store.ack(order, now=now)
        notify = NotifySettings(remind_every=None if remind is None else timedelta(hours=remind))
        read = {r.id for r in store.alerts_to_deliver(channels, None if remind is None else now - notify.remind_every)}
        wanted = {r.id for r in store.alerts() for c in channels if due(r, c, now, notify)}
        assert wanted <= read
        pending, acknowledged_count = store.alert_counts()
        assert (pending, acknowledged_count) == (sum(not a for _, a, _ in made), sum(a for _, a, _ in made))


def test_a_cycle_with_everything_sent_reads_no_alert(store: Store) -> None:
    store.reconcile_alerts([spec(order_id=f"249-{n:07d}-3333333") for n in range(5)], NOW)
    for record in store.alerts():
        for channel in CHANNELS:
            store.record_delivery(record.id, channel, NOW, record.severity)
    assert store.alerts_to_deliver(CHANNELS, NOW - timedelta(hours=24)) == []
    assert len(store.alerts_to_deliver(CHANNELS, NOW + timedelta(seconds=1))) == 5  # reminders due
    assert len(store.alerts_to_deliver((*CHANNELS, "new-channel"), None)) == 5      # never sent there
    store.reconcile_alerts([spec(order_id="249-0000000-3333333", severity="critical")], NOW)  # rose
    assert [r.order_id for r in store.alerts_to_deliver(CHANNELS, None)] == ["249-0000000-3333333"]
