"""The command line, in process through main() and once through the installed entry point."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleaners.cli import main
from conftest import CASES

SEED = CASES / "seed_003_ad5f6f0af1c3c840.txt"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict], str]:
    code = main(argv)
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines() if line.strip()]
    return code, records, err


def test_one_record_per_input_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt.gz"
    a.write_text("Headline of the first story\n\nThe first story is told in this sentence here.")
    b.write_bytes(gzip.compress("Headline of the second story\n\nThe second story is told "
                                "in this sentence.".encode()))
    code, records, _ = run(["clean", str(b), str(a)], capsys)
    assert code == 0
    assert [r["source"] for r in records] == [str(b), str(a)]
    assert records[0]["title"] == "Headline of the second story"
    assert records[1]["text"] == "The first story is told in this sentence here."
    for key in ("source", "text", "title", "date", "language"):
        assert key in records[0]


def test_directory_is_walked_recursively(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(SEED, tmp_path / "sub" / "x.txt")
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    code, records, _ = run(["clean", str(tmp_path)], capsys)
    assert code == 0 and len(records) == 1 and records[0]["source"].endswith("x.txt")


def test_unreadable_input_gives_error_record_and_run_goes_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(gzip.compress(b"some text here")[:12])
    code, records, err = run(["clean", str(tmp_path / "missing.txt"), str(broken), str(SEED)],
                             capsys)
    assert code == 0
    assert len(records) == 3
    assert "no such file" in records[0]["error"]
    assert "gzip" in records[1]["error"]
    assert "error" not in records[2] and records[2]["text"]
    assert "missing.txt" in err


def test_explain_adds_the_audit(capsys: pytest.CaptureFixture[str]) -> None:
    _, plain, _ = run(["clean", str(SEED)], capsys)
    _, explained, _ = run(["clean", "--explain", str(SEED)], capsys)
    assert "removed" not in plain[0]
    audit = explained[0]["removed"]
    assert {"rule", "category", "stage", "where", "text"} <= set(audit[0])
    assert {"ad", "prayer", "cookie", "readmore"} <= {a["category"] for a in audit}
    assert plain[0]["removed_counts"] == explained[0]["removed_counts"]


def test_stdin_and_text_format(monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    data = "Headline of the story here\n\nAdvertising\n\nThe story is told in this sentence."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    assert main(["clean", "--format", "text", "-"]) == 0
    assert capsys.readouterr().out == "The story is told in this sentence.\n"


def test_output_file_is_written_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "deep" / "out.jsonl"
    assert main(["clean", str(SEED), "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert len(out.read_text().splitlines()) == 1
    assert not list(out.parent.glob(".boilerstrip-*"))


def test_empty_input_is_an_error_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    _, records, _ = run(["clean", str(empty)], capsys)
    assert records[0]["error"] == "empty input" and records[0]["text"] == ""


@pytest.mark.parametrize("argv", [["clean"], ["clean", "--format", "xml", "x"], ["frobnicate"], []])
def test_wrong_command_line_exits_non_zero(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_installed_entry_point() -> None:
    exe = shutil.which("boilerstrip", path=str(Path(sys.executable).parent))
    assert exe, "the boilerstrip console script is installed next to python"
    proc = subprocess.run([exe, "clean", str(SEED)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["language"] == "de"
    help_text = subprocess.run([exe, "clean", "--help"], capture_output=True, text=True).stdout
    assert "--explain" in help_text and "standard input" in help_text
