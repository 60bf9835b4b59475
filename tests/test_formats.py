"""Every input format, through iter_clean() and through the command line.

Each document gives exactly one record, in input order, with the right source ("path", or
"path#N" inside a WARC or JSON Lines file), the right URL and its article text.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import shutil
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cleaners import CleanersError, clean_file, iter_clean
from cleaners.cli import main
from conftest import FIXTURES

HTML = FIXTURES / "html"

#: Fixture page -> (title, sentences of its article that must come out).
PAGES = {
    "harbour_en.html": ("Council approves the new harbour plan", (
        "The city council approved the new harbour plan on Tuesday evening after a debate that "
        "lasted almost four hours, with 31 of the 45 members voting in favour.",
        "The opposition said the plan was too expensive and would ask the regional audit office "
        "to review the costs before any construction contract is signed.")),
    "radwege_de.html": ("Stadt baut neue Radwege in der Innenstadt", (
        "Die Stadt will bis zum Ende des kommenden Jahres rund zwölf Kilometer neue Radwege in "
        "der Innenstadt anlegen.",
        "Die Kosten von knapp acht Millionen Euro trägt zu großen Teilen das Land, das den Ausbau "
        "des Radverkehrs seit zwei Jahren mit einem eigenen Programm fördert.")),
    "bibliotheque_fr.html": ("La bibliothèque municipale rouvre ses portes après deux ans de "
                             "travaux", (
        "Après deux ans de travaux, la bibliothèque municipale a rouvert ses portes samedi matin.",
        "Le chantier a coûté un peu plus de quatre millions d’euros, financés en partie par la "
        "région et par l’État dans le cadre du plan de rénovation des équipements culturels.")),
    "metro_es.html": ("El metro ampliará su horario los fines de semana", (
        "El metro de la ciudad ampliará su horario los viernes y los sábados a partir del "
        "próximo mes, cuando los trenes circularán hasta las dos de la madrugada.",
        "Según la compañía, la ampliación costará unos tres millones de euros al año y obligará "
        "a contratar a cuarenta conductores y a veinte vigilantes más.")),
}

#: A text dump (what an extractor left), with its headline and the sentences that must stay.
DUMP_TITLE = "Hospital opens a new children's ward"
DUMP_SENTENCES = (
    "The regional hospital opened a new children's ward on Monday, doubling the number of beds "
    "for young patients to sixty.",
    "The ward was paid for largely by donations collected over three years by a local charity, "
    "the hospital's director said at the opening.",
    "Nurses who moved into the new rooms said the larger windows and the playroom made a real "
    "difference for families staying overnight.",
)
DUMP = DUMP_TITLE + "\n\n" + "\n\n".join(DUMP_SENTENCES) + "\n"


def page_bytes(name: str) -> bytes:
    return (HTML / name).read_bytes()


def assert_page(record: dict, name: str) -> None:
    """The record holds the page's article and title, and no error."""
    title, sentences = PAGES[name]
    assert "error" not in record, f"{record['source']}: {record.get('error')}"
    for sentence in sentences:
        assert sentence in record["text"], f"{name}: article sentence missing: {sentence[:50]!r}"
    assert record["title"] == title, f"{name}: wrong title {record['title']!r}"


def assert_dump(record: dict) -> None:
    assert "error" not in record, record.get("error")
    for sentence in DUMP_SENTENCES:
        assert sentence in record["text"], f"dump sentence missing: {sentence[:50]!r}"
    assert record["title"] == DUMP_TITLE


# ------------------------------------------------------------------ ways of running

Runner = Callable[..., list[dict]]


def _cli_records(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict]:
    code = main(["clean", *argv])
    out, _ = capsys.readouterr()
    assert code == 0, "a run over readable inputs exits 0"
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture(params=["iter_clean", "cli"])
def clean(request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]) -> Runner:
    """Clean paths and return one JSON-ready record per result, either through the API or
    through ``boilerstrip clean`` (default worker count) parsed back from stdout."""
    if request.param == "iter_clean":
        return lambda *paths: [r.to_record() for r in iter_clean([str(p) for p in paths])]
    return lambda *paths: _cli_records([str(p) for p in paths], capsys)


# ------------------------------------------------------------------ WARC writing (by hand)

