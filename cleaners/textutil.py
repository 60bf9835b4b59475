"""Small pure helpers on text shared by rules and stages."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

#: Characters stripped around a label before it is compared with a vocabulary entry.
_EDGE = " \t\u00a0.:;,!?¡¿…·•●▪‣⁃◦*+-–—_|/\\>»«<›‹→←↑↓▶►◀◄❯❮#~^=\"'“”„‘’`()[]{}【】〔〕［］「」『』"
_SPACES = re.compile(r"\s+")
_TRAILING_COUNT = re.compile(r"\s*[(\[]\s*\d+\s*[)\]]\s*$")
_LEADING_ENUM = re.compile(r"^\s*(?:[•●▪‣⁃◦*\-–—>]+|\d{1,2}[.)])\s+")


def _combining_marks() -> str:
    """Combining marks (Unicode Mn, Mc, Me) of the scripts news is written in, as a regex class
    body. ``\\w`` leaves them out, so it cuts "हिन्दी" at each vowel sign and an Arabic word
    at each short vowel; with them a word is whole."""
    blocks = ((0x300, 0x36F), (0x483, 0x489), (0x591, 0x5C7), (0x610, 0x6ED), (0x711, 0x74A),
              (0x7A6, 0x7B0), (0x900, 0xDFF), (0xE00, 0xEFF), (0xF00, 0xFFF), (0x1000, 0x109F),
              (0x1780, 0x17FF), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF),
              (0xFE20, 0xFE2F), (0x3099, 0x309A))
    return "".join(chr(c) for start, end in blocks for c in range(start, end + 1)
                   if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me"))


def _digits() -> str:
    """Every decimal digit (Unicode Nd) of the Basic Multilingual Plane, the ones ``\\d`` finds."""
    return "".join(chr(c) for c in range(0x30, 0x10000) if unicodedata.decimal(chr(c), None)
                   is not None)


#: Decimal digits in every script ("0-9", "٠-٩", "۰-۹", "०-९", "０-９" ...).
DIGITS = _digits()
#: Combining marks, a regex class body: words are ``[\\w{MARKS}]+``.
MARKS = re.escape(_combining_marks())
#: Word characters, for counting words in any script (with their combining marks).
WORD = re.compile(f"[\\w{MARKS}]+")
#: Letters of a word (no digits, no underscore), with their combining marks.
LETTERS = re.compile(f"(?:[^\\W\\d_]|[{MARKS}])+")
#: Scripts written without spaces between words; word counts mean little there.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
#: Sentence-final punctuation in the scripts we see (Latin, Arabic, CJK, Devanagari, Greek).
SENTENCE_END = tuple(".!?。！？؟۔।;\u037e")
_CLOSERS = "\"'”’»)]›」』\u00a0 "

_F = TypeVar("_F", bound=Callable[..., Any])
_TEXT_CACHES: list[Any] = []


def text_cache(maxsize: int = 16384) -> Callable[[_F], _F]:
    """Memoize a pure function of a text (bounded); :func:`clear_text_caches` empties them all.

    Dumps repeat their site's template lines (labels, menus, share bars) in every document,
    so a line seen before costs a dictionary lookup.
    """
    def decorate(func: _F) -> _F:
        cached = lru_cache(maxsize=maxsize)(func)
        _TEXT_CACHES.append(cached)
        return cached  # type: ignore[return-value]
    return decorate


def clear_text_caches() -> None:
    """Forget every memoized text (benchmarks use it so no figure comes from a repeat)."""
    for cached in _TEXT_CACHES:
        cached.cache_clear()


@text_cache()
def label_key(text: str) -> str:
    """Normalize a short line for comparison with vocabulary labels.

    >>> label_key("  • Share on Facebook!  ")
    'share on facebook'
    >>> label_key("Comments (12)")
    'comments'
    >>> label_key("— Anzeige —")
    'anzeige'
    """
    text = casefold_nfkc(text)
    text = _TRAILING_COUNT.sub("", text)
    return _SPACES.sub(" ", text.strip(_EDGE)).strip(_EDGE)


def strip_enum(text: str) -> str:
    """Drop a leading bullet or list number.

    >>> strip_enum("  1. Le refus")
    'Le refus'
    """
    return _LEADING_ENUM.sub("", text).strip()


@text_cache()
def word_count(text: str) -> int:
    """Count words; a run of CJK characters counts one word per two characters.

    Cached: the block rules and the title search ask it of the same lines again and again.

    >>> word_count("Russia accuses US of providing cover")
    6
    >>> word_count("俄罗斯指责美国")
    4
    """
    if text.isascii():  # lower-casing keeps the words: those of the line, often known already
        return len(words_of(text))
    cjk = len(_CJK.findall(text)) if _CJK.search(text) else 0
    if cjk:
        return len(WORD.findall(_CJK.sub(" ", text))) + (cjk + 1) // 2
    return len(WORD.findall(text))


def ends_sentence(text: str) -> bool:
    """Tell whether a line ends like a sentence (after closing quotes and brackets).

    >>> ends_sentence('He said: "We will win."')
    True
    >>> ends_sentence("Americans refused to bomb IS")
    False
    """
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped.endswith(SENTENCE_END)


def ends_truncated(text: str) -> bool:
    """Tell whether a line was cut off by a teaser ("... Presiden...", "… read on…").

    >>> ends_truncated("she held a meeting with Syrian Presiden...")
    True
    >>> ends_truncated("It was over.")
    False
    """
    stripped = text.rstrip(" \u00a0»›")
    return stripped.endswith(("...", "…", "[…]", "[...]", "(…)", "(...)"))


def is_menu_line(text: str) -> bool:
    """A menu on one line: three or more short links between pipes, no numbers.

    >>> is_menu_line("Home | World | Business | Sport"), is_menu_line("Name | Party | Votes: 12")
    (True, False)
    """
    parts = [p.strip() for p in text.split("|")]
    return (len(parts) >= 3 and not any(c.isdigit() for c in text)
            and all(p and word_count(p) <= 4 and not ends_sentence(p) for p in parts))


def is_cjk(text: str) -> bool:
    """Tell whether a text is mostly in a script written without spaces."""
    return len(_CJK.findall(text)) * 2 > len(text)


#: Typographic apostrophes fold to "'" so "Lire l’article" meets the entry "lire l'article".
_APOSTROPHES = ("’", "‘", "ʼ", "`", "´")


@text_cache()
def casefold_nfkc(text: str) -> str:
    """Casefold after NFKC, the form vocabularies are compared in.

    Turkish dotted capital I casefolds to "i" plus a combining dot; the dot goes, so that
    "İkindi" matches "ikindi".

    >>> casefold_nfkc("İMSAK") == "imsak"
    True
    >>> casefold_nfkc("Lire l’article")
    "lire l'article"

    Arabic and Persian spell yeh and kaf with different letters ("سرويس" and "سرویس"): both
    fold to the Persian ones, so one vocabulary entry serves both spellings.

    >>> casefold_nfkc("سرويس") == casefold_nfkc("سرویس"), casefold_nfkc("كتب") == "کتب"
    (True, True)
    """
    if text.isascii():
        text = text.lower()
        return text.replace("`", "'") if "`" in text else text
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u0307", "")
    for mark in _APOSTROPHES:  # str.replace when present: translate costs 50 ns a character
        if mark in text:
            text = text.replace(mark, "'")
    for arabic, persian in _ARABIC_LETTERS:
        if arabic in text:
            text = text.replace(arabic, persian)
    return text


#: Arabic yeh, alef maksura and kaf, and the Persian letters they fold to.
_ARABIC_LETTERS = (("\u064a", "\u06cc"), ("\u0649", "\u06cc"), ("\u0643", "\u06a9"))


#: Bytes table: ASCII characters that are not word characters (\w) become spaces.
_ASCII_NON_WORD = bytes(c if c >= 128 or chr(c).isalnum() or c == 95 else 32 for c in range(256))
#: Punctuation outside ASCII that most texts hold (quotes, dashes, guillemets, the Arabic comma).
_COMMON_NON_WORD = ("“", "”", "„", "–", "—", "«", "»", "،", "·", "•", "°")


@text_cache()
def words_of(text: str) -> tuple[str, ...]:
    """The words (``\\w+``) of a line in vocabulary form (``casefold_nfkc``), once per line.

    The same as ``WORD.findall``, ~4x faster: ASCII punctuation is blanked with a bytes table
    and the rest split on spaces; a piece with another character that is no word character
    (a curly quote, a combining mark) is then split by the regex.

    >>> words_of("Share on Facebook!"), words_of("«Élevé» l’été, n°5")
    (('share', 'on', 'facebook'), ('élevé', 'l', 'été', 'n', '5'))
    """
    key = casefold_nfkc(text)
    if not key.isascii():
        for mark in _COMMON_NON_WORD:  # blanked here, the line usually needs no regex
            if mark in key:
                key = key.replace(mark, " ")
    pieces = key.encode().translate(_ASCII_NON_WORD).decode().split()
    if key.isascii() or "".join(pieces).isalnum():  # no other non-word character: done
        return tuple(pieces)
    words: list[str] = []
    for piece in pieces:
        if piece.isalnum():
            words.append(piece)
        else:
            words += WORD.findall(piece)
    return tuple(words)
