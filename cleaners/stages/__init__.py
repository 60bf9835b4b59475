"""Pipeline stages: each takes a Document and returns it, in the order the pipeline lists them."""

from __future__ import annotations

from typing import ClassVar, Protocol

from cleaners.document import Document


class Stage(Protocol):
    """One step of the pipeline."""

    name: ClassVar[str]

    def __call__(self, doc: Document) -> Document: ...
