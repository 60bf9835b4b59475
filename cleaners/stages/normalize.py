"""Normalize text: ftfy with an explicit config, NFC, invisible characters, whitespace.

Every step here is idempotent, so normalizing normalized text changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from typing import ClassVar

import ftfy

from cleaners.document import Document

#: ftfy's settings, each difference from its defaults explained (datatrove's FTFYFormatter style).
FTFY_CONFIG = ftfy.TextFixerConfig(
    # Keep “curly” and ‘typographic’ quotes as published: they are not errors.
    uncurl_quotes=False,
    # Fullwidth forms are the normal punctuation of CJK text (，。：); don't narrow them.
    fix_character_width=False,
    # We report ftfy's steps in Document.fixes.
    explain=True,
)

#: ftfy is slow (about 2 ms for 6 KB), so it only runs on text that shows a sign of what it
#: fixes: UTF-8 read as Latin-1/Windows-1252 (a lead byte followed by a continuation byte as it
#: looks in those code pages), HTML entities, ligatures, terminal escapes, lone surrogates.
_NEEDS_FTFY = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|[\u00c2\u00c3] "  # a UTF-8 no-break space (C2 A0) read as Latin-1, after tidying
    r"|&(?:[a-zA-Z]{2,8}|#\d{2,7}|#x[0-9a-fA-F]{2,6});"
    "|[\ufb00-\ufb06\x1b\ud800-\udfff\x80-\x9f]"
)
#: Characters that take no space and carry no meaning in running text. ZWNJ and ZWJ stay:
#: Persian and Indic words and emoji need them.
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                        "\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: ftfy rounds at most; real mojibake settles in one or two.
MAX_FTFY_ROUNDS = 4
_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85\v\f]")


def normalize_text(text: str, fixes: list[str] | None = None) -> str:
    """Fix mojibake and entities, NFC, drop invisible characters, tidy spaces in each line.

    Leading indentation is kept (list structure reads from it); lines of only spaces become
    empty.

    >>> normalize_text("Caf\u00c3\u00a9 \u200bau lait\u00a0\u00a0 ")
    'Café au lait'
    >>> normalize_text("a\\r\\n\u00a0\\nb")
    'a\\n\\nb'
    """
    # Everything but ftfy first: an invisible character or a no-break space sitting inside a
    # mojibake sequence changes what ftfy sees, and the normalizer must be idempotent.
    text = _tidy(text)
    # ftfy until nothing changes: a fix can uncover another (so a second pass would).
    for _ in range(MAX_FTFY_ROUNDS):
        if not _NEEDS_FTFY.search(text):
            break
        fixed, explanation = ftfy.fix_and_explain(text, config=FTFY_CONFIG)
        fixed = _tidy(fixed)
        if fixed == text:
            break
        if fixes is not None:
            fixes.extend(step[0] for step in explanation or () if step[0] not in fixes)
        text = fixed
    return text


def _tidy(text: str) -> str:
    """Line breaks, invisible characters, NFC, spaces in each line; idempotent."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text)))
    lines = []
    for line in text.split("\n"):
        stripped = line.lstrip(" \t\u00a0\u3000")
        indent = " " * (len(line) - len(stripped))
        body = _SPACES.sub(" ", stripped).rstrip()
        lines.append(indent + body if body else "")
    return "\n".join(lines)


def assemble(paragraphs: list[str]) -> str:
    """Join paragraphs with one blank line between them.

    >>> assemble(["One.", "", "Two."])
    'One.\\n\\nTwo.'
    """
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


class Normalize:
    """Normalize the document's text before it is split into lines."""

    name: ClassVar[str] = "normalize"

    def __call__(self, doc: Document) -> Document:
        doc.text = normalize_text(doc.text, doc.fixes)
        return doc
