"""Find and read inputs: files, directories (recursive), gzip, standard input."""

from __future__ import annotations

import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from cleaners.errors import DecodeError, InputError

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatch, CharsetMatches

#: File names a directory walk picks up as text dumps.
TEXT_SUFFIXES = (".txt", ".txt.gz", ".text")
#: Largest input read whole, and largest WARC record (bytes); bigger ones are an error record,
#: not an out-of-memory.
MAX_INPUT_BYTES = 256 * 1024 * 1024
STDIN = "-"
#: Chaos and coherence differences below which charset-normalizer itself calls two matches a
#: tie (its CharsetMatch ordering), so its pick between them says nothing.
TIE_CHAOS = 0.005
TIE_COHERENCE = 0.02


@dataclass(frozen=True, slots=True)
class Source:
    """One input named on the command line or found in a directory."""

    path: str               # as given, or as found under a directory; "-" for stdin
    error: str | None = None


def discover(paths: Iterable[str], suffixes: tuple[str, ...] = TEXT_SUFFIXES) -> Iterator[Source]:
    """Expand directories (recursively, sorted, symlink loops skipped) into their input files.

    A path named explicitly is always an input, whatever its suffix; inside directories only
    files with one of ``suffixes`` are.
    """
    for path in paths:
        if path == STDIN:
            yield Source(path)
            continue
        p = Path(path)
        if p.is_dir():
            found = False
            for source in _walk(p, suffixes):
                found = True
                yield source
            if not found:  # a named input must not vanish without a record
                yield Source(path, f"no documents in directory: {path}")
        elif p.exists() or p.is_symlink():
            yield Source(path)
        else:
            yield Source(path, f"no such file or directory: {path}")


def _walk(root: Path, suffixes: tuple[str, ...]) -> Iterator[Source]:
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=None):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop: don't walk it again
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(suffixes):
                yield Source(os.path.join(dirpath, name))


