"""Metadata of text dumps: the title among the junk above the article."""

from __future__ import annotations

import pytest

from cleaners import clean_text

BODY = ("The regional council approved the new tram line on Tuesday evening after a debate that "
        "lasted almost four hours.\n\n"
        "Construction is to start next spring, and the first trams should run in three years, "
        "the transport department said.\n\n"
        "The opposition called the plan too expensive and asked the audit office to review it.")
HEADLINE = "Council approves the new tram line after a long debate"


@pytest.mark.parametrize("top", [
    # A menu, one item a line, under a widget line of three words.
    "Weather Lisbon 14°C\nNews\nPolitics\nBusiness\nCulture",
    # A prayer-time widget whose city and times no rule has removed yet.
    "Prayer times\nLisbon\nFajr\n05:25\nDhuhr\n12:10\nAsr\n15:04",
    # A consent banner in a language with no vocabulary, then its buttons.
    "Tato stránka používá cookies, abychom vám mohli nabídnout ty nejlepší služby. "
    "Pokračováním souhlasíte.\nSouhlasím\nNastavení",
    # Teasers of other stories and a section label above the article.
    "Mayor opens the renovated city library\nStorm damages roofs in the old town\nLocal",
])
def test_title_is_the_headline_above_the_article(top: str) -> None:
    result = clean_text(f"{top}\n\n{HEADLINE}\n\n{BODY}")
    assert result.title == HEADLINE


def test_headline_over_its_standfirst() -> None:
    standfirst = ("The line links the station with the university and the hospital and includes "
                  "twelve stops and a new bridge")
    result = clean_text(f"{HEADLINE}\n\n{standfirst}\n\n{BODY}")
    assert result.title == HEADLINE
    assert standfirst in result.text


def test_a_date_is_no_title() -> None:
    result = clean_text(f"{HEADLINE}\n\n7. 12. 2017 22:14 CET\n\n{BODY}")
    assert result.title == HEADLINE


def test_no_headline_no_title() -> None:
    result = clean_text(BODY)
    assert result.title is None
    assert result.text == BODY


def test_a_text_without_full_stops_loses_no_paragraph() -> None:
    # Thai ends sentences with a space, not a full stop: no line reads as a sentence, so
    # nothing may be taken for the page's header above a headline.
    paragraphs = ["กรุงเทพมหานครเตรียมเปิดใช้บึงรับน้ำแห่งใหม่ในเขตลาดพร้าว ซึ่งสามารถรองรับน้ำได้มาก",
                  "ผู้ว่าราชการกรุงเทพมหานคร กล่าวว่า โครงการนี้ใช้งบประมาณกว่า 800 ล้านบาท",
                  "เสียงจากชาวบ้าน",
                  "นางสมศรี ชาวบ้านในชุมชนใกล้เคียง กล่าวว่า ทุกปีน้ำท่วมบ้านเกือบ 1 เมตร"]
    text = "\n\n".join(["กทม. เตรียมเปิดใช้บึงรับน้ำแห่งใหม่ ลดน้ำท่วมย่านลาดพร้าว", *paragraphs])
    result = clean_text(text)
    assert result.text.split("\n\n") == paragraphs


def test_words_keep_their_combining_marks() -> None:
    from cleaners.textutil import word_count, words_of

    assert words_of("दिल्ली में प्रदूषण") == ("दिल्ली", "में", "प्रदूषण")  # vowel signs
    assert words_of("مُحَمَّد رسول") == ("مُحَمَّد", "رسول")  # short vowels
    assert word_count("নিজস্ব প্রতিবেদক") == 2


def test_facts_about_kept_lines_are_worked_out_again_after_a_removal() -> None:
    from cleaners.document import Document, Line

    doc = Document(lines=[Line(0, "one", "one", True), Line(1, "two", "two", False)])
    calls: list[int] = []

    def kept(d: Document) -> list[str]:
        calls.append(1)
        return [line.text for line in d.lines if line.kept]

    assert doc.derived("kept", kept) == ["one", "two"]
    assert doc.derived("kept", kept) == ["one", "two"] and len(calls) == 1, "remembered"
    doc.remove_line(doc.lines[0], "nav.label", "nav", "line_rules")
    assert doc.derived("kept", kept) == ["two"] and len(calls) == 2, "a removal starts over"
