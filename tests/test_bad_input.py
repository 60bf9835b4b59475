"""Bad inputs, hostile inputs and interrupted runs: one record per document, and the batch goes on.

The contract under test (README, ``boilerstrip clean --help``): every input document gives
exactly one record, in input order, that is either clean (text, no "error") or carries a
human-readable "error"; a bad document never ends the batch; the exit status is 0 unless the
command line is wrong; per-document time and memory limits cut off a runaway document and
replace its worker; ``-o FILE`` is never half-written; Ctrl-C keeps every finished record and
``--resume`` completes the run.

Every hostile input is generated here, in ``tmp_path``. Most bad inputs are cleaned between two
good pages, so each test also checks that the batch goes on and keeps its order.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import cleaners.api
from cleaners import iter_clean
from cleaners.cli import main
from conftest import CASES, FIXTURES

HTML = FIXTURES / "html"
SITE_PAGES = sorted((FIXTURES / "site" / "world" / "2024").glob("*.html"))
EXE = Path(sys.executable).parent / "boilerstrip"

#: A page and the article sentences that must come out of it.
PAGE = HTML / "harbour_en.html"
PAGE_SENTENCES = (
    ("The city council approved the new harbour plan on Tuesday evening after a debate that "
     "lasted almost four hours, with 31 of the 45 members voting in favour."),
    ("The opposition said the plan was too expensive and would ask the regional audit office "
     "to review the costs before any construction contract is signed."),
)
#: A page with accents everywhere: a wrong decoding shows at once.
FRENCH = HTML / "bibliotheque_fr.html"
FRENCH_SENTENCES = (
    "Après deux ans de travaux, la bibliothèque municipale a rouvert ses portes samedi matin.",
    "La municipalité a également prolongé les horaires d’ouverture.",
    ("Le chantier a coûté un peu plus de quatre millions d’euros, financés en partie par la "
     "région et par l’État dans le cadre du plan de rénovation des équipements culturels."),
)
#: A text dump (a case from fixtures/cases) and a sentence of its article.
DUMP = CASES / "clean_en_01.txt"
DUMP_SENTENCE = "The 14-arch structure, built in 1868, carried goods trains across the valley"

Record = dict
Runner = Callable[..., list[Record]]


# ------------------------------------------------------------------ ways of running

def _cli(paths: list[str], capsys: pytest.CaptureFixture[str], *options: str) -> list[Record]:
    code = main(["clean", *options, *paths])
    out, _ = capsys.readouterr()
    assert code == 0, "bad documents are error records: the exit status stays 0"
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture(params=["iter_clean", "cli"])
def clean(request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]) -> Runner:
    """Clean paths and return the records: through the API in this process, or through
    ``boilerstrip clean`` in process (default workers, so supervised worker processes)."""
    if request.param == "iter_clean":
        return lambda *paths: [r.to_record() for r in iter_clean([str(p) for p in paths])]
    return lambda *paths: _cli([str(p) for p in paths], capsys)


# ------------------------------------------------------------------ what a record must be

def is_error(record: Record) -> bool:
    return record.get("error") is not None


def assert_outcome(record: Record) -> None:
    """Exactly one of: clean (text, no error) or an error a person can read."""
    if is_error(record):
        error = record["error"]
        assert isinstance(error, str) and error.strip(), f"{record['source']}: empty error"
        assert "Traceback" not in error and "\n" not in error.strip(), (
            f"{record['source']}: an error is one readable line, not a traceback: {error!r}")
    else:
        assert record["text"].strip(), (
            f"{record['source']}: a record without an error must have text; a document that "
            "gives nothing must say why in 'error'")


def assert_clean(record: Record, *sentences: str) -> None:
    assert not is_error(record), f"{record['source']} should be clean, got: {record['error']}"
    assert record["text"].strip(), f"{record['source']}: no text"
    for sentence in sentences:
        assert sentence in record["text"], (
            f"{record['source']}: article sentence missing: {sentence[:60]!r}")


def assert_error(record: Record, pattern: str) -> None:
    """An error record whose message matches ``pattern`` (case-insensitive regex)."""
    assert is_error(record), (
        f"{record['source']} must be an error record, got text {record['text'][:80]!r}")
    assert_outcome(record)
    assert re.search(pattern, record["error"], re.IGNORECASE), (
        f"{record['source']}: the error should match {pattern!r}: {record['error']!r}")


def between_good_pages(tmp_path: Path, clean: Runner, bad: Path) -> Record:
    """Clean [good page, bad input, good text dump]: three records in that order, the good
    ones clean (the batch went on), and return the bad input's record."""
    before = tmp_path / "before.html"
    after = tmp_path / "after.txt"
    shutil.copy(PAGE, before)
    shutil.copy(DUMP, after)
    records = clean(before, bad, after)
    assert [r["source"] for r in records] == [str(before), str(bad), str(after)], (
        "exactly one record per input, in input order")
    assert_clean(records[0], *PAGE_SENTENCES)
    assert_clean(records[2], DUMP_SENTENCE)
    assert_outcome(records[1])
    return records[1]