class Stream:
    """An input read front to back, as it is (not gunzipped), whose first bytes can be peeked.

    It counts the bytes it hands out to answer ``tell()``: FastWARC asks a stream where it stands
    before reading it, which standard input and pipes cannot answer (and FastWARC panics).
    """

    def __init__(self, raw: BinaryIO, path: str) -> None:
        self._raw = raw
        self._path = path
        self._peeked = b""
        self._pos = 0

    def peek(self, size: int) -> bytes:
        """Up to ``size`` first bytes, left in the stream for the next read."""
        while len(self._peeked) < size:
            chunk = self._read_raw(size - len(self._peeked))
            if not chunk:
                break
            self._peeked += chunk
        return self._peeked[:size]

    def read(self, size: int | None = -1) -> bytes:
        """Read ``size`` bytes (fewer only at the end), or everything left when negative."""
        if size is None or size < 0:
            data, self._peeked = self._peeked + self._read_raw(-1), b""
        else:
            data, self._peeked = self._peeked[:size], self._peeked[size:]
            if len(data) < size:
                data += self._read_raw(size - len(data))
        self._pos += len(data)
        return data

    def tell(self) -> int:
        """Bytes read so far."""
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Stay where the stream stands (all a forward-only stream can do)."""
        if (whence, offset) not in ((io.SEEK_CUR, 0), (io.SEEK_SET, self._pos)):
            raise io.UnsupportedOperation(f"cannot seek in {self._path}")
        return self._pos

    def close(self) -> None:
        """Leave the file open: :func:`open_stream` owns it."""

    def _read_raw(self, size: int) -> bytes:
        try:
            return self._raw.read(size)
        except OSError as exc:
            raise InputError(f"cannot read {self._path}: {exc.strerror or exc}") from exc


@contextmanager
def open_stream(path: str) -> Iterator[Stream]:
    """Open an input to stream it as it is (not gunzipped); standard input for "-"."""
    if path == STDIN:
        yield Stream(sys.stdin.buffer, path)  # not closed: stdin is not ours to close
        return
    try:
        fh = open(path, "rb")
    except IsADirectoryError as exc:
        raise InputError(f"is a directory: {path}") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with fh:
        yield Stream(fh, path)


def read_bytes(path: str) -> bytes:
    """Read an input whole, gunzipping ``.gz`` files (or any gzip stream); stdin for "-"."""
    with open_stream(path) as stream:
        return read_all(stream, path)


def _gunzip(data: bytes, path: str) -> bytes:
    """Inflate every gzip member, stopping at MAX_INPUT_BYTES (a gzip bomb is an error, not an
    out-of-memory)."""
    out: list[bytes] = []
    size = 0
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out.append(inflater.decompress(data, MAX_INPUT_BYTES + 1 - size))
        except zlib.error as exc:
            raise InputError(f"broken gzip data in {path}: {exc}") from exc
        size += len(out[-1])
        if size > MAX_INPUT_BYTES:
            raise InputError(f"input larger than {MAX_INPUT_BYTES // 2**20} MiB once "
                             f"uncompressed: {path}")
        if not inflater.eof:
            raise InputError(f"broken gzip data in {path}: Compressed file ended before the "
                             "end-of-stream marker was reached")
        data = inflater.unused_data
    return b"".join(out)


def read_all(stream: Stream, path: str) -> bytes:
    """Read the rest of an open input whole, gunzipping a gzip stream (``path`` is for errors)."""
    # In chunks: one read(MAX + 1) would reserve the whole limit up front, which a worker under
    # a memory limit cannot afford.
    chunks, size = [], 0
    while size <= MAX_INPUT_BYTES:
        chunk = stream.read(READ_CHUNK)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    data = b"".join(chunks)
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, path)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"input larger than {MAX_INPUT_BYTES // 2**20} MiB: {path}")
    return data


#: Bytes read at a time.
READ_CHUNK = 1 << 20

#: File signatures of formats that are not text, as they start the file.
_MAGIC = (
    (b"%PDF-", "PDF"), (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"), (b"\xff\xd8\xff", "JPEG image"), (b"PK\x03\x04", "ZIP archive"),
    (b"RIFF", "RIFF (WebP/WAV/AVI)"), (b"OggS", "Ogg media"), (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"), (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"\x7fELF", "executable"), (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0", "MS Office file"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"), (b"Rar!", "RAR archive"), (b"\x00asm", "WebAssembly"),
    (b"BZh", "bzip2 data"), (b"\xfd7zXZ\x00", "xz data"), (b"\x28\xb5\x2f\xfd", "zstd data"),
)
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
#: Bytes that do not occur in text in any encoding we read (C0 controls but tab, LF, FF, CR, ESC).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
#: A sample with more than this share of such bytes (NUL aside) is binary.
MAX_CONTROL_SHARE = 0.05
#: ... or with more than this share of NUL bytes.
MAX_NUL_SHARE = 0.5


def binary_kind(data: bytes) -> str | None:
    """Name what non-text data is ("PDF", "PNG image", "binary data"), or None for text.

    >>> binary_kind(b"%PDF-1.7 ...")
    'PDF'
    >>> binary_kind("<p>Grüße</p>".encode()) is None
    True
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith(_TEXT_BOMS):
        return None  # UTF-16 text is full of NUL bytes
    sample = data[:4096]
    if not sample:
        return None
    nuls = sample.count(0)
    controls = len(sample) - len(sample.translate(None, _CONTROL)) - nuls
    # A zeroed disk block inside a page is damage to clean away; a file of mostly NULs, or with
    # other control bytes all over, is not text.
    if controls > MAX_CONTROL_SHARE * len(sample) or nuls > MAX_NUL_SHARE * len(sample):
        return "binary data"
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text dump: BOM, then UTF-8, then a detected encoding. Returns (text, encoding).

    Binary data (a PDF or an image named .txt) is refused with DecodeError.
    """
    kind = binary_kind(data)
    if kind:
        raise DecodeError(f"not text: this is {kind}")
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                          (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer is a dependency
        return data.decode("cp1252", errors="replace"), "cp1252"
    best = _best_match(from_bytes(data[:1_000_000]))
    if best is None:
        raise DecodeError("not text: no encoding decodes this input")
    return data.decode(best.encoding, errors="replace"), best.encoding


def _best_match(matches: CharsetMatches) -> CharsetMatch | None:
    """charset-normalizer's best match, with ties broken by the letters each reading gives.

    Sibling code pages read most bytes alike and tie on chaos and coherence (Greek ISO-8859-7
    and cp1253 swap 'Ά' and '¶' at 0xB6); charset-normalizer then keeps whichever comes first.
    The bytes they read differently are letters in the right one: a text is mostly words, so
    the reading with more letters (not symbols or control characters) wins the tie.
    """
    best = matches.best()
    if best is None:
        return None
    tied = [best, *(m for m in matches if m is not best
                    and abs(m.chaos - best.chaos) < TIE_CHAOS
                    and abs(m.coherence - best.coherence) <= TIE_COHERENCE)]
    if len(tied) == 1:
        return best
    return max(tied, key=lambda m: sum(ch.isalpha() for ch in str(m)))  # first wins a tie
