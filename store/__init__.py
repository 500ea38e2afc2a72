"""Persistence (SQLAlchemy) plus the pure timeline and rules over stored events.

Keep this file free of imports: `store.timeline` and `store.rules` must import without SQLAlchemy.
"""
