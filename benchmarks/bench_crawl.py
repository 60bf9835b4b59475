"""Crawl+clean pages/s on a local site against clean-only docs/s on the same pages.

    python benchmarks/bench_crawl.py [--pages 600] [--workers 2] [--demo-pages]

Builds a site of PAGES article pages listed in a sitemap: real news pages (the HTML of the two
benchmark sets in ../shared, repeated under numbered URLs) or, with --demo-pages or without
../shared, the demo site's twelve small articles. It serves the site on 127.0.0.1, crawls it
with `boilerstrip crawl` (politeness delays off, as for a site of one's own), then cleans the same
pages with `iter_clean` and the same number of workers. The server runs in this process, on the
same cores. Target (issue #4): crawl+clean >= 0.8x clean-only. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scraper.testsite import serve  # noqa: E402

SITE = ROOT / "fixtures" / "site"


SHARED = ROOT.parent / "shared" / "datasets"


def sources(demo: bool) -> list[bytes]:
    """Page bodies to serve: the benchmark sets' real pages, or the demo articles."""
    pages = sorted(SHARED.glob("*/html/*.html.gz")) if not demo else []
    if pages:
        return [gzip.decompress(p.read_bytes()) for p in pages]
    manifest = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))
    return [(SITE / item["path"].lstrip("/")).read_bytes() for item in manifest]


def build_site(root: Path, pages: int, demo: bool) -> list[Path]:
    """Write the pages under numbered URLs and list them in a sitemap."""
    bodies = sources(demo)
    (root / "a").mkdir(parents=True)
    files, urls = [], []
    for n in range(pages):
        target = root / "a" / f"{n:05d}.html"
        target.write_bytes(bodies[n % len(bodies)])
        files.append(target)
        urls.append(f"<url><loc>{{{{BASE}}}}/a/{n:05d}.html</loc></url>")
    (root / "sitemap.xml").write_text(
        "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        + "".join(urls) + "</urlset>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    (root / "index.html").write_text("<html><body>bench</body></html>", encoding="utf-8")
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                        help="cleaning processes (several: one run each)")
    parser.add_argument("--demo-pages", action="store_true", help="use the small demo articles")
    args = parser.parse_args()
    for workers in args.workers:
        run(args.pages, workers, args.demo_pages)


def run(pages: int, workers: int, demo: bool) -> None:
    """One comparison: crawl+clean, then clean-only, with the same number of workers."""
    with tempfile.TemporaryDirectory(prefix="boilerstrip-bench-") as tmp:
        root = Path(tmp) / "site"
        files = build_site(root, pages, demo)
        config = Path(tmp) / "sites.toml"
        summary = Path(tmp) / "summary.json"
        with serve(root) as server:
            config.write_text(f'''[[site]]
name = "bench"
language = ""
sitemaps = ["{server.url('sitemap.xml')}"]
max_pages = {pages + 10}
[site.politeness]
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = false
CONCURRENT_REQUESTS_PER_DOMAIN = 16
''', encoding="utf-8")
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "cleaners", "crawl", "bench", "--config",
                            str(config), "-o", str(Path(tmp) / "out.jsonl"), "--workers",
                            str(workers), "--summary", str(summary), "--quiet",
                            "--log-level", "ERROR"], check=True, cwd=tmp)
            wall = time.perf_counter() - started
        facts = json.loads(summary.read_text(encoding="utf-8"))
        handled = facts["items"] + facts["dropped"]  # every page went through the pipeline
        from cleaners import iter_clean

        started = time.perf_counter()
        cleaned = sum(1 for _ in iter_clean([str(f) for f in files], workers=workers))
        clean_seconds = time.perf_counter() - started
    wall_rate = handled / wall
    crawl_rate = handled / facts["seconds"]
    clean_rate = cleaned / clean_seconds
    print(f"pages               {pages}, cleaning workers {workers}: {facts['items']} articles, "
          f"{facts['dropped']} dropped {facts['dropped_by_reason']}")
    print(f"crawl+clean         {crawl_rate:6.1f} pages/s while crawling "
          f"({facts['seconds']:.2f} s), {wall_rate:.1f} pages/s for the whole process ({wall:.2f} s, start-up included)")
    print(f"clean only          {clean_rate:6.1f} docs/s ({clean_seconds:.2f} s)")
    print(f"ratio               {crawl_rate / clean_rate:.2f}x while crawling, "
          f"{wall_rate / clean_rate:.2f}x whole process (target >= 0.8x)")
    print()


if __name__ == "__main__":
    main()
