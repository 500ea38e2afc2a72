"""Fetch and parse at once: a fetching thread ahead of parsing processes, batches handed on in order.

A first sync reads thousands of candidates. Fetching one batch at a time, then parsing it, then
storing it leaves the network idle while parsing and one core idle always. ``parsed_batches``
overlaps the three: a thread fetches batches into a bounded queue (``FETCH_AHEAD``), each fetched
batch is split across worker processes (one per core), and the caller gets the batches back in
UID order with their parse results, at most ``PARSE_AHEAD`` batches in flight — so memory stays
bounded by a few batches (each ≤ ``BATCH_BYTES``) however big the mailbox.

The caller stores each batch with its checkpoint before taking the next, so the checkpoint never
runs ahead of stored mail: whatever was fetched or parsed but not yet stored when the process
dies is fetched again on the next run (and deduplicated).

Small syncs (the daemon's pickups, an incremental poll) parse inline: starting processes would
cost more than it saves.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import Future

log = logging.getLogger(__name__)

PARALLEL_MIN = 300  # candidates below this are parsed inline
FETCH_AHEAD = 2  # fetched batches waiting to be parsed
PARSE_AHEAD = 3  # batches being parsed while the caller stores an earlier one
CHUNK = 20  # mails per task sent to a worker

# UIDs → {uid: (raw, parse options of that mail, e.g. its INTERNALDATE as fallback_date)}
Fetch = Callable[[list[int]], dict[int, tuple[bytes, dict[str, Any]]]]
Parse = Callable[..., Any]  # parse(raw, **options, **own): a module-level function (it goes to the workers)
Parsed = list[tuple[int, bytes, Any]]  # (uid, raw, what parse returned), ascending UID


def _parse_many(parse: Parse, mails: Sequence[tuple[bytes, dict[str, Any]]], options: dict[str, Any]) -> list[Any]:
    return [parse(raw, **options, **own) for raw, own in mails]


def _ready() -> int:
    return os.getpid()


def _die_with_parent(parent: int) -> None:
    """Worker initializer: a worker must not outlive a killed sync (kill -9): it holds copies of the
    parent's descriptors, the account's lease among them. Linux: PR_SET_PDEATHSIG."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def workers_for(candidates: int) -> int:
    """How many parsing processes a sync of ``candidates`` mails (or about as many) should use
    (0: parse inline)."""
    if candidates < PARALLEL_MIN:
        return 0
    import multiprocessing  # here: an idle poll never needs it

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores if cores >= 2 and "fork" in multiprocessing.get_all_start_methods() else 0


def parsed_batches(batches: Iterable[list[int]], fetch: Fetch, parse: Parse, options: dict[str, Any],
                   workers: int = 0) -> Iterator[tuple[list[int], Parsed]]:
    """Each batch of UIDs with its mails fetched and parsed (``parse(raw, **options, **own)``, ``own``
    the mail's options from ``fetch``), in order.

    ``batches`` and ``fetch`` are consumed from one thread only (a second one when ``workers`` > 0:
    a lazy ``batches`` may send its own IMAP commands there, between the fetches); errors of
    planning, fetching or parsing are raised here, in the caller's thread. Closing the iterator early stops
    the fetching thread and the workers.
    """
    if workers <= 0:
        for batch in batches:
            items = sorted(fetch(batch).items())
            yield batch, [(uid, raw, result) for (uid, (raw, _)), result in
                          zip(items, _parse_many(parse, [mail for _, mail in items], options), strict=True)]
        return
    yield from _pipelined(batches, fetch, parse, options, workers)


def _pipelined(batches: Iterable[list[int]], fetch: Fetch, parse: Parse, options: dict[str, Any],
               workers: int) -> Iterator[tuple[list[int], Parsed]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import parsers  # noqa: F401 - loaded before forking, so every worker starts with it

    # fork: the workers start at once with the parsers loaded; they are started here, before the
    # fetching thread exists, so no lock held by that thread is copied into them.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_die_with_parent, initargs=(os.getpid(),))
    fetched: queue.Queue[tuple[list[int], dict[int, tuple[bytes, dict[str, Any]]]] | BaseException | None] = \
        queue.Queue(FETCH_AHEAD)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                fetched.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def fetcher() -> None:
        try:
            for batch in batches:
                if stop.is_set() or not put((batch, fetch(batch))):
                    return
            put(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread, raised there
            put(exc)

    thread = threading.Thread(target=fetcher, name="orders-fetch", daemon=True)
    pending: deque[tuple[list[int], list[tuple[int, tuple[bytes, dict[str, Any]]]], list[Future[list[Any]]]]] = \
        deque()
    try:
        for started in [pool.submit(_ready) for _ in range(workers)]:
            started.result()
        thread.start()
        done = False
        error: BaseException | None = None
        while not done or pending:
            while not done and len(pending) < PARSE_AHEAD:
                item = fetched.get()
                if item is None or isinstance(item, BaseException):
                    # The batches fetched before a failure are still handed on (and stored).
                    done, error = True, item
                    break
                batch, raws = item
                items = sorted(raws.items())
                futures = [pool.submit(_parse_many, parse, [mail for _, mail in items[i:i + CHUNK]], options)
                           for i in range(0, len(items), CHUNK)]
                pending.append((batch, items, futures))
            if pending:
                batch, items, futures = pending.popleft()
                results = [r for f in futures for r in f.result()]
                yield batch, [(uid, raw, result) for (uid, (raw, _)), result in zip(items, results, strict=True)]
        if error is not None:
            raise error
    finally:
        stop.set()
        with contextlib.suppress(queue.Empty):
            while True:  # unblock a fetcher waiting to put
                fetched.get_nowait()
        if thread.is_alive():
            thread.join(60)  # it finishes the FETCH under way, then sees ``stop``
        pool.shutdown(wait=True, cancel_futures=True)
