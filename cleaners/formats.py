"""Input formats: tell what a file holds and split containers (WARC, JSON Lines) into documents.

A *task* is one document to clean. Single-document files (HTML, text) stay a path until a worker
reads them, so a directory of pages costs no copying between processes; WARC and JSON Lines files
are split here into one task per document.
"""

from __future__ import annotations

import io
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, BinaryIO

from cleaners.errors import InputError
from cleaners.inputs import MAX_INPUT_BYTES, STDIN, Stream, open_stream, read_all, read_bytes

if TYPE_CHECKING:
    from fastwarc.warc import HeaderMap, WarcRecord


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
    ".warc": Container.WARC, ".jsonl": Container.JSONL,
    ".ndjson": Container.JSONL,
}
WALK_SUFFIXES = tuple(SUFFIXES) + tuple(s + ".gz" for s in SUFFIXES)
#: Bytes looked at to sniff a file without a known suffix.
SNIFF_BYTES = 4096
#: Media types of WARC responses that are web pages; other declared types are skipped.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: One line of an HTTP chunk stream: the chunk size in hex, maybe chunk extensions after ";".
CHUNK_SIZE_LINE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?\r?\n")


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
    if stripped.startswith(b"warc/"):
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
    elif container is Container.TEXT and path != STDIN:
        yield Task(source=path, path=path, kind=Kind.TEXT)
    elif container is Container.TEXT:
        yield from _stdin_tasks(path)
    elif container is Container.WARC:
        yield from _warc_file_tasks(path)
    else:
        try:
            data = read_bytes(path)
        except InputError as exc:
            yield Task(source=path, error=str(exc))
            return
        yield from jsonl_tasks(path, data)


def _stdin_tasks(path: str) -> Iterator[Task]:
    """Sniff standard input: a WARC is streamed, anything else read whole."""
    try:
        with open_stream(path) as stream:
            kind = sniff(stream.peek(SNIFF_BYTES))
            if kind is Container.WARC:
                yield from warc_tasks(path, stream)
                return
            data = read_all(stream, path)
    except InputError as exc:
        yield Task(source=path, error=str(exc))
        return
    if kind is Container.JSONL:
        yield from jsonl_tasks(path, data)
    else:
        yield Task(source=path, kind=Kind.HTML if kind is Container.HTML else Kind.TEXT,
                   data=data)


def _warc_file_tasks(path: str) -> Iterator[Task]:
    """Stream a WARC file (FastWARC gunzips it record by record, so a cut keeps what precedes)."""
    try:
        with open_stream(path) as stream:
            yield from warc_tasks(path, stream)
    except InputError as exc:  # only opening can fail here: warc_tasks reports its own errors
        yield Task(source=path, error=str(exc))


def jsonl_tasks(path: str, data: bytes) -> Iterator[Task]:
    """One task per JSON Lines record with an ``html`` or ``text`` field; broken lines are errors.

    Blank lines are no records: ``#N`` numbers the records, errors name the physical line.
    """
    found = 0
    for line, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        found += 1
        source = f"{path}#{found}"
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield Task(source=source, error=f"broken JSON on line {line}: {exc}")
            continue
        if not isinstance(record, dict):
            yield Task(source=source, error=f"line {line} is not a JSON object")
            continue
        url = record.get("url") if isinstance(record.get("url"), str) else None
        extra = {"id": record["id"]} if isinstance(record.get("id"), (str, int)) else {}
        if isinstance(record.get("html"), str):
            yield Task(source=source, kind=Kind.HTML, data=record["html"], url=url, extra=extra)
        elif isinstance(record.get("text"), str):
            yield Task(source=source, kind=Kind.TEXT, data=record["text"], url=url, extra=extra)
        else:
            yield Task(source=source, url=url, error=f"line {line} has no 'html' or 'text' string")
    if not found:
        yield Task(source=path, error="no JSON records in this file")


