"""One frozen configuration object for the library; the CLI and Scrapy both build it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Self


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """What a user may change about cleaning. Thresholds that belong to one rule live on it."""

    #: Language hint (ISO 639-1). Empty means: detect.
    language: str = ""
    #: Rule names (or whole categories) to switch off, e.g. {"caption"} or {"prayer.widget"}.
    disabled_rules: frozenset[str] = frozenset()
    #: Keep image captions in the text instead of removing them.
    keep_captions: bool = False
    #: Add the audit (what was removed and why) to each record.
    explain: bool = False

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any] | None) -> Self:
        """Build a config from CLI options or the ``CLEANERS`` setting; unknown keys are errors."""
        mapping = dict(mapping or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(mapping) - known)
        if unknown:
            raise ValueError(f"unknown cleaner option(s): {', '.join(unknown)}; "
                             f"known: {', '.join(sorted(known))}")
        if "disabled_rules" in mapping:
            mapping["disabled_rules"] = frozenset(mapping["disabled_rules"] or ())
        if mapping.get("language"):
            language = str(mapping["language"]).strip().lower()
            # A wrong hint would mark every line off-language and empty the article.
            if not re.fullmatch(r"[a-z]{2,3}", language):
                raise ValueError(f"language must be an ISO 639-1 code such as 'en' or 'de', "
                                 f"not {mapping['language']!r}")
            mapping["language"] = language
        return cls(**mapping)

    def enabled(self, rule_name: str, category: str) -> bool:
        """Tell whether a rule runs under this config."""
        if category == "caption" and self.keep_captions:
            return False
        return rule_name not in self.disabled_rules and category not in self.disabled_rules
