"""The pipeline: an ordered list of stages over one Document. The list is the configuration."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from cleaners.config import CleanConfig
from cleaners.document import CleanResult, Document
from cleaners.rules.blocks import BLOCK_RULES
from cleaners.rules.lines import LINE_RULES
from cleaners.stages import Stage
from cleaners.rules.dom import DOM_RULES
from cleaners.stages.blocks import ApplyBlockRules
from cleaners.stages.decode import Decode
from cleaners.stages.dom import ParseDom, PruneDom
from cleaners.stages.extract import Extract
from cleaners.stages.html_metadata import Fingerprint, HtmlMetadata
from cleaners.stages.lines import ApplyLineRules, SplitLines
from cleaners.stages.metadata import AuthorFromByline, DetectLanguage, ExtractTextMetadata
from cleaners.stages.normalize import Normalize, assemble


@cache
def text_stages(config: CleanConfig) -> list[Stage]:
    """The stages a text document goes through, in order (built once per config: stages keep
    no state between documents).

    ftfy runs first so that mojibake cannot hide a vocabulary match.
    """
    return [
        Normalize(),
        SplitLines(),
        ApplyLineRules(LINE_RULES, config),
        DetectLanguage(config),
        ExtractTextMetadata(),
        ApplyBlockRules(BLOCK_RULES, config),
        AuthorFromByline(),
    ]


@cache
def html_stages(config: CleanConfig) -> list[Stage]:
    """The stages a page goes through: the DOM part, then the same text stages as a dump."""
    parse, prune = ParseDom(), PruneDom(DOM_RULES, config)

    def reprune(doc: Document) -> object:
        scratch = Document(html=doc.html)
        return prune(parse(scratch)).tree

    return [
        Decode(),
        parse,
        HtmlMetadata(),
        prune,
        Extract(reprune),
        *text_stages(config),
        Fingerprint(),
    ]


def run(doc: Document, stages: Sequence[Stage]) -> Document:
    """Pass the document through each stage in turn."""
    for stage in stages:
        doc = stage(doc)
    return doc


#: Metadata keys that are result fields of their own, or internal.
_NOT_EXTRA = frozenset({"title", "date", "sitename", "author", "language_score", "html_lang"})


def to_result(doc: Document) -> CleanResult:
    """Assemble the kept lines into the clean text and copy the metadata into a result."""
    meta = doc.metadata
    extra = {k: v for k, v in meta.items() if k not in _NOT_EXTRA and v is not None}
    if doc.encoding and doc.encoding != "utf-8":
        extra["encoding"] = doc.encoding
    return CleanResult(
        source=doc.source,
        text=assemble([line.text for line in doc.lines if line.kept]),
        title=meta.get("title"),
        date=meta.get("date"),
        language=doc.language,
        sitename=meta.get("sitename"),
        author=meta.get("author"),
        url=doc.url,
        removed=list(doc.audit),
        extra=extra,
    )
