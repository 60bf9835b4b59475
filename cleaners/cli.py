"""The ``boilerstrip`` command line: parse, build the config, clean, write records."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from cleaners.api import iter_clean
from cleaners.batch import default_workers
from cleaners.config import CleanConfig
from cleaners.document import CleanResult

CLEAN_HELP = """\
Clean web pages and text dumps into article text plus metadata, removing the junk around the
article: ad labels, "loading..." placeholders, CSS and JS text, cookie banners, prayer-time
widgets, related-link lists, share and comment widgets, captions, datelines, bylines.

PATH may be:
  - an HTML page (.html .htm .xhtml .shtml), a text dump (.txt .text), either gzipped (.gz)
  - a WARC file (.warc, .warc.gz): every HTML response record is a document; its URL and
    WARC-Date go into the record
  - a JSON Lines file (.jsonl, .ndjson): every line with an "html" or "text" field (and an
    optional "url") is a document
  - a file without a known suffix (its content is sniffed), a directory (searched recursively
    for the suffixes above), or - for standard input

Each document gives exactly one output record, in input order. "source" is the input path, with
"#N" for the N-th document of a WARC or JSON Lines file. JSON Lines records carry: source, text,
title, date (ISO 8601), language (ISO 639-1), sitename, author, url, removed_counts (removals per
category), page metadata when there is a page (canonical_url, description, tags, image,
fingerprint: a 64-bit simhash for near-duplicates) and, with --explain, removed (the audit:
rule, category, stage, where, text). A document that cannot be read or cleaned gives a record
with an "error" field and the run goes on; the exit status is 0 unless the command line itself
is wrong.

examples:
  boilerstrip clean pages/ > clean.jsonl
  boilerstrip clean --explain article.txt
  boilerstrip clean crawl.warc.gz --workers 2 -o clean.jsonl
  boilerstrip clean --format text -o texts/ pages/
  cat page.html | boilerstrip clean --format text -
"""

MSG_NO_PATHS = "no input: name one or more files or directories, or - for standard input"


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="boilerstrip",
        description="Turn messy web pages and text dumps into clean article text plus metadata.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    clean = sub.add_parser("clean", help="clean text dumps into article text and metadata",
                           description=CLEAN_HELP,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    clean.add_argument("paths", nargs="*", metavar="PATH", help="files, directories or -")
    clean.add_argument("-o", "--output", metavar="OUT",
                       help="write here instead of standard output (through a temporary file, "
                            "renamed when done, so it is never half-written); with --format text "
                            "an existing directory or a name ending in / gets one .txt per "
                            "document")
    clean.add_argument("--format", choices=("jsonl", "text"), default="jsonl",
                       help="jsonl: one JSON record per document (default); text: the clean text "
                            "only, with a '==> source <==' header per document when there are "
                            "several")
    clean.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                       help="clean in N processes (default: all cores); output keeps input order")
    clean.add_argument("--explain", action="store_true",
                       help="add the audit of every removal (rule, category, where, text)")
    clean.add_argument("--language", metavar="LANG", default="",
                       help="ISO 639-1 language of the inputs (default: detect per document)")
    clean.add_argument("--keep-captions", action="store_true", help="keep image captions")
    clean.add_argument("--disable", metavar="RULE", action="append", default=[],
                       help="switch off a rule or a whole category (repeatable), e.g. caption")
    return parser


@contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    """Yield a text stream; for a file, write a temporary file and rename it on success."""
    if path is None or path == "-":
        yield sys.stdout
        return
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".boilerstrip-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _write(result: CleanResult, out: IO[str], fmt: str, explain: bool, many: bool) -> None:
    if fmt == "jsonl":
        out.write(json.dumps(result.to_record(explain=explain), ensure_ascii=False) + "\n")
        return
    if many:
        out.write(f"==> {result.source} <==\n")
    if result.error:
        sys.stderr.write(f"boilerstrip: {result.source}: {result.error}\n")
    if result.text:
        out.write(result.text + "\n")
    if many:
        out.write("\n")


def cmd_clean(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Run ``boilerstrip clean``."""
    if not args.paths:
        parser.error(MSG_NO_PATHS)
    try:
        config = CleanConfig.from_mapping({
            "language": args.language, "keep_captions": args.keep_captions,
            "disabled_rules": args.disable, "explain": args.explain})
    except ValueError as exc:
        parser.error(str(exc))
    workers = args.workers or default_workers()
    results = _progress(iter_clean(args.paths, config, workers=workers))
    if args.format == "text" and args.output and (
            args.output.endswith(os.sep) or os.path.isdir(args.output)):
        _write_text_dir(results, args.output)
        return 0
    many = len(args.paths) > 1 or any(os.path.isdir(p) for p in args.paths) or any(
        not p.lower().removesuffix(".gz").endswith(_SINGLE) for p in args.paths if p != "-")
    with _output(args.output) as out:
        for result in results:
            if result.error and args.format == "jsonl":
                sys.stderr.write(f"boilerstrip: {result.source}: {result.error}\n")
            _write(result, out, args.format, args.explain, many)
    return 0


#: Suffixes of files that hold one document.
_SINGLE = (".html", ".htm", ".xhtml", ".shtml", ".txt", ".text")


def _progress(results: Iterator[CleanResult]) -> Iterator[CleanResult]:
    """Show a progress bar on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        yield from results
        return
    from tqdm import tqdm

    yield from tqdm(results, unit="doc", file=sys.stderr, dynamic_ncols=True)


def _safe_name(source: str, number: int) -> str:
    """A file name for a document that cannot leave its directory ("../x" -> "x").

    >>> _safe_name("../../etc/passwd", 3)
    '000003_passwd.txt'
    >>> _safe_name("crawl.warc.gz#12", 1)
    '000001_crawl.warc.gz_12.txt'
    """
    base = os.path.basename(source.replace("\\", "/")) or "document"
    base = "".join(c if c.isalnum() or c in "._-" else "_" for c in base).lstrip(".") or "document"
    base = base.removesuffix(".gz")
    for suffix in (".html", ".htm", ".txt"):
        base = base.removesuffix(suffix)
    return f"{number:06d}_{base[:100]}.txt"


def _write_text_dir(results: Iterator[CleanResult], directory: str) -> None:
    """Write one .txt file per document (each through a temporary file)."""
    os.makedirs(directory, exist_ok=True)
    for number, result in enumerate(results, start=1):
        if result.error:
            sys.stderr.write(f"boilerstrip: {result.source}: {result.error}\n")
        with _output(os.path.join(directory, _safe_name(result.source, number))) as out:
            out.write(result.text + "\n" if result.text else "")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``boilerstrip`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "clean":
        return cmd_clean(args, parser)
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover - argparse refuses first
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
