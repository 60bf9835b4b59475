"""The normalizer: mojibake, NFC, invisible characters, whitespace; idempotent."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
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
