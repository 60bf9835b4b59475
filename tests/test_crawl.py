"""Real crawls over HTTP on 127.0.0.1: discovery, config sites, drop reasons, state, robots.

Each crawl runs ``boilerstrip crawl`` in its own process, as every crawl must (Scrapy's reactor
cannot restart), against a site served from this test process on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from scraper.testsite import SiteServer, serve

SITE = FIXTURES / "site"
MANIFEST = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))
ARTICLES = {item["path"].lstrip("/") for item in MANIFEST}


def crawl(tmp_path: Path, *args: str, output: str = "out.jsonl", timeout: float = 180
          ) -> tuple[list[dict], dict]:
    """Run one crawl in a child process; return its records and summary."""
    out = tmp_path / output
    summary = tmp_path / (output + ".summary.json")
    proc = subprocess.run(
        [sys.executable, "-m", "cleaners", "crawl", *args, "-o", str(out), "--summary",
         str(summary), "--workers", "0", "--quiet"],
        capture_output=True, text=True, timeout=timeout, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()
               ] if out.exists() else []
    return records, json.loads(summary.read_text(encoding="utf-8"))


def paths_of(records: list[dict], server: SiteServer) -> set[str]:
    return {r["url"].removeprefix(server.base + "/") for r in records}


@pytest.fixture(scope="module")
def server() -> SiteServer:
    with serve(SITE) as running:
        yield running


@pytest.fixture(autouse=True)
def fresh_log(server: SiteServer) -> None:
    server.requests.clear()


def test_feed_discovery_cleans_every_article(server: SiteServer, tmp_path: Path) -> None:
    records, summary = crawl(tmp_path, server.url("feed.xml"))
    assert paths_of(records, server) == ARTICLES
    by_path = {r["url"].removeprefix(server.base): r for r in records}
    for item in MANIFEST:
        record = by_path[item["path"]]
        assert record["language"] == item["language"], item["path"]
        assert record["title"] == item["title"]
        assert record["date"] == item["date"]
        for sentence in item["must_keep"]:
            assert sentence in record["text"], (item["path"], sentence)
        for junk in item["must_drop"]:
            assert junk not in record["text"], (item["path"], junk)
        assert {"url", "fetched_at", "site", "source", "text", "removed_counts"} <= set(record)
        assert record["via"] == "feed"
    assert summary["items"] == 12
    assert summary["removed_by_category"]["ad"] > 0


def test_sitemap_index_and_drop_reasons(server: SiteServer, tmp_path: Path) -> None:
    records, summary = crawl(tmp_path, server.url("sitemap.xml"))
    assert paths_of(records, server) == ARTICLES
    # The sitemap also lists the three section pages: fetched, then dropped as non-articles.
    assert summary["dropped"] == 3
    assert sum(summary["dropped_by_reason"].values()) == 3
    assert set(summary["dropped_by_reason"]) <= {"not_article", "empty"}
    assert "/sitemap-news.xml" in server.requests and "/sitemap-articles.xml" in server.requests


def test_start_url_follows_links_and_obeys_robots(server: SiteServer, tmp_path: Path) -> None:
    records, _ = crawl(tmp_path, server.url("index.html"))
    assert paths_of(records, server) == ARTICLES
    assert "/robots.txt" in server.requests
    assert not [p for p in server.requests if p.startswith("/private/")]


def test_robots_holds_for_requests_queued_at_start(server: SiteServer, tmp_path: Path) -> None:
    # Scrapy 2.19's own middleware lets the second of two start requests skip robots.txt.
    crawl(tmp_path, server.url("index.html"), server.url("private/secret.html"))
    assert not [p for p in server.requests if p.startswith("/private/")]


def test_config_site_with_allow_and_deny(server: SiteServer, tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(f'''
[[site]]
name = "meridian"
feeds = ["{server.url('feed.xml')}"]
deny = ["/culture/"]
language = ""
[site.politeness]
DOWNLOAD_DELAY = 0
''', encoding="utf-8")
    records, _ = crawl(tmp_path, "meridian", "--config", str(config))
    assert paths_of(records, server) == {p for p in ARTICLES if not p.startswith("culture/")}
    assert {r["site"] for r in records} == {"meridian"}
    assert not [p for p in server.requests if p.startswith("/culture/2024/")]


def test_second_crawl_with_state_emits_nothing_new(server: SiteServer, tmp_path: Path) -> None:
    state = str(tmp_path / "state.db")
    first, _ = crawl(tmp_path, server.url("feed.xml"), "--state", state, output="one.jsonl")
    server.requests.clear()
    second, summary = crawl(tmp_path, server.url("feed.xml"), "--state", state,
                            output="two.jsonl")
    assert len(first) == 12 and second == []
    assert summary["skipped_seen"] == 12
    assert not [p for p in server.requests if p.endswith("/2024/") or "/2024/" in p]
    runs = subprocess.run([sys.executable, "-m", "cleaners", "runs", "--state", state, "--json"],
                          capture_output=True, text=True, check=True).stdout.splitlines()
    assert [json.loads(r)["items"] for r in runs] == [0, 12]


def _article(title: str, words: list[str], seed: int) -> str:
    rng = random.Random(seed)
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(words) for _ in range(45)).capitalize() + ".</p>"
        for _ in range(4))
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            "</head><body><div id='top'><a href='/index.html'>Front</a></div>"
            f"<div id='story'><h2 class='hed'>{title}</h2><div class='txt'>{paragraphs}</div></div>"
            "<div class='ad-slot'>Advertisement</div><div id='foot'>(c) The Unseen Courier</div>"
            "</body></html>")


@pytest.fixture
def unseen_site(tmp_path: Path) -> Path:
    """A site with a template the rules never saw: 12 articles, a feed, a sitemap."""
    root = tmp_path / "unseen"
    (root / "news").mkdir(parents=True)
    words = ("river council budget harbour school winter road station farmers market court "
             "minister museum festival storm village bridge energy water hospital police "
             "train election library workers factory mayor island forest price report study "
             "children teachers doctors football season record museum concert airport").split()
    items, urls = [], []
    for n in range(12):
        title = f"Unseen Courier story number {n + 1} about {words[n]}"
        (root / "news" / f"story-{n + 1}.html").write_text(_article(title, words, n),
                                                          encoding="utf-8")
        url = f"{{{{BASE}}}}/news/story-{n + 1}.html"
        items.append(f"<item><title>{title}</title><link>{url}</link></item>")
        urls.append(f"<url><loc>{url}</loc></url>")
    (root / "feed.xml").write_text("<?xml version='1.0'?><rss version='2.0'><channel>"
                                   + "".join(items) + "</channel></rss>", encoding="utf-8")
    (root / "sitemap.xml").write_text(
        "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        + "".join(urls) + "</urlset>", encoding="utf-8")
    (root / "index.html").write_text("<html><body><a href='/feed.xml'>feed</a></body></html>")
    return root


@pytest.mark.parametrize("entry", ["feed.xml", "sitemap.xml"])
def test_unseen_site_is_crawled_completely(unseen_site: Path, tmp_path: Path, entry: str) -> None:
    with serve(unseen_site) as other:
        records, summary = crawl(tmp_path, other.url(entry))
    assert len(records) == 12
    assert {r["title"] for r in records} == {
        f"Unseen Courier story number {n + 1} about {w}" for n, w in enumerate(
            "river council budget harbour school winter road station farmers market court "
            "minister".split())}
    assert all("Advertisement" not in r["text"] for r in records)
    assert summary["dropped"] == 0


def test_republished_story_is_a_near_duplicate(tmp_path: Path) -> None:
    root = tmp_path / "dup"
    shutil.copytree(SITE, root)
    source = root / "world" / "2024" / "moscow-accuses-washington.html"
    html = source.read_text(encoding="utf-8")
    # The same story under another URL, with another headline and a changed last sentence.
    copy = html.replace("Moscow accuses Washington", "Russia blames US", 1)
    (root / "world" / "2024" / "moscow-blames-us-republished.html").write_text(copy, "utf-8")
    feed = root / "feed.xml"
    feed.write_text(feed.read_text(encoding="utf-8").replace(
        "</channel>", "<item><title>Republished</title><link>{{BASE}}/world/2024/"
        "moscow-blames-us-republished.html</link></item></channel>"), encoding="utf-8")
    state = str(tmp_path / "state.db")
    with serve(root) as other:
        records, summary = crawl(tmp_path, other.url("feed.xml"), "--state", state)
    assert len(records) == 12
    assert summary["dropped_by_reason"] == {"near_duplicate": 1}


@pytest.mark.parametrize("target", ["ftp://example.org/feed.xml", "file:///etc/passwd"])
def test_only_http_and_https_are_crawled(target: str, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "cleaners", "crawl", target],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and "only http and https" in proc.stderr


def test_unknown_site_name_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "sites.toml").write_text('[[site]]\nname = "a"\nfeeds = ["https://a.test/f"]\n')
    proc = subprocess.run([sys.executable, "-m", "cleaners", "crawl", "b"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and "no site 'b'" in proc.stderr and "known: a" in proc.stderr


def test_demo_runs_offline(tmp_path: Path) -> None:
    out = tmp_path / "demo.jsonl"
    proc = subprocess.run([sys.executable, "-m", "cleaners", "demo", "-o", str(out),
                           "--workers", "0"], capture_output=True, text=True, cwd=ROOT,
                          timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "articles written  12" in proc.stdout and "robots.txt        obeyed" in proc.stdout
    assert len(out.read_text(encoding="utf-8").splitlines()) == 12


def test_spiders_only_fetch() -> None:
    """Cleaning logic stays in cleaners/: spiders import no parser, regex or extractor."""
    forbidden = ("import re", "from re ", "lxml", "ftfy", "trafilatura", "bs4")
    for path in (ROOT / "scraper" / "spiders").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not [f for f in forbidden if f in source], path
