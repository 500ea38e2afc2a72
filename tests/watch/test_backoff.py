import random
import threading
import time

import pytest

from daemon.service.backoff import Backoff


def test_base_delay_doubles_until_cap():
    b = Backoff(initial=1.0, cap=30.0, factor=2.0)
    assert [b.base_delay(n) for n in range(7)] == [1, 2, 4, 8, 16, 30, 30]
    # A very long outage must neither overflow nor exceed the cap.
    assert b.base_delay(10_000) == 30.0


def test_delays_are_jittered_within_bounds_and_grow():
    b = Backoff(initial=1.0, cap=300.0, jitter=0.5, rng=random.Random(7))
    delays = [b.next_delay() for _ in range(12)]
    for attempt, delay in enumerate(delays):
        base = min(300.0, 2.0**attempt)
        assert base * 0.5 <= delay <= base
    assert max(delays) <= 300.0
    assert delays[-1] > delays[0] * 50


def test_jitter_spreads_clients_apart():
    # Ten clients dropped by the same restart must not all retry at the same instant.
    firsts = {round(Backoff(initial=4.0, rng=random.Random(seed)).next_delay(), 3) for seed in range(10)}
    assert len(firsts) == 10


def test_reset_starts_over():
    b = Backoff(initial=0.5, cap=10.0, jitter=0.0)
    for _ in range(5):
        b.next_delay()
    b.reset()
    assert b.next_delay() == 0.5
    assert b.next_delay() == 1.0


@pytest.mark.parametrize(
    "kwargs",
    [dict(initial=0), dict(initial=5, cap=1), dict(factor=0.5), dict(jitter=1.5)],
)
def test_rejects_nonsense(kwargs):
    with pytest.raises(ValueError):
        Backoff(**kwargs)


def test_wait_returns_early_when_stopped():
    stop = threading.Event()
    b = Backoff(initial=30.0, cap=30.0, jitter=0.0)
    threading.Timer(0.05, stop.set).start()
    started = time.monotonic()
    assert b.wait(stop) is False
    assert time.monotonic() - started < 2.0


def test_wait_returns_true_after_delay():
    b = Backoff(initial=0.01, cap=0.01, jitter=0.0)
    assert b.wait(threading.Event()) is True
