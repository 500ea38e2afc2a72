"""Exponential backoff with jitter for reconnecting to IMAP servers.

A server restart drops every connection of every client at once; without jitter they would all
come back in lock-step. Each delay is drawn uniformly from ``[base * (1 - jitter), base]`` where
``base = min(cap, initial * factor ** attempt)``, so the delay never exceeds ``cap`` and the
expected wait still doubles while the server stays down.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Delays for successive failed attempts; ``reset()`` after a success."""

    initial: float = 1.0
    cap: float = 300.0
    factor: float = 2.0
    jitter: float = 0.5  # fraction of the base delay that may be shaved off at random
    rng: random.Random = field(default_factory=random.Random, repr=False)
    attempts: int = 0

    def __post_init__(self) -> None:
        if self.initial <= 0 or self.cap < self.initial:
            raise ValueError("backoff needs 0 < initial <= cap")
        if self.factor < 1:
            raise ValueError("backoff factor must be >= 1")
        if not 0 <= self.jitter <= 1:
            raise ValueError("backoff jitter must be within [0, 1]")

    def base_delay(self, attempt: int) -> float:
        """The un-jittered delay for the given attempt number (0-based)."""
        # Stop multiplying once past the cap: factor ** attempt would overflow after ~1000 failures.
        delay = self.initial
        for _ in range(attempt):
            delay *= self.factor
            if delay >= self.cap:
                return self.cap
        return min(delay, self.cap)

    def next_delay(self) -> float:
        """The delay before the next attempt; counts one more failure."""
        base = self.base_delay(self.attempts)
        self.attempts += 1
        return self.rng.uniform(base * (1 - self.jitter), base)

    def reset(self) -> None:
        self.attempts = 0

    def wait(self, stop: threading.Event) -> bool:
        """Sleep for the next delay unless ``stop`` is set first; True when it is time to retry."""
        return not stop.wait(self.next_delay())
