"""The one duration grammar of the config: ``"30s"``, ``"5m"``, ``"1h30m"``, ``"2d"``, ``"2w"``, ``"500ms"``.

A duration is one or more ``<number><unit>`` parts (units ``ms s m h d w``, any case, spaces
ignored). A bare number is in the key's own unit (seconds, hours or days); ``text_needs_unit``
refuses a quoted bare number where a unit-less string would be ambiguous.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from store.domain.messages import Msg

UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def parse_duration(value: Any, unit: str = "s", *, text_needs_unit: bool = False,
                   positive: bool = True) -> timedelta:
    """``value`` (a number in ``unit``, or text in the grammar above) → timedelta; ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(Msg("not a duration"))
    if isinstance(value, int | float):
        seconds = float(value) * UNIT_SECONDS[unit]
    else:
        text = value.strip().lower().replace(" ", "")
        if _NUMBER.fullmatch(text) and not text_needs_unit:
            seconds = float(text) * UNIT_SECONDS[unit]
        else:
            parts = _PART.findall(text)
            if not parts or "".join(n + u for n, u in parts) != text:
                raise ValueError(Msg("not a duration"))
            seconds = sum(float(n) * UNIT_SECONDS[u] for n, u in parts)
    if seconds < 0 or (positive and seconds == 0):
        raise ValueError(Msg("must be positive"))
    return timedelta(seconds=seconds)
