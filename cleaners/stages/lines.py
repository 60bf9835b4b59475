"""Split text into lines, and run the line rules over them."""

from __future__ import annotations

from typing import ClassVar

from cleaners.config import CleanConfig
from cleaners.document import Document, Line
from cleaners.rules.base import LineRule


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


class ApplyLineRules:
    """Remove each line that a line rule matches; the first matching rule names the removal."""

    name: ClassVar[str] = "line_rules"

    def __init__(self, rules: tuple[LineRule, ...], config: CleanConfig) -> None:
        self.rules = tuple(r for r in rules if config.enabled(r.name, r.category))

    def __call__(self, doc: Document) -> Document:
        for line in doc.lines:
            if not line.kept:
                continue
            size = len(line.text)
            for rule in self.rules:
                if size <= rule.max_chars and rule.match(line.text):
                    doc.remove_line(line, rule.name, rule.category, self.name)
                    break
        return doc
