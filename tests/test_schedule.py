"""Schedules: a job runs on a seconds-level cron, each run in its own process, overlaps refused,
every run in the log, clean shutdown on SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES
from scraper.schedule import parse_cron
from scraper.sites import ConfigError, parse_sites
from scraper.state import StateStore
from scraper.testsite import serve


def test_cron_with_and_without_seconds() -> None:
    assert {f.name for f in parse_cron("*/5 * * * *").fields if not f.is_default} >= {"minute"}
    assert str(parse_cron("*/2 * * * * *").fields[-1]) == "*/2"
    with pytest.raises(ValueError):
        parse_cron("* * *")


def test_bad_schedule_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="bad schedule"):
        parse_sites({"site": [{"name": "a", "feeds": ["https://a.test/f"], "schedule": "nope"}]})


def test_scheduled_runs_are_logged_and_overlaps_refused(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    out_dir = tmp_path / "out"
    with serve(FIXTURES / "site") as server:
        config = tmp_path / "sites.toml"
        # Every second: a crawl process takes longer than that, so some runs must be refused.
        config.write_text(f'''
[[site]]
name = "meridian"
feeds = ["{server.url('feed.xml')}"]
schedule = "* * * * * *"
[site.politeness]
DOWNLOAD_DELAY = 0
''', encoding="utf-8")
        proc = subprocess.Popen(
            [sys.executable, "-m", "cleaners", "schedule", str(config), "--state", str(state),
             "--out-dir", str(out_dir), "--workers", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 120
            runs: list = []
            while time.monotonic() < deadline:
                time.sleep(1)
                if state.exists():
                    runs = StateStore(state).runs()
                    done = [r for r in runs if r.status == "ok"]
                    if len(done) >= 2 and any(r.status == "skipped" for r in runs):
                        break
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, err.decode()[-2000:]
    runs = StateStore(state).runs()
    ok = sorted((r for r in runs if r.status == "ok"), key=lambda r: r.id)
    assert len(ok) >= 2, runs
    assert ok[0].items == 12 and ok[1].items == 0, "the second run finds nothing new"
    assert any(r.status == "skipped" and "still going" in (r.message or "") for r in runs)
    assert not [r for r in runs if r.status == "running"], "every started run was closed"
    outputs = {Path(r.output).name for r in ok}
    assert all(name.startswith("meridian-") and name.endswith(".jsonl") for name in outputs)
    assert len(outputs) == len(ok), "one output file per run"
    listing = subprocess.run([sys.executable, "-m", "cleaners", "runs", "--state", str(state)],
                             capture_output=True, text=True, check=True).stdout
    assert "meridian" in listing and "skipped" in listing and "ok" in listing
    first = [json.loads(line) for line in Path(ok[0].output).read_text().splitlines()]
    assert len(first) == 12
