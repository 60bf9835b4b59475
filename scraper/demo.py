"""The demo: serve fixtures/site on 127.0.0.1, crawl it with the real spider and pipeline.

Nothing leaves the machine: the server binds 127.0.0.1 on a free port and the site's links all
point back to it. The crawl runs in a child process (as every crawl does), and the demo prints
pages, articles, removals by category, and where the output is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from scraper.testsite import serve

_HERE = Path(__file__).resolve().parent


def find_site(explicit: str | None = None) -> Path:
    """Where the demo site is: --site, ./fixtures/site (the repository), or the source tree."""
    candidates = [Path(explicit)] if explicit else [
        Path.cwd() / "fixtures" / "site",
        _HERE.parent / "fixtures" / "site",  # an editable install, from anywhere
    ]
    for candidate in candidates:
        if (candidate / "index.html").is_file():
            return candidate
    raise FileNotFoundError("demo site not found (looked in: "
                            + ", ".join(str(c) for c in candidates) + "); pass --site DIR")


def write_config(base: str, path: Path) -> None:
    """A sites config for the served demo site (start page, feed, sitemap via robots.txt)."""
    path.write_text(f'''[[site]]
name = "demo"
start_urls = ["{base}/index.html"]
feeds = ["{base}/feed.xml"]
robots_sitemaps = true
deny = ["/tags/", "/static/"]
max_pages = 100
depth = 2
[site.politeness]
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = false
''', encoding="utf-8")


def run_demo(output: str, site_dir: str | None = None, workers: int = -1) -> int:
    """Serve, crawl, summarize. Returns the crawl's exit status."""
    site = find_site(site_dir)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="boilerstrip-demo-") as tmp, serve(site) as server:
        config = Path(tmp) / "sites.toml"
        write_config(server.base, config)
        summary = Path(tmp) / "summary.json"
        print(f"Serving {site} at {server.base} (127.0.0.1 only); crawling it...", flush=True)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        proc = subprocess.run(
            [sys.executable, "-m", "cleaners", "crawl", "demo", "--config", str(config),
             "--state", str(Path(tmp) / "state.db"), "-o", str(out), "--workers", str(workers),
             "--summary", str(summary), "--quiet"], env=env)
        if proc.returncode != 0:
            print(f"the crawl failed (exit {proc.returncode})", file=sys.stderr)
            return proc.returncode
        facts = json.loads(summary.read_text(encoding="utf-8"))
        refused = [p for p in server.requests if p.startswith("/private/")]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line]
    languages: dict[str, int] = {}
    for record in records:
        languages[record.get("language") or "?"] = languages.get(record.get("language") or "?",
                                                                 0) + 1
    print(f"pages fetched     {facts['pages']}")
    by_language = ", ".join(f"{k} {v}" for k, v in sorted(languages.items()))
    print(f"articles written  {facts['items']}  ({by_language})")
    print(f"pages dropped     {facts['dropped']}  {facts['dropped_by_reason']}")
    print("removed           " + ", ".join(f"{k} {v}" for k, v in sorted(
        facts["removed_by_category"].items(), key=lambda kv: -kv[1])))
    print(f"robots.txt        {'obeyed' if not refused else 'VIOLATED: ' + ', '.join(refused)}")
    print(f"output            {out}")
    return 0
