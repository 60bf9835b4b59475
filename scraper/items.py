"""What spiders yield: a raw page, fetched and nothing more. Cleaning is the pipeline's job."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RawPage:
    """One fetched page that may be an article."""

    url: str
    body: bytes
    encoding: str | None = None       # when known; else the cleaner decides from the header
    content_type: str | None = None
    fetched_at: str = ""              # ISO 8601, UTC
    site: str = ""
    via: str = ""                     # how it was found: feed, sitemap, link
