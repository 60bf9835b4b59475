"""The news spider: discovers articles from start pages, feeds and sitemaps, and only fetches.

It yields a ``RawPage`` per candidate article; the CleanPipeline decides what is an article.
Listings (start pages, feeds, sitemaps, robots.txt) are always fetched; article candidates carry
``meta["article"]`` so the state middleware can skip those seen in an earlier crawl.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

from scrapy import Request, Spider
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError
from twisted.internet.error import TimeoutError
from twisted.python.failure import Failure
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.linkextractors import LinkExtractor

from scraper.discovery import Kind, feed_links, robots_sitemaps, sitemap_links, sniff
from scraper.items import RawPage
from scraper.sites import Site, load_sites


class NewsSpider(Spider):
    """Crawl one site as its config describes."""

    name = "news"

    def __init__(self, site: Site | str | None = None, *args: Any, config: str = "sites.toml",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(site, str):  # from `scrapy crawl news -a site=NAME_OR_URL [-a config=F]`
            site = Site.for_url(site) if "://" in site else load_sites(config)[site]
        if site is None:
            raise ValueError("NewsSpider needs a site: scrapy crawl news -a site=NAME_OR_URL")
        self.site = site
        self.allowed_domains = list(site.domains())
        # Hosts are checked in _article: LinkExtractor's allow_domains compares host:port.
        self.links = LinkExtractor(unique=True)

    async def start(self) -> AsyncIterator[Any]:
        """The site's sitemaps, feeds, start URLs and targets (kind told from the response)."""
        for request in self.first_requests():
            yield request

    def first_requests(self) -> Iterator[Request]:
        """Requests for everything the config names."""
        site = self.site
        if site.robots_sitemaps:
            for domain_url in {f"{urlparse(u).scheme}://{urlparse(u).netloc}"
                               for u in (*site.start_urls, *site.feeds, *site.sitemaps)}:
                yield Request(domain_url + "/robots.txt", self.parse_robots,
                              meta={"dont_obey_robotstxt": True})
        for url in site.sitemaps:
            yield Request(url, self.parse_sitemap)
        for url in site.feeds:
            yield Request(url, self.parse_feed)
        for url in site.start_urls:
            yield Request(url, self.parse_listing, cb_kwargs={"depth": site.depth})
        for url in site.targets:
            yield Request(url, self.parse_target)

    # ------------------------------------------------------------------ listings

    def parse_target(self, response: Response) -> Iterator[Any]:
        """A URL from the command line: a sitemap, a feed or a start page."""
        kind = sniff(response.body, response.headers.get("Content-Type", b"").decode("latin-1"))
        self.crawler.stats.inc_value(f"discovery/target/{kind}")
        if kind is Kind.SITEMAP:
            yield from self.parse_sitemap(response)
        elif kind is Kind.FEED:
            yield from self.parse_feed(response)
        else:
            yield from self.parse_listing(response, depth=self.site.depth)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        """Follow the ``Sitemap:`` lines of robots.txt."""
        for url in robots_sitemaps(response.body, response.url):
            yield Request(url, self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """A sitemap index leads to sitemaps; a urlset (news sitemaps too) to articles."""
        kind, urls = sitemap_links(response.body)
        self.crawler.stats.inc_value("discovery/sitemaps")
        for url in urls:
            if kind == "sitemapindex":
                yield Request(url, self.parse_sitemap)
            else:
                yield from self._article(url, "sitemap", depth=0)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """An RSS or Atom feed leads to its items."""
        self.crawler.stats.inc_value("discovery/feeds")
        for url in feed_links(response.body):
            yield from self._article(response.urljoin(url), "feed", depth=0)

    def parse_listing(self, response: Response, depth: int) -> Iterator[Request]:
        """A start page: follow its links (allow/deny) to article candidates."""
        if not isinstance(response, TextResponse):
            return
        for link in self.links.extract_links(response):
            yield from self._article(link.url, "link", depth=depth - 1)

    # ------------------------------------------------------------------ articles

    def _on_site(self, url: str) -> bool:
        host = urlparse(url).hostname or ""
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def _article(self, url: str, via: str, depth: int) -> Iterator[Request]:
        if (not self.site.keeps(url) or urlparse(url).scheme not in ("http", "https")
                or not self._on_site(url)):
            self.crawler.stats.inc_value("discovery/filtered")
            return
        yield Request(url, self.parse_article, meta={"article": True, "via": via},
                      cb_kwargs={"depth": depth}, errback=self.fetch_failed)

    def fetch_failed(self, failure: Failure) -> None:
        """Count a download that failed: timeouts, redirect loops, oversized responses."""
        error = failure.value
        message = str(error).lower()
        if failure.check(HttpError):
            return  # counted by status code already
        if failure.check(IgnoreRequest):
            if "max redirections" in message:
                self.crawler.stats.inc_value("boilerstrip/fault/redirect_loop")
            return  # robots.txt, seen URLs, offsite: counted where they are refused
        if failure.check(TimeoutError, DownloadTimeoutError) or "timed out" in message:
            kind = "timeout"
        elif failure.check(CancelledError, DownloadCancelledError) or "size" in message:
            kind = "too_large"
        else:
            kind = "other_download_errors"
        self.crawler.stats.inc_value(f"boilerstrip/fault/{kind}")
        self.logger.info("fetch failed (%s): %s: %s", kind, failure.request.url, error)

    def parse_article(self, response: Response, depth: int = 0) -> Iterator[Any]:
        """Yield the page for the pipeline; keep following links while depth lasts."""
        content_type = response.headers.get("Content-Type", b"").decode("latin-1").lower()
        # Scrapy picks HtmlResponse from a .html URL even when the server says image/png.
        if not isinstance(response, HtmlResponse) or (content_type and "html" not in content_type):
            self.crawler.stats.inc_value("spider/skipped/not_html")  # feeds, images, PDFs
            return
        yield RawPage(
            url=response.url,
            body=response.body,
            # response.encoding would decode the whole body here, in the crawl's event loop; the
            # cleaner decodes once, by the same precedence, from the header passed along.
            encoding=None,
            content_type=content_type or None,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            site=self.site.name,
            via=response.meta.get("via", ""),
        )
        if depth > 0:
            yield from self.parse_listing(response, depth)
