"""The crawl state: a SQLite file that remembers seen URLs, content fingerprints and runs.

It makes crawls incremental (a repeated crawl fetches and emits only new articles), recognises a
story re-published under another URL (simhash within a few bits), and keeps the run log that
``boilerstrip runs`` shows. WAL mode lets the scheduler read the log while a crawl writes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cleaners.fingerprint import NEAR_DUPLICATE_BITS, distance

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    status TEXT NOT NULL,          -- emitted | dropped:<reason>
    fingerprint INTEGER,           -- simhash of the clean text, signed 64-bit
    first_seen REAL NOT NULL,
    last_seen REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS bands (  -- 8 bytes of each fingerprint, to find near-duplicates
    band INTEGER NOT NULL,          -- position * 256 + byte value
    url TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS bands_band ON bands(band);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job TEXT NOT NULL,
    started REAL NOT NULL,
    finished REAL,
    status TEXT NOT NULL,           -- running | ok | failed | skipped
    pages INTEGER DEFAULT 0,
    items INTEGER DEFAULT 0,
    dropped INTEGER DEFAULT 0,
    output TEXT,
    message TEXT
);
"""


def _signed(value: int) -> int:
    """SQLite integers are signed 64-bit."""
    return value - (1 << 64) if value >= 1 << 63 else value


def _bands(fingerprint: int) -> list[int]:
    """Eight one-byte bands: two fingerprints within 7 bits share at least one exactly."""
    return [i * 256 + (fingerprint >> (8 * i) & 0xFF) for i in range(8)]


@dataclass(frozen=True)
class Run:
    """One row of the run log."""

    id: int
    job: str
    started: float
    finished: float | None
    status: str
    pages: int
    items: int
    dropped: int
    output: str | None
    message: str | None


class StateStore:
    """Seen URLs, fingerprints and the run log, in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False,
                                   isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # ------------------------------------------------------------------ pages

    def seen(self, url: str) -> bool:
        """Tell whether a URL was emitted or dropped by an earlier crawl."""
        with self._lock:
            row = self._db.execute("SELECT 1 FROM pages WHERE url = ?", (url,)).fetchone()
        return row is not None

    def near_duplicate(self, fingerprint: int, url: str) -> str | None:
        """The URL of an earlier page whose text is a near-duplicate of this fingerprint."""
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT p.url, p.fingerprint FROM bands b JOIN pages p ON p.url = b.url "
                f"WHERE b.band IN ({','.join('?' * 8)}) AND p.url != ?",
                (*_bands(fingerprint), url)).fetchall()
        for other, value in rows:
            if value is not None and distance(fingerprint, value & ((1 << 64) - 1)) <= (
                    NEAR_DUPLICATE_BITS):
                return str(other)
        return None

    def remember(self, url: str, site: str, status: str, fingerprint: int | None = None) -> None:
        """Record a page as emitted or dropped (and its fingerprint, for near-duplicates)."""
        now = time.time()
        with self._tx() as db:
            db.execute(
                "INSERT INTO pages (url, site, status, fingerprint, first_seen, last_seen) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET status = excluded.status,"
                " fingerprint = excluded.fingerprint, last_seen = excluded.last_seen",
                (url, site, status, None if fingerprint is None else _signed(fingerprint), now,
                 now))
            db.execute("DELETE FROM bands WHERE url = ?", (url,))
            if fingerprint is not None and status == "emitted":
                db.executemany("INSERT INTO bands (band, url) VALUES (?, ?)",
                               [(band, url) for band in _bands(fingerprint)])

    # ------------------------------------------------------------------ runs

    def start_run(self, job: str, output: str | None = None) -> int:
        """Open a run-log row; returns its id."""
        with self._tx() as db:
            cursor = db.execute("INSERT INTO runs (job, started, status, output) "
                                "VALUES (?, ?, 'running', ?)", (job, time.time(), output))
            return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, pages: int = 0, items: int = 0,
                   dropped: int = 0, message: str | None = None) -> None:
        """Close a run-log row with its outcome and counts."""
        with self._tx() as db:
            db.execute("UPDATE runs SET finished = ?, status = ?, pages = ?, items = ?, "
                       "dropped = ?, message = ? WHERE id = ?",
                       (time.time(), status, pages, items, dropped, message, run_id))

    def log_skipped(self, job: str, message: str) -> None:
        """Record a run that did not start (the previous one of the job was still running)."""
        now = time.time()
        with self._tx() as db:
            db.execute("INSERT INTO runs (job, started, finished, status, message) "
                       "VALUES (?, ?, ?, 'skipped', ?)", (job, now, now, message))

    def run(self, run_id: int) -> Run | None:
        """One row of the run log."""
        with self._lock:
            row = self._db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return Run(*row) if row else None

    def runs(self, job: str | None = None, limit: int = 50) -> list[Run]:
        """The latest runs, newest first."""
        where = " WHERE job = ?" if job else ""
        query = f"SELECT * FROM runs{where} ORDER BY id DESC LIMIT ?"
        with self._lock:
            rows = self._db.execute(query, (job, limit) if job else (limit,)).fetchall()
        return [Run(*row) for row in rows]
