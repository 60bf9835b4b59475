"""Every rule's examples are removed under its name; its counterexamples are kept."""

from __future__ import annotations

import pytest

from cleaners import clean_text
from cleaners.rules.base import CATEGORIES, BlockRule, LineRule
from cleaners.rules.registry import all_rules, by_category, by_name

RULES = all_rules()
LINE = [r for r in RULES if isinstance(r, LineRule)]
BLOCK = [r for r in RULES if isinstance(r, BlockRule)]

#: A small article the line-rule examples are set into, so they go through the whole pipeline.
ARTICLE = ("Council approves the new harbour plan\n\n"
           "The city council approved the new harbour plan on Tuesday after a long debate, "
           "with a large majority of the members voting in favour of it.\n\n{line}\n\n"
           "Work on the first quay is to start next spring and should take two years, the "
           "mayor told reporters after the vote.\n\n"
           "The opposition said the plan was too expensive and would ask for an audit.")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_rule_is_documented(rule: LineRule | BlockRule) -> None:
    assert rule.category in CATEGORIES
    assert rule.examples, f"{rule.name} has no examples"
    assert rule.counterexamples, f"{rule.name} has no counterexamples"


@pytest.mark.parametrize(("rule", "example"), [(r, e) for r in LINE for e in r.examples],
                         ids=lambda v: v.name if isinstance(v, LineRule) else v[:30])
def test_line_rule_removes_example(rule: LineRule, example: str) -> None:
    assert rule.match(example.strip()), f"{rule.name} does not match {example!r}"
    result = clean_text(ARTICLE.format(line=example))
    assert rule.name in [r.rule for r in result.removed]
    assert example.strip() not in result.text


@pytest.mark.parametrize(("rule", "counter"), [(r, c) for r in LINE for c in r.counterexamples],
                         ids=lambda v: v.name if isinstance(v, LineRule) else v[:30])
def test_line_rule_keeps_counterexample(rule: LineRule, counter: str) -> None:
    assert not rule.match(counter.strip()), f"{rule.name} matches {counter!r}"


@pytest.mark.parametrize(("rule", "example"), [(r, e) for r in BLOCK for e in r.examples],
                         ids=lambda v: v.name if isinstance(v, BlockRule) else v[:30])
def test_block_rule_removes_example(rule: BlockRule, example: str) -> None:
    result = clean_text(example)
    assert rule.name in [r.rule for r in result.removed]


@pytest.mark.parametrize(("rule", "counter"), [(r, c) for r in BLOCK for c in r.counterexamples],
                         ids=lambda v: v.name if isinstance(v, BlockRule) else v[:30])
def test_block_rule_keeps_counterexample(rule: BlockRule, counter: str) -> None:
    result = clean_text(counter)
    assert rule.name not in [r.rule for r in result.removed]


def test_lookup_by_name_and_category() -> None:
    assert by_name("ad.label").category == "ad"
    assert {r.name for r in by_category("related")} >= {"related.tail_run", "related.heading"}
    with pytest.raises(KeyError):
        by_name("no.such.rule")


def test_every_gold_drop_kind_has_a_rule() -> None:
    kinds = {"related", "nav", "ad", "share", "cookie", "comments", "byline", "caption",
             "readmore", "widget", "loading", "counter", "css", "duplicate-title", "prayer",
             "js", "newsletter"}
    assert kinds <= {r.category for r in RULES}
