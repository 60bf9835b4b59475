"""Dump-cleaning speed on one core: MB/s and docs/s over the text fixtures.

    python benchmarks/bench_text.py [--seconds 10] [DIR ...]

Target (issue #2): >= 20 MB/s on one core. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from cleaners import clean_text

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = [ROOT / "fixtures" / "cases", ROOT.parent / "shared" / "seeds"]


def load(dirs: list[Path]) -> list[str]:
    texts = []
    for directory in dirs:
        if directory.is_dir():
            texts += [p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.txt"))]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path, default=DEFAULT_DIRS)
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to measure")
    args = parser.parse_args()
    texts = load(args.dirs)
    if not texts:
        raise SystemExit("no .txt inputs found")
    for text in texts:  # warm-up: vocabularies, patterns and the language model load once
        clean_text(text)
    docs = size = 0
    started = time.perf_counter()
    while time.perf_counter() - started < args.seconds:
        for text in texts:
            clean_text(text)
            docs += 1
            size += len(text.encode("utf-8"))
    elapsed = time.perf_counter() - started
    print(f"inputs        {len(texts)} distinct texts, {docs} cleaned")
    print(f"MB/s          {size / elapsed / 1e6:.2f}")
    print(f"docs/s        {docs / elapsed:.1f}")
    print(f"ms/doc        {elapsed / docs * 1e3:.3f}")


if __name__ == "__main__":
    main()
