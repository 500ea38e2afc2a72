"""normalize(): the text patterns see (parsers/normalize.py)."""

from __future__ import annotations

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