def warc_record(kind: str, uri: str | None, payload: bytes, *, number: int,
                content_type: str = "application/http; msgtype=response",
                date: str = "2024-03-05T10:15:00Z") -> bytes:
    """One WARC/1.0 record (headers, block, the two CRLFs that end it)."""
    head = ["WARC/1.0", f"WARC-Type: {kind}",
            f"WARC-Record-ID: <urn:uuid:6a1f3b2c-0000-4000-8000-{number:012d}>",
            f"WARC-Date: {date}"]
    if uri:
        head.append(f"WARC-Target-URI: {uri}")
    head += [f"Content-Type: {content_type}", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + payload + b"\r\n\r\n"


def http_response(body: bytes, content_type: str = "text/html; charset=utf-8") -> bytes:
    return (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def exchange(uri: str, body: bytes, content_type: str = "text/html; charset=utf-8", *,
             number: int, date: str = "2024-03-05T10:15:00Z") -> list[bytes]:
    """A request record and its response record, as a crawler writes them."""
    parts = urlsplit(uri)
    request = (f"GET {parts.path or '/'} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
               "User-Agent: boilerstrip-tests\r\nAccept: */*\r\n\r\n").encode()
    return [warc_record("request", uri, request, number=number, date=date,
                        content_type="application/http; msgtype=request"),
            warc_record("response", uri, http_response(body, content_type), number=number + 1,
                        date=date)]


WARCINFO = warc_record("warcinfo", None, b"software: boilerstrip-tests\r\n"
                       b"format: WARC File Format 1.0\r\n", number=0,
                       content_type="application/warc-fields")

URL_A = "https://www.northport-gazette.example/local/harbour-plan"
URL_B = "https://www.diariodelsur.example/ciudad/metro-horario"
URL_C = "https://www.rundschau.example/lokales/radwege"


def write_warc(path: Path, records: list[bytes]) -> Path:
    """Write records as a WARC; ``.gz`` paths get one gzip member per record (as crawlers do)."""
    if path.name.endswith(".gz"):
        path.write_bytes(b"".join(gzip.compress(r) for r in records))
    else:
        path.write_bytes(b"".join(records))
    return path


def two_page_warc() -> list[bytes]:
    return [WARCINFO,
            *exchange(URL_A, page_bytes("harbour_en.html"), number=10,
                      date="2024-03-05T10:15:00Z"),
            *exchange(URL_B, page_bytes("metro_es.html"), number=20, date="2024-03-06T08:00:00Z"),
            warc_record("metadata", URL_B, b"via: https://www.diariodelsur.example/\r\n",
                        number=30, content_type="application/warc-fields")]


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


# ------------------------------------------------------------------ single-document files

def _xhtml(html: bytes) -> bytes:
    text = html.decode()
    text = text.replace("<!DOCTYPE html>", '<?xml version="1.0" encoding="utf-8"?>\n'
                        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
                        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">')
    text = text.replace('<html lang="en">', '<html xmlns="http://www.w3.org/1999/xhtml" '
                        'xml:lang="en" lang="en">')
    text = text.replace('<meta charset="utf-8">', '<meta charset="utf-8" />')
    assert text.startswith("<?xml")
    return text.encode()


SINGLE = [
    pytest.param("article.html", lambda b: b, id="html"),
    pytest.param("article.htm", lambda b: b, id="htm"),
    pytest.param("article.xhtml", _xhtml, id="xhtml"),
    pytest.param("article.html.gz", gzip.compress, id="html.gz"),
    pytest.param("article", lambda b: b, id="no-extension-sniffed"),
    pytest.param("article", lambda b: b"\n\n  " + b, id="no-extension-leading-space"),
    pytest.param("article.gz", gzip.compress, id="no-extension-gzip-sniffed"),
    pytest.param("article.php", lambda b: b, id="unknown-extension-sniffed"),
]


@pytest.mark.parametrize(("name", "encode"), SINGLE)
def test_single_html_file(tmp_path: Path, clean: Runner, name: str,
                          encode: Callable[[bytes], bytes]) -> None:
    path = tmp_path / name
    path.write_bytes(encode(page_bytes("harbour_en.html")))
    records = clean(path)
    assert len(records) == 1, "one file, one document, one record"
    assert records[0]["source"] == str(path)
    assert_page(records[0], "harbour_en.html")
    assert "<p>" not in records[0]["text"], "the page was read as a text dump, not as HTML"


@pytest.mark.parametrize(("name", "encode"), SINGLE)
def test_clean_file_reads_single_document_files(tmp_path: Path, name: str,
                                                encode: Callable[[bytes], bytes]) -> None:
    path = tmp_path / name
    path.write_bytes(encode(page_bytes("radwege_de.html")))
    result = clean_file(str(path))
    assert result.source == str(path)
    assert_page(result.to_record(), "radwege_de.html")


def test_clean_file_refuses_containers(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc", two_page_warc())
    with pytest.raises(CleanersError, match="iter_clean"):
        clean_file(str(path))


@pytest.mark.parametrize("name", ["dump.txt", "dump.txt.gz", "dump.text", "dump"])
def test_text_dump(tmp_path: Path, clean: Runner, name: str) -> None:
    path = tmp_path / name
    data = DUMP.encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    records = clean(path)
    assert [r["source"] for r in records] == [str(path)]
    assert_dump(records[0])


def test_several_paths_keep_command_line_order(tmp_path: Path, clean: Runner) -> None:
    names = ["metro_es.html", "harbour_en.html", "radwege_de.html", "bibliotheque_fr.html"]
    paths = []
    for name in names:
        shutil.copy(HTML / name, tmp_path / name)
        paths.append(tmp_path / name)
    records = clean(*paths)
    assert [r["source"] for r in records] == [str(p) for p in paths], (
        "order is the command line's, not sorted")
    for record, name in zip(records, names, strict=True):
        assert_page(record, name)


# ------------------------------------------------------------------ directories

def build_tree(root: Path) -> list[tuple[str, str]]:
    """A directory of mixed inputs; returns the expected (source, what) in walk order."""
    (root / "sub" / "deeper").mkdir(parents=True)
    shutil.copy(HTML / "harbour_en.html", root / "a_harbour.html")
    (root / "b_notes.txt").write_text(DUMP, encoding="utf-8")
    (root / "z_bibliotheque.xhtml").write_bytes(page_bytes("bibliotheque_fr.html"))
    (root / "logo.png").write_bytes(PNG)                     # not an input suffix: skipped
    (root / "README").write_bytes(page_bytes("metro_es.html"))  # no suffix: only if named
    (root / "sub" / "c_radwege.htm.gz").write_bytes(gzip.compress(page_bytes("radwege_de.html")))
    (root / "sub" / "notes.bak").write_text(DUMP)            # not an input suffix: skipped
    feed = root / "sub" / "deeper" / "d_feed.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"url": URL_C, "html": page_bytes("radwege_de.html").decode()},
        {"url": "https://hospital.example/news/ward", "text": DUMP},
    ]) + "\n", encoding="utf-8")
    crawl = write_warc(root / "sub" / "deeper" / "e_crawl.warc.gz", two_page_warc())
    return [
        (str(root / "a_harbour.html"), "harbour_en.html"),
        (str(root / "b_notes.txt"), "dump"),
        (str(root / "z_bibliotheque.xhtml"), "bibliotheque_fr.html"),
        (str(root / "sub" / "c_radwege.htm.gz"), "radwege_de.html"),
        (f"{feed}#1", "radwege_de.html"),
        (f"{feed}#2", "dump"),
        (f"{crawl}#1", "harbour_en.html"),
        (f"{crawl}#2", "metro_es.html"),
    ]


def test_directory_is_walked_recursively_with_mixed_formats(tmp_path: Path,
                                                            clean: Runner) -> None:
    expected = build_tree(tmp_path / "in")
    records = clean(tmp_path / "in")
    assert [r["source"] for r in records] == [source for source, _ in expected], (
        "one record per document, files sorted, a directory's files before its subdirectories")
    for record, (_, what) in zip(records, expected, strict=True):
        if what == "dump":
            assert_dump(record)
        else:
            assert_page(record, what)
    assert records[4]["url"] == URL_C and records[6]["url"] == URL_A


# ------------------------------------------------------------------ WARC

@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_response_records_are_documents(tmp_path: Path, clean: Runner, name: str) -> None:
    path = write_warc(tmp_path / name, two_page_warc())
    records = clean(path)
    assert [r["source"] for r in records] == [f"{path}#1", f"{path}#2"], (
        "one record per response; warcinfo, request and metadata records are no documents")
    assert [r["url"] for r in records] == [URL_A, URL_B], "the record's URL is the WARC target"
    assert_page(records[0], "harbour_en.html")
    assert_page(records[1], "metro_es.html")
    assert [r.get("warc_date") for r in records] == ["2024-03-05T10:15:00Z",
                                                     "2024-03-06T08:00:00Z"]


def test_warc_without_suffix_is_sniffed(tmp_path: Path, clean: Runner) -> None:
    path = write_warc(tmp_path / "CC-MAIN-20240305-00001", two_page_warc())
    records = clean(path)
    assert [r["source"] for r in records] == [f"{path}#1", f"{path}#2"]
    assert [r["url"] for r in records] == [URL_A, URL_B]


def _warc_with_image() -> list[bytes]:
    return [WARCINFO,
            *exchange(URL_A, page_bytes("harbour_en.html"), number=10),
            *exchange("https://www.northport-gazette.example/logo.png", PNG, "image/png",
                      number=20),
            *exchange(URL_B, page_bytes("metro_es.html"), number=30)]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_image_record_is_skipped(tmp_path: Path, clean: Runner, name: str) -> None:
    path = write_warc(tmp_path / name, _warc_with_image())
    records = clean(path)
    assert [r["url"] for r in records] == [URL_A, URL_B], "the image is no document"
    numbers = [int(r["source"].rpartition("#")[2]) for r in records]
    assert all(r["source"].startswith(f"{path}#") for r in records)
    assert numbers == sorted(set(numbers)), "document numbers are distinct and in file order"
    assert_page(records[0], "harbour_en.html")
    assert_page(records[1], "metro_es.html")


def test_warc_document_numbers_skip_no_numbers(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc", _warc_with_image())
    assert [r.source for r in iter_clean([str(path)])] == [f"{path}#1", f"{path}#2"]


@pytest.mark.parametrize("content_type", ["text/javascript", "text/css; charset=utf-8"])
def test_warc_script_and_stylesheet_records_are_skipped(tmp_path: Path,
                                                        content_type: str) -> None:
    asset = b"body { margin: 0 } .story p { line-height: 1.6 }" if "css" in content_type else (
        b"window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}")
    path = write_warc(tmp_path / "crawl.warc", [
        WARCINFO, *exchange(URL_A, page_bytes("harbour_en.html"), number=10),
        *exchange("https://www.northport-gazette.example/static/asset", asset, content_type,
                  number=20)])
    assert [r.url for r in iter_clean([str(path)])] == [URL_A]


def test_warc_http_charset_is_used(tmp_path: Path) -> None:
    # The HTTP header in the response record says Windows-1251; the page's own meta is wrong.
    title = "В Петербурге открыли новую станцию метро"
    sentences = ["В Санкт-Петербурге в четверг открылась новая станция метро «Горный институт», "
                 "строительство которой продолжалось почти восемь лет.",
                 "Первые пассажиры смогли войти в вестибюль в шесть часов утра. Многие из них "
                 "признались, что ждали этого дня с самого начала стройки.",
                 "Городские власти обещают, что в ближайшие два года в городе появятся ещё "
                 "четыре станции."]
    html = (f'<html><head><meta charset="iso-8859-1"><title>{title}</title></head><body>'
            f'<article><h1>{title}</h1>' + "".join(f"<p>{s}</p>" for s in sentences)
            + "</article></body></html>")
    url = "https://spb.example/news/metro"
    path = write_warc(tmp_path / "ru.warc.gz", [
        WARCINFO, *exchange(url, html.encode("cp1251"), "text/html; charset=windows-1251",
                            number=10)])
    [result] = list(iter_clean([str(path)]))
    assert result.url == url and result.source == f"{path}#1"
    for sentence in sentences:
        assert sentence in result.text, "the WARC's HTTP charset was not passed to decoding"


def _raw_response_record(head: str, payload: bytes) -> bytes:
    return warc_record("response", URL_A, head.encode() + payload, number=10)


def test_warc_chunked_http_body_is_decoded(tmp_path: Path) -> None:
    body = page_bytes("harbour_en.html")
    chunked = b"".join(f"{len(body[i:i + 64]):x}\r\n".encode() + body[i:i + 64] + b"\r\n"
                       for i in range(0, len(body), 64)) + b"0\r\n\r\n"
    path = write_warc(tmp_path / "chunked.warc", [WARCINFO, _raw_response_record(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        "Transfer-Encoding: chunked\r\n\r\n", chunked)])
    [result] = list(iter_clean([str(path)]))
    assert_page(result.to_record(), "harbour_en.html")


def test_warc_gzip_content_encoding_is_decoded(tmp_path: Path) -> None:
    body = gzip.compress(page_bytes("harbour_en.html"))
    path = write_warc(tmp_path / "gzipped-body.warc", [WARCINFO, _raw_response_record(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip"
        f"\r\nContent-Length: {len(body)}\r\n\r\n", body)])
    [result] = list(iter_clean([str(path)]))
    assert_page(result.to_record(), "harbour_en.html")


def _coded_response(uri: str, body: bytes, headers: str, number: int) -> bytes:
    """A response record whose HTTP message has the given extra headers and the body as is."""
    return warc_record("response", uri, (
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" + headers + "\r\n"
    ).encode() + body, number=number)


def _chunked(data: bytes, size: int = 64) -> bytes:
    return b"".join(f"{len(data[i:i + size]):x}\r\n".encode() + data[i:i + size] + b"\r\n"
                    for i in range(0, len(data), size)) + b"0\r\n\r\n"


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


CODED_BODIES = [
    pytest.param("Content-Encoding: deflate\r\n", zlib.compress, id="deflate-zlib"),
    pytest.param("Content-Encoding: deflate\r\n", _raw_deflate, id="deflate-raw"),
    pytest.param("Content-Encoding: GZIP\r\n", gzip.compress, id="gzip-uppercase"),
    pytest.param("Content-Encoding: br\r\n", lambda b: pytest.importorskip("brotli").compress(b),
                 id="br"),
    pytest.param("Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
                 lambda b: _chunked(gzip.compress(b)), id="gzip-then-chunked"),
    pytest.param("Transfer-Encoding: chunked\r\n", lambda b: b, id="chunked-header-plain-body"),
]


@pytest.mark.parametrize(("headers", "encode"), CODED_BODIES)
def test_warc_coded_http_body_is_decoded(tmp_path: Path, headers: str,
                                         encode: Callable[[bytes], bytes]) -> None:
    body = encode(page_bytes("harbour_en.html"))
    path = write_warc(tmp_path / "coded.warc", [WARCINFO,
                                                _coded_response(URL_A, body, headers, 10)])
    [result] = list(iter_clean([str(path)]))
    assert result.source == f"{path}#1"
    assert_page(result.to_record(), "harbour_en.html")


_PAGE = b"<html><body><p>" + b"A sentence of the article. " * 40 + b"</p></body></html>"
BROKEN_BODIES = [
    pytest.param("Content-Encoding: gzip\r\n", gzip.compress(_PAGE)[:-30], "cut off",
                 id="gzip-cut"),
    pytest.param("Content-Encoding: gzip\r\n", b"\x1f\x8b\x08\x00" + b"\xff" * 60, "broken gzip",
                 id="gzip-garbage"),
    pytest.param("Content-Encoding: deflate\r\n", b"\x78\x9c" + b"\xff" * 60, "broken deflate",
                 id="deflate-garbage"),
    pytest.param("Content-Encoding: compress\r\n", _PAGE, "unsupported", id="unknown-coding"),
    pytest.param("Transfer-Encoding: chunked\r\n", _chunked(_PAGE)[:-200], "chunk",
                 id="chunked-cut"),
    pytest.param("Transfer-Encoding: chunked\r\n", b"10\r\n" + _PAGE, "chunk",
                 id="chunked-bad-framing"),
]


@pytest.mark.parametrize(("headers", "body", "message"), BROKEN_BODIES)
def test_warc_broken_http_body_is_an_error_record(tmp_path: Path, headers: str, body: bytes,
                                                  message: str) -> None:
    path = write_warc(tmp_path / "broken-body.warc", [
        WARCINFO, _coded_response(URL_A, body, headers, 10),
        *exchange(URL_B, page_bytes("metro_es.html"), number=20)])
    results = list(iter_clean([str(path)]))
    assert [(r.source, r.url) for r in results] == [(f"{path}#1", URL_A), (f"{path}#2", URL_B)]
    assert results[0].error and message in results[0].error, results[0].error
    assert_page(results[1].to_record(), "metro_es.html")


def test_warc_brotli_body_without_brotli_module_is_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    brotli = pytest.importorskip("brotli")
    monkeypatch.setitem(sys.modules, "brotli", None)  # None in sys.modules: import fails
    monkeypatch.setitem(sys.modules, "brotlicffi", None)
    path = write_warc(tmp_path / "br.warc", [WARCINFO, _coded_response(
        URL_A, brotli.compress(page_bytes("harbour_en.html")), "Content-Encoding: br\r\n", 10)])
    [result] = list(iter_clean([str(path)]))
    assert result.error and "brotli" in result.error


def test_warc_error_records_are_numbered_and_skipped_records_are_not(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", [
        WARCINFO, *exchange(URL_A, page_bytes("harbour_en.html"), number=10),
        *exchange("https://www.northport-gazette.example/logo.png", PNG, "image/png",
                  number=20),
        _coded_response(URL_C, b"\x1f\x8b\x08\x00broken", "Content-Encoding: gzip\r\n", 30),
        *exchange("https://www.northport-gazette.example/app.js", b"var a = 1;",
                  "application/javascript", number=40),
        *exchange(URL_B, page_bytes("metro_es.html"), number=50)])
    results = list(iter_clean([str(path)]))
    assert [(r.source, r.url, bool(r.error)) for r in results] == [
        (f"{path}#1", URL_A, False), (f"{path}#2", URL_C, True), (f"{path}#3", URL_B, False)]


def _untyped_response(uri: str, body: bytes, number: int) -> bytes:
    return warc_record("response", uri, b"HTTP/1.1 200 OK\r\nContent-Length: "
                       + str(len(body)).encode() + b"\r\n\r\n" + body, number=number)


def test_warc_responses_without_content_type_are_sniffed(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "untyped.warc", [
        WARCINFO, _untyped_response(URL_A, page_bytes("harbour_en.html"), 10),
        _untyped_response("https://www.northport-gazette.example/logo", PNG, 20),
        _untyped_response("https://www.northport-gazette.example/feed",
                          b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', 30),
        *exchange(URL_C, _xhtml(page_bytes("harbour_en.html")), "application/xhtml+xml",
                  number=40),
        *exchange("https://www.northport-gazette.example/notes.txt", DUMP.encode(),
                  "text/plain", number=50)])
    results = list(iter_clean([str(path)]))
    assert [(r.source, r.url) for r in results] == [(f"{path}#1", URL_A), (f"{path}#2", URL_C)]
    assert_page(results[0].to_record(), "harbour_en.html")
    assert_page(results[1].to_record(), "harbour_en.html")


def test_warc_documents_are_streamed_with_a_per_record_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The size limit holds for each record, not the file: a WARC is never read whole.
    monkeypatch.setattr("cleaners.formats.MAX_INPUT_BYTES", 3000)
    monkeypatch.setattr("cleaners.inputs.MAX_INPUT_BYTES", 3000)
    big = page_bytes("harbour_en.html").replace(b"</article>", b"<p>" + b"x " * 2000 + b"</p>"
                                                b"</article>")
    path = write_warc(tmp_path / "crawl.warc.gz", [
        *two_page_warc(), *exchange(URL_C, big, number=40),
        *exchange(URL_A, page_bytes("harbour_en.html"), number=50)])
    assert path.stat().st_size > 3000
    results = list(iter_clean([str(path)]))
    assert [r.source for r in results] == [f"{path}#{n}" for n in range(1, 5)]
    assert [bool(r.error) for r in results] == [False, False, True, False]
    assert "larger than" in (results[2].error or "")


def test_garbage_warc_gives_error_record_and_run_goes_on(tmp_path: Path,
                                                        clean: Runner) -> None:
    broken = tmp_path / "broken.warc"
    broken.write_bytes(b"this is not a WARC file, whatever its name says\n" * 20)
    good = tmp_path / "good.html"
    shutil.copy(HTML / "radwege_de.html", good)
    records = clean(broken, good)
    assert len(records) == 2
    assert records[0]["source"].startswith(str(broken)) and records[0].get("error"), (
        "an unreadable WARC gives an error record")
    assert records[1]["source"] == str(good)
    assert_page(records[1], "radwege_de.html")


def _cut_warc() -> bytes:
    """Two exchanges; the download stopped 700 bytes before the end of the second response."""
    data = b"".join(two_page_warc()[:-1])
    return data[:-700]


def test_truncated_warc_record_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc"
    path.write_bytes(_cut_warc())
    results = list(iter_clean([str(path)]))
    assert [r.source for r in results] == [f"{path}#1", f"{path}#2"]
    assert results[0].error is None and PAGES["harbour_en.html"][1][0] in results[0].text
    assert results[1].error, "a cut-off record must be reported, not cleaned as a document"


def test_truncated_warc_gz_keeps_its_complete_records(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    members = [gzip.compress(r) for r in two_page_warc()[:-1]]
    path.write_bytes(b"".join(members)[:-300])
    results = list(iter_clean([str(path)]))
    assert results[0].source == f"{path}#1" and results[0].url == URL_A
    assert PAGES["harbour_en.html"][1][0] in results[0].text
    assert results[-1].error, "the cut-off member is reported"



def _last_response_offsets() -> tuple[bytes, int, int]:
    """The two exchanges, where the last response's WARC headers start and its HTTP headers."""
    data = b"".join(two_page_warc()[:-1])
    start = data.rfind(b"WARC/1.0\r\nWARC-Type: response")
    return data, start, data.index(b"HTTP/1.1 200 OK", start)


@pytest.mark.parametrize("where", ["warc-headers", "warc-content-length", "http-headers"])
def test_warc_record_cut_in_its_headers_is_an_error(tmp_path: Path, where: str) -> None:
    data, start, http = _last_response_offsets()
    cut = {"warc-headers": start + 60,
           "warc-content-length": data.index(b"Content-Length: ", start) + 17,
           "http-headers": http + 30}[where]
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:cut])
    results = list(iter_clean([str(path)]))
    assert [r.source for r in results] == [f"{path}#1", f"{path}#2"]
    assert results[0].error is None and results[0].url == URL_A
    assert results[1].error and "truncated" in results[1].error, results[1].error


def test_stdin_pipe_with_truncated_gzipped_warc(monkeypatch: pytest.MonkeyPatch) -> None:
    # A pipe cannot seek or tell: FastWARC must still stream it, keeping what precedes a cut.
    members = [gzip.compress(r) for r in two_page_warc()[:-1]]
    data = b"".join(members)[:-300]
    reader, writer = os.pipe()
    os.write(writer, data)  # smaller than a pipe's buffer: no writer thread needed
    os.close(writer)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(open(reader, "rb")))
    results = list(iter_clean(["-"]))
    assert [(r.source, r.url) for r in results] == [("-#1", URL_A), ("-#2", URL_B)]
    assert PAGES["harbour_en.html"][1][0] in results[0].text
    assert results[1].error


