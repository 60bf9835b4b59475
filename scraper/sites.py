"""Sites described in a TOML file: adding a site needs no code.

    [defaults]                 # optional, applies to every site
    max_pages = 200

    [[site]]
    name = "meridian"
    start_urls = ["https://news.example.org/"]
    feeds = ["https://news.example.org/feed.xml"]
    sitemaps = ["https://news.example.org/sitemap.xml"]
    robots_sitemaps = true     # also read the Sitemap: lines of robots.txt
    allow = ["/20\\\\d\\\\d/"]     # regular expressions on URLs to follow and keep
    deny = ["/tags/", "/private/"]
    language = "en"            # hint for the cleaner
    max_pages = 100            # pages fetched per crawl
    depth = 2                  # link hops from a start URL
    schedule = "*/30 * * * *"  # cron (5 fields, or 6 with seconds first) for `boilerstrip schedule`
    [site.politeness]          # Scrapy settings for this site only
    DOWNLOAD_DELAY = 1.0
    CONCURRENT_REQUESTS_PER_DOMAIN = 2
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

#: Politeness settings a site may override.
POLITENESS_KEYS = frozenset({
    "DOWNLOAD_DELAY", "CONCURRENT_REQUESTS_PER_DOMAIN", "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "AUTOTHROTTLE_START_DELAY", "AUTOTHROTTLE_MAX_DELAY", "DOWNLOAD_TIMEOUT", "RETRY_TIMES",
    "DOWNLOAD_MAXSIZE", "ROBOTSTXT_OBEY", "USER_AGENT", "AUTOTHROTTLE_ENABLED",
})
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class ConfigError(ValueError):
    """The site configuration is wrong; the message says where."""


@dataclass(frozen=True)
class Site:
    """One site to crawl."""

    name: str
    start_urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    robots_sitemaps: bool = False
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    language: str = ""
    max_pages: int = 200
    depth: int = 2
    schedule: str = ""
    politeness: dict[str, Any] = field(default_factory=dict)
    #: URLs whose kind (start page, feed, sitemap) is told from the response.
    targets: tuple[str, ...] = ()

    def domains(self) -> tuple[str, ...]:
        """Host names the crawl stays on."""
        urls = (*self.start_urls, *self.feeds, *self.sitemaps, *self.targets)
        return tuple(sorted({urlparse(u).hostname or "" for u in urls} - {""}))

    def keeps(self, url: str) -> bool:
        """Tell whether a URL passes the allow/deny patterns."""
        if any(re.search(p, url) for p in self.deny):
            return False
        return not self.allow or any(re.search(p, url) for p in self.allow)

    @classmethod
    def for_url(cls, url: str, **overrides: Any) -> Site:
        """An ad-hoc site for one URL given on the command line."""
        host = urlparse(url).hostname or "site"
        return replace(cls(name=re.sub(r"[^A-Za-z0-9_.-]", "_", host)[:64], targets=(url,)),
                       **overrides)


def _check_url(url: Any, where: str) -> str:
    if not isinstance(url, str) or urlparse(url).scheme not in ("http", "https"):
        raise ConfigError(f"{where}: {url!r} is not an http(s) URL "
                          "(only http and https are crawled)")
    return url


def parse_sites(data: dict[str, Any], source: str = "config") -> dict[str, Site]:
    """Build sites from parsed TOML, with errors that name the file, site and key."""
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise ConfigError(f"{source}: [defaults] must be a table")
    entries = data.get("site", [])
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{source}: no [[site]] entries")
    known = {f.name for f in fields(Site)} - {"targets"}
    sites: dict[str, Site] = {}
    for number, raw in enumerate(entries, start=1):
        entry = {**defaults, **raw}
        name = entry.get("name")
        where = f"{source}: site #{number} ({name or 'unnamed'})"
        if not isinstance(name, str) or not _NAME.match(name):
            raise ConfigError(f"{where}: 'name' must be 1-64 letters, digits, '.', '_' or '-'")
        if name in sites:
            raise ConfigError(f"{where}: name used twice")
        unknown = sorted(set(entry) - known)
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; known: "
                              f"{', '.join(sorted(known))}")
        values: dict[str, Any] = {"name": name}
        for key in ("start_urls", "feeds", "sitemaps"):
            urls = entry.get(key, [])
            if not isinstance(urls, list):
                raise ConfigError(f"{where}: '{key}' must be a list of URLs")
            values[key] = tuple(_check_url(u, f"{where}.{key}") for u in urls)
        if not (values["start_urls"] or values["feeds"] or values["sitemaps"]):
            raise ConfigError(f"{where}: give at least one of start_urls, feeds, sitemaps")
        for key in ("allow", "deny"):
            patterns = entry.get(key, [])
            if not isinstance(patterns, list):
                raise ConfigError(f"{where}: '{key}' must be a list of regular expressions")
            for pattern in patterns:
                try:
                    re.compile(pattern)
                except (re.error, TypeError) as exc:
                    raise ConfigError(f"{where}.{key}: bad pattern {pattern!r}: {exc}") from exc
            values[key] = tuple(patterns)
        for key, kind in (("max_pages", int), ("depth", int), ("language", str),
                          ("schedule", str), ("robots_sitemaps", bool)):
            if key in entry:
                if not isinstance(entry[key], kind):
                    raise ConfigError(f"{where}: '{key}' must be a {kind.__name__}")
                values[key] = entry[key]
        if values.get("language"):
            values["language"] = values["language"].strip().lower()
            if not re.fullmatch(r"[a-z]{2,3}", values["language"]):
                raise ConfigError(f"{where}: 'language' must be an ISO 639-1 code such as 'en'")
        politeness = entry.get("politeness", {})
        if not isinstance(politeness, dict) or set(politeness) - POLITENESS_KEYS:
            raise ConfigError(f"{where}: 'politeness' may set only "
                              f"{', '.join(sorted(POLITENESS_KEYS))}")
        values["politeness"] = dict(politeness)
        if values.get("schedule"):
            from scraper.schedule import parse_cron

            try:
                parse_cron(values["schedule"])
            except ValueError as exc:
                raise ConfigError(f"{where}: bad schedule {values['schedule']!r}: {exc}") from exc
        sites[name] = Site(**values)
    return sites


def load_sites(path: str | Path) -> dict[str, Site]:
    """Read a sites TOML file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"site config not found: {path}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return parse_sites(data, str(path))
