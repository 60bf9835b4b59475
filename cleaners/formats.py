"""Input formats: tell what a file holds and split containers (WARC, JSON Lines) into documents.

A *task* is one document to clean. Single-document files (HTML, text) stay a path until a worker
reads them, so a directory of pages costs no copying between processes; WARC and JSON Lines files
are split here into one task per document.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cleaners.errors import InputError
from cleaners.inputs import read_bytes


class Kind(StrEnum):
    """What a document is."""

    HTML = "html"
    TEXT = "text"


class Container(StrEnum):
    """What a file is."""

    HTML = "html"
    TEXT = "text"
    WARC = "warc"
    JSONL = "jsonl"


#: Suffixes a directory walk picks up, and what they hold (".gz" of any of them too).
SUFFIXES: dict[str, Container] = {
    ".html": Container.HTML, ".htm": Container.HTML, ".xhtml": Container.HTML,
    ".shtml": Container.HTML, ".txt": Container.TEXT, ".text": Container.TEXT,
    ".warc": Container.WARC, ".arc": Container.WARC, ".jsonl": Container.JSONL,
    ".ndjson": Container.JSONL,
}
WALK_SUFFIXES = tuple(SUFFIXES) + tuple(s + ".gz" for s in SUFFIXES)
#: Bytes looked at to sniff a file without a known suffix.
SNIFF_BYTES = 4096


@dataclass(slots=True)
class Task:
    """One document to clean: either a path to read, or data already split out of a container."""

    source: str
    path: str | None = None
    kind: Kind | None = None
    data: bytes | str | None = None
    url: str | None = None
    content_type: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def container_of(path: str, head: bytes | None = None) -> Container:
    """Tell a file's format from its suffix, or sniff its first bytes when the suffix says nothing.

    >>> container_of("a/page.html.gz")
    <Container.HTML: 'html'>
    >>> container_of("dump", b"WARC/1.0\\r\\n")
    <Container.WARC: 'warc'>
    >>> container_of("noext", b"  <!DOCTYPE html><html>")
    <Container.HTML: 'html'>
    """
    name = path.lower().removesuffix(".gz")
    for suffix, container in SUFFIXES.items():
        if name.endswith(suffix):
            return container
    return sniff(head or b"")


def sniff(head: bytes) -> Container:
    """Guess a format from the first bytes (after gunzipping)."""
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
        except zlib.error:
            return Container.TEXT
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"warc/", b"filedesc://")):
        return Container.WARC
    if stripped.startswith(b"{"):
        return Container.JSONL
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<!--")):
        return Container.HTML
    if head.count(b"<") > 10 and any(t in stripped for t in (b"<div", b"<p>", b"<p ", b"<meta")):
        return Container.HTML
    return Container.TEXT


def read_head(path: str) -> bytes:
    """Read the first bytes of a file for sniffing ("" for stdin, which cannot be peeked)."""
    if path == "-":
        return b""
    try:
        with open(path, "rb") as fh:
            return fh.read(SNIFF_BYTES)
    except OSError:
        return b""


def tasks_for(path: str) -> Iterator[Task]:
    """Turn one input path into its tasks; a broken container yields an error task."""
    container = container_of(path, None if path.lower().removesuffix(".gz").endswith(
        tuple(SUFFIXES)) else read_head(path))
    if container is Container.HTML:
        yield Task(source=path, path=path, kind=Kind.HTML)
    elif container is Container.TEXT and path != "-":
        yield Task(source=path, path=path, kind=Kind.TEXT)
    elif container is Container.TEXT:  # stdin: sniff the data itself
        try:
            data = read_bytes(path)
        except InputError as exc:
            yield Task(source=path, error=str(exc))
            return
        kind = sniff(data[:SNIFF_BYTES])
        if kind in (Container.WARC, Container.JSONL):
            yield from _split(path, data, kind)
        else:
            yield Task(source=path, kind=Kind.HTML if kind is Container.HTML else Kind.TEXT,
                       data=data)
    else:
        try:
            data = read_bytes(path)
        except InputError as exc:
            yield Task(source=path, error=str(exc))
            return
        yield from _split(path, data, container)


def _split(path: str, data: bytes, container: Container) -> Iterator[Task]:
    if container is Container.WARC:
        yield from warc_tasks(path, data)
    else:
        yield from jsonl_tasks(path, data)


def jsonl_tasks(path: str, data: bytes) -> Iterator[Task]:
    """One task per JSON Lines record with an ``html`` or ``text`` field; broken lines are errors."""
    found = 0
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        found += 1
        source = f"{path}#{number}"
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield Task(source=source, error=f"broken JSON on line {number}: {exc}")
            continue
        if not isinstance(record, dict):
            yield Task(source=source, error=f"line {number} is not a JSON object")
            continue
        url = record.get("url") if isinstance(record.get("url"), str) else None
        extra = {"id": record["id"]} if isinstance(record.get("id"), (str, int)) else {}
        if isinstance(record.get("html"), str):
            yield Task(source=source, kind=Kind.HTML, data=record["html"], url=url, extra=extra)
        elif isinstance(record.get("text"), str):
            yield Task(source=source, kind=Kind.TEXT, data=record["text"], url=url, extra=extra)
        else:
            yield Task(source=source, url=url, error=f"line {number} has no 'html' or 'text' string")
    if not found:
        yield Task(source=path, error="no JSON records in this file")


def warc_tasks(path: str, data: bytes) -> Iterator[Task]:
    """One task per WARC response record holding HTML (FastWARC reads plain and gzipped WARC)."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    number = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data), record_types=WarcRecordType.response,
                                      parse_http=True, verify_digests=False):
            number += 1
            url = record.headers.get("WARC-Target-URI")
            source = f"{path}#{number}"
            http = record.http_headers
            content_type = http.get("Content-Type") if http is not None else None
            if content_type and not any(t in content_type.lower() for t in ("html", "xml", "text")):
                continue  # images, PDFs and scripts are not articles
            try:
                body = record.reader.read()
            except Exception as exc:  # noqa: BLE001 - a truncated record must not end the file
                yield Task(source=source, url=url, error=f"broken WARC record {number}: {exc}")
                continue
            extra = {"warc_date": record.headers.get("WARC-Date")} if record.headers.get(
                "WARC-Date") else {}
            yield Task(source=source, kind=Kind.HTML, data=body, url=url,
                       content_type=content_type, extra=extra)
    except Exception as exc:  # noqa: BLE001 - FastWARC raises plain exceptions on garbage
        yield Task(source=f"{path}#{number + 1}", error=f"broken WARC data: {exc}")
        return
    if number == 0:
        yield Task(source=path, error="no HTML response records in this WARC file")