# ------------------------------------------------------------------ JSON Lines

def jsonl_lines() -> list[str]:
    return [
        json.dumps({"url": URL_A, "html": page_bytes("harbour_en.html").decode()}),
        json.dumps({"url": "https://hospital.example/news/ward", "text": DUMP},
                   ensure_ascii=False),
        '{"url": "https://broken.example/", "html": "<html><body><p>cut off',
        json.dumps({"id": "doc-4", "html": page_bytes("radwege_de.html").decode()},
                   ensure_ascii=False),
        json.dumps([1, 2, 3]),
        json.dumps({"url": "https://empty.example/", "title": "no body field"}),
        json.dumps({"url": URL_B, "html": page_bytes("metro_es.html").decode()},
                   ensure_ascii=False),
    ]


@pytest.mark.parametrize("name", ["feed.jsonl", "feed.ndjson", "feed.jsonl.gz", "feed"])
def test_jsonl_records_are_documents(tmp_path: Path, clean: Runner, name: str) -> None:
    path = tmp_path / name
    data = ("\n".join(jsonl_lines()) + "\n").encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    records = clean(path)
    assert [r["source"] for r in records] == [f"{path}#{n}" for n in range(1, 8)], (
        "one record per line, broken lines included, in order")
    assert_page(records[0], "harbour_en.html")
    assert records[0]["url"] == URL_A
    assert_dump(records[1])
    assert records[1]["url"] == "https://hospital.example/news/ward"
    assert "broken JSON" in records[2]["error"], "a broken line is an error record"
    assert_page(records[3], "radwege_de.html")
    assert records[3]["id"] == "doc-4", "the record's id is carried"
    assert "not a JSON object" in records[4]["error"]
    assert "no 'html' or 'text'" in records[5]["error"]
    assert records[5]["url"] == "https://empty.example/", "the URL is kept on an error record"
    assert_page(records[6], "metro_es.html")
    assert records[6]["url"] == URL_B