# ------------------------------------------------------------------ empty inputs

@pytest.mark.parametrize(("name", "data"), [
    pytest.param("empty.html", b"", id="empty-html"),
    pytest.param("empty.txt", b"", id="empty-txt"),
    pytest.param("empty.html.gz", gzip.compress(b""), id="gzipped-empty-html"),
    pytest.param("blank.txt", b" \n\t\r\n  \n", id="whitespace-only-txt"),
    pytest.param("blank.html", b"\n\n   \n", id="whitespace-only-html"),
])
def test_empty_input_is_an_error_record(tmp_path: Path, clean: Runner, name: str,
                                        data: bytes) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    record = between_good_pages(tmp_path, clean, bad)
    assert record["error"] == "empty input", record["error"]
    assert record["text"] == ""


# ------------------------------------------------------------------ binary files named .html

BINARY = [
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n"
                 b"endobj\n2 0 obj\n<< /Length 44 >>\nstream\n" + random.Random(1).randbytes(6000)
                 + b"\nendstream\nendobj\n%%EOF\n", "PDF", id="pdf"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06"
                 + random.Random(2).randbytes(6000), "PNG", id="png"),
    pytest.param(b"PK\x03\x04\x14\x00\x00\x00\x08\x00\x1c\x5b\x55\x58" + b"\x00" * 16
                 + b"\x08\x00\x00\x00word.xml" + random.Random(3).randbytes(6000), "ZIP", id="zip"),
    pytest.param(b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04"
                 + random.Random(4).randbytes(6000), "GIF", id="gif"),
    pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
                 + random.Random(5).randbytes(6000), "JPE?G", id="jpeg"),
    pytest.param(random.Random(6).randbytes(8000), None, id="random-bytes"),
]
#: What an error record for a binary file must say.
NOT_A_PAGE = r"\bnot\b.*\b(html|text|web ?page)\b|\bbinary\b"


@pytest.mark.parametrize(("data", "kind"), BINARY)
def test_binary_file_named_html_is_an_error_record(tmp_path: Path, clean: Runner, data: bytes,
                                                   kind: str | None) -> None:
    bad = tmp_path / "download.html"
    bad.write_bytes(data)
    record = between_good_pages(tmp_path, clean, bad)
    assert_error(record, NOT_A_PAGE)
    if kind:
        assert re.search(rf"\b{kind}\b", record["error"]), (
            f"the error should name the detected type {kind}: {record['error']!r}")
    assert record["text"] == "", "no binary garbage leaks out as text"


# ------------------------------------------------------------------ truncated gzip

