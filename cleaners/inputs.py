"""Find and read inputs: files, directories (recursive), gzip, standard input."""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cleaners.errors import DecodeError, InputError

#: File names a directory walk picks up as text dumps.
TEXT_SUFFIXES = (".txt", ".txt.gz", ".text")
#: Largest input read whole (bytes); bigger files are an error record, not an out-of-memory.
MAX_INPUT_BYTES = 256 * 1024 * 1024
STDIN = "-"


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
            yield from _walk(p, suffixes)
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


def read_bytes(path: str) -> bytes:
    """Read an input whole, gunzipping ``.gz`` files (or any gzip stream); stdin for "-"."""
    try:
        if path == STDIN:
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            with open(path, "rb") as fh:
                data = fh.read(MAX_INPUT_BYTES + 1)
    except IsADirectoryError as exc:
        raise InputError(f"is a directory: {path}") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"broken gzip data in {path}: {exc}") from exc
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"input larger than {MAX_INPUT_BYTES // 2**20} MiB: {path}")
    return data


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text dump: BOM, then UTF-8, then a detected encoding. Returns (text, encoding)."""
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
    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        raise DecodeError("not text: no encoding decodes this input")
    return data.decode(best.encoding, errors="replace"), best.encoding
