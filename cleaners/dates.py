"""Datelines: recognise a line that is only a date (in many formats and languages) and parse it.

A dateline is a short line made of nothing but date words: prefixes ("First Published:",
"Veröffentlicht am"), weekday and month names, numbers, times, time zones and separators. It
leaves the body either way; an absolute date also becomes the document's date, a relative one
("Yesterday 09:40", "vor 2 Stunden") gives none, since the crawl time is not known here.
Month, weekday, prefix and relative words come from ``cleaners/vocab/<lang>/``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from cleaners import vocab
from cleaners.textutil import LETTERS, WORD, casefold_nfkc, text_cache, words_of

#: Longest line that can be a dateline.
MAX_DATELINE_CHARS = 90
#: Years accepted as publication years.
MIN_YEAR = 1990
MAX_YEAR = dt.date.today().year + 1

_TOKEN = re.compile(f"\\d+|{LETTERS.pattern}")
#: Year first: "2017-11-14", "2017/11/14", and the Hungarian "2023. 11. 14.".
_ISO = re.compile(r"(?<!\d)(\d{4})(?:[-/]|\.\s?)(\d{1,2})(?:[-/]|\.\s?)(\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)")
#: Day first with spaces, as Czech, Slovak and Slovenian write it: "14. 11. 2023".
_DMY_SPACED = re.compile(r"(?<!\d)(\d{1,2})\.\s(\d{1,2})\.\s(\d{4})(?!\d)")
_CJK_DATE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日号일]")
#: Days written as words: Urdu and Persian "یکم" (the first).
_DAY_WORDS = {"یکم": 1}
#: The Thai solar calendar counts from 543 BC: 2567 is 2024.
BUDDHIST_ERA = 543
_TIME = re.compile(r"(?<!\d)\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?(?!\d)")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
#: Words that may stand in a dateline in any language: clock and zone words, ordinals, joiners.
_NEUTRAL_WORDS = frozenset("""
am pm a m p h hrs uhr gmt utc cet cest est edt pst pdt bst ist msk eet eest wib wita wit jst kst
hkt sgt aest aedt z st nd rd th er e de del of le la el à a um the on at in by et und y
年 月 日 号 时 分 点 午前 午後 上午 下午 هـ ه ص م ق ظ یکم
""".split())


@dataclass(frozen=True, slots=True)
class Dateline:
    """What a dateline says: whether it is relative, and the ISO date when it is absolute."""

    date: str | None
    relative: bool


_DIGIT = re.compile(r"\d")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@cache
def _words() -> tuple[frozenset[str], frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """Return (single date words, weekday names, multi-word phrases to strip, relative words)."""
    # Solar and Hijri month names are date words too ("8 أكتوبر 2024 - 5 ربيع الآخر 1446 هـ"),
    # though only Gregorian and solar dates are read.
    months = (*vocab.months(), *vocab.months("months_solar"), *vocab.months("months_hijri"))
    weekdays = vocab.words("weekdays")
    prefixes = vocab.words("dateline")
    relative = vocab.words("relative")
    every = (*months, *weekdays, *prefixes, *relative)
    # Entries the tokenizer would split ("il y a", "aujourd'hui", "segunda-feira") are phrases.
    split = {w for w in every if _TOKEN.fullmatch(w.rstrip(".")) is None}
    single = {w for w in every if w not in split}
    single |= {w.rstrip(".") for w in single}
    single |= _NEUTRAL_WORDS
    phrases = tuple(sorted(split, key=len, reverse=True))
    rel = tuple(sorted(relative, key=len, reverse=True))
    return frozenset(single), frozenset(weekdays), phrases, rel


@cache
def _phrases_by_word() -> dict[str, tuple[tuple[int, str], ...]]:
    """The multi-word phrases by their longest word, each with its rank (longest first)."""
    table: dict[str, list[tuple[int, str]]] = {}
    for rank, phrase in enumerate(_words()[2]):
        found = WORD.findall(phrase)
        table.setdefault(max(found, key=len) if found else phrase, []).append((rank, phrase))
    return {word: tuple(entries) for word, entries in table.items()}


def _phrases_in(text: str) -> list[str]:
    """The phrases whose longest word is a word of the line, longest first (a phrase is read
    as words: "il y a" is not in "avril y a")."""
    table = _phrases_by_word()
    found = [entry for word in table.keys() & words_of(text) for entry in table[word]]
    return [phrase for _, phrase in sorted(found)]


@cache
def _phrase_words() -> frozenset[str]:
    """Every word of the multi-word phrases: a word outside them and ``single`` is unknown."""
    return frozenset(t for phrase in _words()[2] for t in _TOKEN.findall(phrase))


@cache
def _multiword_months() -> tuple[str, ...]:
    """Month names the tokenizer would split, found as substrings: "تشرين الثاني", "พ.ย"."""
    return tuple(sorted((n for n in vocab.months() if " " in n or "." in n), key=len,
                        reverse=True))


def _ascii_digits(text: str) -> str:
    """Turn Arabic-Indic, Persian and other decimal digits into ASCII ones.

    >>> _ascii_digits("٢٠١٧-١١-١٤")
    '2017-11-14'
    """
    if text.isascii() or not any(c.isdigit() for c in _NON_ASCII.findall(text)):
        return text
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c
                   for c in text)


def _valid(year: int, month: int, day: int) -> str | None:
    if year < 100:
        year += 2000
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


@cache
def _prefix_phrases() -> frozenset[str]:
    """The dateline prefixes the tokenizer would split ("ultimo aggiornamento", "mis à jour")."""
    return frozenset(vocab.words("dateline"))


@cache
def _prefix_words() -> frozenset[str]:
    """The words of the dateline prefixes ("published", "last updated", "aktualisiert")."""
    return frozenset(t for p in vocab.words("dateline") for t in _TOKEN.findall(p)
                     if not t.isdigit())


def jalali_to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """Convert a date of the Iranian solar (Jalali) calendar to the Gregorian calendar.

    The arithmetic of the 33-year cycle (as in jalaali-js and jdatetime), exact for the years
    news are dated in.

    >>> jalali_to_gregorian(1403, 1, 1), jalali_to_gregorian(1396, 8, 14)
    ((2024, 3, 20), (2017, 11, 5))
    """
    year += 1595
    days = -355668 + 365 * year + (year // 33) * 8 + ((year % 33) + 3) // 4 + day
    days += (month - 1) * 31 if month < 7 else (month - 7) * 30 + 186
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    gd = days + 1
    leap = gy % 4 == 0 and (gy % 100 != 0 or gy % 400 == 0)
    for gm, length in enumerate((31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
                                 31), start=1):
        if gd <= length:
            return gy, gm, gd
        gd -= length
    raise ValueError(f"not a Jalali date: {year - 1595}-{month}-{day}")  # pragma: no cover


#: Years of the Iranian solar calendar a news date can have (1990-2049).
_SOLAR_YEARS = range(1368, 1429)


def _parse_solar(text: str) -> str | None:
    """Parse an Iranian solar date with its month spelled: "۱۴ آبان ۱۳۹۶" -> 2017-11-05."""
    months = vocab.months("months_solar")
    tokens = _TOKEN.findall(text)
    month = next(((i, months[t]) for i, t in enumerate(tokens) if t in months), None)
    if month is None:
        return None
    numbers = [(i, int(t)) for i, t in enumerate(tokens) if t.isdigit() and len(t) <= 4]
    year = next(((i, n) for i, n in numbers if n in _SOLAR_YEARS), None)
    days = [(abs(i - month[0]), n) for i, n in numbers if 1 <= n <= 31 and (year is None
                                                                          or i != year[0])]
    if year is None or not days or min(days)[1] > (31 if month[1] <= 6 else 30):
        return None
    gy, gm, gd = jalali_to_gregorian(year[1], month[1], min(days)[1])
    return _valid(gy, gm, gd)


def parse_date(text: str, lang: str | None = None) -> str | None:
    """Find an absolute date in a short text and return it as ISO 8601, or None.

    >>> parse_date("First Published: 2017-11-14")
    '2017-11-14'
    >>> parse_date("Tuesday, November 14, 2017")
    '2017-11-14'
    >>> parse_date("14.11.2017 | 10:32")
    '2017-11-14'
    >>> parse_date("الثلاثاء 14 نوفمبر 2017")
    '2017-11-14'
    >>> parse_date("2017年11月14日"), parse_date("2024년 11월 14일")
    ('2017-11-14', '2024-11-14')
    >>> parse_date("Yesterday 09:40") is None
    True
    >>> parse_date("۱۴ آبان ۱۳۹۶ - ۱۰:۳۲")
    '2017-11-05'
    """
    text = _ascii_digits(casefold_nfkc(text))
    if m := _ISO.search(text):
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    if m := _CJK_DATE.search(text):
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.search(text):
        a, b, year = int(m[1]), int(m[3]), int(m[4])
        if len(m[4]) == 2 and m[2] != ".":
            return None  # "11/14/17" is too ambiguous to trust
        # Day first everywhere but with slashes in English, unless the numbers say otherwise.
        month_first = m[2] == "/" and lang in (None, "en")
        if a > 12:
            month_first = False
        elif b > 12:
            month_first = True
        return _valid(year, a, b) if month_first else _valid(year, b, a)
    if m := _DMY_SPACED.search(text):
        return _valid(int(m[3]), int(m[2]), int(m[1]))
    return _parse_named_month(text, lang) or _parse_solar(text)


def _parse_named_month(text: str, lang: str | None = None) -> str | None:
    """Parse dates that spell the month: "14 November 2017", "November 14th, 2017".

    A name that means another month in another language ("listopad" is November in Czech and
    Polish, October in Croatian) is read in the document's language.
    """
    months = vocab.months_in(lang) if lang else vocab.months()
    text = _TIME.sub(" ", text)  # "18th Aug 2023 9:05 pm": the 9 is no day
    for word, day in _DAY_WORDS.items():  # "یکم مارچ 2025": the first of March
        if word in text:
            text = text.replace(word, f" {day} ")
    # Multi-word month names first ("تشرين الثاني", "كانون الأول").
    month = None
    for name in _multiword_months():
        if name in text:
            month = months[name]
            text = text.replace(name, f" §{month}§ ")
            break
    tokens = _TOKEN.findall(text.replace("§", " § "))
    year = day = None
    position = None
    for i, token in enumerate(tokens):
        if month is None and (token in months or token.rstrip(".") in months):
            month, position = months.get(token, months.get(token.rstrip("."))), i
    if month is None:
        return None
    if position is None:
        position = next((i for i, t in enumerate(tokens) if t == str(month)), 0)
    numbers = [(i, int(t)) for i, t in enumerate(tokens) if t.isdigit() and len(t) <= 4]
    if lang == "th":
        numbers = [(i, n - BUDDHIST_ERA if n > MAX_YEAR else n) for i, n in numbers]
    years = [(i, n) for i, n in numbers if MIN_YEAR <= n <= MAX_YEAR]
    if not years:
        return None
    year_index, year = years[0]
    days = [(abs(i - position), n) for i, n in numbers
            if i != year_index and 1 <= n <= 31 and i != position]
    if not days:
        return None
    day = min(days)[1]
    return _valid(year, month, day)


@text_cache()
def dateline(text: str, lang: str | None = None) -> Dateline | None:
    """Tell whether a line is only a date or time stamp, and what it says.

    >>> dateline("Yesterday 09:40")
    Dateline(date=None, relative=True)
    >>> dateline("First Published: 2017-11-14")
    Dateline(date='2017-11-14', relative=False)
    >>> dateline("The talks on 14 November 2017 ended without a deal.") is None
    True
    >>> dateline("Buenos Aires, 15 de mayo de 2024")
    Dateline(date='2024-05-15', relative=False)
    """
    place, comma, rest = text.partition(",")
    if comma and _place_name(place):
        # A place in front of the date: "Buenos Aires, 15 de mayo de 2024" (one word of a
        # place is allowed below; a name of two or three words is taken off here).
        found = None if _cannot_be_dateline(rest.strip()) else _read_dateline(rest.strip(), lang)
        if found is not None and found.date:
            return found
    if _cannot_be_dateline(text):
        return None
    return _read_dateline(text, lang)


def _place_name(text: str) -> bool:
    """Two or three capitalized words before a dateline's comma ("Buenos Aires", "Kota
    Bharu"); uncased scripts cannot be told and pass on length."""
    words = text.split()
    return 2 <= len(words) <= 3 and all(
        w[:1].isalpha() and (w[0].isupper() or w[0].casefold() == w[0].upper()) for w in words)


