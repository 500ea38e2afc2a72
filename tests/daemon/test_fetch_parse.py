"""fetch_parse: the pipelined first sync hands back every batch, in order, parsed as inline parsing would.

Real worker processes parse real fixture mail; the "server" is a function returning the bytes (the
IMAP side is covered by the sync and crash tests against Dovecot).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from daemon.service.fetch_parse import PARALLEL_MIN, parsed_batches, workers_for
from parsers import parse_mail

FIXTURES = sorted(Path(__file__).resolve().parents[2].joinpath("fixtures", "emails").rglob("*.eml"))


def mailbox(n: int) -> dict[int, bytes]:
    return {uid: FIXTURES[uid % len(FIXTURES)].read_bytes() for uid in range(1, n + 1)}


def batches_of(uids: list[int], size: int) -> list[list[int]]:
    return [uids[i:i + size] for i in range(0, len(uids), size)]


def test_pipelined_batches_equal_inline_parsing() -> None:
    box = mailbox(90)
    batches = batches_of(sorted(box), 7)
    threads: set[str] = set()

    def fetch(uids: list[int]) -> dict[int, tuple[bytes, dict]]:
        threads.add(threading.current_thread().name)
        return {u: (box[u], {}) for u in reversed(uids)}  # any order: handed back ascending

    got = list(parsed_batches(batches, fetch, parse_mail, {}, workers=2))
    assert [batch for batch, _ in got] == batches
    for batch, parsed in got:
        assert [uid for uid, _, _ in parsed] == batch
        for uid, raw, result in parsed:
            assert raw == box[uid]
            assert result == parse_mail(raw)
    assert threads == {"orders-fetch"}  # fetched off the caller's thread


def test_a_fetch_error_reaches_the_caller_after_the_batches_before_it() -> None:
    box = mailbox(30)
    batches = batches_of(sorted(box), 5)

    def fetch(uids: list[int]) -> dict[int, tuple[bytes, dict]]:
        if uids[0] == 16:
            raise ConnectionResetError("the server went away")
        return {u: (box[u], {}) for u in uids}

    stored = []
    with pytest.raises(ConnectionResetError):
        for batch, _ in parsed_batches(batches, fetch, parse_mail, {}, workers=2):
            stored.append(batch)
    assert stored == batches[:3]


def test_stopping_early_stops_the_fetching_thread() -> None:
    box = mailbox(200)
    batches = batches_of(sorted(box), 10)
    fetched: list[int] = []

    def fetch(uids: list[int]) -> dict[int, tuple[bytes, dict]]:
        fetched.append(uids[0])
        return {u: (box[u], {}) for u in uids}

    it = parsed_batches(batches, fetch, parse_mail, {}, workers=2)
    next(it)
    it.close()
    assert not any(t.name == "orders-fetch" and t.is_alive() for t in threading.enumerate())
    assert len(fetched) < len(batches)  # bounded read-ahead, not the whole mailbox


def test_small_syncs_parse_inline() -> None:
    assert workers_for(PARALLEL_MIN - 1) == 0
    assert workers_for(PARALLEL_MIN) in (0, *range(2, 1025))
