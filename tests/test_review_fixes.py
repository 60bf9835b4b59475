"""Behaviours added after the code review, each with a test that fails without it."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaners import CleanConfig, clean_file, clean_text
from cleaners.cli import main
from cleaners.inputs import MAX_INPUT_BYTES
from cleaners.rules.lines import CSS_RULE
from conftest import CASES, FIXTURES
from scraper.sites import ConfigError, parse_sites

SEED = CASES / "seed_003_ad5f6f0af1c3c840.txt"


@pytest.mark.parametrize("hint", ["EN", " de "])
def test_language_hint_is_normalized(hint: str) -> None:
    assert CleanConfig.from_mapping({"language": hint}).language == hint.strip().lower()


@pytest.mark.parametrize("hint", ["english", "e-n", "12"])
def test_wrong_language_hint_is_refused(hint: str) -> None:
    # A wrong hint would mark every line off-language and empty the article.
    with pytest.raises(ValueError, match="ISO 639-1"):
        CleanConfig.from_mapping({"language": hint})
    with pytest.raises(ConfigError, match="ISO 639-1"):
        parse_sites({"site": [{"name": "a", "feeds": ["https://a.test/f"], "language": hint}]})


def test_unclosed_css_like_line_is_fast() -> None:
    line = "p {" + "a:b " * 40 + "and so the styles never close"
    started = time.monotonic()
    assert not CSS_RULE.match(line)
    clean_text("A headline for the story\n\n" + line)
    assert time.monotonic() - started < 2, "the CSS pattern must not backtrack exponentially"


def test_jsonl_output_to_a_directory_is_a_usage_error(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["clean", str(SEED), "-o", str(tmp_path)])
    assert exc.value.code == 2 and "is a directory" in capsys.readouterr().err


def test_output_file_gets_the_usual_mode(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    old = os.umask(0o022)
    try:
        assert main(["clean", str(SEED), "-o", str(out), "--workers", "1"]) == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644, "not mkstemp's 0600"


def test_gzip_bomb_is_an_error_record(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as fh:
        chunk = b"\0" * (1 << 20)
        for _ in range(MAX_INPUT_BYTES // len(chunk) + 2):
            fh.write(chunk)
    result = clean_file(str(bomb))
    assert result.error and "larger than" in result.error


def test_resume_retries_records_with_errors(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"source": str(good), "text": "", "error": "took too long"}) + "\n")
    assert main(["clean", str(good), "-o", str(out), "--resume", "--workers", "1"]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 1 and "error" not in records[0] and records[0]["text"]


def test_sigterm_keeps_finished_records(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    source = (FIXTURES / "site" / "world" / "2024" / "moscow-accuses-washington.html").read_bytes()
    for n in range(600):
        (pages / f"p{n:03d}.html").write_bytes(source)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "cleaners", "clean", str(pages), "-o",
                             str(out), "--workers", "1"], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # signal once some records are written
        temps = list(tmp_path.glob(".boilerstrip-*.tmp"))
        if temps and temps[0].read_bytes().count(b"\n") >= 10:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(60) == 130
    lines = out.read_text(encoding="utf-8").splitlines()
    assert 10 <= len(lines) < 600, "what was finished is kept, as on Ctrl-C"
    assert all(json.loads(line)["text"] for line in lines)
    assert not list(tmp_path.glob(".boilerstrip-*.tmp"))
