"""Split text into lines, and run the line rules over them."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import ClassVar

from cleaners.config import CleanConfig
from cleaners.document import Document, Line
from cleaners.rules.base import LineRule
from cleaners.textutil import MARKS, WORD, casefold_nfkc, is_cjk, text_cache, words_of


class SplitLines:
    """Turn the document's text into non-blank lines, remembering blank lines between them."""

    name: ClassVar[str] = "split"

    def __call__(self, doc: Document) -> Document:
        doc.lines = []
        blank = True
        for index, raw in enumerate(doc.text.split("\n")):
            text = raw.strip()
            if not text:
                blank = True
                continue
            doc.lines.append(Line(index, text, raw, blank))
            blank = False
        return doc


_WORD = WORD
#: Words without underscores: "_Anzeige_" is the label "anzeige" once its edges are stripped.
_PIECE = re.compile(f"(?:[^\\W_]|[{MARKS}])+")


def gate_keys(entry: str) -> tuple[tuple[str, ...], str]:
    """The gate words and gate characters of one vocabulary entry (see ``Gate``).

    The word is the entry's longest word, the one ``PhraseIndex`` looks a phrase up by (in
    pieces if it holds an underscore); an entry with no word or in a script without spaces
    gates by its first character.

    >>> gate_keys("share on facebook"), gate_keys("广告"), gate_keys("▲"), gate_keys("xでシェア")
    ((('facebook',), ''), ((), '广'), ((), '▲'), ((), 'で'))
    """
    found = _WORD.findall(entry)
    if not found:
        return (), entry[:1]
    if len(found) == 1 and is_cjk(entry):  # its first CJK character: "xでシェア" gates by "で"
        return (), next((c for c in entry if is_cjk(c)), entry[0])
    return tuple(_PIECE.findall(max(found, key=len))), ""


class ApplyLineRules:
    """Remove each line that a line rule matches; the first matching rule names the removal.

    Most lines are prose that no rule matches, so each rule's gate (``LineRule.gate``) is
    checked first, for all rules at once: one pass over the line's words and one over its
    characters give the rules worth testing. The verdict depends on the line alone, so it is
    remembered: a dump repeats its site's template lines in every document.
    """

    name: ClassVar[str] = "line_rules"

    def __init__(self, rules: tuple[LineRule, ...], config: CleanConfig) -> None:
        self.rules = tuple(r for r in rules if config.enabled(r.name, r.category))
        self._tables: tuple[dict[str, int], dict[str, int], re.Pattern[str], int] | None = None
        # Thresholds of max_chars, and for each the rules that test lines up to that size.
        self._sizes = sorted({r.max_chars for r in self.rules})
        self._size_masks = [sum(1 << i for i, r in enumerate(self.rules) if r.max_chars >= size)
                            for size in self._sizes] + [0]
        self.verdict = text_cache()(self._verdict)

    def _build(self) -> tuple[dict[str, int], dict[str, int], re.Pattern[str], int]:
        """Rule bit masks by gate word and gate character, and the rules without a gate."""
        by_word: dict[str, int] = {}
        by_char: dict[str, int] = {}
        ungated = 0
        for i, rule in enumerate(self.rules):
            bit = 1 << i
            if rule.gate is None:
                ungated |= bit
                continue
            chars = set(rule.gate.chars)
            for entry in rule.gate.entries() if rule.gate.entries else ():
                words, char = gate_keys(entry)
                chars.update(char)
                for word in words:
                    by_word[word] = by_word.get(word, 0) | bit
            for char in chars:
                by_char[char] = by_char.get(char, 0) | bit
        # (?!) matches nothing: every rule with gate characters may be disabled.
        pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(by_char)) + "]"
                             if by_char else "(?!)")
        return by_word, by_char, pattern, ungated

    def candidates(self, text: str) -> list[LineRule]:
        """The rules, in order, whose gate and size let them test this (stripped) line."""
        mask = self._mask(text)
        return [rule for i, rule in enumerate(self.rules) if mask >> i & 1]

    def _mask(self, text: str) -> int:
        if self._tables is None:
            self._tables = self._build()
        by_word, by_char, chars, mask = self._tables
        key = casefold_nfkc(text)
        words = words_of(text)
        if "_" in key:
            words = (*words, *_PIECE.findall(key))
        for word in by_word.keys() & words:
            mask |= by_word[word]
        for char in set(chars.findall(key)):
            mask |= by_char[char]
        return mask & self._size_masks[bisect_left(self._sizes, len(text))]

    def _verdict(self, text: str) -> int:
        """The index of the first rule that matches the line, or -1."""
        mask = self._mask(text)
        while mask:
            low = mask & -mask
            index = low.bit_length() - 1
            if self.rules[index].match(text):
                return index
            mask ^= low
        return -1

    def __call__(self, doc: Document) -> Document:
        for line in doc.lines:
            if line.kept:
                index = self.verdict(line.text)
                if index >= 0:
                    rule = self.rules[index]
                    doc.remove_line(line, rule.name, rule.category, self.name)
        return doc
