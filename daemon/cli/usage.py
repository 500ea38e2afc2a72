"""Command-line mistakes (argparse's errors) said in the user's language.

argparse writes its errors in English; the few it makes for our commands are recognised here and
given in the user's language (``--lang`` on the command line, else the config's `lang`, else the
locale). The usage line keeps the command's own spelling: that is what the user types.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

# argparse's message → our message key (the groups are its values).
_ARGPARSE = (
    (re.compile(r"the following arguments are required: (?P<args>.+)"), "usage required"),
    (re.compile(r"argument (?P<arg>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
     "usage choice"),
    (re.compile(r"unrecognized arguments: (?P<args>.+)"), "usage unrecognized"),
    (re.compile(r"argument (?P<arg>\S+): expected one argument"), "usage one value"),
    (re.compile(r"argument (?P<arg>\S+): invalid int value: (?P<value>.+)"), "usage int"),
)
_argv: list[str] = []


def remember_argv(argv: Sequence[str] | None) -> None:
    """The command line being parsed (an error names the language before parsing has finished)."""
    _argv[:] = list(sys.argv[1:] if argv is None else argv)


def _lang() -> str:
    from daemon.config import effective_lang, load_config

    for i, arg in enumerate(_argv):
        if arg == "--lang" and i + 1 < len(_argv):
            return effective_lang(_argv[i + 1])
        if arg.startswith("--lang="):
            return effective_lang(arg.partition("=")[2])
    path = next((_argv[i + 1] for i, a in enumerate(_argv[:-1]) if a == "--config"), None)
    try:
        return effective_lang(load_config(path).lang)
    except Exception:  # noqa: BLE001 - a broken config is not this error; the locale decides
        return effective_lang(None)


def translate(message: str, lang: str) -> str:
    from store.domain.messages import word

    for pattern, key in _ARGPARSE:
        if m := pattern.fullmatch(message):
            return word(key, lang, **m.groupdict())
    return message


class Parser(argparse.ArgumentParser):
    """argparse, with its errors in the user's language."""

    def error(self, message: str) -> NoReturn:
        from store.domain.messages import word

        lang = _lang()
        usage = self.format_usage()
        if lang != "en":
            usage = usage.replace("usage: ", word("usage", lang), 1)
        sys.stderr.write(usage)
        self.exit(2, word("usage error", lang, prog=self.prog, text=translate(message, lang)) + "\n")
