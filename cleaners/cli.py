"""The ``boilerstrip`` command line: parse, build the config, clean, write records."""

from __future__ import annotations

import argparse
import json
import os
import signal
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
    clean.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                       help="abandon a document that takes longer (error record, worker "
                            "replaced; default 120, 0: no limit)")
    clean.add_argument("--max-memory", type=int, default=4096, metavar="MB",
                       help="memory one document may take in its worker process (a document "
                            "that needs more gets an error record; default 4096, 0: no limit)")
    clean.add_argument("--resume", action="store_true",
                       help="with -o FILE: keep the records already there and clean only the "
                            "inputs whose source is not among them")
    clean.add_argument("--explain", action="store_true",
                       help="add the audit of every removal (rule, category, where, text)")
    clean.add_argument("--language", metavar="LANG", default="",
                       help="ISO 639-1 language of the inputs (default: detect per document)")
    clean.add_argument("--keep-captions", action="store_true", help="keep image captions")
    clean.add_argument("--disable", metavar="RULE", action="append", default=[],
                       help="switch off a rule or a whole category (repeatable), e.g. caption")
    _add_crawl_commands(sub)
    return parser


CRAWL_HELP = """\
Crawl sites with Scrapy and write clean articles as JSON Lines, as they arrive.

TARGET is a site name from the config (--config, default ./sites.toml), or a URL: a start page
(its links are followed), an RSS/Atom feed or a sitemap (told from the response). Crawls are
polite (robots.txt, AutoThrottle, a User-Agent with a contact) and only fetch http and https.
With --state, a SQLite file remembers seen URLs and content fingerprints, so a repeated crawl
fetches and emits only new articles and skips a story re-published under another URL.

examples:
  boilerstrip crawl https://news.example.org/feed.xml -o feed.jsonl
  boilerstrip crawl meridian --config sites.toml --state crawl.db -o meridian.jsonl
"""


