"""Metadata from the page itself: meta tags, then JSON-LD, then DOM fallbacks (trafilatura's
``extract_metadata``), the publication date from htmldate without its extensive text search (so
a copyright-footer year is never taken for a date), the canonical URL, and a content fingerprint.
"""

from __future__ import annotations

from typing import ClassVar

from cleaners.document import Document
from cleaners.fingerprint import simhash

#: htmldate settings: original (published) date, no free-text search of the whole page.
DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}


class HtmlMetadata:
    """Fill title, author, date, sitename, description, tags, image and URLs from the tree.

    trafilatura's pieces in its order (meta tags, then JSON-LD, then DOM fallbacks), without the
    two that cost more than the whole extraction on news pages: the DOM-wide author search
    (bylines in the text are found by our own rules instead) and the category/tag link search
    (tags come from meta tags and JSON-LD).
    """

    name: ClassVar[str] = "html_metadata"

    def __call__(self, doc: Document) -> Document:
        from htmldate import find_date
        from trafilatura.metadata import (examine_meta, extract_meta_json, extract_sitename,
                                          extract_title, extract_url)

        tree = doc.tree
        if tree is None:
            return doc
        try:
            found = examine_meta(tree)
            if found.author and " " not in found.author:
                found.author = None  # a one-word "author" is a handle or the site
            found = extract_meta_json(tree, found)
            found.title = found.title or extract_title(tree)
            found.url = found.url or extract_url(tree, doc.url)
            found.date = find_date(tree, url=found.url or doc.url, **DATE_PARAMS)
            found.sitename = found.sitename or extract_sitename(tree)
            found.clean_and_trim()
        except Exception:  # noqa: BLE001 - metadata must never cost the text
            return doc
        meta = doc.metadata
        for field in ("title", "author", "date", "sitename", "description", "image"):
            value = getattr(found, field, None)
            if value:
                meta[field] = value.lstrip("@") if field == "sitename" else value
        tags = [*(found.categories or []), *(found.tags or [])]
        tags = [t.strip() for tag in tags for t in tag.split(",") if t.strip()]
        if tags:
            meta["tags"] = list(dict.fromkeys(tags))
        if found.url and found.url != doc.url:
            meta["canonical_url"] = found.url
        if not doc.url and found.url:
            doc.url = found.url
        lang = tree.get("lang") or ""
        if lang:
            meta["html_lang"] = lang.split("-")[0].split("_")[0].lower()[:3]
        return doc


class Fingerprint:
    """Add a 64-bit simhash of the clean text, for near-duplicate detection."""

    name: ClassVar[str] = "fingerprint"

    def __call__(self, doc: Document) -> Document:
        text = " ".join(line.text for line in doc.lines if line.kept)
        if text:
            doc.metadata["fingerprint"] = f"{simhash(text):016x}"
        return doc
