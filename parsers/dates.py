"""Dates in mail text, in every marketplace language: the one date module of the parsers. Pure.

* ``resolve_date(phrase, base, languages=…)``: the date a delivery phrase names ("Dienstag, 3. Dezember",
  "mardi 3 décembre", "3 de diciembre de 2026", "domani", "amanhã", "明日", "Tuesday"), resolved against
  ``base`` — the mail's own date in the market's zone, never the clock.
* ``local_date(when, zone)``: the calendar day of a mail's Date in a market's IANA zone (``zoneinfo``:
  daylight saving included).
* ``parse_header_date(value)``: a ``Date:``/``Received:`` stamp (RFC 5322, zone names the stdlib misreads
  as +0000 such as "JST", ISO-like dates of odd mailers); ``parse_loose_date(value)``: a date as mail
  clients print it in a forward block ("Mon, Nov 2, 2026 at 9:15 AM", "2026年11月2日(月) 9:15").
* ``ZONE_HOURS``: the zone abbreviations both read.

Month and weekday names and the relative words are data (``MONTHS``, ``WEEKDAYS``, ``RELATIVE``), one
entry per language; a new language is a new entry.
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from parsers.normalize import normalize

# language -> 12 months, each the forms the language writes (full, inflected, abbreviated).
MONTHS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
           ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
           ("october", "oct"), ("november", "nov"), ("december", "dec")),
    "de": (("januar", "jänner", "jan"), ("februar", "feb"), ("märz", "mär", "mrz"), ("april", "apr"), ("mai",),
           ("juni", "jun"), ("juli", "jul"), ("august", "aug"), ("september", "sept", "sep"),
           ("oktober", "okt"), ("november", "nov"), ("dezember", "dez")),
    "fr": (("janvier", "janv"), ("février", "fevrier", "févr", "fév"), ("mars",), ("avril", "avr"), ("mai",),
           ("juin",), ("juillet", "juil"), ("août", "aout"), ("septembre", "sept"), ("octobre", "oct"),
           ("novembre", "nov"), ("décembre", "decembre", "déc")),
    "it": (("gennaio", "gen"), ("febbraio", "feb"), ("marzo", "mar"), ("aprile", "apr"), ("maggio", "mag"),
           ("giugno", "giu"), ("luglio", "lug"), ("agosto", "ago"), ("settembre", "set"), ("ottobre", "ott"),
           ("novembre", "nov"), ("dicembre", "dic")),
    "es": (("enero", "ene"), ("febrero", "feb"), ("marzo", "mar"), ("abril", "abr"), ("mayo", "may"),
           ("junio", "jun"), ("julio", "jul"), ("agosto", "ago"), ("septiembre", "setiembre", "sept", "sep"),
           ("octubre", "oct"), ("noviembre", "nov"), ("diciembre", "dic")),
    "pt": (("janeiro", "jan"), ("fevereiro", "fev"), ("março", "marco", "mar"), ("abril", "abr"), ("maio", "mai"),
           ("junho", "jun"), ("julho", "jul"), ("agosto", "ago"), ("setembro", "set"), ("outubro", "out"),
           ("novembro", "nov"), ("dezembro", "dez")),
    "nl": (("januari", "jan"), ("februari", "feb"), ("maart", "mrt"), ("april", "apr"), ("mei",),
           ("juni", "jun"), ("juli", "jul"), ("augustus", "aug"), ("september", "sep"), ("oktober", "okt"),
           ("november", "nov"), ("december", "dec")),
    # Polish dates use the genitive ("3 grudnia"); the nominative names a month alone.
    "pl": (("stycznia", "styczeń"), ("lutego", "luty"), ("marca", "marzec"), ("kwietnia", "kwiecień"),
           ("maja", "maj"), ("czerwca", "czerwiec"), ("lipca", "lipiec"), ("sierpnia", "sierpień"),
           ("września", "wrzesień"), ("października", "październik"), ("listopada", "listopad"),
           ("grudnia", "grudzień")),
    "sv": (("januari", "jan"), ("februari", "feb"), ("mars", "mar"), ("april", "apr"), ("maj",),
           ("juni", "jun"), ("juli", "jul"), ("augusti", "aug"), ("september", "sep"), ("oktober", "okt"),
           ("november", "nov"), ("december", "dec")),
    "tr": (("ocak",), ("şubat", "subat"), ("mart",), ("nisan",), ("mayıs", "mayis"), ("haziran",), ("temmuz",),
           ("ağustos", "agustos"), ("eylül", "eylul"), ("ekim",), ("kasım", "kasim"), ("aralık", "aralik")),
    "ar": (("يناير",), ("فبراير",), ("مارس",), ("أبريل", "ابريل", "إبريل"), ("مايو",), ("يونيو",), ("يوليو",),
           ("أغسطس", "اغسطس"), ("سبتمبر",), ("أكتوبر", "اكتوبر"), ("نوفمبر",), ("ديسمبر",)),
}

# language -> 7 weekdays, Monday first.
WEEKDAYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("monday", "mon"), ("tuesday", "tues", "tue"), ("wednesday", "wed"), ("thursday", "thurs", "thu"),
           ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun")),
    "de": (("montag",), ("dienstag",), ("mittwoch",), ("donnerstag",), ("freitag",), ("samstag", "sonnabend"),
           ("sonntag",)),
    "fr": (("lundi",), ("mardi",), ("mercredi",), ("jeudi",), ("vendredi",), ("samedi",), ("dimanche",)),
    "it": (("lunedì", "lunedi"), ("martedì", "martedi"), ("mercoledì", "mercoledi"), ("giovedì", "giovedi"),
           ("venerdì", "venerdi"), ("sabato",), ("domenica",)),
    "es": (("lunes",), ("martes",), ("miércoles", "miercoles"), ("jueves",), ("viernes",), ("sábado", "sabado"),
           ("domingo",)),
    "pt": (("segunda-feira", "segunda"), ("terça-feira", "terca-feira", "terça", "terca"),
           ("quarta-feira", "quarta"), ("quinta-feira", "quinta"), ("sexta-feira", "sexta"),
           ("sábado", "sabado"), ("domingo",)),
    "nl": (("maandag",), ("dinsdag",), ("woensdag",), ("donderdag",), ("vrijdag",), ("zaterdag",), ("zondag",)),
    "pl": (("poniedziałek", "poniedzialek"), ("wtorek",), ("środa", "środę", "sroda"), ("czwartek",),
           ("piątek", "piatek"), ("sobota", "sobotę"), ("niedziela", "niedzielę")),
    "sv": (("måndag",), ("tisdag",), ("onsdag",), ("torsdag",), ("fredag",), ("lördag",), ("söndag",)),
    "tr": (("pazartesi",), ("salı", "sali"), ("çarşamba", "carsamba"), ("perşembe", "persembe"),
           ("cuma",), ("cumartesi",), ("pazar",)),
    "ar": (("الاثنين", "الإثنين"), ("الثلاثاء",), ("الأربعاء", "الاربعاء"), ("الخميس",), ("الجمعة",),
           ("السبت",), ("الأحد", "الاحد")),
    "ja": (("月曜日", "月曜", "(月)"), ("火曜日", "火曜", "(火)"), ("水曜日", "水曜", "(水)"),
           ("木曜日", "木曜", "(木)"), ("金曜日", "金曜", "(金)"), ("土曜日", "土曜", "(土)"),
           ("日曜日", "日曜", "(日)")),
}
# Languages written without spaces between words: their names are not bounded by non-letters.
UNSPACED = frozenset({"ja"})

# language -> (regex, days after the mail's day). Longer words first ("übermorgen" before "morgen");
# a word that also means "morning" only when it stands as "tomorrow" ("por la mañana" is not).
RELATIVE: dict[str, tuple[tuple[str, int], ...]] = {
    "en": ((r"day after tomorrow", 2), (r"tomorrow", 1), (r"today|tonight|this evening", 0)),
    "ja": ((r"明後日", 2), (r"明日", 1), (r"本日|今日", 0)),
    "de": ((r"übermorgen", 2), (r"(?<!am )(?<!den )morgen(?! früh\b)|morgen früh", 1), (r"heute", 0)),
    "fr": ((r"après-demain|apres-demain", 2), (r"demain", 1), (r"aujourd['’]hui|ce soir", 0)),
    "it": ((r"dopodomani", 2), (r"domani", 1), (r"oggi|stasera|in giornata", 0)),
    "es": ((r"pasado mañana", 2), (r"(?<!la )(?<!esta )(?<!de )mañana", 1), (r"hoy|esta noche", 0)),
    "pt": ((r"depois de amanhã", 2), (r"amanhã|amanha", 1), (r"hoje", 0)),
    "nl": ((r"overmorgen", 2), (r"morgen", 1), (r"vandaag|vanavond", 0)),
    "pl": ((r"pojutrze", 2), (r"jutro", 1), (r"dzisiaj|dziś|dzis", 0)),
    "sv": ((r"i övermorgon|övermorgon", 2), (r"i morgon|imorgon", 1), (r"i dag|idag|i kväll|ikväll", 0)),
    "tr": ((r"yarından sonra", 2), (r"yarın|yarin", 1), (r"bugün|bugun", 0)),
    "ar": ((r"بعد غد", 2), (r"غدا|غدً?ا|غداً|غدٍ", 1), (r"اليوم", 0)),
}

# Zone abbreviations that mail headers and forward blocks write, with their UTC offsets in hours. Only
# unambiguous names: "IST" (India / Ireland / Israel) and "AST" (Arabia / Atlantic) are left out.
ZONE_HOURS: dict[str, float] = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2,
    "EET": 2, "EEST": 3, "TRT": 3, "GST": 4, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "AWST": 8, "ACST": 9.5,
    "AEST": 10, "AEDT": 11, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "BRT": -3,
}

_DEFAULT_LANGUAGES = ("en", "ja")


def _alt(forms: list[str]) -> str:
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


@cache
def _tables(languages: tuple[str, ...]) -> tuple[dict[str, int], dict[str, int], re.Pattern[str],
                                                  re.Pattern[str], re.Pattern[str], re.Pattern[str],
                                                  list[tuple[re.Pattern[str], int]]]:
    """The regexes and name maps of a set of languages, built once per set."""
    month_of: dict[str, int] = {}
    weekday_of: dict[str, int] = {}
    for lang in languages:
        for i, forms in enumerate(MONTHS.get(lang, ())):
            for form in forms:
                month_of.setdefault(form, i + 1)
        for i, forms in enumerate(WEEKDAYS.get(lang, ())):
            for form in forms:
                weekday_of.setdefault(form, i)
    months = _alt(list(month_of)) or r"(?!)"
    bounded = [f for lang in languages if lang not in UNSPACED for fs in WEEKDAYS.get(lang, ()) for f in fs]
    bare = [f for lang in languages if lang in UNSPACED for fs in WEEKDAYS.get(lang, ()) for f in fs]
    end = r"(?![^\W\d_])"  # a name ends where letters end ("mar" is not "marzo"; Arabic too)
    mon = rf"(?P<mon>{months}){end}\.?"
    # Day then month: "3. Dezember", "3 décembre", "1er mars", "3 de diciembre de 2026", "3 grudnia 2026".
    day_month = re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})(?:\.|º|ª|er|st|nd|rd|th)?\s*(?:de\s+|di\s+)?{mon}"
        rf"(?:,?\s*(?:de\s+|del\s+)?(?P<y>20\d{{2}}))?", re.IGNORECASE)
    # Month then day: "December 3", "Dec. 3, 2026".
    month_day = re.compile(
        rf"{mon}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y>20\d{{2}}))?", re.IGNORECASE)
    numeric = re.compile(
        r"(?P<y>20\d{2})\s*[/.\-年]\s*(?P<m>\d{1,2})\s*[/.\-月]\s*(?P<d>\d{1,2})"
        r"|(?<![\d.,])(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y2>20\d{2}|\d{2}(?![\d]))"
        r"|(?P<jm>\d{1,2})\s*月\s*(?P<jd>\d{1,2})\s*日"
        r"|(?<![\d.,])(?P<da>\d{1,2})\.(?P<ma>\d{1,2})\.(?!\d)"         # "3.12." is always day first
        r"|(?<![\d/])(?P<sa>\d{1,2})/(?P<sb>\d{1,2})(?![\d/])",
        re.IGNORECASE)
    # Longest names first across both kinds, so "cumartesi" is tried before its prefix "cuma".
    pieces = sorted([(f, True) for f in bounded] + [(f, False) for f in bare], key=lambda p: -len(p[0]))
    weekday = re.compile("|".join(rf"(?<![^\W\d_])(?P<w{i}>{re.escape(f)})(?![^\W\d_])" if b
                                  else rf"(?P<w{i}>{re.escape(f)})" for i, (f, b) in enumerate(pieces)) or r"(?!)",
                         re.IGNORECASE)
    relative = [(re.compile(rx if lang in UNSPACED else rf"(?<![^\W\d_])(?:{rx})(?![^\W\d_])", re.IGNORECASE),
                 days) for lang in languages for rx, days in RELATIVE.get(lang, ())]
    return month_of, weekday_of, day_month, month_day, numeric, weekday, relative


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def near_year(base: date, month: int, day: int) -> date | None:
    """Month/day without a year: the occurrence nearest to ``base`` (deliveries lie ahead)."""
    candidate = _safe(base.year, month, day)
    if candidate is None:
        return None
    if candidate < base - timedelta(days=60):
        return _safe(base.year + 1, month, day)
    if candidate > base + timedelta(days=300):
        return _safe(base.year - 1, month, day)
    return candidate


def _numeric(m: re.Match[str], base: date, day_first: bool) -> date | None:
    if m.group("y"):
        return _safe(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if m.group("y2"):
        a, b = int(m.group("a")), int(m.group("b"))
        year = int(m.group("y2"))
        year = year + 2000 if year < 100 else year
        # "03.12.2026" and "03-12-2026" are day first everywhere; "05/11/2026" depends on the market.
        first_is_day = day_first or m.group("sep") in ".-"
        month, day = (b, a) if first_is_day else (a, b)
        return _safe(year, month, day)
    if m.group("jm"):
        return near_year(base, int(m.group("jm")), int(m.group("jd")))
    if m.group("da"):
        return near_year(base, int(m.group("ma")), int(m.group("da")))
    a, b = int(m.group("sa")), int(m.group("sb"))
    month, day = (b, a) if day_first else (a, b)
    return near_year(base, month, day)


def _named(m: re.Match[str], base: date, month_of: dict[str, int]) -> date | None:
    month = month_of.get(m.group("mon").lower())
    if month is None:
        return None
    day = int(m.group("d"))
    if m.group("y"):
        return _safe(int(m.group("y")), month, day)
    return near_year(base, month, day)


@lru_cache(maxsize=4096)
def resolve_date(phrase: str, base: date, *, day_first: bool = False,
                 languages: tuple[str, ...] = _DEFAULT_LANGUAGES) -> date | None:
    """The (first) date a delivery phrase names, relative to the mail's local date ``base``.

    An explicit date (numeric or with a month name) wins, the first one in the phrase (in a range the
    first day comes first); then a relative word ("tomorrow", "morgen", "domani"); then a weekday name
    (the next such day on or after ``base``). ``languages`` are those of the market's mail.
    """
    month_of, weekday_of, day_month, month_day, numeric, weekday, relative = _tables(languages)
    found = [m for m in (numeric.search(phrase), day_month.search(phrase), month_day.search(phrase)) if m]
    for m in sorted(found, key=lambda m: m.start()):
        resolved = _numeric(m, base, day_first) if m.re is numeric else _named(m, base, month_of)
        if resolved is not None:
            return resolved
    best: tuple[int, int] | None = None
    for regex, days in relative:
        hit = regex.search(phrase)
        if hit and (best is None or hit.start() < best[0]):
            best = (hit.start(), days)
    if best is not None:
        return base + timedelta(days=best[1])
    hit = weekday.search(phrase)
    if hit:
        index = weekday_of.get(hit.group(hit.lastgroup or 0).lower())
        if index is not None:
            return base + timedelta(days=(index - base.weekday()) % 7)
    return None


@cache
def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name`` (``Europe/Berlin``), loaded once."""
    return ZoneInfo(name)


