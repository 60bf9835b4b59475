"""Item pipelines: one cleans pages with the cleaners library, one writes records as they come.

Cleaning is CPU work: it runs in a process pool (CLEANERS_WORKERS, default all cores; 0 cleans in
a thread) so the crawl's event loop keeps downloading meanwhile. Records have the same schema as
``boilerstrip clean`` plus ``url``, ``fetched_at``, ``site`` and ``via``. Pages that are not
articles are dropped with a counted reason (stats ``cleaners/dropped/<reason>``); removals are
counted per category (``cleaners/removed/<category>``).
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing as mp
import os
import sys
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import IO, Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from cleaners import CleanConfig, clean_html
from cleaners.api import NO_TEXT
from cleaners.batch import default_workers
from scraper.items import RawPage
from scraper.state import StateStore

#: A page with fewer words than this after cleaning is a listing, a stub or an error page.
MIN_ARTICLE_WORDS = 80


def clean_page(body: bytes, url: str, content_type: str | None, config: CleanConfig
               ) -> dict[str, Any]:
    """Clean one page (runs in a pool worker) and return its JSON-ready record."""
    result = clean_html(body, url, source=url, content_type=content_type, config=config)
    return result.to_record(explain=config.explain)


class CleanPipeline:
    """Turn RawPage items into clean records; drop what is not an article."""

    def __init__(self, config: CleanConfig, stats: StatsCollector, workers: int,
                 min_words: int, state: StateStore | None, timeout: float = 120.0) -> None:
        self.config = config
        self.timeout = timeout
        self.stats = stats
        self.workers = workers
        self.min_words = min_words
        self.state = state
        self.pool: Executor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        workers = settings.getint("CLEANERS_WORKERS", -1)
        state = settings.get("BOILERSTRIP_STATE")
        return cls(CleanConfig.from_mapping(settings.getdict("CLEANERS")), crawler.stats,
                   default_workers() if workers < 0 else workers,
                   settings.getint("CLEANERS_MIN_WORDS", MIN_ARTICLE_WORDS),
                   StateStore(state) if state else None,
                   settings.getfloat("CLEANERS_TIMEOUT", 120.0))

    def open_spider(self, spider: Any = None) -> None:
        self.pool = self._new_pool()

    def _new_pool(self) -> Executor:
        if self.workers == 0:
            return ThreadPoolExecutor(1, thread_name_prefix="cleaners")
        else:
            # forkserver: workers start from a clean process, not a copy of the reactor's.
            context = mp.get_context("forkserver" if sys.platform != "win32" else "spawn")
            if context.get_start_method() == "forkserver":
                context.set_forkserver_preload(["cleaners.api", "scraper.pipelines"])
            return ProcessPoolExecutor(self.workers, mp_context=context)

    def _replace_pool(self) -> None:
        """Kill the pool (a page hangs, or a worker died and broke it) and start a new one.

        ProcessPoolExecutor can neither kill one worker nor recover from a dead one; pages that
        were in the old pool are dropped with the error it gives them.
        """
        old, self.pool = self.pool, self._new_pool()
        if isinstance(old, ProcessPoolExecutor):
            for process in list(getattr(old, "_processes", {}).values()):
                process.kill()  # private, but the only way to stop a hung worker
        if old is not None:
            old.shutdown(wait=False, cancel_futures=True)

    def close_spider(self, spider: Any = None) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if self.state is not None:
            self.state.close()

    def _drop(self, item: RawPage, reason: str, slug: str, remember: bool = True) -> DropItem:
        self.stats.inc_value(f"cleaners/dropped/{slug}")
        if remember and self.state is not None:
            self.state.remember(item.url, item.site, f"dropped:{slug}")
        return DropItem(f"{reason}: {item.url}")

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, RawPage):
            return item
        loop = asyncio.get_running_loop()
        pool = self.pool
        try:
            record = await asyncio.wait_for(
                loop.run_in_executor(pool, clean_page, item.body, item.url,
                                     item.content_type, self.config), self.timeout)
        except TimeoutError as exc:
            if pool is self.pool:  # not yet replaced for another page
                self._replace_pool()
            raise self._drop(item, f"cleaning took longer than {self.timeout:g} s", "timeout",
                             remember=False) from exc
        except BrokenProcessPool as exc:
            if pool is self.pool:
                self._replace_pool()
            raise self._drop(item, "the cleaning process died", "error", remember=False) from exc
        except Exception as exc:  # a crashed worker must not end the crawl
            raise self._drop(item, f"cleaning failed ({type(exc).__name__})", "error",
                             remember=False) from exc
        for category, count in record.get("removed_counts", {}).items():
            self.stats.inc_value(f"cleaners/removed/{category}", count)
        words = len(record.get("text", "").split())
        if not words and record.get("error") == NO_TEXT:
            raise self._drop(item, "empty after cleaning", "empty")
        if record.get("error"):
            raise self._drop(item, f"not cleanable ({record['error']})", "error", remember=False)
        if not words:
            raise self._drop(item, "empty after cleaning", "empty")
        if words < self.min_words:
            raise self._drop(item, f"not an article ({words} words)", "not_article")
        fingerprint = record.get("fingerprint")
        if self.state is not None and fingerprint:
            original = self.state.near_duplicate(int(fingerprint, 16), item.url)
            if original:
                raise self._drop(item, f"near-duplicate of {original}", "near_duplicate")
        record.update(url=item.url, fetched_at=item.fetched_at, site=item.site, via=item.via)
        self.stats.inc_value("cleaners/emitted")
        return record


class JsonLinesOutputPipeline:
    """Append each record to the output as one JSON line, flushed at once.

    A crash mid-crawl loses no record already written, and the state marks each written page,
    so a restart continues where the crawl stopped.
    """

    def __init__(self, path: str, state: StateStore | None) -> None:
        self.path = path
        self.state = state
        self.out: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        state = crawler.settings.get("BOILERSTRIP_STATE")
        return cls(crawler.settings.get("BOILERSTRIP_OUTPUT") or "-",
                   StateStore(state) if state else None)

    def open_spider(self, spider: Any = None) -> None:
        if self.path == "-":
            self.out = sys.stdout
        else:
            os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
            self.out = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed below

    def close_spider(self, spider: Any = None) -> None:
        if self.out is not None and self.out is not sys.stdout:
            self.out.close()
        if self.state is not None:
            self.state.close()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, dict) or "url" not in item:
            return item
        assert self.out is not None
        self.out.write(json.dumps(item, ensure_ascii=False) + "\n")
        self.out.flush()
        if self.state is not None:
            fingerprint = item.get("fingerprint")
            self.state.remember(item["url"], item.get("site", ""), "emitted",
                                int(fingerprint, 16) if fingerprint else None)
        return item
