"""Clean many documents on several cores, keeping the output in input order."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator

from cleaners.config import CleanConfig
from cleaners.document import CleanResult
from cleaners.formats import Task

#: Tasks handed to a worker at a time: enough to amortize the hand-off, small enough to keep
#: the order buffer short.
CHUNK_SIZE = 16

_config: CleanConfig | None = None


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _init(config: CleanConfig) -> None:
    global _config
    _config = config


def _work(task: Task) -> CleanResult:
    from cleaners.api import clean_task

    return clean_task(task, _config)


def _warm_up() -> None:
    """Load vocabularies, patterns and the language model once, before the workers fork."""
    from cleaners.api import clean_text

    clean_text("Warm-up headline here\n\nA sentence to load the rules and the language model.")


def clean_parallel(tasks: Iterable[Task], config: CleanConfig, workers: int
                   ) -> Iterator[CleanResult]:
    """Yield results in task order, cleaning with ``workers`` processes."""
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    if method == "fork":
        _warm_up()
    with mp.get_context(method).Pool(workers, initializer=_init, initargs=(config,)) as pool:
        yield from pool.imap(_work, tasks, chunksize=CHUNK_SIZE)
