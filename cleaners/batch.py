"""Clean many documents on several cores, in input order, with per-document limits.

Each worker is a process of its own with a pipe to this one. A document that takes longer than
the time limit is abandoned: its worker is killed and replaced, and the document gets an error
record. A worker's address space is capped (``max_memory_mb``), so a document that grows too
big fails with MemoryError inside the worker (an error record) instead of taking the machine
down; a worker that dies anyway (a crash in a C extension, the OOM killer) is replaced and its
document gets an error record. One pathological page cannot stall or kill a batch.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from cleaners.config import CleanConfig
from cleaners.document import CleanResult
from cleaners.formats import Task


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-document limits for a batch."""

    #: Seconds one document may take (None: no limit).
    timeout: float | None = 120.0
    #: Memory a document may take, in MiB: a worker's address space may grow this much beyond
    #: its size at start (None: no limit).
    max_memory_mb: int | None = 4096


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _warm_up() -> None:
    """Load vocabularies, patterns and the language model once, before the workers fork."""
    from cleaners.api import clean_text

    clean_text("Warm-up headline here\n\nA sentence to load the rules and the language model.")


def _address_space() -> int:
    """Bytes of address space this process maps now (0 where /proc is not there)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _worker_main(conn: Connection, config: CleanConfig, max_memory_mb: int | None,
                 parent_end: Connection | None = None) -> None:
    """A worker: clean the tasks that come down the pipe until it closes."""
    from cleaners.api import clean_task

    if parent_end is not None:
        # A fork inherits the parent's end of the pipe: closed here, so that the pipe closes
        # (EOF) when the parent dies, even by SIGKILL, and the worker ends instead of waiting.
        parent_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if max_memory_mb:
        import resource

        # On top of what the worker already maps: a fork inherits its parent's address space,
        # so a limit below that would fail every document of a batch started from a big process.
        limit = _address_space() + max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, task = message
        try:
            result = clean_task(task, config)
        except MemoryError:
            result = CleanResult(source=task.source, url=task.url,
                                 error=f"needs more than the {max_memory_mb} MiB memory limit")
        try:
            conn.send((index, result))
        except MemoryError:
            conn.send((index, CleanResult(source=task.source, url=task.url,
                                          error="result too large for the memory limit")))


#: Documents queued in each worker's pipe, so it never waits for the parent between two.
PREFETCH = 2


class _Worker:
    """One worker process and the documents queued to it (the first is being cleaned)."""

    def __init__(self, context: Any, config: CleanConfig, limits: Limits) -> None:
        self.conn, child = context.Pipe()
        inherited = self.conn if context.get_start_method() == "fork" else None
        self.process = context.Process(target=_worker_main, daemon=True,
                                       args=(child, config, limits.max_memory_mb, inherited))
        self.process.start()
        child.close()
        self.queue: deque[tuple[int, Task]] = deque()
        self.deadline = float("inf")
        self.timeout = limits.timeout

    def send(self, index: int, task: Task) -> None:
        if not self.queue:
            self.restart_clock()
        self.queue.append((index, task))
        self.conn.send((index, task))

    def restart_clock(self) -> None:
        self.deadline = time.monotonic() + self.timeout if self.timeout else float("inf")

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                self.process.kill()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def clean_supervised(tasks: Iterable[Task], config: CleanConfig, workers: int,
                     limits: Limits = Limits()) -> Iterator[CleanResult]:
    """Yield one result per task, in task order, cleaning in ``workers`` supervised processes."""
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    if method == "fork":
        _warm_up()
    context = mp.get_context(method)
    pool = [_Worker(context, config, limits) for _ in range(max(1, workers))]
    pending = enumerate(tasks)
    retry: deque[tuple[int, Task]] = deque()  # queued behind a document that was abandoned
    done: dict[int, CleanResult] = {}
    next_out = 0
    exhausted = False

    def next_task() -> tuple[int, Task] | None:
        nonlocal exhausted
        while retry or not exhausted:
            item = retry.popleft() if retry else next(pending, None)
            if item is None:
                exhausted = True
            elif item[1].error:  # nothing to clean: answered here
                done[item[0]] = CleanResult(source=item[1].source, url=item[1].url,
                                            error=item[1].error)
            else:
                return item
        return None

    def replace(position: int, error: str) -> None:
        worker = pool[position]
        worker.stop(kill=True)
        index, task = worker.queue.popleft()
        done[index] = CleanResult(source=task.source, url=task.url, error=error)
        retry.extendleft(reversed(worker.queue))
        pool[position] = _Worker(context, config, limits)

    try:
        while True:
            for worker in pool:  # keep every worker's queue full
                while len(worker.queue) < PREFETCH and (item := next_task()) is not None:
                    if worker.queue and item[1].data is not None:
                        # Data goes only to an idle worker: behind a busy one it could fill
                        # the pipe and block this process, with no time limit checked.
                        retry.appendleft(item)
                        break
                    worker.send(*item)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            busy = [w for w in pool if w.queue]
            if not busy:
                if exhausted and not retry:
                    break
                continue
            wait_for = min(w.deadline for w in busy) - time.monotonic()
            ready = wait([w.conn for w in busy],
                         None if wait_for == float("inf") else max(0.0, wait_for))
            for position, worker in enumerate(pool):
                if not worker.queue:
                    continue
                if worker.conn in ready:
                    try:
                        index, result = worker.conn.recv()
                    except (EOFError, OSError):
                        worker.process.join(1)
                        replace(position, f"the worker cleaning this document died (exit "
                                          f"{worker.process.exitcode}); it was replaced")
                        continue
                    worker.queue.popleft()
                    worker.restart_clock()
                    done[index] = result
                elif time.monotonic() >= worker.deadline:
                    replace(position, f"took longer than the {limits.timeout:g} s time limit: "
                                      "abandoned (its worker was replaced)")
    finally:
        for worker in pool:
            worker.stop(kill=bool(worker.queue))
