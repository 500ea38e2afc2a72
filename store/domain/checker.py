"""The one checker of config tables: every section is read key by key with it.

A problem is one line, ``"<key>: <what is wrong> — fix: <what to do>"``; an unknown key names the
closest known one ("did you mean …?"). Pure: the domain's ``[rules]`` uses it too.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

from store.domain.messages import Msg


def problem_line(key: str, what: str, fix: str) -> str:
    """The problem as a ``Msg`` (English as a string; ``what``/``fix`` may be ``Msg`` too)."""
    return Msg("config problem", key=key, what=what, fix=fix)


def unknown_key(full_key: str, key: str, known: tuple[str, ...] | list[str], what: str = "") -> str:
    """``full_key: unknown key — fix: remove it (did you mean 'x'?)``, else the known keys."""
    close = difflib.get_close_matches(str(key), list(known), n=1)
    hint = Msg("did you mean", key=close[0]) if close else Msg("remove or use", keys=", ".join(known))
    return problem_line(full_key, what or Msg("unknown key"), hint)


class Checker:
    """Collects problems while reading one table; each getter returns a default on error."""

    def __init__(self, table: Mapping[str, Any], prefix: str, problems: list[str], known: tuple[str, ...]) -> None:
        self.table, self.prefix, self.problems = table, prefix, problems
        for key in table:
            if key not in known:
                self.problems.append(unknown_key(self.key(key), key, known))

    def key(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def problem(self, name: str, what: str, fix: str) -> None:
        self.problems.append(problem_line(self.key(name), what, fix))

    def get(self, name: str, kind: type | tuple[type, ...], default: Any, fix: str) -> Any:
        if name not in self.table:
            return default
        value = self.table[name]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            shown = Msg("a secret") if "password" in name else repr(value)[:60]
            self.problem(name, Msg("wrong type", shown=shown, got=_toml_type(value), expected=_kind_name(kinds)),
                         fix)
            return default
        return value

    def text(self, name: str, default: Any = None, fix: str = "") -> Any:
        fix = fix or Msg("give a string")
        value = self.get(name, str, default, fix)
        if isinstance(value, str) and not value.strip() and name in self.table:
            self.problem(name, Msg("is empty"), fix)
            return default
        return value

    def boolean(self, name: str, default: bool) -> bool:
        return self.get(name, bool, default, Msg("give a boolean"))

    def strings(self, name: str, default: Any, fix: str = "") -> Any:
        fix = fix or Msg("give strings")
        value = self.get(name, list, default, fix)
        if value is default:
            return default
        if not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(name, Msg("not strings"), fix)
            return default
        return tuple(value)

    def converted(self, name: str, convert: Callable[[Any], Any], default: Any, fix: str) -> Any:
        if name not in self.table:
            return default
        try:
            return convert(self.table[name])
        except ValueError as exc:
            why = exc.args[0] if exc.args else str(exc)  # a ``Msg`` from the converters here
            self.problem(name, Msg("bad value", value=repr(self.table[name])[:60], why=why), fix)
            return default


def _toml_type(value: Any) -> str:
    name = {bool: "boolean", int: "integer", float: "number", str: "string", list: "list", dict: "table"}.get(
        type(value))
    return Msg(f"toml {name}") if name else type(value).__name__


def _kind_name(kinds: tuple[type, ...]) -> str:
    names = [_toml_type(k()) for k in kinds]
    return names[0] if len(names) == 1 else Msg("either", a=names[0], b=names[1])
