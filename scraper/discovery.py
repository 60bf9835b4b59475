"""Find article URLs in feeds (RSS, Atom, RDF), sitemaps (index, urlset, news) and robots.txt.

XML is parsed without entity expansion and without network access, so a feed cannot mount a
billion-laughs or an external-entity attack.
"""

from __future__ import annotations

import re
import zlib
from enum import StrEnum

from lxml import etree
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

#: Largest decompressed sitemap read (the sitemap protocol caps files at 50 MB).
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"


class Kind(StrEnum):
    """What a fetched URL turned out to be."""

    SITEMAP = "sitemap"
    FEED = "feed"
    PAGE = "page"


def sniff(body: bytes, content_type: str = "") -> Kind:
    """Tell a sitemap, a feed and a page apart by their first bytes.

    >>> sniff(b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    <Kind.SITEMAP: 'sitemap'>
    >>> sniff(b'<rss version="2.0"><channel>')
    <Kind.FEED: 'feed'>
    >>> sniff(b'<!DOCTYPE html><html>')
    <Kind.PAGE: 'page'>
    """
    head = _gunzip(body)[:2048].lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return Kind.SITEMAP
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return Kind.FEED
    return Kind.PAGE


def _gunzip(body: bytes) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, MAX_SITEMAP_BYTES)
    except zlib.error:
        return b""


def sitemap_links(body: bytes) -> tuple[str, list[str]]:
    """Return ("sitemapindex" or "urlset", the <loc> URLs) of a (possibly gzipped) sitemap."""
    data = _gunzip(body)
    if not data.strip():
        return "", []
    try:
        sitemap = Sitemap(data)
        return sitemap.type, [entry["loc"] for entry in sitemap if entry.get("loc")]
    except (etree.XMLSyntaxError, StopIteration, ValueError):
        return "", []


_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                            recover=True, remove_comments=True, remove_pis=True)


#: A DOCTYPE with an internal subset: where entity bombs and external entities are declared.
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", re.S | re.I)


def feed_links(body: bytes) -> list[str]:
    """Item links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order.

    The DOCTYPE goes before parsing (feeds need none), so no entity can be declared, and the
    parser expands none anyway.
    """
    try:
        root = etree.fromstring(_DOCTYPE.sub(b"", _gunzip(body)[:MAX_SITEMAP_BYTES]),
                                parser=_SAFE_XML)
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    links: list[str] = []
    for item in root.iter("item", f"{_RSS1}item"):
        for link in item.iter("link", f"{_RSS1}link"):
            if link.text and link.text.strip():
                links.append(link.text.strip())
                break
    for entry in root.iter(f"{_ATOM}entry"):
        for link in entry.iter(f"{_ATOM}link"):
            if link.get("href") and link.get("rel", "alternate") == "alternate":
                links.append(link.get("href", "").strip())
                break
    return list(dict.fromkeys(links))


def robots_sitemaps(body: bytes, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt."""
    return list(sitemap_urls_from_robots(body, base_url=base_url))


__all__ = ["Kind", "feed_links", "robots_sitemaps", "sitemap_links", "sniff"]
