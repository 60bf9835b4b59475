"""Metadata from a text dump: language, title, date, site name and author.

Lines that only carry metadata (a dateline, a "Headline | Section | Site" title-tag line, the
title itself) leave the body here and are recorded as ``meta.*`` removals, so "the date was
found" and "the dateline left the body" are separate facts.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from typing import ClassVar

from cleaners import langid
from cleaners.config import CleanConfig
from cleaners.dates import dateline, parse_date
from cleaners.document import Document, Line
from cleaners.rules.blocks import doc_span, headline_like, kept_lines
from cleaners.rules.lines import byline_names
from cleaners.textutil import (WORD, ends_sentence, is_cjk, is_menu_line,
                               label_key, word_count, words_of)

#: A score between two numbers, and the longest line of a scoreboard ("Bayern 3-1 Dortmund").
_SCORE = re.compile(r"(?<!\d)\d{1,3}\s*[-–:]\s*\d{1,3}(?!\d)")
MAX_SCORE_LINE_WORDS = 6
#: A title-tag line names its title among this many kept lines at the top.
TITLE_WINDOW = 5
#: The headline is looked for among this many lines above the article's first paragraph.
TITLE_REACH = 8
#: A line under a headline this short is its subheading, not the title.
SHORT_SUBHEADING = 6
#: A headline of at least this many words is preferred to a shorter line above it (a widget's
#: "Weather Giresun 14°C", a source line); shorter titles are taken when there is no such line.
FULL_TITLE_WORDS = 5
#: Longest title, in words.
MAX_TITLE_WORDS = 30
#: A title-tag line's trailing segments (section, site, date) are at most this many words.
MAX_TAG_SEGMENT_WORDS = 5

_PIPE = re.compile(r"\s+\|\s+")
_DASH = re.compile(r"\s+[-–—]\s+")
#: After a pipe, dashes separate the tail's segments too: "Headline | Section - Site".
_PIPE_THEN_ANY = re.compile(r"\s+[|–—-]\s+")
_QUOTES = str.maketrans({c: "'" for c in "′‵´`‘’‚‛"} | {c: '"' for c in "″‶“”„‟«»"})
_QUOTE_CHARS = re.compile("[′‵´`‘’‚‛″‶“”„‟«»]")


def _fold_quotes(text: str) -> str:
    # str.translate costs ~50 ns a character: only when there is a quote to fold.
    return text.translate(_QUOTES) if _QUOTE_CHARS.search(text) else text


def match_key(text: str) -> str:
    """Compare titles across quote styles and case.

    >>> match_key("the ′Islamic State′ militia") == match_key("The 'Islamic State' militia")
    True
    """
    return _fold_quotes(label_key(_fold_quotes(text)))


@dataclass(frozen=True, slots=True)
class TitleTag:
    """What a "Headline | Section | Site | 14.11.2017" line says."""

    title: str
    sitename: str | None
    date: str | None


class OtherLines:
    """The ``match_key`` forms of a document's lines but one, as a container, worked out lazily.

    Only lines with as many words as the key asked about can equal it (``label_key`` drops at
    most a trailing count), so only theirs are computed: a page of 300 lines costs no more than
    a short dump.
    """

    def __init__(self, lines: list[Line], but: Line) -> None:
        self.lines, self.but = lines, but

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str) or key == match_key(self.but.text):
            return False
        size = len(WORD.findall(key))
        return any(match_key(line.text) == key for line in self.lines
                   if "_" in line.text or size <= len(words_of(line.text)) <= size + 1)


def parse_title_tag(text: str, lang: str | None,
                    titles: Container[str]) -> TitleTag | None:
    """Recognise a title-tag line: a headline, then short segments (section, site, date).

    Pipes are enough; a dash-separated tail only counts when the head repeats a line of the
    document (dashes also join ordinary headlines).

    >>> parse_title_tag("Russia accuses US | News | DW | 14.11.2017", None, set())
    TitleTag(title='Russia accuses US', sitename='DW', date='2017-11-14')
    >>> parse_title_tag("Stepwell opens to the public | City News - The Daily Ledger", None, set())
    TitleTag(title='Stepwell opens to the public', sitename='The Daily Ledger', date=None)
    """
    for splitter in (_PIPE_THEN_ANY, _PIPE, _DASH):
        if splitter is _PIPE_THEN_ANY:
            head, bar, tail = text.partition(" | ")
            if not bar:
                continue
            parts = [head.strip(), *(p.strip() for p in splitter.split(tail) if p.strip())]
        else:
            parts = [p.strip() for p in splitter.split(text) if p.strip()]
        if len(parts) < 2 or word_count(parts[0]) < 2:
            continue
        head, tail = parts[0], parts[1:]
        if not all(word_count(p) <= MAX_TAG_SEGMENT_WORDS and not ends_sentence(p) for p in tail):
            continue
        if splitter is _DASH and match_key(head) not in titles:
            continue
        date = None
        names = []
        for segment in tail:
            found = parse_date(segment, lang)
            if found:
                date = date or found
            else:
                names.append(segment)
        return TitleTag(head, names[-1] if names else None, date)
    return None


class DetectLanguage:
    """Detect the document's language from its kept lines, unless the config names one."""

    name: ClassVar[str] = "language"

    def __init__(self, config: CleanConfig) -> None:
        self.hint = config.language or None

    def __call__(self, doc: Document) -> Document:
        kept = [line.text for line in doc.lines if line.kept]
        if self.hint:
            doc.language = self.hint
        elif doc.language is None:
            lang, score = langid.detect_document(kept)
            if score < 0.5 and doc.metadata.get("html_lang"):  # unsure: the page's lang wins
                lang = doc.metadata["html_lang"]
            doc.language = lang
            doc.metadata["language_score"] = round(score, 3)
        # Judge each long line by stopwords when that settles it; the others are left to the
        # model, which the off-language rule asks only about lines whose verdict can matter.
        for line in doc.lines:
            if not line.kept or not langid.line_needs_judging(line.text):
                continue
            if doc.language and langid.in_language_by_stopwords(line.text, doc.language):
                line.lang, line.lang_score = doc.language, 1.0
            else:
                line.lang_pending = True
        return doc


