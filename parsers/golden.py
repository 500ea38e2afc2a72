"""Golden files: the expected parse of each fixture mail, kept beside it as ``X.eml.events.json``.

(Re)generate an expected file from what the parser says now (``orders parse --write-expected``), then
read and check every value:

    orders parse --write-expected fixtures/emails/jp/new-mail.eml           # refuses to overwrite
    orders parse --write-expected --force fixtures/emails/jp/new-mail.eml   # overwrite (keeps "options")
    orders parse --write-expected --trust-forwarder me@example.jp --strict new.eml   # with parse options

The file format::

    {"options": {"trusted_forwarders": ["me@example.jp"]},   # optional: keyword arguments of parse_mail
     "status": "parsed", "authenticity": "pass", "suspicious": false,
     "forwarded_by": "me@example.jp",                       # optional, compared when present
     "order_ids": ["250-…"],                                # optional, compared when present
     "events": [ {Event.to_dict()}, ... ]}

Only ``write_expected`` touches files; ``expected_from_result`` and ``diff`` are pure.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from parsers import ParseResult, parse_mail

SUFFIX = ".events.json"
COMPARED = ("status", "authenticity", "suspicious", "events")
# Checked only when the expected file has them (a forward's forwarder, the ids a suspicious mail names).
OPTIONAL = ("forwarded_by", "order_ids")


def expected_path(eml: Path) -> Path:
    return eml.with_name(eml.name + SUFFIX)


def expected_from_result(result: ParseResult, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """The golden document for ``result`` (``options`` first when there are any)."""
    doc: dict[str, Any] = {"options": options} if options else {}
    doc.update(status=result.status, authenticity=result.authenticity, suspicious=result.suspicious)
    if result.forwarded_by:
        doc["forwarded_by"] = result.forwarded_by
    if result.status != "parsed" and result.order_ids:
        doc["order_ids"] = list(result.order_ids)
    doc["events"] = [e.to_dict() for e in result.events]
    return doc


def comparable(doc: dict[str, Any], optional: Sequence[str] = ()) -> dict[str, Any]:
    """The compared part of a golden document, numbers as floats so 1010 equals 1010.0."""
    out = {k: doc.get(k) for k in (*COMPARED, *optional)}
    out["events"] = [
        {k: (float(v) if k == "amount" and isinstance(v, int) else v) for k, v in e.items()}
        for e in (doc.get("events") or [])
    ]
    return out


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def diff(expected: dict[str, Any], actual: dict[str, Any], name: str = "expected") -> str:
    """A unified diff of two golden documents ('' when they agree)."""
    optional = [k for k in OPTIONAL if k in expected]
    a, b = comparable(expected, optional), comparable(actual, optional)
    if a == b:
        return ""
    return "".join(difflib.unified_diff(dumps(a).splitlines(keepends=True), dumps(b).splitlines(keepends=True),
                                        fromfile=name, tofile="parser output"))


def parse_fixture(raw: bytes, options: dict[str, Any] | None) -> ParseResult:
    return parse_mail(raw, **(options or {}))


def write_expected(eml: Path, *, force: bool = False, options: dict[str, Any] | None = None) -> Path:
    """Write ``eml``'s expected file from the current parser. Raises ``FileExistsError`` unless ``force``.

    With ``force`` and no ``options`` given, the existing file's options are kept.
    """
    target = expected_path(eml)
    if target.exists():
        if not force:
            raise FileExistsError(f"{target} exists; pass --force to overwrite it")
        if options is None:
            options = json.loads(target.read_text(encoding="utf-8")).get("options")
    result = parse_fixture(eml.read_bytes(), options)
    target.write_text(dumps(expected_from_result(result, options)), encoding="utf-8")
    return target
