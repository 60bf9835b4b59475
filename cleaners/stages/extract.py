"""Extract the article text from the pruned tree: trafilatura, arbitrated by readability.

Measured on the article-extraction benchmark and news-multilingual (see benchmarks/):

1. trafilatura in precision mode without comments (A). If precision mode collapsed (A has under
   0.3x the words of a default-mode run B), take B. B only runs when A looks short next to the
   page's paragraph text, since it costs a second extraction.
2. readability (trafilatura's fork, on the same parsed tree) gets a say, compared by 4-word
   shingles: if it holds nearly all of A and more than twice its words, A missed part of the
   article; if it is a near-equal subset of A, A's extra lines were boilerplate. Either way the
   readability text wins. Otherwise A stands.

The choice is recorded in ``metadata["extractor"]``.
"""

from __future__ import annotations

import re
from copy import deepcopy
from collections.abc import Callable
from typing import Any, ClassVar

import trafilatura
from lxml.html import HtmlElement

from cleaners.document import Document

#: A precision-mode text with fewer words than this share of a default-mode text collapsed.
COLLAPSE_SHARE = 0.3
#: Run the default mode only when A is shorter than this share of the page's <p> text.
SHORT_NEXT_TO_PAGE = 0.5
#: readability wins as a superset: it holds this share of A's shingles and this many times A's words.
SUPERSET_COVER, SUPERSET_LENGTH = 0.95, 2.0
#: readability wins as a subset: A holds this share of its shingles and it has this share of A's words.
SUBSET_COVER, SUBSET_LENGTH = 0.98, 0.9

_WORD = re.compile(r"\w+")
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "h1", "h2", "h3",
    "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td",
    "th", "figure", "figcaption", "br", "hr", "form", "address"})
_CODE_TAGS = frozenset({"script", "style", "noscript", "template"})
_TRAFILATURA: dict[str, Any] = {"output_format": "txt", "include_comments": False,
                                "include_tables": True, "with_metadata": False,
                                "deduplicate": False}


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    """The set of n-word shingles of a text (words as the scorer counts them).

    >>> len(shingles("one two three four five"))
    2
    """
    words = _WORD.findall(text)
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def word_total(text: str) -> int:
    """Count ``\\w+`` words."""
    return len(_WORD.findall(text))


def block_text(el: HtmlElement) -> str:
    """Text of an element with a line break at each block boundary."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in _CODE_TAGS or not tag:
            if node.tail:
                parts.append(node.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(el)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _trafilatura(tree: HtmlElement, url: str | None, **options: Any) -> str:
    return trafilatura.extract(tree, url=url, **_TRAFILATURA, **options) or ""


def _readability(tree: HtmlElement) -> str:
    from trafilatura.readability_lxml import Document as Readability

    try:
        summary = Readability(tree, min_text_length=25).summary()
    except Exception:  # noqa: BLE001 - readability raises bare Exceptions on odd pages
        return ""
    from lxml.html import fragment_fromstring

    try:
        return block_text(fragment_fromstring(summary, create_parent="div"))
    except Exception:  # noqa: BLE001
        return ""


def arbitrate(a: str, r: str) -> tuple[str, str]:
    """Choose between trafilatura's text ``a`` and readability's ``r``; returns (text, winner)."""
    if not r:
        return a, "trafilatura"
    if not a:
        return r, "readability"
    sa, sr = shingles(a), shingles(r)
    shared = len(sa & sr)
    wa, wr = word_total(a), word_total(r)
    if shared >= SUPERSET_COVER * len(sa) and wr > SUPERSET_LENGTH * wa:
        return r, "readability.superset"
    if sr and shared >= SUBSET_COVER * len(sr) and wr >= SUBSET_LENGTH * wa:
        return r, "readability.subset"
    return a, "trafilatura"


class Extract:
    """Set ``doc.text`` to the article text extracted from ``doc.tree``.

    ``reprune`` rebuilds the pruned tree for the rare second run: trafilatura edits the tree it
    is given, and parsing again when needed is cheaper than copying every tree up front.
    """

    name: ClassVar[str] = "extract"

    def __init__(self, reprune: Callable[[Document], HtmlElement | None] | None = None,
                 readability: bool = False, fast: bool = False) -> None:
        self.reprune = reprune
        self.readability = readability
        self.fast = fast

    def __call__(self, doc: Document) -> Document:
        tree = doc.tree
        if tree is None:
            return doc
        page_chars = doc.page_chars or sum(len(p.text_content().strip()) for p in tree.iter("p"))
        spare = deepcopy(tree) if self.readability else None
        text = _trafilatura(tree, doc.url, favor_precision=True, fast=self.fast)
        doc.tree = None  # trafilatura has changed it
        winner = "trafilatura.precision"
        if len(text) < SHORT_NEXT_TO_PAGE * page_chars and self.reprune is not None:
            fresh = self.reprune(doc)
            fuller = _trafilatura(fresh, doc.url, fast=self.fast) if fresh is not None else ""
            if word_total(text) < COLLAPSE_SHARE * word_total(fuller):
                text, winner = fuller, "trafilatura.default"
        if spare is not None:
            chosen, which = arbitrate(text, _readability(spare))
            if which.startswith("readability"):
                text, winner = chosen, which
        doc.text = text
        doc.metadata["extractor"] = winner
        return doc
