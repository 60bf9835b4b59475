"""Rule types and the category vocabulary shared by rules, audit, stats and tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from cleaners.document import Document, Line

#: What a removal can be about. Starts from the shared gold's drop kinds.
CATEGORIES = frozenset({
    "ad", "loading", "css", "js", "cookie", "prayer", "related", "readmore", "share",
    "comments", "counter", "caption", "widget", "nav", "byline", "newsletter",
    "duplicate-title",
    # Metadata lines that leave the body because their content moved to a field.
    "meta.date", "meta.title-tag", "meta.title",
    # A guard rail that undid a pass.
    "guard",
})


class RuleKind(StrEnum):
    """Where a rule runs."""

    DOM = "dom"      # on the lxml tree, before extraction
    LINE = "line"    # on one line of text, alone
    BLOCK = "block"  # on a line and its neighbours (position, runs, language)


@dataclass(frozen=True, slots=True)
class Gate:
    """A cheap necessary condition for a line rule, so most lines never reach its test.

    A line passes when its casefolded text holds one of ``chars``, or one of its words (as
    ``casefold_nfkc`` and the regex ``\\w+`` see them) is the gate word of an entry of
    ``entries()``: the entry's longest word, or for an entry in a script without spaces
    (CJK), its first CJK character. The rule's own test must imply the gate (a whole-line
    label or a contained phrase holds its words); tests/test_fast_paths.py checks
    that gated and ungated rules give the same verdicts.
    """

    entries: Callable[[], Iterable[str]] | None = None
    chars: str = ""


@dataclass(frozen=True, slots=True)
class LineRule:
    """A test on one line of extracted text; a match removes the line."""

    name: str
    category: str
    match: Callable[[str], bool]
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    #: Lines longer than this are never tested (a cheap gate; the test may check it again).
    max_chars: int = 100_000
    #: Lines that fail the gate are never tested; None tests every line (see Gate).
    gate: Gate | None = None
    kind: ClassVar[RuleKind] = RuleKind.LINE

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"rule {self.name}: unknown category {self.category!r}")


@dataclass(frozen=True, slots=True)
class BlockRule:
    """A heuristic over the document's kept lines; returns the lines to remove.

    Examples and counterexamples are whole texts: cleaning an example must record a removal
    by this rule, cleaning a counterexample must not.
    """

    name: str
    category: str
    select: Callable[[Document], Iterable[Line]]
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    kind: ClassVar[RuleKind] = RuleKind.BLOCK

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"rule {self.name}: unknown category {self.category!r}")
