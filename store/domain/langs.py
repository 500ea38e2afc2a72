"""The languages alerts, drafts and notifications are written in (a tiny module: the CLI reads it at start)."""

from __future__ import annotations

# No imports here: `orders --version` reads this (``typing`` alone costs milliseconds); the Literal type
# of these values is ``store.domain.texts.Lang``.
LANGS: tuple[str, ...] = ("ja", "en", "de", "fr", "it", "es")


def locale_lang(value: str) -> str:
    """The language of a locale string ("de_DE.UTF-8" → "de"); English when it is none of ours."""
    code = value.split("_")[0].split(".")[0].lower()
    return code if code in LANGS else "en"
