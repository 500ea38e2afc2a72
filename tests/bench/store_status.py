"""How fast the store loads every order's events (what `orders status` reads first).

    python -m tests.bench.store_status [--orders 10000] [--url URL]

Fills a fresh store (a temporary SQLite file unless ``--url`` names an empty database) with
``--orders`` orders of four mails/events each (ordered, shipped, out for delivery, delivered; one
in ten cancelled instead of delivered), through the real ``Store.ingest`` in batches of 1,000, then
times ``order_events()`` over all of them. Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from parsers.events import Event, ParseResult
from store.domain.model import MailSource
from store.repository import Store

START = datetime(2026, 1, 1, tzinfo=UTC)
JST = timezone(timedelta(hours=9))


def order_mails(n: int) -> list[tuple[bytes, MailSource, ParseResult]]:
    order_id = f"250-{n:07d}-{n * 7 % 10_000_000:07d}"
    base = START + timedelta(minutes=43 * n)
    kinds = ["ordered", "shipped", "out_for_delivery", "delivered"]
    if n % 10 == 0:
        kinds = ["ordered", "cancel_requested", "cancelled", "refunded"]
    out = []
    for step, kind in enumerate(kinds):
        at = (base + timedelta(days=step)).astimezone(JST)
        message_id = f"{order_id}.{kind}@amazon.co.jp"
        event = Event(kind=kind, order_id=order_id, at=at.isoformat(), market="amazon.co.jp", seller="amazon",
                      payment_method="credit_card", amount=1000.0 + n % 5000, currency="JPY",
                      items=(f"商品 {n} 番",), carrier="yamato" if kind == "shipped" else None,
                      tracking_number=f"{n:012d}" if kind == "shipped" else None)
        subject = f"Amazon.co.jp {kind} {order_id}"
        raw = (f"Message-ID: <{message_id}>\r\nFrom: Amazon.co.jp <auto-confirm@amazon.co.jp>\r\n"
               f"Subject: {subject}\r\nDate: {at.isoformat()}\r\n\r\n" + f"注文番号 {order_id}\r\n" * 40).encode()
        result = ParseResult(message_id=message_id, subject=subject, date=at.isoformat(),
                             from_addr="auto-confirm@amazon.co.jp", from_name="Amazon.co.jp", authenticity="pass",
                             suspicious=False, status="parsed", parser="bench", parser_version="1", events=(event,),
                             order_ids=(order_id,))
        out.append((raw, MailSource("bench", "INBOX", n * 4 + step + 1, 1), result))
    return out


def fill(store: Store, orders: int, batch_orders: int = 250) -> float:
    started = time.perf_counter()
    now = datetime(2026, 12, 1, tzinfo=UTC)
    for first in range(0, orders, batch_orders):
        items = [m for n in range(first, min(first + batch_orders, orders)) for m in order_mails(n)]
        store.ingest(items, now=now)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--url", help="an empty database (default: a temporary SQLite file)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or str(Path(tmp) / "orders.db")
        with Store.open(url) as store:
            filled = fill(store, args.orders)
            print(f"store: {store.where}")
            print(f"filled {args.orders} orders ({args.orders * 4} mails/events) in {filled:.1f} s "
                  f"({args.orders * 4 / filled:,.0f} mails/s)")
            timings = []
            for _ in range(args.runs):
                started = time.perf_counter()
                timelines = store.order_events()
                timings.append(time.perf_counter() - started)
            events = sum(len(v) for v in timelines.values())
            assert len(timelines) == args.orders and events == args.orders * 4, (len(timelines), events)
            print(f"order_events(): {len(timelines)} orders, {events} events — first {timings[0] * 1000:.0f} ms, "
                  f"best {min(timings) * 1000:.0f} ms, median {statistics.median(timings) * 1000:.0f} ms "
                  f"over {args.runs} runs")
            started = time.perf_counter()
            store.order_events(as_of=datetime(2026, 6, 1, tzinfo=UTC))
            print(f"order_events(as_of=…): {(time.perf_counter() - started) * 1000:.0f} ms")
            try:
                from store.domain.timeline import build
            except ImportError:
                return
            started = time.perf_counter()
            for order_id, sourced in timelines.items():
                build(order_id, sourced)
            print(f"timeline.build for every order (store.domain.timeline, for reference): "
                  f"{(time.perf_counter() - started) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
