"""Downloader middlewares: only http(s), skip URLs seen by earlier crawls, and a robots.txt
middleware that makes every request wait for the parsed robots.txt.

Scrapy 2.19's RobotsTxtMiddleware hands the parser to the first request waiting for robots.txt
and ``None`` (allow everything) to the others, so a page queued at start-up behind the first
request escapes robots.txt. ``SafeRobotsTxtMiddleware`` waits until the parser is there.
"""

from __future__ import annotations

import asyncio
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from scraper.state import StateStore

#: Seconds between looks at whether robots.txt has been parsed.
_ROBOTS_POLL = 0.02


class SafeRobotsTxtMiddleware(RobotsTxtMiddleware):
    """RobotsTxtMiddleware whose concurrent waiters all get the parser."""

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        pending = self._parsers.get(netloc)
        if isinstance(pending, Deferred):
            while isinstance(self._parsers.get(netloc), Deferred):
                await asyncio.sleep(_ROBOTS_POLL)
            return self._parsers.get(netloc)
        return await super().robot_parser(request)


class SchemeFilterMiddleware:
    """Refuse anything but http and https (no file:, ftp:, data: from a page's links)."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if urlparse_cached(request).scheme not in ("http", "https"):
            self.stats.inc_value("boilerstrip/refused/scheme")
            raise IgnoreRequest(f"only http and https are crawled: {request.url}")


class SeenUrlsMiddleware:
    """Skip article requests whose URL an earlier crawl already emitted or dropped."""

    def __init__(self, state: StateStore, crawler: Crawler) -> None:
        self.state = state
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("BOILERSTRIP_STATE")
        if not path:
            raise NotConfigured("no BOILERSTRIP_STATE: every crawl starts afresh")
        return cls(StateStore(path), crawler)

    def process_request(self, request: Request) -> Any:
        if request.meta.get("article") and self.state.seen(request.url):
            self.stats.inc_value("state/skipped_seen")
            raise IgnoreRequest(f"seen in an earlier crawl: {request.url}")
        return None
