"""Golden fixtures: every case keeps its K lines, drops its D/M lines and matches its expected output.

Cases live in fixtures/cases (NAME.txt + NAME.gold.tsv + NAME.meta.json, the shared scorer's
format); expected outputs in fixtures/expected/NAME.json. ``pytest --update-golden`` rewrites
the expected files for review as a diff.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from cleaners import clean_file
from conftest import CASES, EXPECTED, FIXTURES

_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u2035\u00b4`"), "'")
_QUOTES.update(dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2036"), '"'))
_BULLET = re.compile(r"^\s*(?:[\u2022\u25cf\u25aa\u2023\u2043\u00b7*\-\u2013\u2014>]+|\d{1,2}[.)])\s+")
SHORT = 25


def norm(text: str) -> str:
    """The comparison form the shared scorer uses."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.replace("|", " ").split())


def gold_rows(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (CASES / f"{name}.gold.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            tag, _, text = line.partition("\t")
            rows.append((tag, text))
    return rows


def known_failures() -> dict[str, str]:
    path = FIXTURES / "known_failures.txt"
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            out[name] = reason.strip()
    return out


NAMES = sorted(p.name.removesuffix(".gold.tsv") for p in CASES.glob("*.gold.tsv"))
FAILING = known_failures()


def _params() -> list[object]:
    return [pytest.param(n, marks=pytest.mark.xfail(reason=FAILING[n], strict=True))
            if n in FAILING else n for n in NAMES]


def _input(name: str) -> Path:
    return next(p for p in CASES.glob(f"{name}.*") if p.suffix in (".txt", ".html", ".gz"))


def test_there_are_cases() -> None:
    assert len(NAMES) >= 5


@pytest.mark.parametrize("name", _params())
def test_keeps_body_and_drops_junk(name: str) -> None:
    result = clean_file(str(_input(name)))
    out = norm(result.text)
    rows = gold_rows(name)
    missing = [t for tag, t in rows if tag == "K" and norm(_BULLET.sub("", t)) not in out]
    assert not missing, f"article lines lost: {missing[:3]}"
    residual = out
    for tag, t in sorted(rows, key=lambda r: -len(r[1])):
        if tag == "K" or tag == "T" or tag.startswith("O:"):
            residual = residual.replace(norm(_BULLET.sub("", t)), " | ")
    leaked = []
    for tag, t in rows:
        if tag.startswith(("D:", "M:")):
            d = norm(_BULLET.sub("", t))
            hit = d in residual if len(d) >= SHORT else bool(
                re.search(r"(?<!\w)" + re.escape(d) + r"(?!\w)", residual))
            if d and hit:
                leaked.append(f"{tag} {t.strip()[:50]}")
    assert not leaked, f"junk left in the text: {leaked[:3]}"
    meta_path = CASES / f"{name}.meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    if meta.get("title") is not None:
        assert norm(result.title or "") == norm(meta["title"])
    if "date" in meta:
        assert result.date == meta["date"]
    if meta.get("language"):
        assert result.language == meta["language"]


@pytest.mark.parametrize("name", NAMES)
def test_matches_expected_output(name: str, update_golden: bool) -> None:
    result = clean_file(str(_input(name)))
    got = {"title": result.title, "date": result.date, "language": result.language,
           "sitename": result.sitename, "author": result.author,
           "removed": result.removed_by_category(), "text": result.text}
    path = EXPECTED / f"{name}.json"
    if update_golden or not path.exists():
        if not update_golden:
            pytest.fail(f"no expected output for {name}: run pytest --update-golden and review")
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))
