"""Run the block rules, which judge a line by its neighbours, position and language."""

from __future__ import annotations

from typing import ClassVar

from cleaners.config import CleanConfig
from cleaners.document import Document
from cleaners.rules.base import BlockRule


class ApplyBlockRules:
    """Apply each block rule in order over the lines still kept."""

    name: ClassVar[str] = "block_rules"

    def __init__(self, rules: tuple[BlockRule, ...], config: CleanConfig) -> None:
        self.rules = tuple(r for r in rules if config.enabled(r.name, r.category))

    def __call__(self, doc: Document) -> Document:
        for rule in self.rules:
            for line in list(rule.select(doc)):
                doc.remove_line(line, rule.name, rule.category, self.name)
        return doc