def warc_tasks(path: str, stream: Stream | BinaryIO) -> Iterator[Task]:
    """One task per WARC response record holding a web page, read as a stream (plain or gzipped).

    ``#N`` counts the documents given out, error records included, so skipped records (images,
    scripts) leave no gaps. A record cut short is an error record; a stream FastWARC cannot
    read further ends the file with one.
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    documents = 0
    gzipped = _peek(stream, 2) == b"\x1f\x8b"
    # A plain WARC is cut into records here first, so that one record with a wrong
    # Content-Length cannot swallow the next (FastWARC would trust it and lose its footing).
    pieces = [(stream, "record")] if gzipped else (
        (io.BytesIO(p), kind) for p, kind in plain_warc_records(stream))
    for piece, kind in pieces:
        if kind == "garbage":
            documents += 1
            yield Task(source=f"{path}#{documents}",
                       error="broken WARC data: bytes that are no WARC record")
            continue
        if kind == "bad-length":  # report a page; skip any other record
            head = piece.getvalue()[:8192]
            if re.search(rb"^WARC-Type:[ \t]*response", head, re.I | re.M):
                url = re.search(rb"^WARC-Target-URI:[ \t]*(\S+)", head, re.I | re.M)
                documents += 1
                yield Task(source=f"{path}#{documents}",
                           url=url.group(1).decode("utf-8", "replace") if url else None,
                           error="truncated or broken WARC record: its Content-Length does "
                                 "not match the record")
            continue
        try:
            for record in ArchiveIterator(piece, record_types=WarcRecordType.response,
                                          parse_http=True, verify_digests=False):
                task = _response_task(record, f"{path}#{documents + 1}")
                if task is not None:
                    documents += 1
                    yield task
        except Exception as exc:  # noqa: BLE001 - FastWARC raises plain exceptions on garbage
            documents += 1
            yield Task(source=f"{path}#{documents}", error=f"broken WARC data: {exc}")
            if gzipped:
                return
    if documents == 0:
        yield Task(source=path, error="no HTML response records in this WARC file")


_RECORD_START = re.compile(rb"(?:^|\r?\n)(WARC/1\.[01]\r?\n)")
_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)", re.I | re.M)


def plain_warc_records(stream: Stream | BinaryIO, chunk: int = 1 << 20
                       ) -> Iterator[tuple[bytes, str]]:
    """Split an uncompressed WARC stream into pieces: (bytes, "record" | "bad-length" | "garbage").

    A record's Content-Length is trusted when the next record starts right after it, or when no
    record follows at all (then what trails is garbage); a length that ends elsewhere, or runs
    over the next record, is wrong, and the record runs to the next ``WARC/1.x`` line.
    Memory stays about one record.
    """
    buffer = b""
    eof = False

    def fill(size: int) -> None:
        nonlocal buffer, eof
        while not eof and len(buffer) < size:
            data = stream.read(max(chunk, size - len(buffer)))
            eof = not data
            buffer += data

    def next_start(after: int) -> re.Match[bytes] | None:
        found = _RECORD_START.search(buffer, after)
        while found is None and not eof:
            fill(len(buffer) + chunk)
            found = _RECORD_START.search(buffer, after)
        return found

    while True:
        fill(2 * chunk)
        buffer = buffer.lstrip(b"\r\n")
        if not buffer:
            return
        if not buffer.startswith(b"WARC/1."):
            following = next_start(1)
            stop = following.start(1) if following else len(buffer)
            yield buffer[:stop], "garbage"
            buffer = buffer[stop:]
            continue
        head_end = buffer.find(b"\r\n\r\n")
        length = _LENGTH.search(buffer, 0, head_end) if head_end >= 0 else None
        following = next_start(1)
        if length is not None:
            end = head_end + 4 + int(length.group(1))
            fill(end + 16)
            rest = buffer[end:end + 16].lstrip(b"\r\n")
            following = _RECORD_START.search(buffer, 1) or following
            if following is None or (following.start(1) >= end and rest.startswith(b"WARC/1.")):
                yield buffer[:end], "record"
                buffer = buffer[end:]
                continue
        stop = following.start(1) if following else len(buffer)
        yield buffer[:stop], "bad-length"
        buffer = buffer[stop:]


def _peek(stream: Stream | BinaryIO, size: int) -> bytes:
    peek = getattr(stream, "peek", None)
    return peek(size)[:size] if peek is not None else b""


def _response_task(record: WarcRecord, source: str) -> Task | None:
    """The task for one response record, an error task if it is broken, None if no page."""
    url = record.headers.get("WARC-Target-URI")
    http = record.http_headers if record.is_http else None
    try:
        _check_complete(record, http)
        content_type = (http.get("Content-Type") if http is not None
                        else record.headers.get("Content-Type"))
        media_type = (content_type or "").partition(";")[0].strip().lower()
        if media_type and media_type not in HTML_TYPES:
            return None  # images, PDFs, scripts and stylesheets are not articles
        body = _read_body(record)
        if http is not None:
            body = decode_http_body(body, http.get("Transfer-Encoding"),
                                    http.get("Content-Encoding"))
    except InputError as exc:
        return Task(source=source, url=url, error=str(exc))
    if not media_type and not looks_like_html(body[:SNIFF_BYTES]):
        return None  # no declared type: only what reads as a page is one
    date = record.headers.get("WARC-Date")
    return Task(source=source, kind=Kind.HTML, data=body, url=url, content_type=content_type,
                extra={"warc_date": date} if date else {})


def _check_complete(record: WarcRecord, http: HeaderMap | None) -> None:
    """Raise InputError for a record whose headers were cut off (FastWARC yields it anyway)."""
    if not (record.headers.get("Content-Length") or "").strip().isdigit():
        raise InputError("truncated WARC record: its headers are cut off")
    if record.is_http and (http is None or http.status_code is None):
        if len(_read_body(record, check=False)) < record.content_length:
            raise InputError("truncated WARC record: its HTTP headers are cut off")
        raise InputError("broken WARC record: unreadable HTTP headers")


def _read_body(record: WarcRecord, *, check: bool = True) -> bytes:
    """The record's payload, as stored; InputError if it is shorter than declared or too large.

    FastWARC's ``content_length`` is what the headers promise after the HTTP headers; a file
    cut inside the payload reads short without an error.
    """
    if record.content_length > MAX_INPUT_BYTES:
        raise InputError(f"WARC record larger than {MAX_INPUT_BYTES // 2**20} MiB")
    body = record.reader.read()
    if check and len(body) < record.content_length:
        raise InputError(f"truncated WARC record: {len(body)} of {record.content_length} "
                         "payload bytes")
    return body


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of an untyped payload read as a web page (an XML feed does not).

    >>> looks_like_html(b"<!DOCTYPE html><html><p>Hi</p>"), looks_like_html(b'<?xml ?><rss>')
    (True, False)
    """
    if head[:2] == b"\x1f\x8b" or sniff(head) is not Container.HTML:
        return False  # gzip bytes sniff as the page inside, but nothing said to gunzip them
    return not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml") or b"<html" in head.lower()


