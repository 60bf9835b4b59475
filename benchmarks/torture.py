"""Torture run: every kind of bad input at once, through ``boilerstrip clean``, counted.

    python benchmarks/torture.py [--timeout 20] [--no-big] [--keep DIR] [--verbose]

Builds, in a temporary directory, the torture set of tests/test_bad_input.py next to a baseline
of normal pages (the demo site's articles and text cases from fixtures/): empty files; PDF, PNG,
ZIP, GIF, JPEG and random bytes named .html; gzip files cut in half (.html.gz, .txt.gz); invalid
UTF-8 inside a UTF-8 page; a windows-1252 page whose meta says utf-8; NUL and control bytes in
pages and dumps, and a zeroed 512-byte block; a 25 MB page of paragraphs; a text dump that is one
2 MB line; a 100,000-deep DOM; WARC files with garbage after a valid record and with wrong
Content-Lengths; JSON Lines with broken lines; a dangling symlink, a file symlink loop, a
symlink to the parent directory; and, named explicitly on the command line, a directory called
page.html, a chmod 000 file, a missing file and a file symlink loop.

Then it runs ``boilerstrip clean DIR EXPLICIT... --timeout SECONDS`` as a subprocess, with the
default workers and with ``--workers 1``, and prints for each run: inputs (documents put in),
processed (clean records), errored (error records), lost (inputs without a record; should be
0), duplicated (inputs with more than one record), extra (records for no input, e.g. a garbage
stretch in a WARC), the exit status and the seconds taken; ``--verbose`` adds one line per
input. Prints figures; asserts nothing. No network.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SITE_PAGES = sorted(FIXTURES.glob("site/*/2024/*.html"))
CASE_DUMPS = sorted(FIXTURES.glob("cases/*_01.txt"))[:8]
PAGE = FIXTURES / "html" / "harbour_en.html"
FRENCH = FIXTURES / "html" / "bibliotheque_fr.html"
GERMAN = FIXTURES / "html" / "radwege_de.html"
DUMP = FIXTURES / "cases" / "clean_en_01.txt"


@dataclass
class Input:
    """One document put in, and how its record is found: by source, or by URL (WARC)."""

    name: str          # what it is, for the report
    source: str = ""   # the record's expected "source"
    url: str = ""      # for WARC records: the record's expected "url"


@dataclass
class TortureSet:
    directory: Path
    explicit: list[str] = field(default_factory=list)   # paths named on the command line
    inputs: list[Input] = field(default_factory=list)

    def file(self, name: str, data: bytes, what: str) -> Path:
        path = self.directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.inputs.append(Input(what, source=str(path)))
        return path


# ------------------------------------------------------------------ inputs

def _cut_in_half(data: bytes) -> bytes:
    packed = gzip.compress(data)
    return packed[:len(packed) // 2]


def _warc_record(uri: str | None, block: bytes, number: int, length: int | None = None,
                 kind: str = "response",
                 content_type: str = "application/http; msgtype=response") -> bytes:
    head = ["WARC/1.0", f"WARC-Type: {kind}",
            f"WARC-Record-ID: <urn:uuid:0b5c1e2a-0000-4000-8000-{number:012d}>",
            "WARC-Date: 2024-03-05T10:15:00Z"]
    if uri:
        head.append(f"WARC-Target-URI: {uri}")
    head += [f"Content-Type: {content_type}",
             f"Content-Length: {len(block) if length is None else length}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def _response(uri: str, page: Path, number: int, length: int | None = None) -> bytes:
    body = page.read_bytes()
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)) + body
    return _warc_record(uri, http, number, length)


WARCINFO = _warc_record(None, b"software: boilerstrip-torture\r\n", 0, kind="warcinfo",
                        content_type="application/warc-fields")


def _big_paragraph_page(size: int) -> bytes:
    """A page of ``size`` bytes that is all article paragraphs (the slow case)."""
    head = (b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>The longest page"
            b"</title></head><body><article><h1>The longest page</h1>\n")
    parts = [head]
    total = len(parts[0])
    n = 0
    while total < size:
        p = (f"<p>Paragraph {n}: the council met again on Tuesday and voted on part {n} of the "
             f"harbour plan, which the opposition called too expensive by {n % 97} million.</p>\n"
             ).encode()
        parts.append(p)
        total += len(p)
        n += 1
    parts.append(b"</article></body></html>")
    return b"".join(parts)


def build(directory: Path, big: bool) -> TortureSet:
    """Write the torture set under ``directory`` and list the documents it holds."""
    rng = random.Random(2026)
    walked = directory / "walked"
    t = TortureSet(walked)
    page, french, dump = PAGE.read_bytes(), FRENCH.read_bytes(), DUMP.read_bytes()

    for n, src in enumerate(SITE_PAGES):                     # the baseline
        t.file(f"baseline/site-{n:02d}-{src.name}", src.read_bytes(), "normal page")
    for src in CASE_DUMPS:
        t.file(f"baseline/{src.name}", src.read_bytes(), "normal text dump")

    t.file("empty/empty.html", b"", "empty page")
    t.file("empty/empty.txt", b"", "empty dump")
    t.file("empty/blank.txt", b" \n\t\n", "whitespace-only dump")
    t.file("empty/empty.html.gz", gzip.compress(b""), "gzipped empty page")

    noise = rng.randbytes(6000)
    t.file("binary/pdf.html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n"
           b"endobj\n" + noise, "PDF named .html")
    t.file("binary/png.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise, "PNG named .html")
    t.file("binary/zip.html", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + noise, "ZIP named .html")
    t.file("binary/gif.html", b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + noise, "GIF named .html")
    t.file("binary/jpeg.html", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + noise, "JPEG named .html")
    t.file("binary/random.html", rng.randbytes(8000), "random bytes named .html")
    t.file("binary/pdf.txt", b"%PDF-1.4\n" + noise, "PDF named .txt")

    t.file("gzip/cut.html.gz", _cut_in_half(french), "gzip page cut in half")
    t.file("gzip/cut.txt.gz", _cut_in_half(dump), "gzip dump cut in half")

    t.file("encoding/bad-utf8.html",
           french.replace("Le bâtiment".encode(), b"Le b\xff\xe2timent\xc3 \x80", 1),
           "invalid UTF-8 in a UTF-8 page")
    t.file("encoding/cp1252-says-utf8.html",
           FRENCH.read_text(encoding="utf-8").replace("’", "'").encode("cp1252"),
           "windows-1252 page whose meta says utf-8")
    t.file("control/nul.html", page.replace(b"</p>", b"\x00</p>").replace(b"</div>", b"</div>\x00"),
           "NUL bytes in a page")
    t.file("control/nul.txt", dump.replace(b"\n\n", b"\x00\n\n"), "NUL bytes in a dump")
    t.file("control/escape.html", page.replace(b"</div>", b"</div>\x1b"),
           "ESC after pruned elements")
    t.file("control/nul-block.html",
           page.replace(b"<p>The opposition", b"\x00" * 512 + b"<p>The opposition", 1),
           "zeroed 512-byte block in a page")
    t.file("control/nul-block.txt", dump.replace(b"\n\n", b"\x00" * 512 + b"\n\n", 1),
           "zeroed 512-byte block in a dump")

    if big:
        t.file("huge/big-25mb.html", _big_paragraph_page(25 * 2**20), "25 MB page of paragraphs")
    sentence = b"The council met again on Tuesday and voted on the harbour plan once more. "
    t.file("huge/one-line-2mb.txt", sentence * (2 * 2**20 // len(sentence) + 1),
           "2 MB single-line dump")
    t.file("huge/deep.html", b"<div>" * 100_000 + b"<p>Deep text.</p>" + b"</div>" * 100_000,
           "100,000-deep DOM")

    # WARC: one file per malformation; each response record is one input, found by its URL.
    warcs = {
        "garbage-after.warc": (WARCINFO + _response("https://t.example/g1", PAGE, 1)
                               + b"\x00\xff garbage\r\n" * 40, ["g1"]),
        "last-too-long.warc": (WARCINFO + _response("https://t.example/l1", PAGE, 1)
                               + _response("https://t.example/l2", FRENCH, 2, length=90_000),
                               ["l1", "l2"]),
        "middle-too-short.warc": (WARCINFO + _response("https://t.example/s1", PAGE, 1)
                                  + _response("https://t.example/s2", FRENCH, 2, length=120)
                                  + _response("https://t.example/s3", GERMAN, 3),
                                  ["s1", "s2", "s3"]),
        "middle-too-long.warc": (WARCINFO + _response("https://t.example/m1", PAGE, 1)
                                 + _response("https://t.example/m2", FRENCH, 2, length=9_000)
                                 + _response("https://t.example/m3", GERMAN, 3),
                                 ["m1", "m2", "m3"]),
    }
    for name, (data, keys) in warcs.items():
        path = walked / "warc" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        t.inputs += [Input(f"WARC record ({name})", url=f"https://t.example/{k}") for k in keys]

    good = json.dumps({"text": dump.decode()}).encode()
    lines = [good, b'{"text": "unterminated', json.dumps({"html": page.decode()}).encode(),
             b"[1, 2]", b'{"html": 42}', b'{"text": "bad \xff bytes"}', good[:300]]
    path = walked / "jsonl" / "broken.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\n".join(lines))
    t.inputs += [Input("JSON Lines line", source=f"{path}#{n}") for n in range(1, len(lines) + 1)]

    links = walked / "links"
    links.mkdir()
    (links / "dangling.html").symlink_to(links / "gone.html")
    t.inputs.append(Input("dangling symlink", source=str(links / "dangling.html")))
    (links / "loop-a.html").symlink_to("loop-b.html")
    (links / "loop-b.html").symlink_to("loop-a.html")
    t.inputs += [Input("file symlink loop", source=str(links / n))
                 for n in ("loop-a.html", "loop-b.html")]
    (links / "up").symlink_to("..")           # a directory loop: must add nothing
    (links / "self").symlink_to(".")

    # Named explicitly: a directory called page.html, an unreadable file, a missing file and a
    # file symlink loop outside the walked directory.
    explicit = directory / "explicit"
    explicit.mkdir()
    (explicit / "page.html").mkdir()
    locked = explicit / "locked.html"
    locked.write_bytes(page)
    locked.chmod(0)
    (explicit / "x.html").symlink_to("y.html")
    (explicit / "y.html").symlink_to("x.html")
    for name, what in (("page.html", "directory named page.html"),
                       ("locked.html", "chmod 000 file" + (" (root reads it)"
                                                          if os.geteuid() == 0 else "")),
                       ("missing.html", "missing file"), ("x.html", "file symlink loop")):
        t.explicit.append(str(explicit / name))
        t.inputs.append(Input(what + " (explicit)", source=str(explicit / name)))
    return t


# ------------------------------------------------------------------ running and counting

def command() -> list[str]:
    exe = Path(sys.executable).parent / "boilerstrip"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cleaners"]


@dataclass
class Run:
    label: str
    argv: list[str]
    seconds: float
    status: int
    records: list[dict]
    stderr: str


def run(t: TortureSet, label: str, options: list[str], timeout: float) -> Run:
    argv = [*command(), "clean", str(t.directory), *t.explicit, "--timeout", f"{timeout:g}",
            *options]
    started = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    records = []
    for line in proc.stdout.splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            records.append({"source": "<unparsable output line>", "error": line[:80]})
    return Run(label, argv, seconds, proc.returncode, records, proc.stderr)


def matches(record: dict, item: Input) -> bool:
    if item.url:
        return record.get("url") == item.url
    return record.get("source") == item.source


def report(t: TortureSet, r: Run, verbose: bool) -> None:
    per_input = [[rec for rec in r.records if matches(rec, item)] for item in t.inputs]
    claimed = {id(rec) for recs in per_input for rec in recs}
    extra = [rec for rec in r.records if id(rec) not in claimed]
    clean = sum(1 for rec in r.records if rec.get("error") is None)
    shown = [a for a in r.argv[r.argv.index("clean"):] if a not in t.explicit]
    print(f"\n== {r.label}: boilerstrip {' '.join(shown)} (+{len(t.explicit)} explicit paths)")
    print(f"inputs      {len(t.inputs)}")
    print(f"records     {len(r.records)}")
    print(f"processed   {clean}   (clean records)")
    print(f"errored     {len(r.records) - clean}   (error records)")
    print(f"lost        {sum(1 for recs in per_input if not recs)}   (inputs without a record)")
    print(f"duplicated  {sum(1 for recs in per_input if len(recs) > 1)}   "
          "(inputs with more than one record)")
    print(f"extra       {len(extra)}   (records for no input)")
    print(f"exit status {r.status}")
    print(f"seconds     {r.seconds:.1f}")
    empty_clean = [rec["source"] for rec in r.records
                   if rec.get("error") is None and not (rec.get("text") or "").strip()]
    if empty_clean:
        print(f"clean but empty (neither text nor error): {len(empty_clean)}")
    replaced = sum(1 for rec in r.records if "\ufffd" in (rec.get("text") or ""))
    if replaced:
        print(f"clean with U+FFFD replacement characters: {replaced}")
    for item, recs in zip(t.inputs, per_input):
        if not recs:
            print(f"  LOST       {item.name}: {item.source or item.url}")
        elif len(recs) > 1:
            print(f"  DUPLICATED {item.name}: {item.source or item.url} x{len(recs)}")
    errors = Counter(_error_kind(rec["error"]) for rec in r.records if rec.get("error"))
    print("errors by kind: " + ", ".join(f"{k} ({n})" for k, n in errors.most_common()))
    if verbose:
        for item, recs in zip(t.inputs, per_input):
            outcome = "; ".join(
                (f"error: {rec['error'][:70]}" if rec.get("error") else
                 f"clean, {len(rec.get('text') or '')} chars"
                 + (f", {rec['text'].count(chr(0xFFFD))} U+FFFD" if chr(0xFFFD) in
                    (rec.get("text") or "") else "")) for rec in recs) or "-"
            print(f"  {item.name:45.45s} {outcome}")
        for rec in extra:
            print(f"  {'(extra) ' + rec.get('source', ''):45.45s} {rec.get('error', '')[:70]}")
    if r.status != 0:
        print("stderr tail: " + r.stderr[-500:].replace("\n", " | "))


def _error_kind(error: str) -> str:
    """The message without its paths and numbers, to group errors."""
    words = [w for w in error.replace(":", " ").split()
             if "/" not in w and not any(c.isdigit() for c in w)]
    return " ".join(words[:5])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="--timeout passed to boilerstrip clean (default 20 s)")
    parser.add_argument("--no-big", action="store_true", help="leave out the 25 MB page")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build the set in DIR and keep it (default: a temporary directory)")
    parser.add_argument("--verbose", action="store_true", help="one line per input")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        directory, cleanup = args.keep, None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="boilerstrip-torture-")
        directory = Path(cleanup.name)
    try:
        started = time.perf_counter()
        t = build(directory, big=not args.no_big)
        size = sum(p.stat().st_size for p in t.directory.rglob("*")
                   if p.is_file() and not p.is_symlink())
        print(f"torture set: {len(t.inputs)} inputs, {size / 2**20:.1f} MiB, built in "
              f"{time.perf_counter() - started:.1f} s under {directory}")
        for label, options in (("default workers", []), ("--workers 1", ["--workers", "1"])):
            report(t, run(t, label, options, args.timeout), args.verbose)
    finally:
        locked = directory / "explicit" / "locked.html"
        if locked.exists():
            locked.chmod(0o644)
        if cleanup is not None:
            cleanup.cleanup()


if __name__ == "__main__":
    main()
