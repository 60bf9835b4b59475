"""The registry of every rule, by name and by category."""

from __future__ import annotations

from functools import cache

from cleaners.rules.base import BlockRule, LineRule
from cleaners.rules.blocks import BLOCK_RULES
from cleaners.rules.lines import LINE_RULES

Rule = LineRule | BlockRule


@cache
def all_rules() -> tuple[Rule, ...]:
    """Return every rule, line rules first, each name once."""
    rules: tuple[Rule, ...] = (*LINE_RULES, *BLOCK_RULES)
    names = [r.name for r in rules]
    duplicated = {n for n in names if names.count(n) > 1}
    if duplicated:
        raise RuntimeError(f"rule names used twice: {sorted(duplicated)}")
    return rules


def by_name(name: str) -> Rule:
    """Return the rule with this name."""
    for rule in all_rules():
        if rule.name == name:
            return rule
    raise KeyError(f"no rule named {name!r}")


def by_category(category: str) -> tuple[Rule, ...]:
    """Return the rules that remove this category."""
    return tuple(r for r in all_rules() if r.category == category)