def test_jsonl_blank_lines_are_no_documents(tmp_path: Path, clean: Runner) -> None:
    path = tmp_path / "feed.jsonl"
    lines = jsonl_lines()
    path.write_text(lines[0] + "\n\n   \n" + lines[6] + "\n\n", encoding="utf-8")
    records = clean(path)
    assert [r["url"] for r in records] == [URL_A, URL_B]
    assert all("error" not in r for r in records)



def test_jsonl_numbers_count_records_not_lines(tmp_path: Path, clean: Runner) -> None:
    path = tmp_path / "feed.jsonl"
    lines = jsonl_lines()
    path.write_text("\n" + lines[0] + "\n\n\n" + lines[2] + "\n  \n" + lines[6] + "\n",
                    encoding="utf-8")
    records = clean(path)
    assert [r["source"] for r in records] == [f"{path}#1", f"{path}#2", f"{path}#3"], (
        "#N is the N-th document, whatever blank lines lie between")
    assert [r.get("url") for r in records] == [URL_A, None, URL_B]
    assert "broken JSON on line 5" in records[1]["error"], "errors name the physical line"


def test_jsonl_with_bom_and_crlf_lines(tmp_path: Path, clean: Runner) -> None:
    # What Windows tools write: a UTF-8 byte-order mark and CRLF line ends.
    path = tmp_path / "export"
    lines = jsonl_lines()
    path.write_bytes(b"\xef\xbb\xbf" + (lines[0] + "\r\n" + lines[6] + "\r\n").encode())
    records = clean(path)
    assert [r["source"] for r in records] == [f"{path}#1", f"{path}#2"]
    assert [r["url"] for r in records] == [URL_A, URL_B]
    assert_page(records[0], "harbour_en.html")


