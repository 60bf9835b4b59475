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


# ------------------------------------------------------------- second review (2026-12-07)

_T = "Council approves the new harbour plan on Tuesday\n\n"
_P1 = "The council approved the harbour plan on Tuesday after a long debate in the town hall."
_P2 = "Work is to start next spring and should take three years, the mayor said afterwards."
_P3 = "The opposition called the plan too expensive and asked the audit office to review it."


@pytest.mark.parametrize("line", [
    "Scientists warned that the results may not be reproduced in larger trials, the journal said.",
    "Copyright claims against streaming sites rose by a third in 2023, the office said on Monday.",
    "Senator Jane Doe (@SenJaneDoe) wrote on X that the plan was dead on arrival.",
    "The mayor wants a car-free centre by 2030. Picture this: a town without any cars.",
])
def test_article_sentences_that_look_like_junk_stay(line: str) -> None:
    result = clean_text(f"{_T}{_P1}\n\n{line}\n\n{_P2}")
    assert line in result.text, [r.rule for r in result.removed]


@pytest.mark.parametrize(("text", "kept"), [
    # A dated subheading further down makes no head of the lines above it.
    (f"{_T}{_P1}\n\nStaff Shortages Hit Hospitals\n\n{_P2}\n\nUpdated 12 March 2024\n\n{_P3}",
     "Staff Shortages Hit Hospitals"),
    # In German every noun is capitalized: two words under the headline are no name.
    ("Stadtrat beschließt neuen Hafenplan\n\nHohe Kosten\n\nDer Stadtrat hat am Dienstag nach "
     "langer Debatte den Hafenplan beschlossen, sagte der Bürgermeister.\n\nDie Arbeiten sollen "
     "im nächsten Frühjahr beginnen und drei Jahre dauern.", "Hohe Kosten"),
    # "ios" in "scenarios" is no app.
    (f"{_T}{_P1}\n\n{_P2}\n\nBest and worst scenarios\n\nCost: 40 million",
     "Best and worst scenarios"),
    # A standfirst under a tag line is no tag.
    (f"{_T}Topics: Economy, Budget\n\nFinance minister defends cuts to the health budget\n\n"
     f"{_P1}\n\n{_P2}", "Finance minister defends cuts to the health budget"),
    # "Node.js" is no site's domain.
    ("Node.js 22 is out with a faster startup\n\nThe new release of the runtime was published "
     "on Tuesday after a long beta in the community.\n\nWhat changes in Node.js 22\n\nThe release "
     "makes the startup faster and adds a new test runner, the team said.",
     "What changes in Node.js 22"),
    # A table's header row over its rows is no footer menu.
    ("Bayern extend their lead at the top\n\nBayern beat Dortmund 3-1 on Saturday to move five "
     "points clear at the top of the table, the league said.\n\nTeam | Played | Points\n\n"
     "Bayern | 20 | 50\n\nLeverkusen | 20 | 45", "Team | Played | Points"),
])
def test_position_rules_keep_article_lines(text: str, kept: str) -> None:
    result = clean_text(text)
    assert kept in result.text, [r.rule for r in result.removed]


def test_a_short_line_under_the_headline_is_its_subheading() -> None:
    result = clean_text(f"{_T}Three scenarios for the port\n\n{_P1}\n\n{_P2}")
    assert result.title == _T.strip()
    assert "Three scenarios for the port" in result.text


@pytest.mark.parametrize(("byline", "author"), [
    ("By Sarah Jones, Technology reporter", "Sarah Jones"),
    ("Written by Jane Doe", "Jane Doe"),
    ("Par la rédaction, avec Belga", None),
    ("责任编辑：王芳", "王芳"),
])
def test_author_is_the_name_a_byline_gives(byline: str, author: str | None) -> None:
    assert clean_text(f"{_T}{byline}\n\n{_P1}\n\n{_P2}").author == author


@pytest.mark.parametrize("text", ["1" * 20000 + " 2 3", "a" * 40000 + "{a:"])
def test_long_lines_clean_in_linear_time(text: str) -> None:
    started = time.monotonic()
    clean_text(text)
    assert time.monotonic() - started < 2, "the score and CSS patterns are linear"
