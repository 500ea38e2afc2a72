"""normalize(): the text patterns see (parsers/normalize.py)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from parsers.normalize import INVISIBLE, normalize, strip_invisible


def test_full_width_digits_colons_and_spaces() -> None:
    assert normalize("注文番号：２５０－１１１１１１１－１１１１１１１") == "注文番号:250-1111111-1111111"
    assert normalize("Ａｍａｚｏｎ．ｃｏ．ｊｐ　ご注文の発送") == "Amazon.co.jp ご注文の発送"
    assert normalize("配達済み：") == normalize("配達済み:")
    assert normalize("ｱﾏｿﾞﾝ") == "アマゾン"


@pytest.mark.parametrize("control", list(INVISIBLE))
def test_every_bidi_and_zero_width_control_is_removed(control: str) -> None:
    assert normalize(f"250-{control}1111111{control}-1111111") == "250-1111111-1111111"
    assert normalize(f"Ama{control}zon") == "Amazon"


def test_required_controls_are_covered() -> None:
    required = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u200b\u200c\u200d\ufeff"
    assert set(required) <= set(INVISIBLE)


def test_lines_spaces_and_line_ends() -> None:
    assert normalize("  a \t\t b  \r\n\r\n c\rd\n") == "a b\n\nc\nd"
    assert normalize("") == ""


def test_strip_invisible_keeps_everything_else() -> None:
    assert strip_invisible("\u202b２５０\u200b　x") == "２５０　x"


def reference(s: str) -> str:
    """The definition, in one NFKC call over the whole text."""
    s = unicodedata.normalize("NFKC", strip_invisible(s)).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip(" ") for line in s.split("\n")).strip()


@pytest.mark.parametrize("text", [
    "注文番号：２５０\n　お届け先：東京都\r\nｶﾀｶﾅ ㈱ ① ㍻\n\nplain ascii line\n",
    "か\n\u3099ガ\u3099\nｶﾞ\ufb01 \u2460\u2461",  # combining marks at line starts, ligatures, circled digits
    "\u202b２５０-１１１１１１１\u202c\t\t合計　１，０１０円",
])
def test_line_by_line_nfkc_equals_whole_text_nfkc(text: str) -> None:
    assert normalize(text) == reference(text)
