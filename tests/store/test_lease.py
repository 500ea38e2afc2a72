"""Leases (issue 11: two watchers on one store): one holder at a time, across Store objects, on
SQLite (flock beside the file) and PostgreSQL (advisory lock); freed on release."""

from __future__ import annotations

from store.repository import Store


def test_one_holder_at_a_time(store_url: str) -> None:
    with Store.open(store_url) as first, Store.open(store_url) as second:
        held = first.try_lease("account:home")
        assert held is not None
        assert second.try_lease("account:home") is None
        other = second.try_lease("account:work")  # another account is free
        assert other is not None
        held.release()
        again = second.try_lease("account:home")
        assert again is not None
        for lease in (again, other):
            lease.release()
        held.release()  # twice is harmless