def _add_crawl_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    crawl = sub.add_parser("crawl", help="crawl sites and write clean articles",
                           description=CRAWL_HELP,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    crawl.add_argument("targets", nargs="+", metavar="TARGET", help="site name or URL")
    crawl.add_argument("-o", "--output", default="-", metavar="OUT.jsonl",
                       help="JSON Lines output, appended to as items arrive (default: stdout)")
    crawl.add_argument("--state", metavar="STATE.db", help="SQLite state for incremental crawls")
    crawl.add_argument("--config", default="sites.toml", metavar="CONFIG",
                       help="sites TOML file (default: sites.toml)")
    crawl.add_argument("--workers", type=int, default=-1, metavar="N",
                       help="cleaning processes (default: all cores; 0: one thread)")
    crawl.add_argument("--max-pages", type=_positive_int, metavar="N",
                       help="pages to fetch per site (overrides the config)")
    crawl.add_argument("--contact", metavar="URL_OR_EMAIL",
                       help="contact put in the User-Agent (default: the project's URL)")
    crawl.add_argument("--summary", metavar="FILE",
                       help="also write the crawl summary as JSON here")
    crawl.add_argument("--quiet", action="store_true", help="no summary on stderr")
    crawl.add_argument("--log-level", default="WARNING", help="Scrapy log level (default WARNING)")
    crawl.add_argument("--run-id", type=int, help=argparse.SUPPRESS)  # set by the scheduler
    crawl.add_argument("--job", help=argparse.SUPPRESS)

    schedule = sub.add_parser(
        "schedule", help="run crawls on the config's cron schedules",
        description="Run each site's crawl on its cron schedule (the site's 'schedule' key: 5 "
                    "cron fields, or 6 with seconds first). Each run is its own process writing "
                    "OUT_DIR/<site>-<time>.jsonl; overlapping runs of one site are refused; the "
                    "run log (see 'boilerstrip runs') lives in the state database. Stops "
                    "cleanly on Ctrl-C or SIGTERM.")
    schedule.add_argument("config", nargs="?", default="sites.toml", help="sites TOML file")
    schedule.add_argument("--state", default="boilerstrip-state.db", metavar="STATE.db")
    schedule.add_argument("--out-dir", default="out", metavar="DIR")
    schedule.add_argument("--workers", type=int, default=-1, metavar="N")

    runs = sub.add_parser("runs", help="show the run log of scheduled and stateful crawls")
    runs.add_argument("--state", default="boilerstrip-state.db", metavar="STATE.db")
    runs.add_argument("--job", help="only this job (site)")
    runs.add_argument("--limit", type=_positive_int, default=20)
    runs.add_argument("--json", action="store_true", help="JSON Lines instead of a table")

    demo = sub.add_parser(
        "demo", help="serve the bundled demo site on 127.0.0.1 and crawl it",
        description="Serve fixtures/site (a small multilingual news site full of boilerplate) "
                    "on 127.0.0.1 on a free port, crawl it with the real spider and pipeline, "
                    "write clean JSON Lines and print a summary. Nothing leaves the machine.")
    demo.add_argument("-o", "--output", default="out/demo.jsonl", metavar="OUT.jsonl",
                      help="where the demo's records go (replaced on each run)")
    demo.add_argument("--site", metavar="DIR", help="serve this directory instead")
    demo.add_argument("--workers", type=int, default=-1, metavar="N")


def cmd_crawl(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Run ``boilerstrip crawl`` (one crawl in this process)."""
    from dataclasses import replace

    from scraper.crawl import build_settings, run_crawl
    from scraper.sites import ConfigError, Site, load_sites

    sites = []
    config_sites = None
    for target in args.targets:
        if "://" in target:
            if not target.startswith(("http://", "https://")):
                parser.error(f"only http and https URLs are crawled: {target}")
            sites.append(Site.for_url(target, robots_sitemaps=False))
            continue
        try:
            config_sites = config_sites or load_sites(args.config)
        except ConfigError as exc:
            parser.error(f"{target!r} is not a URL, and {exc}")
        if target not in config_sites:
            parser.error(f"no site {target!r} in {args.config}; known: "
                         f"{', '.join(sorted(config_sites))}")
        sites.append(config_sites[target])
    if args.max_pages:
        sites = [replace(s, max_pages=args.max_pages) for s in sites]
    settings = build_settings(args.output, args.state, args.workers, args.contact,
                              args.log_level)
    summary = run_crawl(sites, settings, job=args.job, run_id=args.run_id)
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as fh:
            fh.write(summary.to_json())
    if not args.quiet:
        sys.stderr.write(
            f"boilerstrip: {summary.pages} pages fetched, {summary.items} articles written, "
            f"{summary.dropped} dropped {summary.dropped_by_reason}, "
            f"{summary.skipped_seen} skipped as seen\n")
    return 0


def cmd_schedule(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Run ``boilerstrip schedule`` until SIGINT or SIGTERM."""
    from scraper.schedule import Scheduler
    from scraper.sites import ConfigError

    try:
        scheduler = Scheduler(args.config, args.state, args.out_dir, args.workers)
    except (ConfigError, ValueError) as exc:
        parser.error(str(exc))
    sys.stderr.write(f"boilerstrip: scheduling {', '.join(scheduler.sites)}; Ctrl-C stops\n")
    scheduler.serve_forever()
    return 0


def cmd_runs(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Run ``boilerstrip runs``: print the run log."""
    import datetime as dt

    from scraper.state import StateStore

    if not os.path.exists(args.state):
        parser.error(f"no state database at {args.state}")
    runs = StateStore(args.state).runs(args.job, args.limit)
    for run in runs:
        if args.json:
            print(json.dumps(run.__dict__))
            continue
        started = dt.datetime.fromtimestamp(run.started, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
        took = f"{run.finished - run.started:7.1f}s" if run.finished else "      -"
        print(f"{run.id:5d} {run.job:16s} {started} {took} {run.status:8s} pages {run.pages:5d} "
              f"items {run.items:5d} dropped {run.dropped:5d} {run.output or ''} "
              f"{run.message or ''}".rstrip())
    if not runs and not args.json:
        print("no runs yet")
    return 0


def cmd_demo(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Run ``boilerstrip demo``."""
    from scraper.demo import run_demo

    try:
        return run_demo(args.output, args.site, args.workers)
    except FileNotFoundError as exc:
        parser.error(str(exc))
    return 2


@contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    """Yield a text stream; for a file, write a temporary file and rename it when done.

    On Ctrl-C the records written so far are renamed into place too (each is a whole line), so
    the output is valid and ``--resume`` can continue it; on any other error the file is left as
    it was.
    """
    if path is None or path == "-":
        yield sys.stdout
        return
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".boilerstrip-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            try:
                yield fh
            except KeyboardInterrupt:
                _publish(fh, tmp, path)
                raise
            _publish(fh, tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _publish(fh: IO[str], tmp: str, path: str) -> None:
    """Flush, sync, give the usual file mode (mkstemp makes it 0600) and rename into place."""
    fh.flush()
    os.fsync(fh.fileno())
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)


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
    if args.output and os.path.isdir(args.output) and args.format != "text":
        parser.error(f"-o {args.output} is a directory: JSON Lines go to a file "
                     "(a directory of .txt files needs --format text)")
    if args.resume and (not args.output or args.output == "-" or args.format != "jsonl"):
        parser.error(MSG_RESUME)
    kept = _previous_records(args.output) if args.resume else []
    # Records with an error are cleaned again (a timeout or an unreadable file may pass now).
    kept = [line for line in kept if "error" not in json.loads(line)]
    done = {json.loads(line).get("source") for line in kept}
    results = _progress(iter_clean(args.paths, config, workers=workers,
                                   timeout=args.timeout or None,
                                   max_memory_mb=args.max_memory or None, skip=done))
    signal.signal(signal.SIGTERM, _interrupt)  # kill/systemd: keep what is done, as Ctrl-C
    try:
        if args.format == "text" and args.output and (
                args.output.endswith(os.sep) or os.path.isdir(args.output)):
            _write_text_dir(results, args.output)
            return 0
        many = len(args.paths) > 1 or any(os.path.isdir(p) for p in args.paths) or any(
            not p.lower().removesuffix(".gz").endswith(_SINGLE) for p in args.paths if p != "-")
        with _output(args.output) as out:
            out.writelines(kept)
            for result in results:
                if result.error and args.format == "jsonl":
                    sys.stderr.write(f"boilerstrip: {result.source}: {result.error}\n")
                _write(result, out, args.format, args.explain, many)
    except KeyboardInterrupt:
        sys.stderr.write(MSG_INTERRUPTED)
        return 130
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


MSG_RESUME = "--resume needs -o FILE with JSON Lines output (--format jsonl)"
MSG_INTERRUPTED = ("boilerstrip: interrupted; the output holds every document finished so far "
                   "(--resume continues)\n")


def _previous_records(path: str) -> list[str]:
    """The complete JSON lines of an earlier output (a cut-off last line is dropped)."""
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.readlines()
    except FileNotFoundError:
        return []
    kept = []
    for line in lines:
        try:
            if line.endswith("\n") and isinstance(json.loads(line), dict):
                kept.append(line)
        except ValueError:
            continue
    return kept


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
    try:
        return _dispatch(args, parser)
    except KeyboardInterrupt:
        sys.stderr.write("boilerstrip: interrupted\n")
        return 130
    except BrokenPipeError:  # `boilerstrip clean ... | head`: the reader left
        sys.stderr.close()
        return 0


def _dispatch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Run the subcommand the arguments name."""
    commands = {"clean": cmd_clean, "crawl": cmd_crawl, "schedule": cmd_schedule,
                "runs": cmd_runs, "demo": cmd_demo}
    if args.command in commands:
        return commands[args.command](args, parser)
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover - argparse refuses first
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
