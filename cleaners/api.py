"""The library's public entry points."""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator

from cleaners.config import CleanConfig
from cleaners.document import CleanResult, Document
from cleaners.errors import CleanersError
from cleaners.formats import WALK_SUFFIXES, Kind, Task, tasks_for
from cleaners.inputs import decode_text, discover, read_bytes
from cleaners.pipeline import html_stages, run, text_stages, to_result
from cleaners.stages.decode import clean_controls

_DEFAULT = CleanConfig()
#: The error of a page in which no article text was found.
NO_TEXT = "no article text found in the page"


def clean_text(text: str, *, source: str = "", url: str | None = None,
               config: CleanConfig | None = None) -> CleanResult:
    """Clean a text dump (text an extractor or scraper produced) and return text and metadata.

    Bad content never raises: the result carries ``error`` (so mapping over a column of dumps
    cannot fail half-way).
    """
    config = config or _DEFAULT
    if not text.strip():
        return CleanResult(source=source, url=url, error="empty input")
    doc = Document(source=source, text=text.replace("\x00", ""), url=url)
    try:
        return to_result(run(doc, text_stages(config)))
    except CleanersError as exc:
        return CleanResult(source=source, url=url, error=str(exc))


def clean_html(html: str | bytes, url: str | None = None, *, source: str = "",
               content_type: str | None = None, config: CleanConfig | None = None) -> CleanResult:
    """Clean a web page (bytes are decoded BOM > HTTP header > meta charset > detection).

    Bad content never raises: a binary file, an undecodable or empty page gives a result with
    ``error`` set.
    """
    config = config or _DEFAULT
    doc = Document(source=source, url=url)
    if isinstance(html, bytes):
        doc.raw = html
        if content_type:
            doc.metadata["content_type"] = content_type
    else:
        doc.html = clean_controls(html)
    if not (html.strip() if isinstance(html, str) else html.strip()):
        return CleanResult(source=source, url=url, error="empty input")
    try:
        result = to_result(run(doc, html_stages(config)))
    except CleanersError as exc:
        return CleanResult(source=source, url=url, error=str(exc))
    if not result.text:  # say so, rather than a record with neither text nor error
        result.error = NO_TEXT
    return result


def clean_task(task: Task, config: CleanConfig | None = None) -> CleanResult:
    """Clean one task (a path to read or a document split out of a container).

    Never raises: a failure becomes a result with ``error``, so a batch never aborts.
    """
    if task.error:
        return CleanResult(source=task.source, url=task.url, error=task.error)
    try:
        data = task.data if task.data is not None else read_bytes(task.path or task.source)
        if task.kind is Kind.HTML:
            result = clean_html(data, task.url, source=task.source,
                                content_type=task.content_type, config=config)
        else:
            if isinstance(data, bytes):
                text, encoding = decode_text(data)
            else:
                text, encoding = data, "utf-8"
            result = clean_text(text, source=task.source, url=task.url, config=config)
            if encoding != "utf-8":
                result.extra["encoding"] = encoding
    except CleanersError as exc:
        return CleanResult(source=task.source, url=task.url, error=str(exc))
    except RecursionError:
        return CleanResult(source=task.source, url=task.url, error="document nested too deeply")
    except MemoryError:
        return CleanResult(source=task.source, url=task.url,
                           error="document needs more memory than the limit allows")
    except Exception as exc:  # noqa: BLE001 - one bad document must not end the batch
        return CleanResult(source=task.source, url=task.url,
                           error=f"internal error: {type(exc).__name__}: {exc}")
    result.extra.update(task.extra)
    return result


def clean_file(path: str, config: CleanConfig | None = None) -> CleanResult:
    """Clean a single-document file (HTML or text, gzipped or not); "-" is standard input.

    For containers (WARC, JSON Lines) use :func:`iter_clean`, which yields one result per
    document. Errors are reported in ``result.error``.
    """
    results = [clean_task(task, config) for task in tasks_for(path)]
    if len(results) != 1:
        raise CleanersError(f"{path} holds {len(results)} documents: use iter_clean()")
    return results[0]


def iter_tasks(paths: Iterable[str]) -> Iterator[Task]:
    """Every document under ``paths``, in order: files, directories, containers, stdin."""
    for source in discover(paths, WALK_SUFFIXES):
        if source.error:
            yield Task(source=source.path, error=source.error)
        else:
            yield from tasks_for(source.path)


def iter_clean(paths: Iterable[str], config: CleanConfig | None = None, workers: int = 1,
               timeout: float | None = None, max_memory_mb: int | None = None,
               skip: Container[str] = ()) -> Iterator[CleanResult]:
    """Clean every document under ``paths`` in input order.

    With several ``workers``, or any limit, documents are cleaned in supervised worker
    processes: one that exceeds ``timeout`` seconds or ``max_memory_mb`` gets an error record
    and its worker is replaced. Documents whose ``source`` is in ``skip`` are left out (resume).
    """
    tasks = (t for t in iter_tasks(paths) if t.source not in skip)
    yield from clean_tasks(tasks, config, workers, timeout, max_memory_mb)


def clean_tasks(tasks: Iterable[Task], config: CleanConfig | None = None, workers: int = 1,
                timeout: float | None = None, max_memory_mb: int | None = None
                ) -> Iterator[CleanResult]:
    """Clean tasks in order: in this process, or in supervised workers (see iter_clean)."""
    config = config or _DEFAULT
    if workers <= 1 and timeout is None and max_memory_mb is None:
        for task in tasks:
            yield clean_task(task, config)
        return
    from cleaners.batch import Limits, clean_supervised

    yield from clean_supervised(tasks, config, workers, Limits(timeout, max_memory_mb))