# ------------------------------------------------------------------ HTTP bodies

def decode_http_body(body: bytes, transfer_encoding: str | None,
                     content_encoding: str | None) -> bytes:
    """Undo the HTTP transfer and content codings of a body as a WARC stores it (as sent).

    >>> decode_http_body(b"5\\r\\nHello\\r\\n0\\r\\n\\r\\n", "chunked", None)
    b'Hello'
    """
    if not body:  # a redirect or a HEAD answer: nothing was coded
        return body
    transfer = _codings(transfer_encoding)
    if transfer and transfer[-1] == "chunked":  # HTTP/1.1: chunked is always applied last
        body = dechunk(body)
        transfer.pop()
    for coding in reversed(transfer + _codings(content_encoding)):
        body = _decompress(body, coding)
    return body


def _codings(header: str | None) -> list[str]:
    """The codings a header lists, in the order they were applied."""
    return [c.strip().lower() for c in (header or "").split(",")
            if c.strip() and c.strip().lower() != "identity"]


def dechunk(body: bytes) -> bytes:
    """Undo chunked transfer coding; a broken or cut chunk stream raises InputError.

    A body that does not even start with a chunk-size line was stored de-chunked by its
    crawler (the header kept as sent), so it is taken as it is, as warcio does.

    >>> dechunk(b"3\\r\\nabc\\r\\n2;ext=1\\r\\nde\\r\\n0\\r\\n\\r\\n"), dechunk(b"<html>")
    (b'abcde', b'<html>')
    """
    parts: list[bytes] = []
    pos = 0
    while True:
        line = CHUNK_SIZE_LINE.match(body, pos)
        if line is None:
            if pos == 0:
                return body
            raise InputError("broken chunked HTTP body: bad or missing chunk size")
        size = int(line.group(1), 16)
        if size == 0:  # the last chunk; trailer fields may follow and carry no content
            return b"".join(parts)
        start = line.end()
        end = start + size
        if end > len(body):
            raise InputError("broken chunked HTTP body: a chunk is cut off")
        parts.append(body[start:end])
        if body.startswith(b"\r\n", end):
            pos = end + 2
        elif body.startswith(b"\n", end):  # bare LF, as lenient servers send
            pos = end + 1
        else:
            raise InputError("broken chunked HTTP body: no line break after a chunk")


