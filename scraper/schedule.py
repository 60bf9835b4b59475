"""Run crawls on cron schedules: one process per run, never two runs of a job at once.

Each site with a ``schedule`` in the config becomes a job. A run is a ``boilerstrip crawl``
subprocess (Scrapy's reactor cannot restart) writing ``OUT_DIR/<site>-<UTC time>.jsonl``; the run
log in the state database records its status and counts, and a run that would overlap the
previous one of its job is refused and logged as skipped. SIGINT or SIGTERM stops the scheduler,
lets running crawls finish their shutdown, and exits.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from scraper.sites import Site, load_sites
from scraper.state import StateStore

log = logging.getLogger("boilerstrip.schedule")

#: Seconds a crawl gets to stop after SIGTERM before it is killed.
STOP_GRACE = 30


def parse_cron(expression: str) -> CronTrigger:
    """A cron trigger from 5 fields (minute hour day month weekday) or 6 (seconds first).

    >>> parse_cron("*/2 * * * * *").fields[-1].name
    'second'
    """
    fields = expression.split()
    if len(fields) == 5:
        return CronTrigger.from_crontab(expression, timezone=UTC)
    if len(fields) == 6:
        second, minute, hour, day, month, weekday = fields
        return CronTrigger(second=second, minute=minute, hour=hour, day=day, month=month,
                           day_of_week=weekday, timezone=UTC)
    raise ValueError("a cron expression has 5 fields (or 6 with seconds first)")


class Scheduler:
    """Cron jobs that run one crawl process each, logged in the state database."""

    def __init__(self, config: str | Path, state: str | Path, out_dir: str | Path,
                 workers: int = -1, extra_args: list[str] | None = None) -> None:
        self.config = str(Path(config).resolve())
        self.state_path = str(Path(state).resolve())
        self.out_dir = Path(out_dir)
        self.workers = workers
        self.extra_args = extra_args or []
        self.sites = {n: s for n, s in load_sites(self.config).items() if s.schedule}
        if not self.sites:
            raise ValueError(f"{config}: no site has a 'schedule'")
        self.store = StateStore(self.state_path)
        self.scheduler = BackgroundScheduler(timezone=UTC)
        self.stopped = threading.Event()
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self.lock = threading.Lock()

    def run_job(self, site: Site) -> None:
        """One run: a crawl subprocess, its row in the run log."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        output = self.out_dir / f"{site.name}-{stamp}.jsonl"
        run_id = self.store.start_run(site.name, str(output))
        # The crawl process closes its run-log row itself, with its counts.
        cmd = [sys.executable, "-m", "cleaners", "crawl", site.name, "--config", self.config,
               "--state", self.state_path, "-o", str(output), "--workers", str(self.workers),
               "--run-id", str(run_id), "--quiet", *self.extra_args]
        log.info("run %d of %s: %s", run_id, site.name, output)
        with self.lock:
            if self.stopped.is_set():
                self.store.finish_run(run_id, "skipped", message="scheduler stopping")
                return
            try:
                # Its own session: a Ctrl-C at the terminal reaches the scheduler only, which
                # then asks each crawl once to stop (a second SIGINT would force Scrapy out).
                child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                         start_new_session=True)
            except OSError as exc:
                self.store.finish_run(run_id, "failed", message=f"could not start: {exc}")
                return
            self.children[site.name] = child
        _, err = child.communicate()
        with self.lock:
            self.children.pop(site.name, None)
        if child.returncode != 0:
            latest = self.store.run(run_id)
            if latest is None or latest.status == "running":
                self.store.finish_run(run_id, "failed", message=(
                    f"exit {child.returncode}: {err.decode('utf-8', 'replace')[-500:]}"))

    def _refused(self, event: JobExecutionEvent) -> None:
        self.store.log_skipped(event.job_id, "refused: the previous run is still going")
        log.warning("run of %s refused: the previous one is still going", event.job_id)

    def start(self) -> None:
        """Add the jobs and start the scheduler thread."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.scheduler.add_listener(self._refused, EVENT_JOB_MAX_INSTANCES)
        for name, site in self.sites.items():
            self.scheduler.add_job(self.run_job, parse_cron(site.schedule), args=[site], id=name,
                                   name=name, max_instances=1, coalesce=True,
                                   misfire_grace_time=None)
        self.scheduler.start()

    def stop(self, *_: Any) -> None:
        """Ask the scheduler to stop (safe from a signal handler: it only sets a flag)."""
        self.stopped.set()

    def shutdown(self) -> None:
        """Stop scheduling; ask running crawls to stop (Scrapy's graceful SIGINT), wait for them."""
        self.scheduler.pause()
        with self.lock:
            children = list(self.children.values())
        for child in children:
            child.send_signal(signal.SIGINT)
        for child in children:
            try:
                child.wait(STOP_GRACE)
            except subprocess.TimeoutExpired:
                child.kill()
        self.scheduler.shutdown(wait=True)
        self.store.close()

    def serve_forever(self) -> None:
        """Run until SIGINT or SIGTERM."""
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        self.start()
        while not self.stopped.wait(0.5):
            pass
        self.shutdown()
