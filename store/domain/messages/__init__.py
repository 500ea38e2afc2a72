"""Every sentence the terminal shows the user, in every language: one keyed table and one renderer.

``MESSAGES[key][lang]`` is a ``str.format`` template; the tables live beside this file by concern
(``words``: the words around the data in tables and summaries; ``errors``: what went wrong and the fix;
``checks``: `orders doctor` and the sync's report; ``setup``: `orders init`). A language an entry lacks
shows the English text. Alert wording is ``store.domain.texts`` (a richer shape: parts and variants).

A layer that raises or reports does not know the user's language; it builds a ``Msg`` — a ``str`` that
reads as English wherever a plain string is expected (logs, ``--json``, tests) and renders in any
language with ``localize(value, lang)`` at the edge that prints it. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

from store.domain.messages import checks, errors, setup, words

MESSAGES: dict[str, dict[str, str]] = {}
for _table in (words.WORDS, errors.ERRORS, checks.CHECKS, setup.SETUP):
    for _key, _entry in _table.items():
        if _key in MESSAGES:  # one key, one meaning: a clash between the tables is a bug
            raise KeyError(f"message key {_key!r} defined twice")
        MESSAGES[_key] = _entry


def _template(key: str, lang: str) -> str:
    entry = MESSAGES[key]
    return entry.get(lang) or entry["en"]


def word(key: str, lang: str, /, **values: object) -> str:
    """The message ``key`` in ``lang`` with ``values`` filled in (a ``Msg`` value renders in ``lang`` too)."""
    text = _template(key, lang)
    return text.format(**{k: localize(v, lang) for k, v in values.items()}) if values else text


def localize(value: object, lang: str) -> object:
    """A ``Msg`` (or a ``UserError``) in ``lang``; any other value as it is (numbers keep their format
    specs)."""
    text = getattr(value, "text", None)
    return text(lang) if callable(text) else value


class Msg(str):
    """A message to show the user: English as a ``str``, any language through ``text(lang)``.

    ``Msg("not_order", order="x")``; values may be ``Msg`` themselves (rendered in the same language).
    """

    key: str
    values: Mapping[str, object]

    def __new__(cls, key: str, /, **values: object) -> Msg:
        self = super().__new__(cls, word(key, "en", **values))
        self.key = key
        self.values = values
        return self

    def text(self, lang: str) -> str:
        return word(self.key, lang, **self.values)

    def __reduce__(self) -> tuple[object, ...]:  # crosses process boundaries (parsing workers) intact
        return (_rebuild, (self.key, dict(self.values)))


def _rebuild(key: str, values: dict[str, object]) -> Msg:
    return Msg(key, **values)


def join(parts: list[object], sep: str, lang: str) -> str:
    """``parts`` (strings or ``Msg``) in ``lang``, joined with ``sep``."""
    return sep.join(str(localize(p, lang)) for p in parts)


_ERRNO_KEYS = {2: "errno ENOENT", 13: "errno EACCES", 21: "errno EISDIR", 20: "errno ENOTDIR", 28: "errno ENOSPC"}


def os_reason(exc: OSError) -> str:
    """Why the system refused, as a ``Msg`` when it is a common reason (else the system's own words)."""
    key = _ERRNO_KEYS.get(exc.errno or 0)
    return Msg(key) if key else (exc.strerror or str(exc))
