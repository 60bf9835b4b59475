"""Supervision: a page that hangs or kills its cleaning process is dropped and the pool replaced,
the next page is cleaned; a scheduled crawl runs in its own session and process group.

CleanPipeline's pool starts its workers from a forkserver, not as forks of the test process, so
a monkeypatch here would not reach them. The pipeline runs in a driver process instead, with
tests/ on PYTHONPATH: it sets ``scraper.pipelines.clean_page`` to ``misbehaving_clean_page``,
which the pool pickles by name and its workers import from this module.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES

from cleaners import CleanConfig
from scraper import pipelines
from scraper.schedule import Scheduler
from scraper.state import StateStore

SITE = FIXTURES / "site"
MANIFEST = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))
#: Markers a page's text may hold; the path after one gets the pid of the worker that saw it.
HANG, DIE = "supervision-test:hang", "supervision-test:die"
#: Seconds a page may take to clean in these tests.
TIMEOUT = 2
#: The real clean_page, taken before run_pipeline replaces it (workers never replace it).
REAL_CLEAN_PAGE = pipelines.clean_page


def misbehaving_clean_page(body: bytes, url: str, content_type: str | None,
                           config: CleanConfig) -> dict[str, Any]:
    """The pool's clean_page, except that a HANG page sleeps and a DIE page ends its worker."""
    text = body.decode("utf-8", "replace")
    for marker in (HANG, DIE):
        if marker in text:
            Path(text.split(marker, 1)[1].split("<", 1)[0].strip()).write_text(str(os.getpid()))
            if marker == HANG:
                time.sleep(60)
            os._exit(1)
    return REAL_CLEAN_PAGE(body, url, content_type, config)


def run_pipeline(spec: dict[str, Any]) -> None:
    """Clean spec's pages one after another in a CleanPipeline made from its settings; write the
    outcomes, stats and whether the worker named in its pid file still runs (in the driver)."""
    from scrapy.exceptions import DropItem
    from scrapy.utils.test import get_crawler

    from scraper.items import RawPage

    pipelines.clean_page = misbehaving_clean_page  # type: ignore[assignment]
    crawler = get_crawler(settings_dict=spec["settings"])
    pipeline = pipelines.CleanPipeline.from_crawler(crawler)
    pipeline.open_spider()
    pools = [id(pipeline.pool)]
    outcomes: list[dict[str, Any]] = []

    async def clean_all() -> None:
        for url, html in spec["pages"]:
            page = RawPage(url=url, body=html.encode("utf-8"),
                           content_type="text/html; charset=utf-8", site="local", via="feed")
            started = time.monotonic()
            try:
                record = await pipeline.process_item(page)
                outcome = {"text": record["text"]}
            except DropItem as exc:
                outcome = {"dropped": str(exc)}
            outcomes.append({**outcome, "seconds": time.monotonic() - started})
            pools.append(id(pipeline.pool))

    asyncio.run(clean_all())
    pid_file = Path(spec["pid_file"])
    stats = crawler.stats.get_stats() if crawler.stats else {}
    result = {"outcomes": outcomes, "pools": pools,
              "worker_left": pid_file.exists() and not gone(int(pid_file.read_text())),
              "stats": {k: v for k, v in stats.items()
                        if k.startswith("cleaners/dropped/") or k == "cleaners/emitted"}}
    Path(spec["result"]).write_text(json.dumps(result), encoding="utf-8")
    pipeline.close_spider()


DRIVER = """
import json, sys
from test_supervision import run_pipeline
with open(sys.argv[1], encoding="utf-8") as spec:
    run_pipeline(json.load(spec))
"""


def drive(tmp_path: Path, pages: list[tuple[str, str]], pid_file: Path, **settings: Any
          ) -> tuple[dict[str, Any], bool]:
    """run_pipeline in a fresh process (so a fresh forkserver) that can import this module;
    return its result and whether it exited in time."""
    spec, result = tmp_path / "spec.json", tmp_path / "result.json"
    spec.write_text(json.dumps({"pages": pages, "settings": settings, "pid_file": str(pid_file),
                                "result": str(result)}), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).parent), *filter(None, [os.environ.get("PYTHONPATH")])])}
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(spec)], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)  # with its workers: one killpg ends all
    try:
        _, err = proc.communicate(timeout=30)
        exited = True
    except subprocess.TimeoutExpired:
        exited = False
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # whatever the pipeline left running
        except ProcessLookupError:
            pass
    if not exited:
        _, err = proc.communicate()
    assert result.exists(), err.decode("utf-8", "replace")[-3000:]
    assert not exited or proc.returncode == 0, err.decode("utf-8", "replace")[-3000:]
    return json.loads(result.read_text(encoding="utf-8")), exited


def gone(pid: int, within: float = 5) -> bool:
    """Tell whether process pid ends (or is left a zombie) within some seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return True
            os.kill(pid, 0)
        except (FileNotFoundError, ProcessLookupError):
            return True
        time.sleep(0.05)
    return False


def article(n: int) -> tuple[str, str, str]:
    """URL, HTML and one sentence the cleaner must keep of the fixture site's nth article."""
    item = MANIFEST[n]
    html = (SITE / item["path"].lstrip("/")).read_text(encoding="utf-8")
    return f"http://127.0.0.1{item['path']}", html, item["must_keep"][0]


