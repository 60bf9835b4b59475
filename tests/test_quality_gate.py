"""Quality gate: the shared scorer on the seeds, our own cases and the HTML benchmarks, against
pinned floors.

Floors live in fixtures/baseline.json and may only be raised (benchmarks/update_floors.py raises
them and refuses to lower one). The shared seeds and benchmarks need ../shared beside the
repository (as in CI); without it those gates are skipped with a message saying so.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CASES, FIXTURES, SHARED

SCORER = SHARED / "eval" / "score.py"
BASELINE = json.loads((FIXTURES / "baseline.json").read_text(encoding="utf-8"))
CMD = f"{sys.executable} -m cleaners clean {{paths}}"


DATASETS = SHARED / "datasets"


def score(mode: str, directory: str) -> dict[str, float]:
    proc = subprocess.run([sys.executable, str(SCORER), mode, directory, "--cmd", CMD, "--json"],
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


needs_shared = pytest.mark.skipif(not SCORER.exists(),
                                  reason=f"../shared not found at {SHARED}: shared gates skipped")


def check(summary: dict[str, float], floors: dict[str, float]) -> None:
    for key, floor in floors.items():
        if key.endswith("_max"):
            assert summary[key.removesuffix("_max")] <= floor, f"{key}: {summary}"
        else:
            assert summary[key] >= floor, f"{key}: {summary}"
    assert summary.get("missing_records", 0) == 0


@needs_shared
@pytest.mark.quality
def test_seed_floors() -> None:
    check(score("cases", str(SHARED / "seeds")), BASELINE["seeds"])


def _cases(tmp: Path, blind: bool) -> str:
    """A folder with our own written cases, or with the blind ones (``blind*``: dumps written
    by people who had not seen the rules), so that each set keeps its own floors."""
    for path in CASES.iterdir():
        if path.name.startswith("blind") == blind:
            (tmp / path.name).symlink_to(path)
    return str(tmp)


@needs_shared
@pytest.mark.quality
def test_own_cases_floors(tmp_path: Path) -> None:
    check(score("cases", _cases(tmp_path, blind=False)), BASELINE["cases"])


@needs_shared
@pytest.mark.quality
def test_blind_cases_floors(tmp_path: Path) -> None:
    check(score("cases", _cases(tmp_path, blind=True)), BASELINE["blind_cases"])


@needs_shared
@pytest.mark.quality
def test_article_extraction_benchmark_floors() -> None:
    check(score("aeb", str(DATASETS / "article-extraction-benchmark")), BASELINE["aeb"])


@needs_shared
@pytest.mark.quality
def test_news_multilingual_floors() -> None:
    check(score("aeb", str(DATASETS / "news-multilingual")), BASELINE["news_multilingual"])