def local_date(when: datetime, zone_name: str | None) -> date:
    """The calendar day of ``when`` in zone ``zone_name`` (daylight saving applied); its own offset
    when no zone is named."""
    if zone_name is None:
        return when.date()
    return when.astimezone(zone(zone_name)).date()


# --- dates in mail headers ----------------------------------------------------------------------------
_COLON_OFFSET = re.compile(r"([+-]\d{2}):(\d{2})(?!\d)")
_ZONE_WORD = re.compile(r":\d\d\s+([A-Za-z]{3,4})\b")  # a zone name right after the time


def parse_header_date(value: str) -> datetime | None:
    """A decoded ``Date:`` or ``Received:`` stamp as an aware datetime (UTC when it names no zone), or None."""
    value = _COLON_OFFSET.sub(r"\1\2", value[:200])  # "+09:00" → "+0900"
    try:
        parts = email.utils.parsedate_tz(value)
        if parts is not None:
            offset = parts[9]
            zone = _ZONE_WORD.search(value)
            # Names the stdlib takes as +0000 ("JST", "CET"); the ones it knows ("EST") keep its offset.
            if zone and not offset and zone.group(1).upper() in ZONE_HOURS:
                offset = int(ZONE_HOURS[zone.group(1).upper()] * 3600)
            tz = timezone(timedelta(seconds=offset)) if offset is not None else UTC
            return datetime(*parts[:6], tzinfo=tz)
    except (ValueError, OverflowError, TypeError):
        pass
    try:  # ISO-like dates from odd mailers: 2026-11-02T09:15:00+09:00, 2026/11/02 09:15
        parsed = datetime.fromisoformat(value.strip().replace("/", "-"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except ValueError:
        return None


# --- dates as mail clients print them -----------------------------------------------------------
# Forward blocks print English or numeric dates.
_MONTHS = {form[:3]: i for i, forms in enumerate(MONTHS["en"], start=1) for form in forms}
_RFC5322 = re.compile(
    r"\s*(?:[a-z]{3},\s*)?\d{1,2}\s+[a-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|[a-z]{1,5})?\s*(?:\(.*\))?\s*$",
    re.I,
)
_MONTH_FIRST = re.compile(r"([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})")
_NUMERIC = re.compile(r"(\d{4})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?")
_TIME = re.compile(r"(午前|午後)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?", re.I)
_ZONE = re.compile(r"(?:\b(?:gmt|utc)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?\b|\b(utc|gmt|ut|z|[a-z]{3,4})\s*$", re.I)


def parse_loose_date(value: str, default_tz: tzinfo | None = None) -> datetime | None:
    """A date as Gmail/Apple/Outlook print it in a forward block ("Mon, Nov 2, 2026 at 9:15 AM",
    "November 2, 2026 at 9:15:00 AM GMT+9", "2026年11月2日(月) 9:15", RFC 5322 …); no zone →
    ``default_tz`` (the outer mail's offset), else UTC. None when unreadable."""
    if not value:
        return None
    s = normalize(value)[:200]
    tz_default = default_tz or UTC
    parts = email.utils.parsedate_tz(s) if _RFC5322.match(s) else None
    if parts is not None and parts[0] > 1900:
        try:
            tz = timezone(timedelta(seconds=parts[9])) if parts[9] is not None else tz_default
            return datetime(*parts[:6], tzinfo=tz)
        except (ValueError, OverflowError):
            pass
    low = s.lower()
    found = _calendar_date(low)
    if found is None:
        return None
    (year, month, day), rest = found
    hour = minute = second = 0
    t = _TIME.search(rest)
    if t is not None:
        hour, minute, second = int(t.group(2)), int(t.group(3)), int(t.group(4) or 0)
        ampm = (t.group(5) or "").replace(".", "")
        if (ampm == "pm" or t.group(1) == "午後") and hour < 12:
            hour += 12
        elif (ampm == "am" or t.group(1) == "午前") and hour == 12:
            hour = 0
        rest = rest[t.end():]
    tz = _zone(rest) or tz_default
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:
        return None


def _calendar_date(low: str) -> tuple[tuple[int, int, int], str] | None:
    """(year, month, day) and the text after the date."""
    m = _NUMERIC.search(low)
    if m:
        return (int(m.group(1)), int(m.group(2)), int(m.group(3))), low[m.end():]
    for pattern, order in ((_MONTH_FIRST, (3, 1, 2)), (_DAY_FIRST, (3, 2, 1))):
        for m in pattern.finditer(low):
            month = _MONTHS.get(m.group(order[1])[:3])
            if month:
                return (int(m.group(order[0])), month, int(m.group(order[2]))), low[m.end():]
    return None


def _zone(rest: str) -> tzinfo | None:
    m = _ZONE.search(rest)
    if not m:
        return None
    if m.group(1):
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes > 59:
            return None
        offset = timedelta(hours=hours, minutes=minutes)
        return timezone(-offset if m.group(1) == "-" else offset)
    name = m.group(4).upper()
    return timezone(timedelta(hours=ZONE_HOURS[name])) if name in ZONE_HOURS else None
