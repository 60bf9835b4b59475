"""boilerstrip against plain trafilatura on the same pages, in one run: F1, speed, memory.

    python benchmarks/bench_html.py [DATASET_DIR ...] [--repeat N]

Each dataset directory has the article-extraction-benchmark layout (html/*.html.gz and
ground-truth.json); the default is both sets under ../shared/datasets. F1 is the shared scorer's
(4-word shingles, precision and recall averaged per document). Every method runs in its own
process so that its peak memory (max RSS) is its own. Targets (issue #3): F1 above trafilatura's,
>= 0.9x its single-core docs/s, >= 1.7x with 2 workers. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"
DEFAULT_DIRS = [DATASETS / "article-extraction-benchmark", DATASETS / "news-multilingual"]
_WORD = re.compile(r"\w+")

METHODS = {
    "trafilatura": "trafilatura 2.x, extract() defaults (txt)",
    "trafilatura-precision": "trafilatura, favor_precision=True, include_comments=False",
    "boilerstrip": "boilerstrip clean_html, 1 process",
    "boilerstrip-2": "boilerstrip iter_clean, 2 worker processes",
}


def shingle_prf(true: str, pred: str, n: int = 4) -> tuple[float, float, int, int]:
    """The shared scorer's per-document shingle precision and recall."""
    def shingles(text: str) -> Counter[tuple[str, ...]]:
        tokens = _WORD.findall(text or "")
        return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)))
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    precision = 1.0 if fp == fn == 0 else (tp / (tp + fp) if tp + fp else 0.0)
    recall = 1.0 if fp == fn == 0 else (tp / (tp + fn) if tp + fn else 0.0)
    return precision, recall, tp + fp, tp + fn


def load(directory: Path) -> tuple[list[Path], dict[str, str]]:
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    return sorted((directory / "html").glob("*.html.gz")), {
        k: v.get("articleBody", "") for k, v in truth.items()}


def run_method(method: str, paths: list[Path], repeat: int) -> dict[str, object]:
    """Run one method over the pages (in this process) and return texts and timings."""
    pages = [gzip.decompress(p.read_bytes()) for p in paths]
    size = sum(map(len, pages))
    texts: list[str] = []
    started = time.perf_counter()
    if method == "boilerstrip-2":
        # One pool over the pages repeated: steady-state throughput, as in a long batch run
        # (the pool's start-up, about 0.1 s, is paid once).
        from cleaners import iter_clean

        results = iter_clean([str(p) for p in paths] * repeat, workers=2)
        texts = [r.text for r in results][:len(paths)]
    elif method == "boilerstrip":
        from cleaners import clean_html

        for _ in range(repeat):
            texts = [clean_html(page).text for page in pages]
    else:
        import trafilatura

        options = ({"favor_precision": True, "include_comments": False}
                   if method == "trafilatura-precision" else {})
        for _ in range(repeat):
            texts = [trafilatura.extract(page, **options) or "" for page in pages]
    elapsed = (time.perf_counter() - started) / repeat
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if method == "boilerstrip-2":
        peak += resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"texts": texts, "seconds": elapsed, "bytes": size, "peak_mb": peak}


def score(paths: list[Path], truth: dict[str, str], texts: list[str]) -> tuple[float, float, float]:
    precisions, recalls = [], []
    for path, text in zip(paths, texts):
        key = path.name.removesuffix(".html.gz")
        p, r, n_pred, n_true = shingle_prf(truth.get(key, ""), text)
        if n_pred:
            precisions.append(p)
        if n_true:
            recalls.append(r)
    precision, recall = statistics.mean(precisions), statistics.mean(recalls)
    return precision, recall, 2 * precision * recall / (precision + recall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path, default=DEFAULT_DIRS)
    parser.add_argument("--repeat", type=int, default=1, help="timing runs per method")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one method, print JSON
    args = parser.parse_args()
    dirs = [d for d in args.dirs if (d / "ground-truth.json").exists()]
    if not dirs:
        raise SystemExit("no dataset found (need DIR/html/*.html.gz and DIR/ground-truth.json)")
    paths = [p for d in dirs for p in load(d)[0]]
    if args.one:
        result = run_method(args.one, paths, args.repeat)
        print(json.dumps(result, ensure_ascii=False))
        return
    truths = {d: load(d)[1] for d in dirs}
    rows = []
    for method in args.methods.split(","):
        proc = subprocess.run([sys.executable, __file__, *map(str, dirs), "--one", method,
                               "--repeat", str(args.repeat)], capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"{method} failed:\n{proc.stderr[-3000:]}")
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        figures = []
        start = 0
        for d in dirs:
            count = len(load(d)[0])
            figures.append(score(paths[start:start + count], truths[d],
                                 result["texts"][start:start + count]))
            start += count
        rows.append((method, figures, result))
    names = [d.name[:24] for d in dirs]
    header = f"{'method':24s}" + "".join(f" {n + ' F1 (P/R)':>34s}" for n in names)
    print(header + f" {'docs/s':>8s} {'MB/s':>6s} {'peak MB':>8s}")
    base = next((r for r in rows if r[0] == "trafilatura"), rows[0])[2]
    for method, figures, result in rows:
        line = f"{method:24s}"
        for p, r, f in figures:
            line += f" {f:14.4f} ({p:.4f}/{r:.4f})"
        docs = len(paths) / result["seconds"]
        line += f" {docs:8.1f} {result['bytes'] / result['seconds'] / 1e6:6.2f}"
        line += f" {result['peak_mb']:8.0f}"
        line += f"   x{docs / (len(paths) / base['seconds']):.2f} of trafilatura"
        print(line)
    print()
    for method, description in METHODS.items():
        print(f"  {method:24s} {description}")


if __name__ == "__main__":
    main()
