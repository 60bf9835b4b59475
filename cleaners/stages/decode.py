"""Decode page bytes once, with one documented order of precedence (as Scrapy does).

1. a byte-order mark; 2. the HTTP ``Content-Type`` charset, when known; 3. the page's own
``<meta charset>`` / ``http-equiv``; 4. detection (UTF-8 if the bytes are valid UTF-8, else
charset-normalizer's best guess); 5. UTF-8. w3lib's ``html_to_unicode`` implements 1-3 and 5 and
maps legacy labels to their supersets (GB2312 -> GB18030, ISO-8859-1 -> cp1252), so a crawl and a
dump decode the same bytes the same way.
"""

from __future__ import annotations

import codecs
import re
from typing import ClassVar

from w3lib.encoding import html_to_unicode

from cleaners.document import Document
from cleaners.errors import DecodeError
from cleaners.inputs import binary_kind

#: Bytes charset detection looks at.
DETECT_BYTES = 200_000


def _detect(data: bytes) -> str | None:
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:  # cut in the middle of a character at the end
            return "utf-8"
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer is a dependency
        return None
    best = from_bytes(data[:DETECT_BYTES]).best()
    return best.encoding if best is not None else None


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode page bytes; returns (text, encoding used).

    >>> decode_html(b'<meta charset="windows-1251"><p>\\xcf\\xf0\\xe8\\xe2\\xe5\\xf2</p>')
    ('<meta charset="windows-1251"><p>Привет</p>', 'cp1251')
    """
    if not data:
        raise DecodeError("empty page")
    kind = binary_kind(data)
    if kind:
        raise DecodeError(f"not HTML: this is {kind}")
    encoding, text = html_to_unicode(content_type, data, auto_detect_fun=_detect)
    try:
        encoding = codecs.lookup(encoding).name  # one spelling: "utf8" -> "utf-8"
    except LookupError:
        pass
    if encoding == "utf-8" and "\ufffd" in text and not _valid_utf8(data) and (
            _mostly_replaced(text)):
        # Declared UTF-8 that the bytes contradict (a Windows-1252 page under a template's
        # <meta charset="utf-8">): the bytes win, through detection.
        detected = _detect(data)
        if detected and codecs.lookup(detected).name != "utf-8":
            encoding, text = codecs.lookup(detected).name, data.decode(detected, errors="replace")
    # A regex over the whole page costs more than counting bytes: clean only when needed.
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if utf16 or len(data.translate(None, _CONTROL_BYTES)) != len(data):
        text = clean_controls(text)
    return text, encoding


#: C0 controls (but tab, LF, CR), DEL-less noncharacters: never text in HTML, and lxml refuses
#: them (a NUL or ESC byte in a page is damage).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL_BYTES = bytes(range(9)) + b"\x0b\x0c" + bytes(range(14, 32)) + b"\xef"  # EF: U+FFFx


def clean_controls(html: str) -> str:
    r"""Drop the control characters HTML text cannot hold.

    >>> clean_controls("a\x00b\x1bc\td")
    'abc\td'
    """
    return _CONTROLS.sub("", html)


def _mostly_replaced(text: str) -> bool:
    """Most non-ASCII characters came out as U+FFFD: the page is not UTF-8 at all (a UTF-8 page
    with a few damaged bytes keeps its UTF-8 reading)."""
    bad = text.count("\ufffd")
    return bad > 0.5 * sum(1 for c in text if not c.isascii())


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start >= len(data) - 3  # cut inside the last character


class Decode:
    """Turn ``doc.raw`` into ``doc.html`` (unless the HTML came as text already)."""

    name: ClassVar[str] = "decode"

    def __call__(self, doc: Document) -> Document:
        if doc.html is None:
            if doc.raw is None:
                raise DecodeError("no page data")
            doc.html, doc.encoding = decode_html(doc.raw, doc.metadata.pop("content_type", None))
        return doc