def _cannot_be_dateline(text: str) -> bool:
    """Cheap tests that settle most lines.

    A line of over 30 characters without a digit is prose (by definition). Most short lines
    are headlines or labels: two words that are neither date words nor part of a date phrase
    settle it before any phrase or date is looked for (words of letters only: "2019updated"
    is left to the full test); without a digit there is no date, and a relative stamp ("vor
    zwei Tagen") has only date words, so one other word settles it (``tests/test_dates.py``
    holds these to the full test).
    """
    if len(text) > MAX_DATELINE_CHARS or (len(text) > 30 and not _DIGIT.search(text)):
        return True
    unknown = set(words_of(text)).difference(_words()[0], _phrase_words())
    if not unknown:
        return False
    letters = sum(map(str.isalpha, unknown))
    return (len(unknown) > 1 and letters > 1) or (letters > 0 and not _DIGIT.search(text))


def _read_dateline(text: str, lang: str | None) -> Dateline | None:
    """The full test of ``dateline``."""
    single, weekdays, _, relative = _words()
    key = _ascii_digits(casefold_nfkc(text))
    is_relative = key_had_prefix = False
    for phrase in _phrases_in(text):
        if phrase in key:
            is_relative |= phrase in relative
            key_had_prefix |= phrase in _prefix_phrases()
            key = key.replace(phrase, " ")
    has_time = bool(_TIME.search(key))
    key = _TIME.sub(" ", key)
    unknown = 0
    has_weekday = has_prefix = False
    prefix_words = _prefix_words()
    for token in _TOKEN.findall(key):
        if token.isdigit():
            continue
        word = token.rstrip(".")
        if word in single:
            is_relative |= word in relative
            has_weekday |= word in weekdays
            has_prefix |= word in prefix_words
            continue
        unknown += 1
    if unknown > 1:
        return None
    date = parse_date(text, lang)
    if date:
        # A place in front of the date ("Berlin, 14.11.2017") is still a dateline.
        return Dateline(date, False)
    if unknown:
        return None
    if is_relative or (has_time and (has_weekday or has_prefix or key_had_prefix)):
        return Dateline(None, True)  # "Yesterday 09:40", "Last updated: 09:02"
    return None
