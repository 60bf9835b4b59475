"""Extract the article text from the pruned tree with trafilatura.

trafilatura runs in precision mode without comments. If precision mode collapsed (its text is
under 0.3x the words of a default-mode run), the default mode's text is taken; the second run only
happens when the first text looks short next to the page's paragraph text, since it costs a
second extraction. The choice is recorded in ``metadata["extractor"]``.

Measured on the article-extraction benchmark and news-multilingual (benchmarks/bench_html.py),
and left out for it: arbitration with readability (trafilatura's fork on the pruned tree, or
readability-lxml on the raw page) gained nothing after DOM pruning (AEB 0.9762 vs 0.9760,
news-multilingual 0.9513 vs 0.9529) and cost 20 ms a page; trafilatura's fast mode (no internal
fallback) cost 0.014 F1.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from lxml.html import HtmlElement

from cleaners.document import Document

#: A precision-mode text with fewer words than this share of a default-mode text collapsed.
COLLAPSE_SHARE = 0.3
#: Run the default mode only when the first text is shorter than this share of the page's <p>
#: text.
SHORT_NEXT_TO_PAGE = 0.5
#: Pages longer than this (characters of HTML) skip trafilatura's internal fallback, whose cost
#: grows faster than the page (a 25 MB page took minutes); on such pages the main text is
#: rarely in doubt.
LARGE_PAGE_CHARS = 2_000_000

_WORD = re.compile(r"\w+")
_TRAFILATURA: dict[str, Any] = {"output_format": "txt", "include_comments": False,
                                "include_tables": True, "with_metadata": False,
                                "deduplicate": False}


def word_total(text: str) -> int:
    """Count ``\\w+`` words.

    >>> word_total("Two words")
    2
    """
    return len(_WORD.findall(text))


def _trafilatura(tree: HtmlElement, url: str | None, **options: Any) -> str:
    import trafilatura  # here: it takes 0.2 s to import, and text dumps never need it

    return trafilatura.extract(tree, url=url, **_TRAFILATURA, **options) or ""


class Extract:
    """Set ``doc.text`` to the article text extracted from ``doc.tree``.

    ``reprune`` rebuilds the pruned tree for the rare second run: trafilatura edits the tree it
    is given, and parsing again when needed is cheaper than copying every tree up front.
    """

    name: ClassVar[str] = "extract"

    def __init__(self, reprune: Callable[[Document], HtmlElement | None] | None = None) -> None:
        self.reprune = reprune

    def __call__(self, doc: Document) -> Document:
        tree = doc.tree
        if tree is None:
            return doc
        page_chars = doc.page_chars or sum(len(p.text_content().strip()) for p in tree.iter("p"))
        large = len(doc.html or "") > LARGE_PAGE_CHARS
        text = _trafilatura(tree, doc.url, favor_precision=True, fast=large)
        doc.tree = None  # trafilatura has changed it
        winner = "trafilatura.precision.fast" if large else "trafilatura.precision"
        if len(text) < SHORT_NEXT_TO_PAGE * page_chars and self.reprune is not None:
            fresh = self.reprune(doc)
            fuller = _trafilatura(fresh, doc.url, fast=large) if fresh is not None else ""
            if word_total(text) < COLLAPSE_SHARE * word_total(fuller):
                text, winner = fuller, "trafilatura.default"
        doc.text = text
        doc.metadata["extractor"] = winner
        return doc