BAD_URL = "http://127.0.0.1/bad.html"


def good_bad_good(tmp_path: Path, marker: str) -> dict[str, Any]:
    """Clean an article, a page with marker, an article in one worker; check what the hang and
    the death have in common and return the driver's result."""
    (url_a, html_a, keep_a), (url_b, html_b, keep_b) = article(0), article(1)
    pid_file, state = tmp_path / "worker.pid", tmp_path / "state.db"
    bad_html = f"<html><body><p>{marker} {pid_file}</p></body></html>"
    result, exited = drive(tmp_path, [(url_a, html_a), (BAD_URL, bad_html), (url_b, html_b)],
                           pid_file, CLEANERS_WORKERS=1, CLEANERS_TIMEOUT=TIMEOUT,
                           BOILERSTRIP_STATE=str(state))
    before, _, after = result["outcomes"]
    assert keep_a in before.get("text", ""), before
    assert pid_file.exists(), "the bad page reached a worker"
    # One worker: the page after is cleaned only in a new pool.
    assert keep_b in after.get("text", ""), after
    assert result["pools"][0] == result["pools"][1] != result["pools"][2] == result["pools"][3]
    assert not result["worker_left"], "the bad page's worker is not left running"
    assert exited, "the pipeline closed and the process exited"
    store = StateStore(state)
    try:
        assert not store.seen(BAD_URL), "not remembered: the next crawl tries it again"
    finally:
        store.close()
    return result


def test_hanging_page_is_abandoned_at_the_time_limit(tmp_path: Path) -> None:
    result = good_bad_good(tmp_path, HANG)
    bad = result["outcomes"][1]
    assert bad["dropped"] == f"cleaning took longer than {TIMEOUT} s: {BAD_URL}"
    assert TIMEOUT <= bad["seconds"] < TIMEOUT + 3, "abandoned at the time limit"
    assert result["stats"] == {"cleaners/emitted": 2, "cleaners/dropped/timeout": 1}


def test_page_that_kills_its_worker_is_dropped(tmp_path: Path) -> None:
    result = good_bad_good(tmp_path, DIE)
    bad = result["outcomes"][1]
    assert bad["dropped"] == f"the cleaning process died: {BAD_URL}"
    assert bad["seconds"] < TIMEOUT, "dropped when the worker died, not at the time limit"
    assert result["stats"] == {"cleaners/emitted": 2, "cleaners/dropped/error": 1}


FAKE_CRAWL = """
import json, os, sys, time
output = sys.argv[sys.argv.index("-o") + 1]
with open(output + ".tmp", "w") as out:
    json.dump({"pid": os.getpid(), "sid": os.getsid(0), "pgid": os.getpgrp()}, out)
os.replace(output + ".tmp", output)
time.sleep(30)
"""


def test_scheduled_run_has_its_own_session_and_group(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl-C to the scheduler's group must not reach a crawl; a crawl stops as a group."""
    config = tmp_path / "sites.toml"
    config.write_text('[[site]]\nname = "meridian"\nfeeds = ["http://127.0.0.1:9/feed.xml"]\n'
                      'schedule = "0 0 1 1 *"\n', encoding="utf-8")
    fake = tmp_path / "fake-python"
    fake.write_text(f"#!{sys.executable}\n{FAKE_CRAWL}", encoding="utf-8")
    fake.chmod(0o755)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    scheduler = Scheduler(config, tmp_path / "state.db", out_dir, workers=0)
    monkeypatch.setattr(sys, "executable", str(fake))  # the crawl command runs the fake
    runner = threading.Thread(target=scheduler.run_job, args=[scheduler.sites["meridian"]])
    runner.start()
    try:
        deadline = time.monotonic() + 20
        while not (outputs := list(out_dir.glob("meridian-*.jsonl"))):
            assert time.monotonic() < deadline and runner.is_alive(), "the crawl did not start"
            time.sleep(0.05)
        ids = json.loads(outputs[0].read_text(encoding="utf-8"))
        with scheduler.lock:  # held from Popen until the child is registered
            assert scheduler.children["meridian"].pid == ids["pid"]
        assert ids["sid"] == ids["pid"] != os.getsid(0), "a session of its own"
        assert ids["pgid"] == ids["pid"] != os.getpgrp(), "a process group of its own"
        os.killpg(ids["pgid"], signal.SIGTERM)  # only now: it is not this test's group
        runner.join(10)
        assert not runner.is_alive(), "the group was stopped"
    finally:
        child = scheduler.children.get("meridian")
        if child is not None and child.poll() is None:
            child.kill()
        runner.join(10)
        runs = scheduler.store.runs()
        scheduler.store.close()
    [run] = runs
    assert run.status == "failed" and (run.message or "").startswith("exit -15"), run
