"""Run one crawl in this process: build settings, one crawler per site, summarize.

Scrapy's reactor cannot restart, so a process runs one crawl; schedules start a process per run.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from scraper.sites import Site
from scraper.spiders.news import NewsSpider
from scraper.state import StateStore


@dataclass
class CrawlSummary:
    """What a crawl did, for the command line and the run log."""

    pages: int = 0
    items: int = 0
    dropped: int = 0
    dropped_by_reason: dict[str, int] = field(default_factory=dict)
    removed_by_category: dict[str, int] = field(default_factory=dict)
    skipped_seen: int = 0
    robots_refused: int = 0
    errors: int = 0
    seconds: float = 0.0   # from the first crawler opening to the last one closing
    #: What went wrong while fetching, counted: http_<status>, timeout, redirect_loop,
    #: too_large, not_html, robots_forbidden, retries_exhausted, other_download_errors.
    faults: dict[str, int] = field(default_factory=dict)
    finish_reasons: dict[str, str] = field(default_factory=dict)

    def add(self, site: str, stats: dict[str, Any]) -> None:
        """Fold one crawler's stats in."""
        self.pages += int(stats.get("response_received_count", 0))
        self.items += int(stats.get("cleaners/emitted", 0))
        self.dropped += int(stats.get("item_dropped_count", 0))
        self.skipped_seen += int(stats.get("state/skipped_seen", 0))
        self.robots_refused += int(stats.get("robotstxt/forbidden", 0))
        self.errors += int(stats.get("log_count/ERROR", 0))
        for key, value in stats.items():
            if key.startswith("cleaners/dropped/"):
                reason = key.removeprefix("cleaners/dropped/")
                self.dropped_by_reason[reason] = self.dropped_by_reason.get(reason, 0) + value
            elif key.startswith("cleaners/removed/"):
                category = key.removeprefix("cleaners/removed/")
                self.removed_by_category[category] = (
                    self.removed_by_category.get(category, 0) + value)
        self.finish_reasons[site] = str(stats.get("finish_reason", ""))
        self.seconds = max(self.seconds, float(stats.get("elapsed_time_seconds", 0.0)))
        for name, count in _faults(stats).items():
            self.faults[name] = self.faults.get(name, 0) + count

    def to_json(self) -> str:
        """The summary as one JSON object."""
        return json.dumps(self.__dict__, sort_keys=True)


def _faults(stats: dict[str, Any]) -> dict[str, int]:
    """Sort Scrapy's download statistics into fault counts."""
    faults: dict[str, int] = {}

    def add(name: str, count: Any) -> None:
        if count:
            faults[name] = faults.get(name, 0) + int(count)

    for key, value in stats.items():
        if key.startswith("downloader/response_status_count/") and not key.endswith(
                ("/200", "/301", "/302", "/303", "/307", "/308", "/304")):
            add("http_" + key.rsplit("/", 1)[1], value)
    for kind in ("timeout", "redirect_loop", "too_large", "other_download_errors"):
        add(kind, stats.get(f"boilerstrip/fault/{kind}"))
    add("not_html", stats.get("spider/skipped/not_html"))
    add("robots_forbidden", stats.get("robotstxt/forbidden"))
    add("retries_exhausted", stats.get("retry/max_reached"))
    return faults


def build_settings(output: str = "-", state: str | None = None, workers: int = -1,
                   contact: str | None = None, log_level: str = "WARNING",
                   extra: dict[str, Any] | None = None) -> Settings:
    """The project settings with this run's output, state and worker count."""
    settings = Settings()
    settings.setmodule("scraper.settings", priority="project")
    settings.set("BOILERSTRIP_OUTPUT", output, priority="cmdline")
    settings.set("BOILERSTRIP_STATE", state or "", priority="cmdline")
    settings.set("CLEANERS_WORKERS", workers, priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    if contact:
        settings.set("USER_AGENT", f"boilerstrip/0.1 (+{contact})", priority="cmdline")
    for key, value in (extra or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def spider_for(site: Site) -> type[NewsSpider]:
    """A spider class for one site, carrying the site's own settings."""
    custom: dict[str, Any] = {"CLOSESPIDER_PAGECOUNT": site.max_pages, **site.politeness}
    if site.language:
        custom["CLEANERS"] = {"language": site.language}
    return type(f"NewsSpider_{site.name.replace('.', '_').replace('-', '_')}", (NewsSpider,),
                {"custom_settings": custom, "name": site.name})


def run_crawl(sites: Sequence[Site], settings: Settings, job: str | None = None,
              run_id: int | None = None) -> CrawlSummary:
    """Crawl the sites (concurrently, one crawler each) and return what happened.

    With a state file the run is recorded in its run log (``run_id`` continues a row the
    scheduler opened).
    """
    state_path = settings.get("BOILERSTRIP_STATE")
    store = StateStore(state_path) if state_path else None
    if store is not None and run_id is None:
        run_id = store.start_run(job or "crawl:" + ",".join(s.name for s in sites),
                                 settings.get("BOILERSTRIP_OUTPUT"))
    process = CrawlerProcess(settings)
    logging.getLogger("scrapy").setLevel(settings.get("LOG_LEVEL"))
    crawlers = []
    for site in sites:
        crawler = process.create_crawler(spider_for(site))
        crawlers.append((site, crawler))
        process.crawl(crawler, site=site)
    summary = CrawlSummary()
    status, message = "ok", None
    try:
        process.start()
    except BaseException as exc:  # noqa: BLE001 - recorded, then raised again
        status, message = "failed", f"{type(exc).__name__}: {exc}"
        raise
    finally:
        for site, crawler in crawlers:
            summary.add(site.name, crawler.stats.get_stats() if crawler.stats else {})
        if store is not None and run_id is not None:
            if status == "ok" and any(r not in ("finished", "closespider_pagecount")
                                      for r in summary.finish_reasons.values()):
                status = "failed"
                message = f"finish reasons: {summary.finish_reasons}"
            store.finish_run(run_id, status, summary.pages, summary.items, summary.dropped,
                             message)
            store.close()
    return summary
