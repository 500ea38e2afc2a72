"""Bytes → text for every charset Japanese and Western order mail arrives in (parsers/charsets.py)."""

from __future__ import annotations

import base64
import random

import pytest

from parsers.charsets import (
    canonical_charset,
    decode_base64,
    decode_bytes,
    decode_header_value,
    strip_controls,
)

JA = "ご注文の確認　注文番号：250-1111111-1111111　お届け予定 5:00～13:00"
# JIS X 0208 codes of NEC row-13 characters, which Python's iso2022_jp codecs refuse.
NEC_CIRCLED_1 = b"\x2d\x21"  # ①
NEC_KABU = b"\x2d\x6a"  # ㈱


def iso2022jp_with_nec(before: str, after: str) -> bytes:
    """ISO-2022-JP bytes of ``before ①㈱ after`` as Windows (CP50220) writes them."""
    return (before.encode("iso2022_jp") + b"\x1b$B" + NEC_CIRCLED_1 + NEC_KABU + b"\x1b(B"
            + after.encode("iso2022_jp"))


@pytest.mark.parametrize("label", ["iso-2022-jp", "ISO-2022-JP", "csISO2022JP", "iso-2022-jp-ms", None])
def test_iso2022jp_decodes_with_any_label(label: str | None) -> None:
    text = "ご注文の確認 注文番号: 250-1111111-1111111"
    assert decode_bytes(text.encode("iso2022_jp"), label) == text


def test_iso2022jp_nec_row13_decoded_like_cp50220() -> None:
    data = iso2022jp_with_nec("販売: ", " さくら雑貨店")
    with pytest.raises(UnicodeDecodeError):
        data.decode("iso2022_jp")  # why this module exists
    assert decode_bytes(data, "iso-2022-jp") == "販売: ①㈱ さくら雑貨店"


def test_iso2022jp_ibm_extension_rows_and_halfwidth_kana() -> None:
    # CP50220 writes IBM extension kanji (here 0xED40 in cp932, "纊") as JIS row 0x79.
    assert decode_bytes(b"\x1b$B\x79\x21\x1b(B", "iso-2022-jp") == b"\xed\x40".decode("cp932")
    assert decode_bytes(b"\x1b(I12345\x1b(B", "iso-2022-jp") == "ｱｲｳｴｵ"
    assert decode_bytes(b"\x0e12\x0fA", "iso-2022-jp") == "ｱｲA"


def test_iso2022jp_uses_cp932_code_points_like_shift_jis() -> None:
    # 〜 (JIS 0x2141) and − (0x215D): Windows senders mean ～ and －, the same as in their Shift_JIS.
    jis = "5:00〜13:00 −1".encode("iso2022_jp")
    assert decode_bytes(jis, "iso-2022-jp") == "5:00～13:00 －1"
    assert decode_bytes(jis, "iso-2022-jp") == decode_bytes("5:00～13:00 －1".encode("cp932"), "shift_jis")


def test_iso2022jp_unterminated_and_odd_bytes_do_not_raise() -> None:
    assert decode_bytes(b"\x1b$B%F%9%H", "iso-2022-jp") == "テスト"
    assert decode_bytes(b"\x1b$B%F%", "iso-2022-jp").startswith("テ")
    assert decode_bytes(b"\x1b$(D\x30\x21\x1b(B", "iso-2022-jp") == "丂"  # JIS X 0212


@pytest.mark.parametrize("label", ["shift_jis", "Shift_JIS", "sjis", "x-sjis", "windows-31j", "cp932"])
def test_shift_jis_is_cp932(label: str) -> None:
    text = "①㈱ 5:00～13:00 髙橋"
    with pytest.raises(UnicodeError):
        text.encode("shift_jis")  # Python's shift_jis lacks the Windows characters
    assert decode_bytes(text.encode("cp932"), label) == text


def test_euc_jp_including_nec_row13() -> None:
    assert decode_bytes(JA.replace("～", "〜").encode("euc_jp"), "euc-jp") == JA
    assert decode_bytes(b"\xad\xa1\xad\xea" + "テスト".encode("euc_jp"), "EUC-JP") == "①㈱テスト"


@pytest.mark.parametrize("encoding", ["utf-8", "cp932", "euc_jp", "iso2022_jp"])
def test_missing_or_unknown_label_is_guessed(encoding: str) -> None:
    text = "ご注文の商品を発送しました。お問い合わせ伝票番号は999999999999です"
    data = text.encode(encoding)
    for label in (None, "", "unknown-8bit", "x-unknown", "x-bogus-charset", "us-ascii"):
        assert decode_bytes(data, label) == text


@pytest.mark.parametrize(("data", "label", "expected"), [
    ("注文済み".encode(), "iso-8859-1", "注文済み"),  # UTF-8 labelled latin-1
    ("注文済み".encode("cp932"), "utf-8", "注文済み"),  # Shift_JIS labelled UTF-8
    ("注文済み".encode(), "iso-2022-jp", "注文済み"),  # 8-bit text labelled ISO-2022-JP
    ("注文済み".encode("iso2022_jp"), "utf-8", "注文済み"),  # JIS labelled UTF-8
    ("café “quoted”".encode("cp1252"), "iso-8859-1", "café “quoted”"),  # WHATWG: latin-1 means cp1252
    ("Grüße".encode("latin-1"), "utf-8", "Grüße"),
    ("アカウントの確認をお願いします".encode("cp932"), "iso-8859-1", "アカウントの確認をお願いします"),
    ("Déjà vu, naïve façade".encode("latin-1"), "iso-8859-1", "Déjà vu, naïve façade"),
])
def test_lying_labels(data: bytes, label: str, expected: str) -> None:
    assert decode_bytes(data, label) == expected


