"""The vocabulary files keep the format cleaners/vocab/README.md gives them."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from cleaners import vocab
from cleaners.textutil import _EDGE

ROOT = Path(vocab.__file__).parent
FILES = sorted(ROOT.glob("*/*.txt"))
#: Symbol-only entries (">>", "…") are allowed here and only here.
SYMBOL_FILES = {"xx/nav.txt", "xx/loading.txt"}


def _entries(path: Path) -> list[str]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("#"):
            entry = line.split("#", 1)[0].strip()
            if entry:
                found.append(entry)
    return found


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_there_are_vocabularies() -> None:
    assert len(vocab.available_languages()) >= 13
    assert len(FILES) > 500


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_file_format(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text, "NFC"
    entries = _entries(path)
    assert not [e for e, n in Counter(entries).items() if n > 1], "no duplicates"
    assert all(e == e.lower() for e in entries), "lower case"
    assert all("’" not in e for e in entries), "ASCII apostrophes"
    if _name(path) not in SYMBOL_FILES and not path.name.startswith("months"):
        assert all(e.strip(_EDGE) == e for e in entries), "no edge punctuation"


@pytest.mark.parametrize("path", sorted(ROOT.glob("*/months.txt")), ids=_name)
def test_months_have_all_twelve(path: Path) -> None:
    numbers = [entry.split()[0] for entry in _entries(path)]
    assert sorted(numbers, key=int) == [str(n) for n in range(1, 13)]
    assert all(len(entry.split()) >= 2 for entry in _entries(path)), "a name for every month"


def test_every_language_has_the_label_files() -> None:
    core = {"ad", "cookie", "comments", "share", "readmore", "related", "nav", "months"}
    for lang in vocab.available_languages():
        have = {p.stem for p in (ROOT / lang).glob("*.txt")}
        assert core <= have, f"{lang} lacks {sorted(core - have)}"
