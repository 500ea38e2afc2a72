"""The terminal's words: ``store.domain.messages`` (one table for every layer that speaks to the user)."""

from __future__ import annotations

from store.domain.messages import Msg, localize, word

__all__ = ["Msg", "localize", "word"]
