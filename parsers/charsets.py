"""Bytes → text for mail, whatever the charset label says. Never raises.

Japanese mail is decoded the way Windows (which wrote most of it) means it:
- Shift_JIS is cp932 (NEC/IBM extensions, ～ as U+FF5E);
- ISO-2022-JP is decoded like CP50220: every JIS X 0208 byte pair is mapped to its Shift_JIS pair
  and the result decoded as cp932, so NEC row-13 characters (①, ㈱) and IBM extensions come out
  right, which Python's iso2022_jp codecs refuse;
- EUC-JP is decoded as euc_jp with the same code points as cp932 (and like CP51932 when it holds
  NEC row-13 characters).
Lying or unknown labels fall back to: declared → utf-8 / cp932 / euc-jp heuristics → latin-1.
"""

from __future__ import annotations

import binascii
import codecs
import contextlib
import re

# Labels seen in mail → the decoder used. None means "unknown, guess".
_ALIASES: dict[str, str | None] = {
    **dict.fromkeys(
        ("shift_jis", "shift-jis", "sjis", "s-jis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j",
         "cp932", "ms932", "x-ms-cp932", "ibm-943", "shift_jis-2004", "shift_jisx0213"),
        "cp932"),
    **dict.fromkeys(
        ("iso-2022-jp", "iso2022-jp", "iso2022_jp", "csiso2022jp", "iso-2022-jp-1", "iso-2022-jp-2",
         "iso-2022-jp-3", "iso-2022-jp-2004", "iso-2022-jp-ms", "cp50220", "cp50221", "cp50222",
         "jis", "x-jis", "csiso2022jp2"),
        "iso-2022-jp"),
    **dict.fromkeys(
        ("euc-jp", "eucjp", "euc_jp", "x-euc-jp", "x-euc", "cseucpkdfmtjapanese", "eucjp-ms",
         "euc-jp-ms", "cp51932", "euc-jis-2004", "euc-jisx0213"),
        "euc-jp"),
    **dict.fromkeys(("utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "utf-8-sig"), "utf-8"),
    # ASCII is often declared for 8-bit text: guess when bytes are not ASCII.
    **dict.fromkeys(("us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "646"), None),
    # WHATWG: latin-1 labels mean windows-1252 (curly quotes at 0x80-0x9f).
    **dict.fromkeys(
        ("iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "windows-1252",
         "cp1252", "x-cp1252"),
        "cp1252"),
    **dict.fromkeys(("unknown-8bit", "x-unknown", "unknown", "default", "x-user-defined", ""), None),
}
_ASCII_INCOMPATIBLE = ("utf-16", "utf-32", "utf-7", "ucs-2", "ucs-4", "unicode")

# --- JIS X 0208 → Shift_JIS, byte-parallel (translate tables + big-int select) -------------
_JIS = range(0x21, 0x7F)


def _table(f) -> bytes:
    return bytes(f(b) if b in _JIS else 0 for b in range(256))


_LEAD = _table(lambda j1: ((j1 - 0x21) >> 1) + (0x81 if j1 < 0x5F else 0xC1))
_TRAIL_ODD_ROW = _table(lambda j2: j2 + (0x1F if j2 < 0x60 else 0x20))
_TRAIL_EVEN_ROW = _table(lambda j2: j2 + 0x7E)
_ODD_MASK = _table(lambda j1: 0xFF if j1 & 1 else 0)
_EVEN_MASK = _table(lambda j1: 0 if j1 & 1 else 0xFF)
_LOW7 = bytes(b & 0x7F for b in range(256))
_KANA_HIGH = bytes((b | 0x80) if 0x21 <= b <= 0x5F else b for b in range(256))


def _jis_to_sjis(run: bytes) -> bytes:
    """JIS X 0208 pairs (bytes 0x21-0x7E, even length) → Shift_JIS bytes, in C-speed steps."""
    j1, j2 = run[0::2], run[1::2]
    n = len(j1)
    odd = int.from_bytes(j2.translate(_TRAIL_ODD_ROW), "big") & int.from_bytes(j1.translate(_ODD_MASK), "big")
    even = int.from_bytes(j2.translate(_TRAIL_EVEN_ROW), "big") & int.from_bytes(
        j1.translate(_EVEN_MASK), "big")
    out = bytearray(2 * n)
    out[0::2] = j1.translate(_LEAD)
    out[1::2] = (odd | even).to_bytes(n, "big")
    return bytes(out)


_JIS_RUN = re.compile(rb"([\x21-\x7e]+)")
_ESCAPES = re.compile(rb"(\x1b\$[@B]|\x1b\$\([@BDOPQ]|\x1b\([BJIH]|\x1b&@|\x1b[\$\(\.,-][A-Z@]?|\x0e|\x0f)")
_TWO_BYTE_MODES = {b"\x1b$@": "0208", b"\x1b$B": "0208", b"\x1b$(@": "0208", b"\x1b$(B": "0208",
                   b"\x1b$(D": "0212", b"\x1b$(O": "0213", b"\x1b$(Q": "0213", b"\x1b$(P": "0213p2"}


def _two_byte_to_sjis(chunk: bytes) -> bytes:
    """One chunk in JIS X 0208 mode; stray controls/newlines pass through, an odd byte is dropped."""
    out = []
    for i, piece in enumerate(_JIS_RUN.split(chunk)):
        if i % 2 == 0:
            out.append(piece)
        else:
            out.append(_jis_to_sjis(piece[: len(piece) & ~1]))
            if len(piece) & 1:
                out.append(b"\x81\x48")  # ？ marks the half character
    return b"".join(out)


def decode_iso2022jp(data: bytes) -> str:
    """ISO-2022-JP (any flavour) decoded like Windows' CP50220; lenient about broken escapes."""
    pieces: list[str] = []
    sjis = bytearray()
    mode = "ascii"
    before_so = mode
    for i, token in enumerate(_ESCAPES.split(data)):
        if i % 2:
            if token == b"\x0e":
                before_so, mode = mode, "kana"
            elif token == b"\x0f":
                mode = before_so
            elif token == b"\x1b(I":
                mode = "kana"
            elif token in _TWO_BYTE_MODES:
                mode = _TWO_BYTE_MODES[token]
            elif token == b"\x1b(J":
                mode = "roman"  # JIS-Roman: ASCII but for 0x5C, the yen sign (CP50220 says backslash)
            elif token.startswith(b"\x1b("):
                mode = "ascii"
            continue  # unknown escapes (ISO-2022-JP-2 designations) are dropped
        if not token:
            continue
        if mode == "ascii":
            sjis += token
        elif mode == "roman":
            sjis += token.replace(b"\\", b"\x81\x8f")  # 0x5C is the yen sign here: cp932's ￥ (NFKC ¥)
        elif mode == "kana":
            sjis += token.translate(_KANA_HIGH)
        elif mode == "0208":
            sjis += _two_byte_to_sjis(token)
        else:  # JIS X 0212 / 0213: not in cp932, decode through EUC
            pieces.append(sjis.decode("cp932", "replace"))
            sjis.clear()
            pieces.append(_decode_jis_supplement(token, mode))
    pieces.append(sjis.decode("cp932", "replace"))
    return "".join(pieces)


def _decode_jis_supplement(token: bytes, mode: str) -> str:
    high = bytes(b | 0x80 if 0x21 <= b <= 0x7E else b for b in token)
    if mode == "0212":
        high = b"".join(b"\x8f" + high[i:i + 2] for i in range(0, len(high) - 1, 2))
        return high.decode("euc_jp", "replace")
    if mode == "0213p2":
        high = b"".join(b"\x8f" + high[i:i + 2] for i in range(0, len(high) - 1, 2))
    return high.decode("euc_jis_2004", "replace")


# Python's JIS tables differ from cp932 on a few code points; use cp932's (what the sender meant).
_JIS_TO_CP932 = str.maketrans({"\u301c": "\uff5e", "\u2212": "\uff0d", "\u2016": "\u2225",
                               "\u00a2": "\uffe0", "\u00a3": "\uffe1", "\u00ac": "\uffe2"})
_NEVER_EUC = re.compile(rb"[\x80-\x8d\x90-\xa0\xff]")
_HIGH_BYTES = re.compile(rb"[\x80-\xff]+")
_EUC_PIECES = re.compile(rb"((?:[\xa1-\xfe][\xa1-\xfe])+|\x8e[\xa1-\xdf]|\x8f[\xa1-\xfe][\xa1-\xfe])")


def decode_euc_jp(data: bytes, errors: str = "strict") -> str:
    """EUC-JP with cp932's code points; NEC row 13 (①) decoded like CP51932."""
    try:
        return data.decode("euc_jp").translate(_JIS_TO_CP932)
    except UnicodeDecodeError:
        if errors == "strict" and _NEVER_EUC.search(data):
            raise
    out = bytearray()
    for i, piece in enumerate(_EUC_PIECES.split(data)):
        if i % 2 == 0:
            if not piece.isascii():
                if errors == "strict":
                    raise UnicodeDecodeError("euc_jp", data, 0, len(data), "not EUC-JP")
                piece = _HIGH_BYTES.sub(b"?", piece)
            out += piece
        elif piece[0] == 0x8E:
            out.append(piece[1])
        elif piece[0] == 0x8F:
            out += b"\x81\x48"  # JIS X 0212 has no cp932 form
        else:
            out += _jis_to_sjis(piece.translate(_LOW7))
    return out.decode("cp932", errors)


_HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]")


def _halfwidth_kana(s: str) -> int:
    return len(_HALFWIDTH_KANA.findall(s))


# cp932 maps 0xA0, 0xFD-0xFF and its user-defined rows to private-use code points: real text
# never has them, binary junk does.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


_CJK = r"\u3400-\u9fff\uf900-\ufaff\uff61-\uff9f"
_LATIN_MISREAD = re.compile(rf"[A-Za-z][{_CJK}]|[{_CJK}][A-Za-z]")
_JAPANESE_TEXT = re.compile(r"[\u3040-\u30ff\u3001\u3002\u300c-\u300f\uff08\uff09\uff1a]")


def _guess(data: bytes) -> str | None:
    """Strict tries in the order real Japanese mail needs; None when nothing decodes cleanly."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    sjis = euc = None
    try:
        sjis = data.decode("cp932")
        if _PRIVATE_USE.search(sjis):
            sjis = None
    except UnicodeDecodeError:
        pass
    with contextlib.suppress(UnicodeDecodeError):
        euc = decode_euc_jp(data)
    if sjis is not None and euc is not None:
        # EUC-JP bytes often also "decode" as cp932 into half-width katakana soup.
        guess = euc if _halfwidth_kana(euc) < _halfwidth_kana(sjis) else sjis
    else:
        guess = sjis if sjis is not None else euc
    if guess is not None and _LATIN_MISREAD.search(guess) and not _JAPANESE_TEXT.search(guess):
        # Latin-1 "Grüße" is also valid cp932 ("Gr館e"): kanji glued to Latin letters and no
        # kana or Japanese punctuation anywhere means a Western text.
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("cp1252")
    return guess


def _last_resort(data: bytes) -> str:
    text = data.decode("utf-8", "replace")
    if text.count("\ufffd") * 100 <= len(text):
        return text  # mostly UTF-8 with a few broken bytes
    return data.decode("latin-1")


def canonical_charset(charset: str | None) -> str | None:
    """The decoder a label maps to: cp932, iso-2022-jp, euc-jp, utf-8, cp1252, another Python
    codec name, or None when the label is missing, unknown or means 'guess'."""
    if not charset:
        return None
    label = charset.strip().strip("\"'").lower()
    if label in _ALIASES:
        return _ALIASES[label]
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):
        return None


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode ``data`` declared as ``charset``; falls back instead of failing. Never raises."""
    try:
        return _decode(bytes(data), canonical_charset(charset))
    except Exception:  # a codec bug must not reach the caller
        return bytes(data).decode("latin-1")


def _decode(data: bytes, label: str | None) -> str:
    if not data:
        return ""
    if label and label.startswith(_ASCII_INCOMPATIBLE):
        try:
            return data.decode(label)
        except UnicodeDecodeError:
            return _guess(data) or data.decode(label, "replace")
    # Escape sequences mean ISO-2022-JP whatever the label says (a common mislabel); an
    # ISO-2022-JP label on 8-bit text is the lie instead.
    if b"\x1b$" in data or b"\x1b(" in data or (label == "iso-2022-jp" and data.isascii()):
        return decode_iso2022jp(data)
    if data.isascii():
        return data.decode("ascii")
    if label == "cp932":
        try:
            return data.decode("cp932")
        except UnicodeDecodeError:
            return _guess(data) or data.decode("cp932", "replace")
    if label == "euc-jp":
        try:
            return decode_euc_jp(data)
        except UnicodeDecodeError:
            return _guess(data) or decode_euc_jp(data, "replace")
    if label == "cp1252":
        try:
            return data.decode("utf-8")  # UTF-8 labelled latin-1: valid UTF-8 by chance is rare
        except UnicodeDecodeError:
            pass
        with contextlib.suppress(UnicodeDecodeError):  # Shift_JIS labelled latin-1 (Japanese spam)
            sjis = data.decode("cp932")
            if _JAPANESE_TEXT.search(sjis) and not _PRIVATE_USE.search(sjis):
                return sjis
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    if label and label != "utf-8":
        try:
            return data.decode(label)
        except (UnicodeDecodeError, LookupError):
            pass
    text = _guess(data)
    return text if text is not None else _last_resort(data)


# --- display safety -------------------------------------------------------------------------
# Terminal escape sequences (CSI "ESC [ … m", OSC "ESC ] … BEL/ST" such as OSC 8 hyperlinks) and
# any other C0/C1 control character: decoded mail text reaches terminals and notifications, and
# no legitimate mail text needs them. ISO-2022-JP escapes are gone by the time this runs.
_TERMINAL_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]|\x1b[@-_]?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """``text`` without terminal escape sequences and control characters (TAB, LF, CR kept)."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub("", _TERMINAL_SEQUENCE.sub("", text))


# --- RFC 2047 header values ---------------------------------------------------------------
_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,64})\?([bBqQ])\?([^?\s]*)\?=")
_FOLD = re.compile(r"\r?\n[ \t]+")
_HEADER_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]+")
_B64_JUNK = re.compile(rb"[^A-Za-z0-9+/]+")
MAX_HEADER_CHARS = 16_000


def decode_base64(data: bytes) -> bytes:
    """Base64 that tolerates junk characters and wrong padding."""
    try:
        return binascii.a2b_base64(data)
    except (binascii.Error, ValueError):
        cleaned = _B64_JUNK.sub(b"", data)
        cleaned = cleaned[: len(cleaned) - (1 if len(cleaned) % 4 == 1 else 0)]
        return binascii.a2b_base64(cleaned + b"=" * (-len(cleaned) % 4))


def _word_bytes(encoding: str, text: str) -> bytes:
    data = text.encode("ascii", "replace")
    if encoding in "bB":
        return decode_base64(data)
    return binascii.a2b_qp(data, header=True)


def header_bytes(value: str) -> bytes:
    """The octets of a header value as the stdlib (compat32) holds them."""
    try:
        return value.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogateescape")


def decode_header_value(value: str) -> str:
    """A header value for display: unfolded, raw 8-bit/JIS text decoded leniently, every RFC 2047
    encoded word decoded (adjacent words of one charset joined before decoding, so characters
    split across words survive), control characters turned into spaces. Never raises."""
    if not value:
        return ""
    if not isinstance(value, str):  # an email.header.Header from a caller's own Message
        value = str(value)
    try:
        return _decode_header(value[:MAX_HEADER_CHARS])
    except Exception:  # lenient by contract: show what we have
        return _HEADER_CONTROLS.sub(" ", value[:MAX_HEADER_CHARS]).strip()


def _decode_header(value: str) -> str:
    if value.isascii() and value.isprintable() and "=?" not in value:
        return value.strip()  # the common case: plain ASCII on one line
    if not value.isascii() or "\x1b" in value:
        value = decode_bytes(header_bytes(value), None)
    value = _FOLD.sub(" ", value)
    if "=?" in value:
        value = _decode_words(value)
    if "\x1b" in value or "\x9b" in value:
        value = _TERMINAL_SEQUENCE.sub("", value)
    return _HEADER_CONTROLS.sub(" ", value).strip()


def _decode_words(value: str) -> str:
    out: list[str] = []
    pending: list[bytes] = []
    pending_charset = ""
    pos = 0

    def flush() -> None:
        if pending:
            out.append(decode_bytes(b"".join(pending), pending_charset))
            pending.clear()

    for m in _ENCODED_WORD.finditer(value):
        gap = value[pos:m.start()]
        charset = m.group(1).split("*", 1)[0].lower()
        if gap and not (pending and gap.isspace()):
            flush()
            out.append(gap)
        elif pending and charset != pending_charset:
            flush()
        pending_charset = charset
        pending.append(_word_bytes(m.group(2), m.group(3)))
        pos = m.end()
    flush()
    out.append(value[pos:])
    return "".join(out)