def test_jsonl_without_records_is_one_error(tmp_path: Path, clean: Runner) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n")
    records = clean(path)
    assert len(records) == 1 and records[0]["source"] == str(path) and records[0]["error"]


# ------------------------------------------------------------------ standard input

def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_html(monkeypatch: pytest.MonkeyPatch, clean: Runner) -> None:
    _stdin(monkeypatch, page_bytes("bibliotheque_fr.html"))
    records = clean("-")
    assert [r["source"] for r in records] == ["-"]
    assert_page(records[0], "bibliotheque_fr.html")


def test_stdin_text(monkeypatch: pytest.MonkeyPatch, clean: Runner) -> None:
    _stdin(monkeypatch, DUMP.encode())
    records = clean("-")
    assert [r["source"] for r in records] == ["-"]
    assert_dump(records[0])


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch, clean: Runner) -> None:
    _stdin(monkeypatch, ("\n".join(jsonl_lines()[:2]) + "\n").encode())
    records = clean("-")
    assert [r["source"] for r in records] == ["-#1", "-#2"]
    assert_page(records[0], "harbour_en.html")
    assert_dump(records[1])


def test_stdin_gzipped_warc(monkeypatch: pytest.MonkeyPatch, clean: Runner) -> None:
    _stdin(monkeypatch, b"".join(gzip.compress(r) for r in two_page_warc()))
    records = clean("-")
    assert [(r["source"], r["url"]) for r in records] == [("-#1", URL_A), ("-#2", URL_B)]


