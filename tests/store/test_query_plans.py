"""The reads of every `status` and every idle poll do not grow with history (SQLite, whose planner
has no statistics to rescue a poorly chosen index).

A regression here is slow only on a large store — 0.1 s per query on 400,000 mails — so it is
measured on a small one, in SQLite's own work: the virtual machine's steps for the same reads before
and after ten times as much settled history is added, and no plan that scans a growing table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event as sa_event

from daemon.service.incremental import current, evaluate_due
from store.domain.rules import RuleSettings
from store.repository import Store
from tests.store.factories import event, item

GROWING = ("mails", "events", "order_states", "mail_locations", "alert_deliveries")
SCAN = re.compile(r"\bSCAN (\w+)(?! USING)")
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=1)
STEP = 100  # VM instructions per progress-handler call


def _recent(store: Store) -> None:
    """A few live orders, one unread Amazon mail, one forged mail: what `status` shows."""
    items = []
    for n in range(20):
        order, at = f"250-{n:07d}-0000001", (NOW - timedelta(days=n)).isoformat()
        items.append(item(f"o{n}@x", event("ordered", order, at), uid=2 * n + 1))
        items.append(item(f"s{n}@x", event("shipped", order, at), uid=2 * n + 2, folder="Junk", in_junk=n % 7 == 0))
    items.append(item("u@x", status="unrecognized", order_ids=("250-0000001-0000001",), date=NOW.isoformat(), uid=99))
    items.append(item("p@x", status="suspicious", suspicious=True, authenticity="fail",
                      order_ids=("250-0000002-0000001",), date=NOW.isoformat(), uid=100))
    store.ingest(items, now=NOW)


def _history(store: Store, orders: int) -> None:
    """Orders delivered long ago: settled, no alert can change — history a read must not visit."""
    items = []
    for n in range(orders):
        order, at = f"503-{n:07d}-0000002", (NOW - timedelta(days=400 + n % 300)).isoformat()
        items.append(item(f"h{n}o@x", event("ordered", order, at), uid=1000 + 2 * n, account="old"))
        items.append(item(f"h{n}d@x", event("delivered", order, at), uid=1001 + 2 * n, account="old"))
    store.ingest(items, now=NOW)


def _reads(store: Store, rules: RuleSettings) -> list[tuple[str, object]]:
    """What `orders status` and an idle poll ask the store; the statements sent."""
    sent: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001 - SQLAlchemy's hook
        sent.append((statement, parameters))

    sa_event.listen(store.engine, "before_cursor_execute", record)
    try:
        current(store, rules, LATER, open_only=True)     # `orders status`
        store.unread_count()                             # its last line, and every poll's
        assert evaluate_due(store, rules, LATER).idle    # an idle poll's rules
    finally:
        sa_event.remove(store.engine, "before_cursor_execute", record)
    return sent


def _steps(store: Store, work: Callable[[], object]) -> int:
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    def install(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        conn.connection.driver_connection.set_progress_handler(tick, STEP)

    sa_event.listen(store.engine, "before_cursor_execute", install)
    try:
        work()
    finally:
        sa_event.remove(store.engine, "before_cursor_execute", install)
    return count[0] * STEP


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_status_and_idle_poll_do_not_grow_with_history(store: Store) -> None:
    rules = RuleSettings()
    _recent(store)
    _history(store, 50)
    evaluate_due(store, rules, NOW)
    before = _steps(store, lambda: _reads(store, rules))
    _history(store, 1000)  # twenty times the history
    evaluate_due(store, rules, NOW)
    after = _steps(store, lambda: _reads(store, rules))
    assert after <= 1.5 * before + 20 * STEP, (before, after)

    scans = []
    with store.engine.connect() as conn:
        for statement, parameters in _reads(store, rules):
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            plan = "\n".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters))
            scans += [(table, " ".join(statement.split())[:120]) for table in SCAN.findall(plan) if table in GROWING]
    assert scans == []
