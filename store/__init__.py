"""Persistence (SQLAlchemy) plus the pure timeline and rules over stored events.

Keep this file free of imports: `store.domain.timeline` and `store.domain.rules` must import without SQLAlchemy.
"""