# ------------------------------------------------------------------ --format text -o DIR/

SAFE_NAME = re.compile(r"\d{6}_[\w.-]+\.txt")


def test_text_format_writes_one_safe_file_per_document(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    odd = src / "Ünïcode page (draft #2) & more?.html"
    shutil.copy(HTML / "bibliotheque_fr.html", odd)
    dotted = src / "..hidden.htm"
    shutil.copy(HTML / "radwege_de.html", dotted)
    warc = write_warc(src / "crawl.warc.gz", two_page_warc())
    feed = src / "feed.jsonl"
    feed.write_text("\n".join(jsonl_lines()[:3]) + "\n", encoding="utf-8")
    # Named through "..": the written file must still land directly in the output directory.
    inputs = [str(odd), f"{src}/../in/{dotted.name}", str(warc), str(feed)]
    expected = list(iter_clean(inputs))
    assert len(expected) == 7

    out = tmp_path / "out"
    assert main(["clean", "--format", "text", "-o", str(out) + os.sep, *inputs]) == 0
    stdout, stderr = capsys.readouterr()
    assert stdout == "", "with -o DIR/ nothing goes to stdout"
    assert "broken JSON" in stderr, "the error record is reported on stderr"

    names = sorted(os.listdir(out))
    assert len(names) == len(expected), f"one file per document, got {names}"
    for name in names:
        assert SAFE_NAME.fullmatch(name), f"unsafe or odd file name {name!r}"
        assert (out / name).is_file() and not name.startswith(".")
    assert [int(n[:6]) for n in names] == list(range(1, len(expected) + 1)), (
        "files are numbered in input order")
    assert "warc" in names[2] and "warc" in names[3] and "feed" in names[4]
    for name, result in zip(names, expected, strict=True):
        content = (out / name).read_text(encoding="utf-8")
        assert content == (result.text + "\n" if result.text else ""), name
    assert "Après deux ans de travaux" in (out / names[0]).read_text(encoding="utf-8")
    assert (out / names[6]).read_text() == "", "an error record gives an empty file"


def test_text_format_into_existing_directory(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    page = tmp_path / "metro.html"
    shutil.copy(HTML / "metro_es.html", page)
    assert main(["clean", "--format", "text", "-o", str(out), str(page)]) == 0
    capsys.readouterr()
    [written] = list(out.iterdir())
    assert written.name == "000001_metro.txt"
    assert PAGES["metro_es.html"][1][0] in written.read_text(encoding="utf-8")


# ------------------------------------------------------------------ workers

def test_two_workers_give_the_same_output_as_one(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "in"
    build_tree(root)
    for n, name in enumerate(sorted(PAGES)):  # more documents than one chunk of work
        for copy in range(3):
            shutil.copy(HTML / name, root / f"p{n}{copy}_{name}")
    one = _cli_records(["--workers", "1", "--explain", str(root)], capsys)
    two = _cli_records(["--workers", "2", "--explain", str(root)], capsys)
    assert len(one) == 8 + 3 * len(PAGES)
    assert two == one, "parallel cleaning changes neither order nor content"
    api_two = [r.to_record() for r in iter_clean([str(root)], workers=2)]
    api_one = [r.to_record() for r in iter_clean([str(root)], workers=1)]
    assert api_two == api_one
    assert [r["source"] for r in api_one] == [r["source"] for r in one]
