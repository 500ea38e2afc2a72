"""Dates in mail text, in every marketplace language: the one date module of the parsers. Pure.

* ``resolve_date(phrase, base, languages=…)``: the date a delivery phrase names ("Dienstag, 3. Dezember",
  "mardi 3 décembre", "3 de diciembre de 2026", "domani", "amanhã", "明日", "Tuesday"), resolved against
  ``base`` — the mail's own date in the market's zone, never the clock.
* ``local_date(when, zone)``: the calendar day of a mail's Date in a market's IANA zone (``zoneinfo``:
  daylight saving included).
* ``ZONE_HOURS``: zone abbreviations mail headers and forward blocks write that the stdlib reads as
  +0000.

Month and weekday names and the relative words are data (``MONTHS``, ``WEEKDAYS``, ``RELATIVE``), one
entry per language; a new language is a new entry.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

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
