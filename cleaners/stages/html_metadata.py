"""Metadata from the page itself: meta tags, then JSON-LD, then DOM fallbacks (trafilatura's
``extract_metadata``), the publication date from htmldate without its extensive text search (so
a copyright-footer year is never taken for a date), the canonical URL, and a content fingerprint.
"""

from __future__ import annotations

from typing import ClassVar

from cleaners.document import Document

#: htmldate settings: original (published) date, no free-text search of the whole page.
DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}


class HtmlMetadata:
    """Fill title, author, date, sitename, description, tags, image and URLs from the tree."""

    name: ClassVar[str] = "html_metadata"

    def __call__(self, doc: Document) -> Document:
        from trafilatura.metadata import extract_metadata

        if doc.tree is None:
            return doc
        try:
            found = extract_metadata(doc.tree, default_url=doc.url,
                                     date_config=dict(DATE_PARAMS), extensive=False)
        except Exception:  # noqa: BLE001 - metadata must never cost the text
            return doc
        meta = doc.metadata
        for field in ("title", "author", "date", "sitename", "description", "image"):
            value = getattr(found, field, None)
            if value:
                meta[field] = value
        tags = [*(found.categories or []), *(found.tags or [])]
        if tags:
            meta["tags"] = list(dict.fromkeys(t for t in tags if t))
        if found.url and found.url != doc.url:
            meta["canonical_url"] = found.url
        if not doc.url and found.url:
            doc.url = found.url
        lang = doc.tree.get("lang") or ""
        if lang:
            meta["html_lang"] = lang.split("-")[0].split("_")[0].lower()[:3]
        return doc


class Fingerprint:
    """Add a 64-bit simhash of the clean text, for near-duplicate detection."""

    name: ClassVar[str] = "fingerprint"

    def __call__(self, doc: Document) -> Document:
        from trafilatura.deduplication import Simhash

        text = " ".join(line.text for line in doc.lines if line.kept)
        if text:
            doc.metadata["fingerprint"] = f"{Simhash(text).hash:016x}"
        return doc