def _cut_in_half(data: bytes) -> bytes:
    packed = gzip.compress(data)
    assert len(packed) > 200, "the gzip stream is long enough for a cut to hit its middle"
    return packed[:len(packed) // 2]


@pytest.mark.parametrize(("name", "original"), [
    pytest.param("page.html.gz", FRENCH, id="html.gz"),
    pytest.param("dump.txt.gz", DUMP, id="txt.gz"),
])
def test_truncated_gzip_is_an_error_record(tmp_path: Path, clean: Runner, name: str,
                                           original: Path) -> None:
    bad = tmp_path / name
    bad.write_bytes(_cut_in_half(original.read_bytes()))
    record = between_good_pages(tmp_path, clean, bad)
    assert_error(record, r"gzip")


# ------------------------------------------------------------------ broken encodings

def test_invalid_utf8_bytes_inside_a_utf8_page(tmp_path: Path, clean: Runner) -> None:
    data = FRENCH.read_bytes()
    # Three kinds of bad bytes in the second paragraph: stray 0xFF, a lead byte without its
    # continuation, a lone continuation byte (4 bad bytes in all).
    marked = data.replace("Le bâtiment, construit".encode(),
                          b"Le b\xff\xe2timent, con\xc3struit \x80", 1)
    assert marked != data
    bad = tmp_path / "page.html"
    bad.write_bytes(marked)
    record = between_good_pages(tmp_path, clean, bad)
    assert_clean(record, *FRENCH_SENTENCES)
    paragraph = next(p for p in record["text"].split("\n\n") if "timent, con" in p)
    assert "dans les années soixante, a été entièrement rénové" in paragraph, (
        "the rest of the paragraph with the bad bytes is decoded as UTF-8")
    assert 1 <= record["text"].count("\ufffd") <= 4, (
        "at most one replacement character per bad byte")
    assert record["text"].count("\ufffd") == paragraph.count("\ufffd"), (
        "replacement characters only where the bad bytes were")


def test_utf8_meta_on_a_windows_1252_page_stays_readable(tmp_path: Path, clean: Runner) -> None:
    text = FRENCH.read_text(encoding="utf-8").replace("’", "'")  # what cp1252 pages use
    data = text.encode("cp1252")
    assert b'<meta charset="utf-8">' in data, "the page claims UTF-8"
    bad = tmp_path / "page.html"
    bad.write_bytes(data)
    record = between_good_pages(tmp_path, clean, bad)
    assert "\ufffd" not in record["text"] and "\ufffd" not in (record["title"] or ""), (
        "a page that is not the UTF-8 its meta claims is read in its real encoding")
    assert_clean(record, *(s.replace("’", "'") for s in FRENCH_SENTENCES))


# ------------------------------------------------------------------ NUL and control bytes

@pytest.mark.parametrize("junk", [
    pytest.param(b"\x00", id="nul"),
    pytest.param(b"\x0c", id="form-feed"),
    pytest.param(b"\x1b", id="escape"),
    pytest.param(b"\x07", id="bell"),
])
def test_control_bytes_inside_html_are_cleaned_away(tmp_path: Path, clean: Runner,
                                                    junk: bytes) -> None:
    data = PAGE.read_bytes()
    # After every element (pruned ones too), at the end of paragraphs, in the title, in a word.
    # ESC or BEL in the tail text of a pruned <div> once made lxml raise ValueError ("All strings
    # must be XML compatible") and the page came out as "internal error".
    marked = (data.replace(b"</div>", b"</div>" + junk).replace(b"</p>", junk + b"</p>")
              .replace(b"<title>", b"<title>" + junk)
              .replace(b"council approved", b"council" + junk + b" approved"))
    assert marked.count(junk) >= 10
    bad = tmp_path / "page.html"
    bad.write_bytes(marked)
    record = between_good_pages(tmp_path, clean, bad)
    assert_clean(record, PAGE_SENTENCES[1])
    control = junk.decode()
    assert control not in record["text"] and control not in (record["title"] or ""), (
        "no control bytes in the output")


def test_nul_bytes_inside_a_text_dump_are_cleaned_away(tmp_path: Path, clean: Runner) -> None:
    text = DUMP.read_text(encoding="utf-8")
    marked = text.replace("\n\n", "\x00\n\n\x00").replace("viaduct", "via\x00duct")
    bad = tmp_path / "dump.txt"
    bad.write_text(marked, encoding="utf-8")
    record = between_good_pages(tmp_path, clean, bad)
    assert_clean(record, DUMP_SENTENCE)
    assert "viaduct" in record["text"], "a NUL inside a word is dropped, the word stays whole"
    assert "\x00" not in record["text"] and "\x00" not in (record["title"] or "")


@pytest.mark.parametrize(("name", "original", "at", "sentence"), [
    pytest.param("page.html", PAGE, b"<p>The opposition", PAGE_SENTENCES[0], id="html"),
    pytest.param("dump.txt", DUMP, b"\n\nThe 14-arch", DUMP_SENTENCE, id="txt"),
])
def test_block_of_nul_bytes_is_cleaned_away(tmp_path: Path, clean: Runner, name: str,
                                            original: Path, at: bytes, sentence: str) -> None:
    # A zeroed disk sector is damage, not a binary file: it once made the file "binary data".
    data = original.read_bytes()
    assert at in data
    bad = tmp_path / name
    bad.write_bytes(data.replace(at, b"\x00" * 512 + at, 1))
    record = between_good_pages(tmp_path, clean, bad)
    assert_clean(record, sentence)
    assert "\x00" not in record["text"]


# ------------------------------------------------------------------ huge and deep documents

def _big_page(size: int) -> bytes:
    """A page of ``size`` bytes built the way big pages are: an inline JSON state (as Next.js
    writes it), an inline base64 image, a long article and a longer comment thread."""
    rng = random.Random(25)
    paragraphs = "".join(
        f"<p>Paragraph {n}: the council met again on Tuesday and voted on part {n} of the "
        f"harbour plan, which the opposition called too expensive by {n % 97} million.</p>\n"
        for n in range(50_000))
    state = json.dumps({"props": {"items": [
        {"id": n, "headline": f"Headline {n} about the harbour", "teaser": "lorem " * 10}
        for n in range(60_000)]}})
    head = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>The longest page</title>"
            f"<script id='__NEXT_DATA__' type='application/json'>{state}</script></head><body>"
            f"<article><h1>The longest page</h1>{paragraphs}<img alt='A chart' "
            "src='data:image/png;base64,").encode()
    middle = b"'></article><section class='comments'><h2>Comments</h2><ul>"
    comments = "".join(f"<li class='comment'><p>Comment {n}: part {n} costs too much, said "
                       f"reader {n % 500}.</p></li>\n" for n in range(40_000)).encode()
    tail = b"</ul></section></body></html>"
    image = size - len(head) - len(middle) - len(comments) - len(tail)
    assert image > 0
    return (head + base64.b64encode(rng.randbytes(image * 3 // 4 + 3))[:image] + middle
            + comments + tail)


def test_25_mb_page_gives_one_record_in_reasonable_time(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    big.write_bytes(_big_page(25 * 2**20))
    assert big.stat().st_size >= 25 * 2**20, "the page is 25 MB"
    started = time.monotonic()
    records = [r.to_record() for r in iter_clean([str(big)])]
    took = time.monotonic() - started
    assert len(records) == 1, "one record for one page, however big"
    assert_outcome(records[0])
    if is_error(records[0]):
        assert_error(records[0], r"size|large|MiB|MB|limit")
    else:
        assert "Paragraph 49999: the council met again" in records[0]["text"], (
            "a clean record of a big page holds its whole article, not a silently cut part")
    assert took < 120, f"a 25 MB page took {took:.0f} s"


def test_2_mb_single_line_text_dump(tmp_path: Path, clean: Runner) -> None:
    sentence = "The council met again on Tuesday and voted on the harbour plan once more. "
    line = sentence * (2 * 2**20 // len(sentence) + 1)
    bad = tmp_path / "one-line.txt"
    bad.write_text(line, encoding="utf-8")
    assert bad.stat().st_size >= 2 * 2**20 and "\n" not in line
    started = time.monotonic()
    record = between_good_pages(tmp_path, clean, bad)
    took = time.monotonic() - started
    assert took < 60, f"a 2 MB line took {took:.0f} s"
    if not is_error(record):
        assert len(record["text"]) > 2**20, "a clean record keeps the line's text"


@pytest.mark.parametrize("preamble", [
    pytest.param("", id="bare"),
    pytest.param("<article><h1>A story</h1><p>" + PAGE_SENTENCES[0] + "</p></article>",
                 id="after-an-article"),
])
def test_100000_deep_dom(tmp_path: Path, clean: Runner, preamble: str) -> None:
    deep = ("<!DOCTYPE html><html><head><title>Deep</title></head><body>" + preamble
            + "<div>" * 100_000 + "<p>" + PAGE_SENTENCES[1] + "</p>" + "</div>" * 100_000
            + "</body></html>")
    bad = tmp_path / "deep.html"
    bad.write_text(deep, encoding="utf-8")
    record = between_good_pages(tmp_path, clean, bad)
    if preamble and not is_error(record):
        assert PAGE_SENTENCES[0] in record["text"], "the article before the nesting survives"


# ------------------------------------------------------------------ WARC written by hand

def warc_record(kind: str, uri: str | None, block: bytes, number: int,
                content_type: str = "application/http; msgtype=response",
                length: int | None = None) -> bytes:
    head = ["WARC/1.0", f"WARC-Type: {kind}",
            f"WARC-Record-ID: <urn:uuid:0b5c1e2a-0000-4000-8000-{number:012d}>",
            "WARC-Date: 2024-03-05T10:15:00Z"]
    if uri:
        head.append(f"WARC-Target-URI: {uri}")
    head += [f"Content-Type: {content_type}",
             f"Content-Length: {len(block) if length is None else length}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def response(uri: str, page: Path, number: int, length: int | None = None) -> bytes:
    body = page.read_bytes()
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)) + body
    return warc_record("response", uri, http, number, length=length)


URL_A = "https://news.example/a"
URL_B = "https://news.example/b"
URL_C = "https://news.example/c"
WARCINFO = warc_record("warcinfo", None, b"software: boilerstrip-tests\r\n", 0,
                       content_type="application/warc-fields")


def _warc_records(tmp_path: Path, clean: Runner, data: bytes) -> list[Record]:
    path = tmp_path / "crawl.warc"
    path.write_bytes(data)
    records = clean(path)
    assert records and all(r["source"].startswith(f"{path}#") for r in records)
    for record in records:
        assert_outcome(record)
    return records


def test_warc_garbage_after_a_valid_record(tmp_path: Path, clean: Runner) -> None:
    data = (WARCINFO + response(URL_A, PAGE, 1)
            + b"\x00\xff garbage where the next record should start\r\n" * 40)
    records = _warc_records(tmp_path, clean, data)
    assert records[0]["url"] == URL_A
    assert_clean(records[0], *PAGE_SENTENCES)
    assert len(records) == 2, "the valid record, then one error record for the garbage"
    assert_error(records[1], r"WARC|broken|invalid")


def test_warc_last_record_longer_than_the_file(tmp_path: Path, clean: Runner) -> None:
    declared = len(response(URL_B, FRENCH, 2)) + 5000
    data = WARCINFO + response(URL_A, PAGE, 1) + response(URL_B, FRENCH, 2, length=declared)
    records = _warc_records(tmp_path, clean, data)
    assert [r["url"] for r in records] == [URL_A, URL_B]
    assert_clean(records[0], *PAGE_SENTENCES)
    assert_error(records[1], r"truncated|Content-Length|short")


def _short_record_warc() -> bytes:
    """Three responses; the middle one declares a Content-Length of 120 bytes, so the record
    ends inside its own HTTP body and the rest of the body sits where the next record should
    start."""
    return (WARCINFO + response(URL_A, PAGE, 1) + response(URL_B, FRENCH, 2, length=120)
            + response(URL_C, HTML / "radwege_de.html", 3))


def test_warc_record_with_too_short_content_length_is_an_error(tmp_path: Path,
                                                               clean: Runner) -> None:
    records = _warc_records(tmp_path, clean, _short_record_warc())
    assert_clean(records[0], *PAGE_SENTENCES)
    assert records[1]["url"] == URL_B
    assert_error(records[1], r"truncated|Content-Length|short|cut")


def test_warc_valid_record_after_a_too_short_one_comes_out(tmp_path: Path,
                                                           clean: Runner) -> None:
    records = _warc_records(tmp_path, clean, _short_record_warc())
    assert_clean(records[0], *PAGE_SENTENCES)
    last = records[-1]
    assert last["url"] == URL_C, "the reader finds the next record after the broken one"
    assert_clean(last, "Die Stadt will bis zum Ende des kommenden Jahres")
    assert len(records) <= 4, "one or two error records for the broken stretch, no more"


def test_warc_valid_record_after_a_too_long_one_comes_out(tmp_path: Path,
                                                          clean: Runner) -> None:
    tail = response(URL_C, HTML / "radwege_de.html", 3)
    middle = response(URL_B, FRENCH, 2)
    data = (WARCINFO + response(URL_A, PAGE, 1)
            + response(URL_B, FRENCH, 2, length=len(middle) + len(tail) + 4000) + tail)
    records = _warc_records(tmp_path, clean, data)
    assert_clean(records[0], *PAGE_SENTENCES)
    assert any(r["url"] == URL_B and is_error(r) for r in records), (
        "the record that claims more bytes than the file has is an error record")
    assert records[-1]["url"] == URL_C, "the valid record after it still comes out"
    assert_clean(records[-1], "Die Stadt will bis zum Ende des kommenden Jahres")


# ------------------------------------------------------------------ JSON Lines

def test_jsonl_broken_lines_give_error_records_for_those_lines_only(tmp_path: Path,
                                                                   clean: Runner) -> None:
    good_text = {"text": DUMP.read_text(encoding="utf-8"), "url": "https://x.example/1"}
    good_html = {"html": PAGE.read_text(encoding="utf-8"), "url": "https://x.example/2"}
    lines = [
        json.dumps(good_text).encode(),                      # 1 good
        b'{"text": "unterminated string',                    # 2 broken JSON
        json.dumps(good_html).encode(),                      # 3 good
        b"[1, 2, 3]",                                        # 4 not an object
        b'{"html": 42}',                                     # 5 no html/text string
        b'{"text": "bad \xff\xfe bytes"}',                   # 6 invalid UTF-8
        json.dumps(good_text).encode(),                      # 7 good
        json.dumps(good_html).encode()[:500],                # 8 cut off (last, no newline)
    ]
    path = tmp_path / "docs.jsonl"
    path.write_bytes(b"\n".join(lines))
    records = clean(path)
    assert [r["source"] for r in records] == [f"{path}#{n}" for n in range(1, 9)], (
        "one record per line, numbered")
    broken = {2, 4, 5, 6, 8}
    for number, record in enumerate(records, start=1):
        if number in broken:
            assert_error(record, rf"line {number}\b")
        elif number in (1, 7):
            assert_clean(record, DUMP_SENTENCE)
        else:
            assert_clean(record, *PAGE_SENTENCES)


# ------------------------------------------------------------------ unreadable paths

@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway")
def test_unreadable_file_is_an_error_record(tmp_path: Path, clean: Runner) -> None:
    bad = tmp_path / "locked.html"
    shutil.copy(PAGE, bad)
    bad.chmod(0)
    try:
        record = between_good_pages(tmp_path, clean, bad)
    finally:
        bad.chmod(0o644)
    assert_error(record, r"permission")


def test_dangling_symlink_is_an_error_record(tmp_path: Path, clean: Runner) -> None:
    bad = tmp_path / "gone.html"
    bad.symlink_to(tmp_path / "deleted-long-ago.html")
    record = between_good_pages(tmp_path, clean, bad)
    assert_error(record, r"no such file|not found|does not exist|dangling|broken")


def test_file_symlink_loop_is_an_error_record(tmp_path: Path, clean: Runner) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    a.symlink_to(b)
    b.symlink_to(a)
    record = between_good_pages(tmp_path, clean, a)
    assert_error(record, r"symbolic link|symlink|loop")


def test_directory_named_like_a_page_is_an_error_record(tmp_path: Path,
                                                        clean: Runner) -> None:
    bad = tmp_path / "page.html"
    bad.mkdir()
    record = between_good_pages(tmp_path, clean, bad)
    assert_error(record, r"directory")


def test_directory_with_symlink_loops_is_walked_once(tmp_path: Path) -> None:
    root = tmp_path / "pages"
    (root / "sub").mkdir(parents=True)
    shutil.copy(PAGE, root / "a.html")
    shutil.copy(DUMP, root / "sub" / "b.txt")
    (root / "sub" / "up").symlink_to("..")             # sub/up -> pages
    (root / "sub" / "self").symlink_to(".")            # sub/self -> sub
    (root / "alias").symlink_to("sub")                 # a second way into sub
    (root / "loop-a.html").symlink_to("loop-b.html")   # a file loop the walk meets
    (root / "loop-b.html").symlink_to("loop-a.html")
    (root / "c.html").symlink_to(root / "a.html")      # a second name for a page
    # In a subprocess with a timeout: a walk that loops must fail the test, not hang it.
    proc = subprocess.run([str(EXE), "clean", str(root), "--workers", "1"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    records = {r["source"]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert len(records) == len(proc.stdout.splitlines()), "no record twice"
    names = {os.path.relpath(s, root) for s in records}
    assert names in ({"a.html", "c.html", "loop-a.html", "loop-b.html", "sub/b.txt"},
                     {"a.html", "c.html", "loop-a.html", "loop-b.html", "alias/b.txt"}), (
        f"every file once, nothing through the loops: {sorted(names)}")
    assert_clean(records[str(root / "a.html")], *PAGE_SENTENCES)
    assert_clean(records[str(root / "c.html")], *PAGE_SENTENCES)
    for loop in ("loop-a.html", "loop-b.html"):
        assert_error(records[str(root / loop)], r"symbolic link|symlink|loop")


# ------------------------------------------------------------------ per-document limits

HANG = "HANG-ME"
EAT = "EAT-MEMORY"


def _story(n: int, marker: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><title>Story {n}</title></head><body><article>"
            f"<h1>Story number {n}</h1><p>The council approved part {n} of the new harbour plan "
            f"on Tuesday evening after a debate that lasted almost four hours. {marker}</p>"
            f"<p>The opposition said part {n} was too expensive and asked the audit office to "
            f"review it.</p></article></body></html>")


def _stories(tmp_path: Path, markers: list[str]) -> list[str]:
    paths = []
    for n, marker in enumerate(markers):
        path = tmp_path / f"story-{n:02d}.html"
        path.write_text(_story(n, marker), encoding="utf-8")
        paths.append(str(path))
    return paths


def misbehaving_clean_html(real: Callable[..., object]) -> Callable[..., object]:
    """``real`` (clean_html), except that it hangs on pages holding HANG-ME and eats memory
    on pages holding EAT-MEMORY."""
    def clean_html(html: str | bytes, *args: object, **kwargs: object) -> object:
        text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
        if HANG in text:
            time.sleep(30)
        if EAT in text:
            # 64 MiB at a time, touched so it is real; 6 GiB at most, so that a limit that does
            # not work makes the test fail instead of taking the machine down.
            hoard = []
            for _ in range(96):
                chunk = bytearray(64 * 2**20)
                chunk[::4096] = b"x" * len(chunk[::4096])
                hoard.append(chunk)
        return real(html, *args, **kwargs)

    return clean_html


@pytest.fixture
def misbehaving(monkeypatch: pytest.MonkeyPatch) -> None:
    """Patch clean_html to misbehave; workers are forked from this process, so they run the
    patched function too."""
    monkeypatch.setattr(cleaners.api, "clean_html",
                        misbehaving_clean_html(cleaners.api.clean_html))


#: ``boilerstrip`` in a fresh process (a small address space, as in real use), with the
#: misbehaving clean_html: ``python DRIVER clean ...``.
DRIVER = f"""
import sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
import cleaners.api
from test_bad_input import misbehaving_clean_html
cleaners.api.clean_html = misbehaving_clean_html(cleaners.api.clean_html)
from cleaners.cli import main
sys.exit(main(sys.argv[1:]))
"""


#: The memory limit comes on top of what a worker maps when it starts (a fork inherits this
#: process's address space); EAT-MEMORY pages reach it after 1 GiB of their 6 GiB.
LIMIT_MB = 1024


def test_limits_through_the_command_line(tmp_path: Path, misbehaving: None,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    # The time limit must leave the EAT-MEMORY page time to reach its memory limit: touching
    # 1 GiB took from 0.4 s to 2.2 s on a busy 2-core machine, and 3 s failed a CI run.
    timeout = 8
    paths = _stories(tmp_path, [HANG, "", EAT, ""])
    started = time.monotonic()
    records = _cli(paths, capsys, "--timeout", str(timeout), "--max-memory", str(LIMIT_MB),
                   "--workers", "2")
    assert time.monotonic() - started < timeout + 17, (
        f"the hanging page was abandoned after {timeout} s")
    assert [r["source"] for r in records] == paths, "one record per input, in input order"
    assert_error(records[0], r"time limit|timed? ?out")
    assert_clean(records[1], "approved part 1 of the new harbour plan")
    assert_error(records[2], r"memory")
    assert_clean(records[3], "approved part 3 of the new harbour plan")


def test_memory_hog_is_cut_off_and_the_batch_goes_on(tmp_path: Path, misbehaving: None) -> None:
    limit = LIMIT_MB
    paths = _stories(tmp_path, ["", EAT, "", ""])
    records = [r.to_record() for r in iter_clean(paths, workers=2, max_memory_mb=limit)]
    assert [r["source"] for r in records] == paths, "one record per input, in input order"
    assert_error(records[1], r"memory")
    for n in (0, 2, 3):
        assert_clean(records[n], f"approved part {n} of the new harbour plan")


def test_memory_limit_of_300_mb_still_cleans_normal_pages(tmp_path: Path) -> None:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    paths = _stories(tmp_path, ["", EAT, ""])
    proc = subprocess.run([sys.executable, str(driver), "clean", "--max-memory", "300",
                           "--workers", "2", *paths], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["source"] for r in records] == paths
    assert_clean(records[0], "approved part 0 of the new harbour plan")
    assert_error(records[1], r"memory")
    assert_clean(records[2], "approved part 2 of the new harbour plan")


def test_limits_are_command_line_options() -> None:
    help_text = subprocess.run([str(EXE), "clean", "--help"], capture_output=True, text=True,
                               timeout=60, check=False).stdout
    for option in ("--timeout", "--max-memory", "--resume"):
        assert option in help_text, f"boilerstrip clean --help documents {option}"


# ------------------------------------------------------------------ output file safety

def _copies(directory: Path, count: int) -> list[str]:
    """``count`` copies of the demo site's real pages (different pages in turn)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = directory / f"page-{n:04d}.html"
        shutil.copy(SITE_PAGES[n % len(SITE_PAGES)], path)
        paths.append(str(path))
    return paths


def _read_jsonl(path: Path) -> list[Record]:
    data = path.read_text(encoding="utf-8")
    assert data == "" or data.endswith("\n"), "no partial last line"
    return [json.loads(line) for line in data.splitlines()]


def _temp_files(directory: Path) -> list[Path]:
    return [p for p in directory.iterdir() if p.name.startswith(".boilerstrip-")]


def test_output_file_appears_whole_or_not_at_all(tmp_path: Path) -> None:
    inputs = _copies(tmp_path / "in", 120)
    out = tmp_path / "out.jsonl"
    old = '{"source": "from an earlier run", "text": "kept until the new file is whole"}\n'
    out.write_text(old, encoding="utf-8")
    proc = subprocess.Popen([str(EXE), "clean", str(tmp_path / "in"), "-o", str(out),
                             "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen_temp = False
    states = set()
    while proc.poll() is None:
        seen_temp = seen_temp or bool(_temp_files(tmp_path))
        now = out.read_text(encoding="utf-8")
        if now == old:
            states.add("old")
        else:  # renamed into place: it must be whole already
            assert [r["source"] for r in _read_jsonl(out)] == inputs, (
                "the output file is the old one or the whole new one, never half-written")
            states.add("new")
        time.sleep(0.02)
    proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert seen_temp and "old" in states, (
        "the run was watched while it wrote its temporary file next to the output")
    records = _read_jsonl(out)
    assert [r["source"] for r in records] == inputs
    assert not _temp_files(tmp_path), "no temporary file is left behind"


def test_killed_run_leaves_the_old_output_untouched(tmp_path: Path) -> None:
    _copies(tmp_path / "in", 200)
    out = tmp_path / "out.jsonl"
    old = '{"source": "from an earlier run", "text": "still here"}\n'
    out.write_text(old, encoding="utf-8")
    proc = subprocess.Popen([str(EXE), "clean", str(tmp_path / "in"), "-o", str(out),
                             "--workers", "2"], stderr=subprocess.DEVNULL)
    _wait_for_records(tmp_path, proc)
    workers = _children(proc.pid)
    assert len(workers) == 2, "the run cleans in two worker processes"
    proc.kill()
    proc.wait(timeout=60)
    assert out.read_text(encoding="utf-8") == old, "a run that dies never half-writes -o FILE"
    deadline = time.monotonic() + 30
    while (left := [pid for pid in workers if _running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "the workers of a killed run end too (none is left orphaned, waiting)"


def _children(pid: int) -> list[int]:
    """The processes whose parent is pid."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    """Tell whether a process exists and is no zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _wait_for_records(directory: Path, proc: subprocess.Popen, lines: int = 3) -> int:
    """Wait until the run's temporary output holds ``lines`` complete records; return them."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run is still going when it is interrupted"
        for temp in _temp_files(directory):
            try:
                done = temp.read_bytes().count(b"\n")
            except FileNotFoundError:
                continue
            if done >= lines:
                return done
        time.sleep(0.01)
    raise AssertionError("the run wrote no records within 90 s")


def test_ctrl_c_keeps_every_finished_record_and_resume_completes(tmp_path: Path) -> None:
    inputs = _copies(tmp_path / "in", 400)
    out = tmp_path / "out.jsonl"
    argv = [str(EXE), "clean", str(tmp_path / "in"), "-o", str(out), "--workers", "1"]
    # A new session, and the signal to the whole group: what Ctrl-C in a terminal does.
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    written = _wait_for_records(tmp_path, proc)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0, "an interrupted run does not exit 0"
    assert proc.returncode in (130, -signal.SIGINT), (
        f"Ctrl-C exits 130 (or dies by SIGINT), got {proc.returncode}: {err[-300:]!r}")
    records = _read_jsonl(out)
    assert written <= len(records) < len(inputs), (
        f"every record written before Ctrl-C is kept ({written}), and the run was cut short "
        f"({len(records)} of {len(inputs)})")
    assert [r["source"] for r in records] == inputs[:len(records)], (
        "the kept records are the first inputs, in order")
    for record in records:
        assert_clean(record)
    assert not _temp_files(tmp_path), "no temporary file is left behind"

    resumed = subprocess.run([*argv, "--resume"], capture_output=True, text=True,
                             timeout=300, check=False)
    assert resumed.returncode == 0, resumed.stderr
    final = _read_jsonl(out)
    assert [r["source"] for r in final] == inputs, (
        "after --resume: exactly one record per input, in input order")
    assert final[:len(records)] == records, "the records from before are kept as they were"


def test_resume_redoes_a_cut_off_last_line(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    inputs = _copies(tmp_path / "in", 6)
    out = tmp_path / "out.jsonl"
    assert main(["clean", *inputs[:3], "-o", str(out)]) == 0
    whole = out.read_text(encoding="utf-8")
    # A crash in the middle of the fourth record (as a plain append-mode writer can leave it).
    fourth = json.dumps({"source": inputs[3], "text": "cut off here"})
    out.write_text(whole + fourth[:25], encoding="utf-8")
    assert main(["clean", *inputs, "-o", str(out), "--resume"]) == 0
    capsys.readouterr()
    records = _read_jsonl(out)
    assert [r["source"] for r in records] == inputs, (
        "exactly one record per input: the three kept, the cut one redone, the rest added")
    for record in records:
        assert_clean(record)


def test_resume_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["clean", "--resume", str(PAGE)])
    assert exc.value.code == 2, "a wrong command line is the one non-zero exit"
    assert "--resume" in capsys.readouterr().err


# ------------------------------------------------------------------ everything at once

def test_every_bad_input_in_one_directory(tmp_path: Path) -> None:
    """The whole small torture set in one directory, through the command line with two
    workers: one record per input, none twice, the good pages clean, exit 0."""
    root = tmp_path / "torture"
    root.mkdir()
    files = {
        "good-page.html": PAGE.read_bytes(),
        "good-dump.txt": DUMP.read_bytes(),
        "empty.html": b"",
        "pdf.html": BINARY[0].values[0],
        "random.html": BINARY[-1].values[0],
        "cut.html.gz": _cut_in_half(FRENCH.read_bytes()),
        "cut.txt.gz": _cut_in_half(DUMP.read_bytes()),
        "bad-utf8.html": PAGE.read_bytes().replace(b"council", b"coun\xff\xfecil"),
        "nul.html": PAGE.read_bytes().replace(b"</p>", b"\x00</p>"),
        "control.html": PAGE.read_bytes().replace(b"</div>", b"</div>\x0c"),
        "nul.txt": DUMP.read_bytes().replace(b"\n\n", b"\x00\n\n"),
        "deep.html": b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000,
        "long-line.txt": b"The council met again on Tuesday. " * 20_000,
        "broken.warc": WARCINFO + response(URL_A, PAGE, 1) + b"garbage\r\n" * 50,
        "broken.jsonl": b'{"text": "A headline\\n\\nA sentence of the article text."}\n{broken\n',
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    (root / "dangling.html").symlink_to(root / "nowhere.html")
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to("..")
    proc = subprocess.run([str(EXE), "clean", str(root), "--workers", "2", "--timeout", "60"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    sources = [r["source"] for r in records]
    assert len(sources) == len(set(sources)), "no record twice"
    expected = {str(root / name) for name in files if not name.endswith((".warc", ".jsonl"))}
    expected.add(str(root / "dangling.html"))
    singles = {s for s in sources if "#" not in s}
    assert singles == expected, f"lost: {expected - singles}, unexpected: {singles - expected}"
    assert {s for s in sources if "#" in s} == {
        f"{root / 'broken.warc'}#1", f"{root / 'broken.warc'}#2",
        f"{root / 'broken.jsonl'}#1", f"{root / 'broken.jsonl'}#2"}
    # What each record says is checked case by case above; here: the good ones survive.
    by_source = {r["source"]: r for r in records}
    assert_clean(by_source[str(root / "good-page.html")], *PAGE_SENTENCES)
    assert_clean(by_source[str(root / "good-dump.txt")], DUMP_SENTENCE)
