"""Dump-cleaning speed on one core: MB/s and docs/s.

    python benchmarks/bench_text.py [--seconds 10] [--corpus fixtures|pages|extracted|all] [DIR ...]

Corpora (each text counted once, however many folders hold it):

- ``fixtures``: the seeds and our own cases (fixtures/cases, ../shared/seeds), small junky dumps
  of 1.5-7 KB;
- ``pages``: the whole visible text of the benchmark pages in ../shared/datasets (what a naive
  scraper dumps: menus, footers, related links and all), ~10 KB each;
- ``extracted``: trafilatura's output on the same pages (favor_recall, comments and tables kept),
  the extractor leftovers the product exists to clean. Made once per run; takes a minute.

The per-text caches are emptied before each pass over a corpus, so a figure never comes from
cleaning the same text twice; within a pass, lines that repeat across documents (site
templates) are found in the caches as they would be in a real dump.

Target (issue #2): >= 20 MB/s on one core. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import time
from pathlib import Path

from cleaners import clean_text
from cleaners.textutil import clear_text_caches

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = [ROOT / "fixtures" / "cases", ROOT.parent / "shared" / "seeds"]
DATASETS = ROOT.parent / "shared" / "datasets"


def load(dirs: list[Path]) -> list[str]:
    """The distinct ``.txt`` texts of some folders."""
    texts: dict[str, None] = {}
    for directory in dirs:
        if directory.is_dir():
            for path in sorted(directory.glob("*.txt")):
                texts.setdefault(path.read_text(encoding="utf-8"), None)
    return list(texts)


def _pages() -> list[bytes]:
    return [gzip.decompress(p.read_bytes()) for p in sorted(DATASETS.glob("*/html/*.html.gz"))]


def page_texts() -> list[str]:
    """The whole visible text of each benchmark page, one line per text node run."""
    import lxml.html
    from w3lib.encoding import html_to_unicode

    texts = []
    for raw in _pages():
        try:
            tree = lxml.html.fromstring(html_to_unicode(None, raw)[1])
        except ValueError:  # a str with an XML encoding declaration: let lxml decode
            tree = lxml.html.fromstring(raw)
        for node in tree.xpath("//script|//style|//noscript|//template"):
            node.drop_tree()
        body = tree.find("body")
        text = (body if body is not None else tree).text_content()
        texts.append("\n".join(line.strip() for line in text.split("\n") if line.strip()))
    return [t for t in dict.fromkeys(texts) if t]


def extracted_texts() -> list[str]:
    """trafilatura's recall-leaning output on each benchmark page."""
    import trafilatura

    texts = []
    for raw in _pages():
        text = trafilatura.extract(raw.decode("utf-8", "replace"), favor_recall=True,
                                   include_comments=True, include_tables=True)
        if text and text.strip():
            texts.append(text)
    return list(dict.fromkeys(texts))


def measure(texts: list[str], seconds: float) -> tuple[int, int, float]:
    """Clean the texts in passes until ``seconds`` are spent; return docs, bytes, seconds."""
    for text in texts[:20]:  # warm-up: vocabularies, patterns and the language model load once
        clean_text(text)
    docs = size = 0
    elapsed = 0.0
    while elapsed < seconds:
        clear_text_caches()
        started = time.perf_counter()
        for text in texts:
            clean_text(text)
            docs += 1
            size += len(text.encode("utf-8"))
        elapsed += time.perf_counter() - started
    return docs, size, elapsed


def stage_times(texts: list[str]) -> dict[str, float]:
    """Microseconds per document spent in each text stage (one pass, caches emptied first)."""
    from cleaners.config import CleanConfig
    from cleaners.document import Document
    from cleaners.pipeline import text_stages, to_result

    stages = text_stages(CleanConfig())
    spent = dict.fromkeys([stage.name for stage in stages] + ["result"], 0.0)
    clear_text_caches()
    for text in texts:
        doc = Document(text=text)
        for stage in stages:
            started = time.perf_counter()
            doc = stage(doc)
            spent[stage.name] += time.perf_counter() - started
        started = time.perf_counter()
        to_result(doc)
        spent["result"] += time.perf_counter() - started
    return {name: seconds / len(texts) * 1e6 for name, seconds in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path,
                        help="folders of .txt dumps (instead of the named corpora)")
    parser.add_argument("--seconds", type=float, default=10.0,
                        help="how long to measure each corpus (at least one pass)")
    parser.add_argument("--corpus", choices=("fixtures", "pages", "extracted", "all"),
                        default="fixtures")
    parser.add_argument("--stages", action="store_true",
                        help="also print where the time goes, stage by stage")
    args = parser.parse_args()
    if args.dirs:
        corpora = {"dirs": load(args.dirs)}
    else:
        names = ("fixtures", "pages", "extracted") if args.corpus == "all" else (args.corpus,)
        makers = {"fixtures": lambda: load(DEFAULT_DIRS), "pages": page_texts,
                  "extracted": extracted_texts}
        corpora = {name: makers[name]() for name in names}
    print(f"{'corpus':10s} {'texts':>6s} {'KB/text':>8s} {'MB/s':>7s} {'docs/s':>8s} "
          f"{'ms/doc':>7s}")
    for name, texts in corpora.items():
        if not texts:
            print(f"{name:10s} no inputs found")
            continue
        docs, size, elapsed = measure(texts, args.seconds)
        print(f"{name:10s} {len(texts):6d} {size / docs / 1e3:8.1f} {size / elapsed / 1e6:7.2f} "
              f"{docs / elapsed:8.1f} {elapsed / docs * 1e3:7.3f}")
        if args.stages:
            times = stage_times(texts)
            print("           " + "  ".join(f"{stage} {us:.0f}" for stage, us in times.items())
                  + "  (us/doc)")


if __name__ == "__main__":
    main()
