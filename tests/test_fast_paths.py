"""The shortcuts taken for speed change no verdict: gates, caches, linear patterns."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaners import clean_text
from cleaners.config import CleanConfig
from cleaners.rules.lines import LINE_RULES
from cleaners.stages.lines import ApplyLineRules
from cleaners.textutil import clear_text_caches

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
STAGE = ApplyLineRules(LINE_RULES, CleanConfig())


def ungated(text: str) -> int:
    """The first rule that matches, every rule tested: what the gates must reproduce."""
    for index, rule in enumerate(LINE_RULES):
        if len(text) <= rule.max_chars and rule.match(text):
            return index
    return -1


def fixture_lines() -> list[str]:
    lines = {line.strip() for path in sorted((FIXTURES / "cases").glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    for rule in LINE_RULES:
        lines.update(e.strip() for e in (*rule.examples, *rule.counterexamples))
    return sorted(lines)


@pytest.mark.parametrize("line", fixture_lines())
def test_gates_keep_every_verdict_on_fixture_lines(line: str) -> None:
    assert STAGE._verdict(line) == ungated(line)


LABELISH = st.sampled_from(["Share", "Facebook", "Twitter", "Anzeige", "Read more", "Views",
                            "Comments", "Fajr", "Prayer times", "By", "Foto", "AFP", "cookies",
                            "we use cookies", "_", "12", "1,024", "(3)", "/", ":", "»", "▲",
                            "广告", "إعلان", "Lesen Sie auch", "Newsletter", "{a:b}", "="])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(LABELISH, st.text(max_size=8)), max_size=6)
       .map(lambda parts: " ".join(parts).strip()))
@example("Views1,024")
@example("_Anzeige_")
@example("Share | Facebook")
def test_gates_keep_every_verdict_on_made_up_lines(line: str) -> None:
    if line:
        assert STAGE._verdict(line) == ungated(line)


def test_every_example_passes_its_gate() -> None:
    for rule in LINE_RULES:
        for line in rule.examples:
            assert rule in STAGE.candidates(line.strip()), (rule.name, line)


def test_remembered_verdicts_give_the_same_result() -> None:
    text = (FIXTURES / "cases" / "trap_cookielaw_de.txt").read_text(encoding="utf-8")
    first = clean_text(text).to_record()
    assert clean_text(text).to_record() == first  # from the caches
    clear_text_caches()
    assert clean_text(text).to_record() == first  # computed afresh


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    def expire(*_: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("line", ["_" * 200, "a_" * 100, "x" + "_-" * 100 + " caption",
                                  "Photo: " + "a/" * 200, "(" + "a/b " * 100 + ")"])
def test_caption_patterns_are_linear(line: str) -> None:
    # The old file-name pattern took 0.16 s on 30 underscores and doubled with each more.
    with deadline(2.0):
        for rule in LINE_RULES:
            rule.match(line)
        clean_text(f"Title of the story\n\n{line}\n\nA sentence of the article that ends.")


@settings(max_examples=500, deadline=None)
@given(st.text())
@example("«Élevé» l’été, n°5 my_cookies")
@example("हिन्दी")  # combining vowel signs are no word characters for the regex
def test_words_of_is_the_word_regex(text: str) -> None:
    from cleaners.textutil import WORD, casefold_nfkc, words_of

    assert words_of(text) == tuple(WORD.findall(casefold_nfkc(text)))


ARTICLE_EN = ("Council approves the new harbour plan\n\n"
              "The city council approved the new harbour plan on Tuesday after a long debate, "
              "with a large majority of the members voting in favour of it.\n\n"
              "{middle}\n\n"
              "Work on the first quay is to start next spring and should take two years, the "
              "mayor told the reporters who were waiting in the hall after the vote.\n\n"
              "{tail}")


def test_the_model_is_asked_only_where_a_verdict_can_matter(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaners import langid

    asked: list[str] = []
    real = langid.detect_line.__wrapped__

    def counting(text: str) -> tuple[str | None, float]:
        asked.append(text)
        return real(text)

    monkeypatch.setattr(langid, "detect_line", counting)
    middle = "Hafenplan: Bürgermeister Schulze verspricht Baubeginn im Frühjahr 2025"
    tail = ("Le conseil municipal a approuvé mardi le nouveau plan du port après un long "
            "débat.\n\nLes travaux du premier quai commenceront au printemps prochain.")
    result = clean_text(ARTICLE_EN.format(middle=middle, tail=tail))
    # The lone German line sits between English paragraphs: it stays whatever the model says.
    assert middle not in asked and middle in result.text
    # The French teasers at the end are asked about, and go.
    assert any(t.startswith("Le conseil") for t in asked)
    assert "Le conseil municipal" not in result.text
    assert [r.rule for r in result.removed].count("related.off_language") == 2


def test_gates_work_with_every_gated_rule_disabled() -> None:
    gated = [r.name for r in LINE_RULES if r.gate is not None]
    stage = ApplyLineRules(LINE_RULES, CleanConfig(disabled_rules=frozenset(gated)))
    assert all(r.gate is None for r in stage.rules)
    assert stage._verdict(">>") == [r.name for r in stage.rules].index("nav.symbols")
    assert stage._verdict("Advertising") == -1
