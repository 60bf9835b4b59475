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

#: ftfy is slow (about 2 ms for 6 KB), so it only runs on the lines that show a sign of what
#: it fixes: UTF-8 read as Latin-1/Windows-1252 (a lead byte followed by a continuation byte as
#: it looks in those code pages), HTML entities, ligatures, terminal escapes, lone surrogates.
#: The signs are looked for in the text's UTF-8 bytes, where each starts with a fixed byte that
#: the regex engine finds at C speed (a character class over the text costs ~8 ns a character):
#: a lead character U+00C2-U+00F4 is C3 82-B4, followed by U+0080-U+00BF (C2 80-BF) or by a
#: Windows-1252 character (Œ œ Š š Ÿ Ž ž ƒ ˆ ˜ – — ‘ ’ ‚ “ ” „ † ‡ • … ‰ ‹ › € ™), or by a
#: space (a mangled no-break space, "Â "); C1 controls are C2 80-9F, ligatures EF AC 80-86.
#: ``tests/test_normalize.py`` checks the bytes patterns against the same signs as text regexes.
_MOJIBAKE_BYTES = re.compile(
    rb"\xc3(?:[\x82-\xb4](?:\xc2[\x80-\xbf]|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xc6\x92"
    rb"|\xcb[\x86\x9c]|\xe2\x80[\x93\x94\x98-\x9e\xa0-\xa2\xa6\xb0\xb9\xba]|\xe2\x82\xac"
    rb"|\xe2\x84\xa2)|[\x82\x83] )")
_C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")
_LIGATURE_BYTES = re.compile(rb"\xef\xac[\x80-\x86]")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,7}|#x[0-9a-fA-F]{2,6});")


def needs_ftfy(text: str) -> bool:
    """Tell whether a text shows a sign of what ftfy fixes (see above).

    >>> needs_ftfy("CafÃ© au lait"), needs_ftfy("Café au lait"), needs_ftfy("«élevé»")
    (True, False, True)
    >>> needs_ftfy("Fish &amp; chips"), needs_ftfy("US\u00c2 President"), needs_ftfy("\ufb01ne")
    (True, True, True)
    """
    if "&" in text and _ENTITY.search(text):
        return True
    if text.isascii():
        return "\x1b" in text
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return True
    return (b"\x1b" in data
            or (b"\xc3" in data and _MOJIBAKE_BYTES.search(data) is not None)
            or (b"\xc2" in data and _C1_BYTES.search(data) is not None)
            or (b"\xef\xac" in data and _LIGATURE_BYTES.search(data) is not None))


#: Characters that take no space and carry no meaning in running text. ZWNJ and ZWJ stay:
#: Persian and Indic words and emoji need them.
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                        "\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: ftfy rounds at most; real mojibake settles in one or two.
MAX_FTFY_ROUNDS = 4
#: Spaces an indent may be made of (each stands for one " ").
_INDENT_SPACES = ("\t", "\u00a0", "\u3000")
#: Spaces other than those and " ": each is a reason to tidy a line.
_ODD_SPACE = re.compile("[\u1680\u2000-\u200a\u202f\u205f]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85\v\f]")
_BREAK_OR_INVISIBLE = re.compile(f"[\r\u2028\u2029\x85\v\f{_INVISIBLE.pattern[1:-1]}]")


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
        if not needs_ftfy(text):
            break
        fixed = _tidy(_fix_lines(text, fixes))
        if fixed == text:
            break
        text = fixed
    return text


def _fix_lines(text: str, fixes: list[str] | None) -> str:
    """Run ftfy once over the lines that need it, together.

    Together, because ftfy judges a whole string: a line whose only sign is a mangled no-break
    space ("US\u00c2 President") is fixed on the evidence of the other mojibake lines. Only
    those lines, because correct text around them (a Korean line next to a mangled one) would
    make re-decoding the whole text impossible, and because ftfy costs ~0.4 ms a kilobyte.
    """
    lines = text.split("\n")
    flagged = [i for i, line in enumerate(lines) if needs_ftfy(line)]
    fixed, explanation = ftfy.fix_and_explain("\n".join(lines[i] for i in flagged),
                                              config=FTFY_CONFIG)
    parts = fixed.split("\n")
    if len(parts) != len(flagged):  # a fix made or took a line break: fix the whole text
        fixed, explanation = ftfy.fix_and_explain(text, config=FTFY_CONFIG)
        parts, flagged, lines = [fixed], [0], [text]
    for i, part in zip(flagged, parts):
        lines[i] = part
    if fixes is not None:
        fixes.extend(step[0] for step in explanation or () if step[0] not in fixes)
    return "\n".join(lines)


def _tidy(text: str) -> str:
    """Line breaks, invisible characters, NFC, spaces in each line; idempotent.

    Clean text (the usual case) is told with C-speed string tests and returned as it is.
    """
    # Format, control and separator characters, and spaces other than " ", are all
    # "not printable": one pass tells that a text has none of them.
    odd = False
    if not text.replace("\n", " ").isprintable():
        # The spaces an indent is made of become " " at once (what the tidy below makes of
        # them anyway); most texts hold no other unprintable character after that.
        for space in _INDENT_SPACES:
            if space in text:
                text = text.replace(space, " ")
        if not text.replace("\n", " ").isprintable():
            if _BREAK_OR_INVISIBLE.search(text):
                text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))
            odd = True
    text = unicodedata.normalize("NFC", text)
    odd = odd and _ODD_SPACE.search(text) is not None
    if not odd and "  " not in text and " \n" not in text and not text.endswith(" "):
        return text  # no run of spaces, no odd space, no trailing space: nothing to tidy
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "  " in line or line.endswith(" ") or (odd and _ODD_SPACE.search(line)):
            stripped = line.lstrip(" ")
            indent = " " * (len(line) - len(stripped))
            # Runs of spaces to one: str.split is ~5x faster than a regex here, and within a
            # line every whitespace character left is " " or one of _ODD_SPACE.
            body = " ".join(stripped.split())
            if body and stripped[0].isspace():  # another space kind after the indent stays one
                body = " " + body
            lines[i] = indent + body if body else ""
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