class ExtractTextMetadata:
    """Take datelines, title-tag lines and the title out of the body into metadata."""

    name: ClassVar[str] = "metadata"

    def __call__(self, doc: Document) -> Document:
        kept = [line for line in doc.lines if line.kept]
        tag: TitleTag | None = None
        for position, line in enumerate(kept):
            found = dateline(line.text, doc.language)
            if found is not None:
                doc.remove_line(line, "meta.dateline", "meta.date", self.name)
                if found.date and "date" not in doc.metadata:
                    doc.metadata["date"] = found.date
                continue
            if tag is None and position < TITLE_WINDOW + 2 and any(
                    sep in line.text for sep in (" | ", " - ", " – ", " — ")):
                parsed = parse_title_tag(line.text, doc.language, OtherLines(kept, line))
                if parsed is not None:
                    tag = parsed
                    doc.remove_line(line, "meta.title_tag", "meta.title-tag", self.name)
        if tag is not None:
            if tag.sitename:
                doc.metadata.setdefault("sitename", tag.sitename)
            if tag.date:
                doc.metadata.setdefault("date", tag.date)
        if doc.metadata.get("title"):  # the page said it; repeats go as duplicate titles
            return doc
        title_line = self._title_line(doc, tag)
        if title_line is not None:
            doc.metadata["title"] = title_line.text
            doc.remove_line(title_line, "meta.title", "meta.title", self.name)
        elif tag is not None:
            doc.metadata["title"] = tag.title
        return doc

    @staticmethod
    def _title_line(doc: Document, tag: TitleTag | None) -> Line | None:
        """The headline: the line the title tag names, else the headline-like line nearest
        above the first paragraph of the article.

        A whole-page dump holds menus, teasers and widget headings above the article; the
        headline is the last of them, right above the text (an intro sentence, a dateline or
        a byline may stand between). Lines of five words or more are preferred to shorter
        ones (a source line, a widget's "Weather Giresun 14°C").
        """
        kept = kept_lines(doc)
        span = doc_span(doc)
        start = None if span is None else span[0]
        if start is None:  # no sentence at all (Thai has no full stop): the first headline
            return next((line for line in kept[:TITLE_WINDOW] if _title_like(line.text)), None)
        if tag is not None:
            wanted = match_key(tag.title)
            for line in kept[:max(start, TITLE_WINDOW) + 1]:
                if match_key(line.text) == wanted:
                    return line
        above = kept[max(0, start - TITLE_REACH):start]
        nearest = None
        for i in range(len(above) - 1, -1, -1):
            if not _title_like(above[i].text):
                continue
            if _full_title(above[i].text):
                # A headline with its standfirst under it (longer) or a short subheading under
                # it: the line on top of the two, unless it is the last of a list of headlines
                # (teasers above the article).
                upper, lower = (above[i - 1].text, above[i].text) if i > 0 else ("", "")
                if (i > 0 and _full_title(upper) and _title_like(upper)
                        and (len(upper) < len(lower) or word_count(lower) <= SHORT_SUBHEADING)
                        and not (i > 1 and _title_like(above[i - 2].text))):
                    return above[i - 1]
                return above[i]
            nearest = nearest or above[i]
        return nearest


def _title_like(text: str) -> bool:
    """A line that could be a headline: long enough, mostly words, reads like a headline, no
    menu ("Home | World | Business")."""
    if not _long_enough(text) or word_count(text) > MAX_TITLE_WORDS:
        return False
    if "|" in text and is_menu_line(text):
        return False
    if word_count(text) <= MAX_SCORE_LINE_WORDS and _SCORE.search(text):
        return False  # a scoreboard: "Bayern 3-1 Dortmund"
    words = words_of(text)
    if sum(not w.isdigit() for w in words) * 3 < len(words) * 2:
        return False  # mostly numbers: a date, a time, a score
    return headline_like(text) or text.rstrip().endswith(("?", "!", "؟"))


def _long_enough(text: str) -> bool:
    """Long enough to be a title: three words, or six characters of a script without spaces."""
    return len(text) >= 6 if is_cjk(text) else word_count(text) >= 3


def _full_title(text: str) -> bool:
    return len(text) >= 10 if is_cjk(text) else word_count(text) >= FULL_TITLE_WORDS


class AuthorFromByline:
    """Fill ``author`` from a removed byline ("By Jane Doe, Science reporter" -> "Jane Doe"),
    else from an author's name alone under the headline."""

    name: ClassVar[str] = "author"

    def __call__(self, doc: Document) -> Document:
        if doc.metadata.get("author"):
            return doc
        for line in doc.lines:
            if line.removed_by == "byline.prefix":
                names = byline_names(line.text)
                if names:
                    doc.metadata["author"] = names
                    break
        else:
            name = next((line.text for line in doc.lines if line.removed_by == "byline.name"),
                        None)
            words = (name or "").split()
            while words and not words[0][:1].isupper() and words[0][:1].casefold() != \
                    words[0][:1].upper():
                words.pop(0)  # a byline word in lower case: "de Andrei Popescu"
            if words:
                doc.metadata["author"] = " ".join(words)
        return doc
