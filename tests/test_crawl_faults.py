"""Crawl faults over HTTP on 127.0.0.1: errors are handled and counted, a crash loses nothing,
and hostile feeds and sitemaps are parsed without entity expansion."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXTURES
from scraper.discovery import feed_links, sitemap_links
from scraper.testsite import serve

SITE = FIXTURES / "site"
GOOD = ["world/2024/moscow-accuses-washington.html", "business/2024/container-freight-rates-fall.html"]


def _slow() -> tuple[int, dict[str, str], bytes]:
    time.sleep(3)
    return 200, {"Content-Type": "text/html"}, b"<html><body><p>late</p></body></html>"


_hops = iter(range(1, 1_000_000))


def _endless_redirect() -> tuple[int, dict[str, str], bytes]:
    # Each hop a new URL, so it is the redirect limit that ends it, not the duplicate filter.
    return 302, {"Location": f"/loop.html?hop={next(_hops)}"}, b""


ROUTES = {
    "/broken.html": lambda: (500, {"Content-Type": "text/html"}, b"<h1>Internal error</h1>"),
    "/slow.html": _slow,
    "/loop.html": _endless_redirect,
    "/photo.html": lambda: (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + bytes(500)),
    "/huge.html": lambda: (200, {"Content-Type": "text/html"},
                           b"<html><body>" + b"<p>big page text</p>" * 20000 + b"</body></html>"),
}


def test_faults_are_handled_and_counted(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    faulty = ["missing.html", "broken.html", "slow.html", "loop.html", "photo.html", "huge.html",
              "private/secret.html"]
    items = "".join(f"<item><link>{{{{BASE}}}}/{p}</link></item>" for p in GOOD + faulty)
    (root / "feed.xml").write_text(f"<rss version='2.0'><channel>{items}</channel></rss>",
                                   encoding="utf-8")
    with serve(root, routes=ROUTES) as server:
        config = tmp_path / "sites.toml"
        config.write_text(f'''
[[site]]
name = "faulty"
feeds = ["{server.url('feed.xml')}"]
[site.politeness]
DOWNLOAD_DELAY = 0
DOWNLOAD_TIMEOUT = 1
DOWNLOAD_MAXSIZE = 100000
RETRY_TIMES = 1
''', encoding="utf-8")
        out, summary = tmp_path / "out.jsonl", tmp_path / "summary.json"
        proc = subprocess.run(
            [sys.executable, "-m", "cleaners", "crawl", "faulty", "--config", str(config), "-o",
             str(out), "--summary", str(summary), "--workers", "0", "--quiet"],
            capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    urls = {json.loads(line)["url"].removeprefix(server.base + "/")
            for line in out.read_text(encoding="utf-8").splitlines()}
    assert urls == set(GOOD)
    faults = json.loads(summary.read_text(encoding="utf-8"))["faults"]
    for fault in ("http_404", "http_500", "timeout", "redirect_loop", "too_large", "not_html",
                  "robots_forbidden"):
        assert faults.get(fault, 0) >= 1, (fault, faults)
    assert not [p for p in server.requests if p.startswith("/private/")]


def test_crash_mid_crawl_loses_nothing_and_restart_continues(tmp_path: Path) -> None:
    state, out = tmp_path / "state.db", tmp_path / "out.jsonl"
    with serve(SITE) as server:
        config = tmp_path / "sites.toml"
        config.write_text(f'''
[[site]]
name = "slowly"
feeds = ["{server.url('feed.xml')}"]
[site.politeness]
DOWNLOAD_DELAY = 0.4
AUTOTHROTTLE_ENABLED = false
CONCURRENT_REQUESTS_PER_DOMAIN = 1
''', encoding="utf-8")
        cmd = [sys.executable, "-m", "cleaners", "crawl", "slowly", "--config", str(config),
               "--state", str(state), "-o", str(out), "--workers", "0", "--quiet"]
        first = subprocess.Popen(cmd, cwd=tmp_path, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if out.exists() and len(out.read_text(encoding="utf-8").splitlines()) >= 3:
                break
            time.sleep(0.1)
        first.send_signal(signal.SIGKILL)  # a crash: no chance to clean up
        first.wait()
        written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert 3 <= len(written) < 12, "killed mid-crawl"
        subprocess.run(cmd, cwd=tmp_path, check=True, timeout=180, stderr=subprocess.DEVNULL)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)) == 12, "every article once, none lost, none twice"
    assert records[:len(written)] == written, "what the crash left stays as it was"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<rss version="2.0"><channel><item><link>https://a.test/x&lol9;</link></item>
<item><link>https://a.test/ok</link></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.test/&xxe;</loc></url>
<url><loc>https://a.test/ok</loc></url></urlset>"""


def test_feeds_are_parsed_without_entity_expansion() -> None:
    started = time.monotonic()
    links = feed_links(BILLION_LAUGHS)
    assert time.monotonic() - started < 2
    assert "https://a.test/ok" in links
    assert all(len(link) < 100 for link in links), "no entity was expanded"


def test_sitemaps_resolve_no_external_entities() -> None:
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    _, links = sitemap_links(XXE)
    assert "https://a.test/ok" in links
    assert not hostname or not any(hostname in link for link in links)
