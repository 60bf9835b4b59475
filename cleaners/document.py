"""The document that flows through the stages, the audit entries and the public result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: How much of a removed piece of text the audit keeps.
AUDIT_TEXT_CHARS = 80


@dataclass(frozen=True, slots=True)
class Removal:
    """One thing a rule removed: which rule, of what category, at which stage, where, and what."""

    rule: str
    category: str
    stage: str
    where: str
    text: str

    def to_record(self) -> dict[str, str]:
        """Return the JSON-ready form."""
        return {"rule": self.rule, "category": self.category, "stage": self.stage,
                "where": self.where, "text": self.text}


@dataclass(slots=True)
class Line:
    """One line of a text document, with its verdict once a rule has spoken."""

    index: int          # 0-based position in the input, for the audit
    text: str           # stripped text
    raw: str            # the line as it came in (leading spaces, bullets)
    blank_before: bool  # a blank line separates it from the previous line
    removed_by: str = ""      # rule name once removed
    category: str = ""        # category once removed
    lang: str | None = None   # language of the line, when it is long enough to tell
    lang_score: float = 0.0
    lang_pending: bool = False  # long enough, but only the model can tell (asked when needed)
    kept: bool = True         # until a rule removes it (a field: every stage asks, often)


@dataclass(slots=True)
class Document:
    """Everything known about one input while it is being cleaned."""

    source: str = ""
    raw: bytes | None = None
    html: str | None = None
    url: str | None = None
    encoding: str | None = None
    tree: Any = None
    #: Characters of paragraph text left on the page after pruning (for the extraction check).
    page_chars: int = 0
    text: str = ""
    lines: list[Line] = field(default_factory=list)
    language: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    audit: list[Removal] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)
    #: Facts about the kept lines that several rules ask for (see ``derived``).
    _derived: dict[str, Any] = field(default_factory=dict)
    _derived_for: int = -1

    def derived(self, name: str, compute: Callable[[Document], Any]) -> Any:
        """``compute(self)``, worked out once for the lines kept now: a removal starts over."""
        if self._derived_for != len(self.audit):
            self._derived.clear()
            self._derived_for = len(self.audit)
        if name not in self._derived:
            self._derived[name] = compute(self)
        return self._derived[name]

    def remove_line(self, line: Line, rule: str, category: str, stage: str) -> None:
        """Mark a line removed and record it in the audit."""
        if not line.kept:
            return
        line.removed_by, line.category, line.kept = rule, category, False
        self.audit.append(Removal(rule, category, stage, f"line {line.index + 1}",
                                  line.text[:AUDIT_TEXT_CHARS]))

    def kept_lines(self) -> list[Line]:
        """Return the lines no rule has removed, in order."""
        return [line for line in self.lines if line.kept]


#: Metadata fields every record carries, in output order.
METADATA_FIELDS = ("title", "date", "language", "sitename", "author", "url")


@dataclass(slots=True)
class CleanResult:
    """The outcome of cleaning one document."""

    source: str
    text: str = ""
    title: str | None = None
    date: str | None = None
    language: str | None = None
    sitename: str | None = None
    author: str | None = None
    url: str | None = None
    removed: list[Removal] = field(default_factory=list)
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def removed_by_category(self) -> dict[str, int]:
        """Count removals per category."""
        counts: dict[str, int] = {}
        for removal in self.removed:
            if removal.category != "guard":  # a guard rail kept something: not a removal
                counts[removal.category] = counts.get(removal.category, 0) + 1
        return dict(sorted(counts.items()))

    def to_record(self, explain: bool = True) -> dict[str, Any]:
        """Return the JSON-ready dict: text, metadata, removal counts, and the audit if asked."""
        record: dict[str, Any] = {"source": self.source, "text": self.text}
        for name in METADATA_FIELDS:
            record[name] = getattr(self, name)
        record.update(self.extra)
        record["removed_counts"] = self.removed_by_category()
        if explain:
            record["removed"] = [r.to_record() for r in self.removed]
        if self.error is not None:
            record["error"] = self.error
        return record