def _decompress(body: bytes, coding: str) -> bytes:
    """Undo one content coding (gzip, deflate, br); InputError if unknown or broken."""
    if coding in ("gzip", "x-gzip"):
        return _inflate(body, 16 + zlib.MAX_WBITS, coding)
    if coding == "deflate":
        # HTTP's deflate is a zlib stream, but many servers send raw deflate: the zlib header
        # (CM=8, header a multiple of 31) tells them apart.
        zlib_header = len(body) >= 2 and body[0] & 0x0F == 8 and (body[0] << 8 | body[1]) % 31 == 0
        return _inflate(body, zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS, coding)
    if coding == "br":
        return _unbrotli(body)
    raise InputError(f"unsupported HTTP Content-Encoding {coding!r}")


def _inflate(body: bytes, wbits: int, coding: str) -> bytes:
    """Inflate a gzip (all members) or deflate body, at most MAX_INPUT_BYTES of output."""
    out = b""
    data = body
    while True:
        inflater = zlib.decompressobj(wbits)
        try:
            out += inflater.decompress(data, MAX_INPUT_BYTES + 1 - len(out))
        except zlib.error as exc:
            raise InputError(f"broken {coding} HTTP body: {exc}") from exc
        if len(out) > MAX_INPUT_BYTES:
            raise InputError(f"{coding} HTTP body inflates past {MAX_INPUT_BYTES // 2**20} MiB")
        if not inflater.eof:
            raise InputError(f"broken {coding} HTTP body: cut off")
        data = inflater.unused_data
        if coding == "deflate" or not data.startswith(b"\x1f\x8b"):
            return out  # bytes after the stream that start no gzip member are padding


def _unbrotli(body: bytes) -> bytes:
    """Decompress a brotli body if a brotli module is installed (it is optional)."""
    try:
        import brotli
    except ImportError:
        try:
            import brotlicffi as brotli
        except ImportError:
            raise InputError("HTTP body is brotli-compressed (Content-Encoding: br) and no "
                             "brotli module is installed: pip install brotli") from None
    try:  # the one-shot API has no output limit: the check below comes after inflating
        out = brotli.decompress(body)
    except brotli.error as exc:
        raise InputError(f"broken br HTTP body: {exc}") from exc
    if len(out) > MAX_INPUT_BYTES:
        raise InputError(f"br HTTP body inflates past {MAX_INPUT_BYTES // 2**20} MiB")
    return out
