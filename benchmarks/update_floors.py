"""Raise the pinned quality floors in fixtures/baseline.json to today's figures; never lower one.

    python benchmarks/update_floors.py [--margin 0.002] [--dry-run]

Scores the seeds, our cases and both HTML benchmarks with ../shared/eval/score.py, then sets each
floor to max(old floor, figure - margin) (for ceilings such as leak_rate_max: min(old, figure +
margin)). A floor the current code falls below is reported and left as it is: fix the code, or
lower the floor by hand in a reviewed commit.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BASELINE = ROOT / "fixtures" / "baseline.json"
CASES = ROOT / "fixtures" / "cases"
SETS = {
    "seeds": ("cases", SHARED / "seeds"),
    "cases": ("cases", CASES),        # our own written cases (not blind*)
    "blind_cases": ("cases", CASES),  # blind*: dumps written by people who had not seen the rules
    "aeb": ("aeb", SHARED / "datasets" / "article-extraction-benchmark"),
    "news_multilingual": ("aeb", SHARED / "datasets" / "news-multilingual"),
}


def score(mode: str, directory: Path, name: str) -> dict[str, float]:
    cmd = f"{sys.executable} -m cleaners clean {{paths}}"
    with tempfile.TemporaryDirectory() as tmp:
        if directory == CASES:  # each set of cases in a folder of its own, as the tests do
            for path in CASES.iterdir():
                if path.name.startswith("blind") == (name == "blind_cases"):
                    (Path(tmp) / path.name).symlink_to(path)
            directory = Path(tmp)
        proc = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), mode,
                               str(directory), "--cmd", cmd, "--json"],
                              capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--margin", type=float, default=0.002)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    for name, (mode, directory) in SETS.items():
        if not directory.exists():
            print(f"{name}: {directory} not found, skipped")
            continue
        summary = score(mode, directory, name)
        for key, old in baseline.get(name, {}).items():
            ceiling = key.endswith("_max")
            figure = summary[key.removesuffix("_max")]
            if (figure > old) if ceiling else (figure < old):
                print(f"{name}.{key}: {figure:.4f} is below the floor {old}: left as it is")
                continue
            new = min(old, round(figure + args.margin, 4)) if ceiling else max(
                old, round(figure - args.margin, 4))
            new = min(new, 1.0)
            if new != old:
                print(f"{name}.{key}: {old} -> {new}")
                baseline[name][key] = new
    if not args.dry_run:
        BASELINE.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
