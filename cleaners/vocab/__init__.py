"""Visible-text vocabularies: data files per language, loaded and compiled here.

Layout: ``cleaners/vocab/<lang>/<name>.txt`` (ISO 639-1 folder names, ``xx`` for entries that
belong to no language). UTF-8, one entry per line, ``#`` starts a comment. See README.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

from cleaners.errors import UnknownLanguage
from cleaners.textutil import WORD, casefold_nfkc, is_cjk, label_key

#: The folder of entries that belong to no language.
NEUTRAL = "xx"


@cache
def available_languages() -> tuple[str, ...]:
    """Return the languages that have a vocabulary folder (``xx`` excluded)."""
    root = files(__name__)
    return tuple(sorted(p.name for p in root.iterdir()
                        if p.is_dir() and len(p.name) == 2 and p.name != NEUTRAL))


def _check(lang: str) -> None:
    if lang != NEUTRAL and lang not in available_languages():
        raise UnknownLanguage(f"no vocabulary for language {lang!r}; available: "
                              f"{', '.join(available_languages())}")


@cache
def entries(lang: str, name: str) -> tuple[str, ...]:
    """Return the entries of one file, NFC-normalized and casefolded, comments dropped.

    A missing file is an empty vocabulary; an unknown language is an error.
    """
    _check(lang)
    path = files(__name__).joinpath(lang, f"{name}.txt")
    if not path.is_file():
        return ()
    out: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line:
            out.append(unicodedata.normalize("NFC", line).casefold())
    return tuple(dict.fromkeys(out))


def _all_langs() -> tuple[str, ...]:
    return (NEUTRAL, *available_languages())


@cache
def labels(name: str) -> frozenset[str]:
    """Return the whole-line labels of a category in every language, as ``label_key`` forms.

    Labels are pooled across languages on purpose: sites in every language use English
    template strings ("Advertising" on a German page), and a whole-line match on a short
    label rarely hits a real sentence in another language.
    """
    keys = {label_key(e) for lang in _all_langs() for e in entries(lang, name)}
    keys.discard("")
    return frozenset(keys)


@cache
def phrases(name: str) -> tuple[str, ...]:
    """Return the contained phrases of a category in every language, longest first."""
    found = {label_key(e) for lang in _all_langs() for e in entries(lang, name)}
    found.discard("")
    return tuple(sorted(found, key=len, reverse=True))


class PhraseIndex:
    """Find which phrases of a vocabulary a text contains, by way of their longest word.

    A text is split into words once; only phrases whose key word occurs are then checked with
    ``in``. That is several times faster than a regex alternation of hundreds of phrases.
    """

    _WORD = WORD

    def __init__(self, items: tuple[str, ...]) -> None:
        self.by_word: dict[str, list[str]] = {}
        self.unsplit: list[str] = []  # phrases in scripts without spaces, checked directly
        for item in items:
            found = self._WORD.findall(item)
            if len(found) == 1 and is_cjk(item):
                self.unsplit.append(item)
                continue
            key = max(found, key=len) if found else item
            self.by_word.setdefault(key, []).append(item)

    def finditer(self, text: str, words: Iterable[str] | None = None) -> list[int]:
        """Start positions of every phrase found in ``text`` (casefolded like the entries).

        ``words`` are the words of ``text`` when the caller has them already.
        """
        starts: list[int] = []
        for word in self.by_word.keys() & (self._WORD.findall(text) if words is None else words):
            for phrase in self.by_word.get(word, ()):
                at = text.find(phrase)
                while at >= 0:
                    starts.append(at)
                    at = text.find(phrase, at + 1)
        for phrase in self.unsplit:
            at = text.find(phrase)
            if at >= 0:
                starts.append(at)
        return starts


@cache
def phrase_index(name: str) -> PhraseIndex | None:
    """The phrases of a category, indexed for matching on casefolded text."""
    found = phrases(name)
    return PhraseIndex(found) if found else None


@cache
def months_in(lang: str) -> dict[str, int]:
    """``months()`` with the names of one language first (where languages disagree)."""
    table = {name: number for name, number in months().items()}
    if lang in available_languages():
        for entry in entries(lang, "months"):
            number, *names = entry.split()
            if number.isdigit():
                table.update((casefold_nfkc(name.replace("_", " ").strip(".")), int(number))
                             for name in names)
    return table


@cache
def substrings(name: str) -> re.Pattern[str]:
    """A pattern that finds any entry of a category inside casefolded text (``search``)."""
    found = sorted(words(name), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, found)) if found else "(?!)")


@cache
def words(name: str) -> frozenset[str]:
    """Return every entry of a category in every language as a set (tokens or short phrases)."""
    return frozenset(label_key(e) for lang in _all_langs() for e in entries(lang, name)) - {""}


@cache
def months(calendar: str = "months") -> dict[str, int]:
    """Map every month name and abbreviation in every language to its number (1-12).

    ``calendar`` names another calendar's file: ``months_solar`` (Iranian), ``months_hijri``.
    """
    table: dict[str, int] = {}
    for lang in _all_langs():
        for entry in entries(lang, calendar):
            number, *names = entry.split()
            if not number.isdigit():
                continue
            for name in names:
                table.setdefault(casefold_nfkc(name.replace("_", " ").strip(".")), int(number))
    return table
