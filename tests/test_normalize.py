"""The normalizer: mojibake, NFC, invisible characters, whitespace; idempotent."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaners.stages.normalize import normalize_text


def test_fixes_mojibake_and_keeps_curly_quotes() -> None:
    fixes: list[str] = []
    assert normalize_text("â€œIt’s fineâ€\x9d, he said.", fixes) == "“It’s fine”, he said."
    assert fixes, "the ftfy steps are recorded"
    assert normalize_text("„Zitat“ and ‘quote’") == "„Zitat“ and ‘quote’"


def test_keeps_fullwidth_cjk_punctuation() -> None:
    assert normalize_text("北京，上海。") == "北京，上海。"


def test_nfc_and_invisible_characters() -> None:
    decomposed = unicodedata.normalize("NFD", "Käse")
    assert normalize_text(decomposed + "\u200b\ufeff") == "Käse"
    # ZWNJ is part of Persian spelling and stays.
    assert normalize_text("می\u200cخواهم") == "می\u200cخواهم"


def test_whitespace_lines_become_blank_and_indent_stays() -> None:
    assert normalize_text("a\n\u00a0 \n  • b\t\tc  ") == "a\n\n  • b c"


def test_html_entities_are_unescaped() -> None:
    assert normalize_text("Tom &amp; Jerry") == "Tom & Jerry"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


def _visible(text: str) -> int:
    # NFKC: a ligature ("ﬀ") or an entity-free compatibility form counts as what it stands for.
    return len("".join(unicodedata.normalize("NFKC", text).split()))


@settings(max_examples=200, deadline=None)
# C1 controls are left out: ftfy reads them as the Windows-1252 characters they stand for.
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc",)), max_size=400))
def test_never_adds_text(text: str) -> None:
    assert _visible(normalize_text(text)) <= _visible(text)


#: The signs of mojibake as text regexes: what ``needs_ftfy`` looks for in the UTF-8 bytes.
_SIGNS = (
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
    "\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|[\u00c2\u00c3] |[\ufb00-\ufb06\x1b\ud800-\udfff\x80-\x9f]"
    r"|&(?:[a-zA-Z]{2,8}|#\d{2,7}|#x[0-9a-fA-F]{2,6});")
_SIGN_CHARS = "".join(chr(c) for c in (*range(0x78, 0x100), 0x152, 0x153, 0x160, 0x161, 0x178,
                                       0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014,
                                       *range(0x2018, 0x2027), 0x2030, 0x2039, 0x203a, 0x20ac,
                                       0x2122, 0xfb00, 0xfb03, 0xfb06, 0xfb07, 0xd800, 0x1b))


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_SIGN_CHARS + " &#;amp0123xé€中"), max_size=12))
@example("Ã ")  # each kind of sign once: a mangled no-break space, Windows-1252, C1, ligature
@example("x\u00c2 y")
@example("â€™")
@example("Ã\u0178")
@example("Ã\u2122")
@example("\u0085")
@example("\ufb01")
@example("\ud800")
@example("&#x2019;")
@example("ü« ô")
def test_needs_ftfy_finds_the_signs_in_bytes_as_the_text_patterns_do(text: str) -> None:
    import re

    from cleaners.stages.normalize import needs_ftfy

    assert needs_ftfy(text) == bool(re.search(_SIGNS, text))


def _tidy_reference(text: str) -> str:
    """What the whitespace tidy does, line by line, the slow and obvious way."""
    import re

    text = re.sub("\r\n|[\r\u2028\u2029\x85\v\f]", "\n", text)
    text = re.sub("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                  "\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    lines = unicodedata.normalize("NFC", text).split("\n")
    for i, line in enumerate(lines):
        stripped = line.lstrip(" \t\u00a0\u3000")
        body = " ".join(stripped.split())
        if body and stripped[0].isspace():
            body = " " + body
        lines[i] = " " * (len(line) - len(stripped)) + body if body else ""
    return "\n".join(lines)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t\u00a0\u3000\u2003\u2005\u202f\u200b\u00ad\n\r"
                                        "\u2028ab\u0301é"), max_size=30))
def test_the_whitespace_tidy_is_the_line_by_line_one(text: str) -> None:
    from cleaners.stages.normalize import _tidy

    assert _tidy(text) == _tidy_reference(text)