def test_other_codecs_and_utf16() -> None:
    assert decode_bytes("Заказ".encode("koi8_r"), "koi8-r") == "Заказ"
    assert decode_bytes("注文".encode("utf-16"), "utf-16") == "注文"


def test_binary_junk_never_raises() -> None:
    rnd = random.Random(7)
    labels = [None, "utf-8", "shift_jis", "iso-2022-jp", "euc-jp", "us-ascii", "iso-8859-1", "utf-16",
              "x-bogus", "koi8-r", "\udcff", "=?"]
    for _ in range(300):
        data = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 200)))
        if rnd.random() < 0.3:
            data = b"\x1b$B" + data
        assert isinstance(decode_bytes(data, rnd.choice(labels)), str)
    assert decode_bytes(b"\xff\xfe\xfd", "x-bogus") == "ÿþý"  # latin-1 last resort, not private-use junk


def test_canonical_charset() -> None:
    assert canonical_charset('"Shift_JIS"') == "cp932"
    assert canonical_charset("ISO-2022-JP-2") == "iso-2022-jp"
    assert canonical_charset("x-euc-jp") == "euc-jp"
    assert canonical_charset("latin1") == "cp1252"
    assert canonical_charset("no-such") is None


def test_lenient_base64() -> None:
    good = base64.b64encode("注文済み".encode())
    assert decode_base64(good) == "注文済み".encode()
    assert decode_base64(good.rstrip(b"=")) == "注文済み".encode()  # missing padding
    assert decode_base64(b"!!" + good[:4] + b"\n**" + good[4:]) == "注文済み".encode()  # junk characters
    assert isinstance(decode_base64(b"A"), bytes)


# --- header values --------------------------------------------------------------------------
def b_word(text: str, charset: str) -> str:
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?="


def test_header_folded_words_are_joined() -> None:
    value = "=?UTF-8?B?5rOo5paH5riI44G/?=\r\n =?UTF-8?Q?=3A_=E3=80=8C=E5=95=86=E5=93=81=E3=80=8D?="
    assert decode_header_value(value) == "注文済み: 「商品」"


def test_header_mixed_charsets_and_plain_text() -> None:
    value = (f"Amazon.co.jp {b_word('ご注文', 'iso2022_jp')}\r\n\t{b_word('の確認', 'cp932')} "
             f"{b_word('（2点）', 'utf-8')} done")
    assert decode_header_value(value) == "Amazon.co.jp ご注文の確認（2点） done"


def test_header_character_split_across_words() -> None:
    raw = "テスト".encode()
    value = f"=?utf-8?B?{base64.b64encode(raw[:4]).decode()}?= =?utf-8?B?{base64.b64encode(raw[4:]).decode()}?="
    assert decode_header_value(value) == "テスト"


def test_header_iso2022jp_word_with_nec_and_shift_jis_q_word() -> None:
    nec = base64.b64encode(b"\x1b$B" + NEC_KABU + b"\x1b(B").decode()
    sjis_q = "".join(f"={b:02X}" for b in "さくら".encode("cp932"))
    assert decode_header_value(f"=?ISO-2022-JP?B?{nec}?= =?Shift_JIS?Q?{sjis_q}?=") == "㈱さくら"


def test_header_raw_8bit_and_raw_jis() -> None:
    # compat32 keeps 8-bit header octets as surrogate escapes.
    as_stdlib = "件名 Amazon".encode("cp932").decode("ascii", "surrogateescape")
    assert decode_header_value(as_stdlib) == "件名 Amazon"
    assert decode_header_value("注文".encode().decode("ascii", "surrogateescape")) == "注文"
    assert decode_header_value("\x1b$B%F%9%H\x1b(B") == "テスト"


def test_header_injection_and_junk_do_not_survive() -> None:
    assert decode_header_value("=?utf-8?Q?a=0D=0ABcc:_x@evil?=") == "a Bcc: x@evil"
    assert decode_header_value("x\x00y\x07z") == "x y z"
    assert isinstance(decode_header_value("=?utf-8?B?###?= =?bogus?Q?=FF?= =?x?B?"), str)
    assert decode_header_value("=?utf-8*ja?Q?=E6=B3=A8?=") == "注"  # RFC 2231 language suffix


def test_terminal_escapes_and_controls_are_stripped() -> None:
    hostile = "a\x1b[31mred\x1b[0m \x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\ b\x07c\x9b2Jd\x00e\tf\n"
    assert strip_controls(hostile) == "ared link bcde\tf\n"
    assert strip_controls("注文\t番号\n") == "注文\t番号\n"
    encoded = base64.b64encode("木工房\x1b[31m x\x85y".encode()).decode()
    assert decode_header_value(f"=?utf-8?B?{encoded}?=") == "木工房 x y"


def test_jis_roman_backslash_is_the_yen_sign() -> None:
    """ESC ( J selects JIS-Roman, whose 0x5C is ¥ (amounts like "\\ 640" must read as yen); ASCII's stays."""
    from parsers.charsets import decode_bytes
    from parsers.normalize import normalize

    raw = b"\x1b$BJV6b3[\x1b(B: \x1b(J\\\x1b(B 640 C:\\x"
    assert normalize(decode_bytes(raw, "iso-2022-jp")) == "返金額: ¥ 640 C:\\x"
