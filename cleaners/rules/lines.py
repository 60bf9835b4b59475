"""Line rules: tests on one line of extracted text, grouped by category.

Vocabulary rules read ``cleaners/vocab``; structure rules (CSS, JS, counters, crumbs, credits)
need none. Each rule carries examples it must remove and counterexamples it must keep.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from cleaners import vocab
from cleaners.rules.base import Gate, LineRule
from cleaners.textutil import (DIGITS, WORD, casefold_nfkc, ends_sentence, is_cjk,
                               label_key, word_count, words_of)

Matcher = Callable[[str], bool]

#: Longest line a whole-line label can be; longer lines are never labels.
MAX_LABEL_CHARS = 80
#: Longest line a consent or newsletter phrase may sit in; longer ones are article prose.
MAX_PHRASE_LINE_CHARS = 600


def _label(category: str) -> Matcher:
    """Build a matcher: the whole line equals a vocabulary label of ``category``."""
    def match(text: str) -> bool:
        return len(text) <= MAX_LABEL_CHARS and label_key(text) in vocab.labels(category)
    return match


_DOUBLE_QUOTES = tuple('"„“”«»「」『』')


def _quoted(text: str, start: int) -> bool:
    """Tell whether position ``start`` sits inside double quotes (an odd number of them before)."""
    return sum(text.count(q, 0, start) for q in _DOUBLE_QUOTES) % 2 == 1


def _phrase(name: str) -> Matcher:
    """Build a matcher: the (not too long) line contains a vocabulary phrase of ``name``.

    A phrase inside double quotes is an article quoting a banner ("„Wir verwenden Cookies“,
    heißt es dort"), not the banner: it stays.
    """
    def match(text: str) -> bool:
        if len(text) > MAX_PHRASE_LINE_CHARS:
            return False
        index = vocab.phrase_index(name)
        if index is None:
            return False
        key = casefold_nfkc(text)
        return any(not _quoted(key, start) for start in index.finditer(key, words_of(text)))
    return match


def _phrase_rule(name: str, category: str, phrases: str, examples: tuple[str, ...],
                 counterexamples: tuple[str, ...]) -> LineRule:
    """A rule removing the (not too long) lines that contain a phrase of ``phrases``."""
    return LineRule(name, category, _phrase(phrases), max_chars=MAX_PHRASE_LINE_CHARS,
                    examples=examples, counterexamples=counterexamples,
                    gate=Gate(lambda: vocab.phrases(phrases)))


def _labels_gate(*categories: str) -> Gate:
    """Gate of whole-line label rules: the line holds a word of one of the labels."""
    return Gate(lambda: frozenset().union(*(vocab.labels(c) for c in categories)))


def _words_gate(*names: str, also: tuple[str, ...] = (), chars: str = "") -> Gate:
    return Gate(lambda: frozenset().union(*(vocab.words(n) for n in names)) | set(also), chars)


# ---------------------------------------------------------------- ad, loading, widget, nav

AD_LABEL = LineRule(
    "ad.label", "ad", _label("ad"), max_chars=MAX_LABEL_CHARS,
    examples=("Advertising", "Anzeige", "- Publicidad -", "ADVERTISEMENT", "إعلان"),
    counterexamples=("Advertising revenue fell sharply in the third quarter.",
                     "Die Anzeige wurde am Montag bei der Polizei erstattet."),
    gate=_labels_gate("ad"),
)

LOADING_LABEL = LineRule(
    "loading.label", "loading", _label("loading"), max_chars=MAX_LABEL_CHARS,
    examples=("loading...", "Loading …", "Wird geladen", "Cargando..."),
    counterexamples=("Loading the ships took three days.",),
    gate=_labels_gate("loading"),
)

WIDGET_LABEL = LineRule(
    "widget.label", "widget", _label("widget"), max_chars=MAX_LABEL_CHARS,
    examples=("Featured Post", "Most Read", "Meistgelesen", "الأكثر قراءة"),
    counterexamples=("The most read book of the year was a thriller.",),
    gate=_labels_gate("widget"),
)

_WIDGET_CREDIT = re.compile(r"^(?:[\w ]{0,30} )?widgets? by \w+|^powered by \w+", re.I)
#: The credits a site footer strings together: "Powered by WordPress | Theme by TagDiv".
_FOOTER_CREDIT = re.compile(r"^(?:powered|theme|themes|designed|developed|hosted|built|crafted|"
                            r"made)(?: with \S+)? by \S+(?: \S+)?$", re.I)


def _is_widget_credit(text: str) -> bool:
    if ends_sentence(text):
        return False
    if word_count(text) <= 5 and _WIDGET_CREDIT.match(text):
        return True
    parts = [p.strip() for p in text.split("|")]
    return (len(parts) >= 2 and all(_FOOTER_CREDIT.match(p) for p in parts)
            and any(p.lower().startswith(("powered", "theme")) for p in parts))


WIDGET_CREDIT = LineRule(
    "widget.credit", "widget", _is_widget_credit, max_chars=MAX_LABEL_CHARS,
    examples=("Related Posts Widget by Zemanta", "Powered by WordPress",
              "Powered by WordPress | Theme by TagDiv"),
    counterexamples=("Powered by solar panels, the village now has light all night.",
                     "Designed by Gehry | Built by locals"),
    gate=Gate(lambda: ("widget", "widgets", "powered", "theme", "themes")),
)

#: "Tags: a, b, c": a tags label, a colon, then short items (separated or not).
_TAGS_HEAD = re.compile(r"^(.{2,30}?)\s*[:：]\s*(\S.*)$")
_TAG_SEPARATORS = re.compile(r"\s*[,،、;|/]\s*|\s+[·•]\s+")


def _is_tags(text: str) -> bool:
    """A list of tags or topics under its label: "Tags: Syria, Russia", "برچسب‌ها: ...", or
    the label alone over the tags of the next lines ("Topics")."""
    if len(text) <= MAX_LABEL_CHARS and label_key(text) in vocab.labels("tags"):
        return True
    m = _TAGS_HEAD.match(text)
    if not m or label_key(m.group(1)) not in vocab.labels("tags"):
        return False
    listed = m.group(2).rstrip(" .")
    items = [i for i in _TAG_SEPARATORS.split(listed) if i]
    if len(items) == 1:
        return word_count(listed) <= 6 and not ends_sentence(m.group(2))
    return all(word_count(i) <= 5 for i in items)


WIDGET_TAGS = LineRule(
    "widget.tags", "widget", _is_tags, max_chars=300,
    examples=("Tags: Syria, Russia, United States", "Schlagwörter: Hafen · Stadtrat · Haushalt",
              "Topics: Football", "Keywords"),
    counterexamples=("Topics: the economy was the main issue of the campaign, the poll found.",
                     "Tags: the police said the tags on the car were stolen in March last year"),
    gate=_labels_gate("tags"),
)

NAV_LABEL = LineRule(
    "nav.label", "nav", _label("nav"), max_chars=MAX_LABEL_CHARS,
    examples=("Back to top", "Startseite", "الرئيسية", "Skip to content"),
    counterexamples=("Home prices rose for the fifth month in a row.",),
    gate=_labels_gate("nav"),
)

_NO_WORDS = re.compile(r"^[^\w]{1,12}$")

NAV_SYMBOLS = LineRule(
    "nav.symbols", "nav", lambda t: bool(_NO_WORDS.match(t)), max_chars=12,
    examples=(">>", "«", "|", "→"),
    counterexamples=("A", "12", "Ok."),
)

#: Breadcrumb separators: "Home > World > Europe", "Start » Politik".
_CRUMB_SEP = re.compile(r"\s+(?:>|»|›|/|\\|::|→)\s+")


def _is_crumbs(text: str) -> bool:
    """A breadcrumb trail: 2-6 short segments joined by arrows or slashes.

    A guillemet after an opening one closes a quote ("Un bouton « Tout refuser » caché").
    """
    if len(text) > 120 or ends_sentence(text):
        return False
    if "«" in text or "‹" in text:
        text = text.replace("«", " ").replace("»", " ").replace("‹", " ").replace("›", " ")
    parts = _CRUMB_SEP.split(text)
    if not 2 <= len(parts) <= 6 or not all(0 < word_count(p) <= 4 for p in parts):
        return False
    if not all(any(c.isalpha() for c in p) for p in parts):
        return False  # "3 > 2 > 1" compares numbers
    first = label_key(parts[0])
    # A slash alone joins authors or agencies ("AFP / Getty"), so it needs a nav word first.
    if "/" in text and not any(s in text for s in (">", "»", "›", "→", "::")):
        return first in vocab.labels("nav")
    return True


NAV_CRUMBS = LineRule(
    "nav.crumbs", "nav", _is_crumbs, max_chars=120,
    examples=("Home > World > Europe", "Startseite » Politik » Ausland", "Home / News / Syria"),
    counterexamples=("Stringer / AFP / Getty", "Prices: 3 > 2 > 1", "Kurs: 10 > 5",
                     "Un bouton « Tout refuser » caché"),
    gate=Gate(chars=">»›/\\:→"),
)

# ---------------------------------------------------------------- css, js

#: A brace block (no nesting): linear to match. An earlier pattern with a repeated
#: "prop: value" group inside backtracked exponentially on an unclosed "p {a:b a:b ...".
_CSS_BLOCK = re.compile(r"[^{}]*\{[^{}]*\}")
_CSS_BLOCK_AFTER = re.compile(r"(?:^|(?<=\}))[^{}]*+\{[^{}]*+\}")
_CSS_DECLARATION = re.compile(r"\{\s*[-a-zA-Z]+\s*:\s*[^;{}]")
_CSS_AT = re.compile(r"^\s*@(?:media|import|font-face|keyframes|charset|supports|page|-webkit-)\b")
#: What may stand before "{" in a CSS rule: selectors, no prose punctuation or quotes outside [].
_CSS_SELECTOR = re.compile(r"^[-\w\s.#:>+~,*()|^$=\[\]\"'@]+\{")
_HTML_TAGS = frozenset("""a abbr article aside b blockquote body button caption div dl dt dd em
figcaption figure footer form h1 h2 h3 h4 h5 h6 header html i iframe img input label li main nav
ol p pre section span strong sub sup table tbody td th thead tr u ul video""".split())


def _selector_like(head: str) -> bool:
    """Tell whether the text before "{" reads as a CSS selector list, not as prose."""
    head = re.sub(r"\[[^\]]*\]", "", head).strip()  # attribute selectors may quote
    if not head or any(q in head for q in "\"'"):
        return False
    if any(c in head for c in ".#:>"):
        return True
    return all(w in _HTML_TAGS or w == "*" for w in re.split(r"[\s,+~]+", head) if w)


def _is_css(text: str) -> bool:
    """CSS leaking into text: rules with braces, @-rules, or a selector that opens a block."""
    if _CSS_AT.match(text):
        return True
    if "{" not in text or ":" not in text:
        return False
    # On a long line the blocks are found from line start or a closing brace only: tried
    # from every position the pattern is quadratic ("a" * 40000 + "{a:" took 2 s).
    blocks = (_CSS_BLOCK_AFTER if len(text) > 2000 else _CSS_BLOCK).findall(text)
    covered = sum(len(b) for b in blocks)
    stripped = text.strip()
    return (bool(blocks) and covered >= 0.6 * len(text) and bool(_CSS_SELECTOR.match(stripped))
            and any(_CSS_DECLARATION.search(b) for b in blocks)
            and _selector_like(stripped.split("{", 1)[0]))


CSS_RULE = LineRule(
    "css.rule", "css", _is_css,
    examples=(".node-type-article .article-body > p:last-of-type::after{content:none}",
              "@media (max-width: 600px) { .ad { display: none; } }",
              "#main .caption { font-size: 12px; color: #333 }"),
    counterexamples=("The set {1, 2, 3} has three elements: one, two and three.",
                     'He wrote "{note: see below}" in the margin.',
                     "p {" + "a:b " * 40 + "and so the styles never close"),
    gate=Gate(chars="{@"),
)

_JS_TOKENS = re.compile(
    r"""(?:\b(?:var|let|const)\s+[\w$]+\s*=|\bfunction\s*[\w$]*\s*\(|=>\s*\{|\bwindow\.[\w$]|
        \bdocument\.(?:getElement|querySelector|write|createElement|addEventListener)|
        \bgoogletag\.|\badsbygoogle\b|\bdataLayer\.push|\bjQuery\s*\(|\$\(\s*(?:document|window|['"])|
        \bconsole\.log\(|\.push\(\s*\{|\bnew\s+Date\(\)|\breturn\s+false;|\btypeof\s+\w+\s*[!=]==?|
        \bif\s*\(\s*!?\s*window\b|\}\s*\)\s*\(\s*\)\s*;?|\bfbq\s*\(|\bgtag\s*\()""",
    re.X,
)
_CODE_CHARS = re.compile(r"[{}();=<>\[\]$&|]")


def _is_js(text: str) -> bool:
    """JavaScript leaking into text: JS tokens in a line dense with code punctuation."""
    if len(_CODE_CHARS.findall(text)) < max(3, len(text) // 25):
        return False
    return bool(_JS_TOKENS.search(text))


JS_STATEMENT = LineRule(
    "js.statement", "js", _is_js,
    examples=("(adsbygoogle = window.adsbygoogle || []).push({});",
              "var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-1']);",
              "googletag.cmd.push(function() { googletag.display('div-gpt-ad-1'); });",
              "window.dataLayer = window.dataLayer || []; "
              "function gtag(){dataLayer.push(arguments);}"),
    counterexamples=("The function of the council is to advise the government.",
                     "Let x = 5 (in the model), then costs rise."),
    gate=Gate(chars="{}();=<>[]$&|"),
)

# ---------------------------------------------------------------- cookie, newsletter

COOKIE_PHRASE = _phrase_rule(
    "cookie.phrase", "cookie", "cookie",
    examples=("This website uses cookies to improve your experience. By continuing to use this "
              "site you accept our use of cookies.",
              "Diese Website, walaw.press, verwendet Cookies, um Ihnen ein gutes Surferlebnis zu "
              "bieten."),
    counterexamples=("Bake the cookies for twelve minutes until golden.",
                     "The EU cookie law forces websites to ask before they store data.",
                     "Der Banner sagt „Wir verwenden Cookies, um Ihnen das beste Erlebnis zu "
                     "bieten“, darunter ein großer Knopf.",
                     "Die Cookie-Richtlinie der EU gilt seit 2011."),
)

NEWSLETTER_LABEL = LineRule(
    "newsletter.label", "newsletter", _label("newsletter"), max_chars=MAX_LABEL_CHARS,
    examples=("Newsletter", "Subscribe now", "Newsletter abonnieren"),
    counterexamples=("The newsletter reached 20,000 readers in its first month.",),
    gate=_labels_gate("newsletter"),
)

NEWSLETTER_PHRASE = _phrase_rule(
    "newsletter.phrase", "newsletter", "newsletter_phrases",
    examples=("Sign up for our newsletter and get the best stories every morning.",),
    counterexamples=("She signed up for the army in 1998.",),
)

COMMENTS_PHRASE = _phrase_rule(
    "comments.phrase", "comments", "comments_phrases",
    examples=("Your email address will not be published. Required fields are marked *",
              "Be the first to comment on this story!"),
    counterexamples=("The minister declined to comment on the report on Monday.",
                     "Readers left more than 2,000 comments under the article within a day."),
)

WIDGET_PHRASE = _phrase_rule(
    "widget.phrase", "widget", "widget_phrases",
    examples=("Follow us on Facebook and Instagram for the latest news",
              "Download our app for free"),
    counterexamples=("The band asked its fans to follow the tour on social media.",),
)

# ---------------------------------------------------------------- read more, share, comments

READMORE_LABEL = LineRule(
    "readmore.label", "readmore", _label("readmore"), max_chars=MAX_LABEL_CHARS,
    examples=("Mehr lesen", "Read more", "Read more »", "Lire la suite", "اقرأ المزيد"),
    counterexamples=("Readers who want to read more about the case can find the ruling online.",),
    gate=_labels_gate("readmore"),
)

#: (The Bengali visarga "ঃ" serves as a colon: "আরও পড়ুনঃ ...".)
_LINK_HEAD = re.compile(r"^(.{2,40}?)\s*(?:(?::|\||»|›|>|→|–|—|-)\s+|[：ঃ]\s*)(\S.*)$")


@cache
def _link_label_starts() -> frozenset[str]:
    """The first words of the read-more and related labels: a link's line starts with one."""
    labels = vocab.labels("readmore") | vocab.labels("related")
    return frozenset(found[0] for found in map(WORD.findall, labels) if found)


def _is_readmore_link(text: str) -> bool:
    """A "Read also: <headline>" link: a read-more/related label, a colon, then a headline."""
    if words_of(text)[:1] and words_of(text)[0] not in _link_label_starts():
        return False  # (the label is the head, so its first word is the line's)
    m = _LINK_HEAD.match(text)
    if not m or word_count(m.group(2)) > 25:
        return False
    head = label_key(m.group(1))
    return head in vocab.labels("readmore") or head in vocab.labels("related")


READMORE_LINK = LineRule(
    "readmore.link", "readmore", _is_readmore_link,
    examples=("Lesen Sie auch: Trump und Putin treffen sich in Vietnam",
              "READ MORE: Russia accuses US of covering for IS",
              "اقرأ أيضا: موسكو تتهم واشنطن",
              "関連記事：木星の衛星エウロパに水噴出の痕跡か"),
    counterexamples=("Read more: that was the teacher's advice to every pupil who wanted to "
                     "improve, and she repeated it every single day of the school year, "
                     "whatever the weather and whoever was listening to her.",
                     "Also: the council voted to close the bridge."),
    gate=_labels_gate("readmore", "related"),
)

_SHARE_SPLIT = re.compile(r"[\s,|/·•]+")
#: The separators of a share bar's items; a label may head them ("Share: Facebook | X").
_SHARE_ITEMS = re.compile(r"\s*[,|/·•:：]\s*")


def _is_share(text: str) -> bool:
    """A share label, or a line made only of share labels and network names ("Facebook
    Twitter E-Mail", "Share: Facebook | X | Copy link")."""
    if len(text) > MAX_LABEL_CHARS:
        return False
    key = label_key(text)
    labels = vocab.labels("share")
    if key in labels:
        return True
    names = 0
    for item in _SHARE_ITEMS.split(key):
        item = label_key(item) if item else ""
        if not item:
            continue
        if item in labels:  # an item of several words: "copy link", "نسخ الرابط"
            names += 1
            continue
        for piece in _SHARE_SPLIT.split(item):
            piece = label_key(piece) if piece else ""
            if piece:
                if piece not in labels:
                    return False  # one word that is no network's name: prose
                names += 1
    return names >= 2


SHARE_LABEL = LineRule(
    "share.label", "share", _is_share, max_chars=MAX_LABEL_CHARS,
    examples=("Share.", "Teilen", "Facebook Twitter WhatsApp E-Mail", "Share on Facebook",
              "Share: Facebook | X | LinkedIn | Copy link"),
    counterexamples=("Shares in the company fell 4% on Monday.", "Twitter was down for an hour."),
    gate=_labels_gate("share"),
)

COMMENTS_LABEL = LineRule(
    "comments.label", "comments", _label("comments"), max_chars=MAX_LABEL_CHARS,
    examples=("Leave A Reply", "Comments (3)", "Kommentare", "Leave a comment"),
    counterexamples=("Comments made by the minister on Tuesday caused outrage.",),
    gate=_labels_gate("comments"),
)

# ---------------------------------------------------------------- counters

_BARE_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:[.,\s]\d{3})*(?:[.,]\d+)?\s*[kKmM]?\+?$")


#: Symbols and emoji a counter's number may stand behind: "👁 2 347", "♥ 12", "💬 3".
_COUNTER_SYMBOLS = " \t👁👀♥❤♡💬🗨✉⭐★☆🔥👍📖⏱🕑•·"


def _is_bare_counter(text: str) -> bool:
    """A lone number left by a like/share/comment counter ("0", "1.2K", "👁 2 347")."""
    return len(text) <= 12 and bool(_BARE_NUMBER.match(text.strip(_COUNTER_SYMBOLS)))


COUNTER_BARE = LineRule(
    "counter.bare", "counter", _is_bare_counter, max_chars=12,
    examples=("0", "12", "1.2K", "3,456", "👁 2 347"),
    counterexamples=("3:1", "1. Max Verstappen 1:32:04.123", "2017 was a hard year."),
    gate=Gate(chars=DIGITS),
)

_DIGIT = re.compile(r"\d")
_NUM_WORDS = re.compile(r"^\s*(\d[\d.,\s]*[kKmM]?)\s+(\S.{0,30}?)\s*$"  # "12 Comments"
                        r"|^\s*(\S.{0,30}?)\s*[:(]?\s*(\d[\d.,]*[kKmM]?)\)?\s*$")  # "Views: 1,024"



def _is_social_counter(text: str) -> bool:
    """A number with a counter noun: "12 Comments", "Views: 1,024", "3 تعليقات"."""
    if len(text) > 50 or not _DIGIT.search(text):
        return False
    counters = vocab.words("counter")
    m = _NUM_WORDS.match(text)
    if m:
        noun = m.group(2) if m.group(2) is not None else m.group(3)
        if label_key(noun) in counters:
            return True
    # "Lesezeit: 3 Min.", "Tempo de leitura: 4 min", "Reading time 5 minutes": noun, number,
    # unit, each counter words.
    tokens = text.split()
    return (len(tokens) >= 3 and tokens[-2].isdigit() and len(tokens[-2]) <= 3
            and label_key(tokens[-1]) in counters
            and label_key(" ".join(tokens[:-2])) in counters)


COUNTER_SOCIAL = LineRule(
    "counter.social", "counter", _is_social_counter, max_chars=50,
    examples=("12 Comments", "Views: 1,024", "0 Kommentare", "3 shares"),
    counterexamples=("12 people were killed", "3 Tore in 10 Minuten"),
    # Gated by digits: the regex lets a noun touch its number ("Views1,024"), so no word can.
    gate=Gate(chars=DIGITS),
)

#: A media player's clock: "00:00 / 04:12".
_PLAYER_TIMES = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?\s*/\s*\d{1,2}:\d{2}(?::\d{2})?$")

WIDGET_PLAYER = LineRule(
    "widget.player", "widget", lambda t: bool(_PLAYER_TIMES.match(t)), max_chars=20,
    examples=("00:00 / 04:12", "0:00/1:02:30"),
    counterexamples=("Bayern 2:1 Dortmund", "10:30 / Berlin"),
    gate=Gate(chars="/"),
)

#: An embedded post's attribution: "— Town Council (@TownCouncil) March 2, 2024",
#: "A post shared by Jane (@jane.doe)".
_HANDLE = re.compile(r"\(@[\w.]{1,30}\)")

WIDGET_EMBED = LineRule(
    "widget.embed", "widget",
    lambda t: bool(_HANDLE.search(t)) and word_count(t) <= 20 and not ends_sentence(t),
    max_chars=160,
    examples=("— Seahaven Town Council (@SeahavenTC) March 2, 2024",
              "A post shared by Missing People (@missingpeople)"),
    counterexamples=("The council wrote on X that the bins work.",
                     "Senator Jane Doe (@SenJaneDoe) wrote on X that the plan was dead."),
    gate=Gate(chars="@"),
)

#: A gallery's counter: "1/12", "3 / 12".
_GALLERY = re.compile(r"^(\d{1,3})\s*/\s*(\d{1,3})$")

WIDGET_GALLERY = LineRule(
    "widget.gallery", "widget",
    lambda t: bool(m := _GALLERY.match(t)) and 0 < int(m[1]) <= int(m[2]), max_chars=9,
    examples=("1/12", "3 / 12"),
    counterexamples=("12/1", "3/4 cup"),
    gate=Gate(chars="/"),
)

#: Hashtags: "#Syria #Russia", "#陸上養殖　#廃校活用".
_HASHTAG = re.compile(r"#[^\s#]+")


def _is_hashtags(text: str) -> bool:
    """A line of hashtags only."""
    tags = _HASHTAG.findall(text)
    return len(tags) >= 1 and not _HASHTAG.sub("", text).strip(" ,·|\u3000")


WIDGET_HASHTAGS = LineRule(
    "widget.hashtags", "widget", _is_hashtags, max_chars=300,
    examples=("#Syria #Russia #Trump", "#陸上養殖　#廃校活用　#地域おこし"),
    counterexamples=("We're #1 in the league this year", "#"),
    gate=Gate(chars="#"),
)

#: A copyright notice: "© 2024 Daily Example. All rights reserved.", "(c) 2016–2024 Site".
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright\b)\s*(?:\d{4}|[^\W\d_])", re.I)


def _is_copyright(text: str) -> bool:
    """A site's copyright notice: © and the year or the owner, "(c) 2024", "Copyright 2024"
    (a sentence about copyright stays)."""
    if len(text) > 400 or not _COPYRIGHT.match(text):
        return False
    if ends_sentence(text) and word_count(text) > 12 and "©" not in text[:3]:
        return False
    if not text.lstrip().startswith("©") and not _YEAR_NEAR.search(text[:20]):
        return False  # "(c)" and "Copyright" need the year close by
    return len(text) > 80 or _YEAR_NEAR.search(text[:40]) is not None


_YEAR_NEAR = re.compile(r"(?:19|20)\d{2}")

NAV_FOOTER = _phrase_rule(
    "nav.footer", "nav", "footer_phrases",
    examples=("Daily Example Ltd. All rights reserved. Registered in England.",
              "Tüm hakları saklıdır. İzinsiz kullanılamaz."),
    counterexamples=("The court ruled that the authors had reserved their rights to the film.",),
)

NAV_COPYRIGHT = LineRule(
    "nav.copyright", "nav", _is_copyright, max_chars=400,
    examples=("© 2024 Daily Example. All rights reserved.",
              "© 2016–2024 Агро Вісник. Усі права захищені. Використання матеріалів дозволено "
              "лише з посиланням на джерело, яке є обов'язковим для всіх сайтів без винятку."),
    counterexamples=("© Reuters", "Copyright is a law that protects the work of authors.",
                     "Copyright claims against streaming sites rose by a third in 2023, the "
                     "office said on Monday."),
    gate=_words_gate(also=("copyright", "c"), chars="©"),
)

#: A field of a form, marked required: "Name *", "E-mail *", "Nume *".
_REQUIRED_FIELD = re.compile(r"^[^\W\d_][\w\s'’.-]{0,30}?\s*\*$")

COMMENTS_FORM_FIELD = LineRule(
    "comments.form_field", "comments",
    lambda t: bool(_REQUIRED_FIELD.match(t)) and word_count(t) <= 3, max_chars=32,
    examples=("Name *", "Nume *", "Ihr Name *", "Website *"),
    counterexamples=("Prices without tax and delivery *", "Name", "Stars **"),
    gate=Gate(chars="*"),
)

# ---------------------------------------------------------------- prayer times

_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b(?:\s*(?:am|pm|a\.m\.|p\.m\.))?", re.I)
_PRAYER_FILLER = re.compile(r"[\W\d_]+")


@cache
def _multiword_prayer_names() -> tuple[str, ...]:
    return tuple(n for n in vocab.phrases("prayer") if " " in n)


#: "Fajr: 5:39 am": a prayer and its time written out with a colon, as an article lists them.
_LISTED_TIME = re.compile(r"[^\W\d_][)）]?\s*[:：]\s*\d")


def is_listed_prayer_time(text: str) -> bool:
    """A prayer's time written out with a colon ("Fajr: 5:39 am", "الفجر: 4:29 ص"): in a
    Ramadan article's own list such lines stand between its paragraphs."""
    return bool(_LISTED_TIME.search(text)) and _prayer_tokens_only(text)


def _is_prayer_widget(text: str) -> bool:
    """A line of a prayer-time widget: only prayer names, widget headings, times and separators.

    A sentence about prayer times ("Maghrib falls at 18:42 this week") has other words, so it
    stays; the widget line "• Fajr 05:12" or "Dhuhr | Asr | Maghrib" has none. A time written
    out after a colon ("Fajr: 5:39 am") is left to the block rule ``prayer.listed``, which
    keeps it inside an article.
    """
    return not _LISTED_TIME.search(text) and _prayer_tokens_only(text)


def _prayer_tokens_only(text: str) -> bool:
    """Only prayer names, widget headings, times and separators."""
    if len(text) > 200:
        return False
    key = casefold_nfkc(text)
    key = _TIME.sub(" ", key)
    names = vocab.words("prayer")
    # Multi-word entries first ("lever du soleil", "مواقيت الصلاة").
    found = False
    for name in _multiword_prayer_names():
        if name in key:
            key = key.replace(name, " ")
            found = True
    for token in WORD.findall(key):
        if token.isdigit():
            continue
        if token not in names:
            return False
        found = True
    return found


def is_prayer_heading(text: str) -> bool:
    """A widget heading and its city or day: "Prayer Times Dubai", "Jadwal Sholat Semarang"
    (a heading alone, "Prayer times", is a widget line of its own)."""
    if len(text) > 80 or ends_sentence(text):
        return False
    key = casefold_nfkc(text).strip()
    return any(key.startswith(name) and word_count(key.replace(name, " ")) <= 2
               for name in _multiword_prayer_names())


PRAYER_WIDGET = LineRule(
    "prayer.widget", "prayer", _is_prayer_widget, max_chars=200,
    examples=("  • Fajr", "Sonnenaufgang", "Dhuhr 12:31", "الفجر 04:51 الظهر 11:52",
              "İmsak 05:42 Güneş 07:10", "Prayer times"),
    counterexamples=("Muslims break their fast at Maghrib, around 18:42 this week.",
                     "Die Gläubigen beten zum Fadschr vor Sonnenaufgang.",
                     "Prayer times in Cairo today", "Fajr: 5:39 am"),
    gate=_words_gate("prayer"),
)

# ---------------------------------------------------------------- captions

_AGENCY_SPLIT = re.compile(r"\s*(?:/|\||,|;|\band\b|&)\s*")


def _is_agency(token: str) -> bool:
    return label_key(token) in vocab.words("agencies")


_PAREN_CREDIT = re.compile(r"[(（]([^()（）]{2,120})[)）]\s*$")
#: A credit chain at the end: "Stringer / AFP / Getty" (2-5 names of up to 4 words, slashed).
_SLASH_CREDIT = re.compile(r"(?:^|\s)((?:[\w.'-]+(?: [\w.'-]+){0,3}\s*/\s*){1,4}"
                           r"[\w.'-]+(?: [\w.'-]+){0,3})\s*$")
_CREDIT_PREFIX = re.compile(r"^\s*(?:©|\(c\)|copyright\b)", re.I)
#: A file name pasted in front of a caption ("11_14_Syria_AbuKamal Eine Rakete ...").
#: (The name is checked for its underscores in Python: the pattern "(?:[\w-]+_){2,}" that
#: said it in one regex backtracked exponentially on a line of underscores.)
_FILENAME_HEAD = re.compile(r"^([\w-]+)(?:\.(?:jpe?g|png|gif|webp))?\s")


def _filename_head(text: str) -> bool:
    """The line starts with a name of three or more parts joined by underscores, then a space."""
    m = _FILENAME_HEAD.match(text)
    if not m:
        return False
    name = m.group(1)
    first = name.find("_", 1)
    return first > 0 and 0 < name.find("_", first + 2) < len(name) - 1


_TRAILING_CREDIT = re.compile(r"\s[/|–—-]\s+([^/|–—-]{2,60})$")
#: A credit after the caption's last sentence or a separator: "... in Rabat. Photo: AP / Jane
#: Roe", "... du retour. © Reuters", "... — Foto: Divulgação/Campanha".
_CREDIT_AFTER = re.compile(r"(?:[.!?。»\"”]\s+|\s[|–—-]\s*)((?:[^\W\d_]+\s?){1,2}[:：]\s*\S.{1,70}"
                           r"|©\s*\S.{1,60})$")
_CREDIT_HEAD = re.compile(r"^\s*([^\W\d_]+(?:\s[^\W\d_]+)?)\s*(?::|：|=|\.\s|\s|$)")


def _credit_word(text: str) -> bool:
    """A credit that starts with a caption word: "Photo: AP", "foto Vaccari", "عکس: ایرنا",
    "Fot. PAP/Leszek Szymański"."""
    m = _CREDIT_HEAD.match(text)
    if not m or word_count(text) > 8:
        return False
    head = label_key(m.group(1))
    words_ = vocab.words("caption")
    return head in words_ or head.split(" ")[0] in words_


def _credit_word_last(text: str) -> bool:
    """A credit that ends with its caption word: "(Dana Whitfield/Ledger photo)"."""
    words = text.split()
    return 2 <= len(words) <= 6 and label_key(words[-1]) in vocab.words("caption") and (
        "/" in text or _names(words[:-1]))


def _cjk_credit(text: str) -> bool:
    """A credit in a script without spaces that ends with its caption word: "受访者供图",
    "新华社记者 王鹏 摄", "佐藤健太撮影"."""
    text = text.strip()
    return is_cjk(text) and len(text) <= 30 and any(
        text.endswith(word) for word in vocab.words("caption") if is_cjk(word))


#: What stands before a credit at the end of a CJK caption: "＝", "。", a space.
_CJK_CREDIT_TAIL = re.compile(r"[＝=。\s]+")


def is_credit_line(text: str) -> bool:
    """A photo credit alone on its line: "Photo: Reuters", "Fot. PAP/Leszek Szymański", "© AFP"."""
    if len(text) > 80:
        return False
    if _CREDIT_PREFIX.match(text):
        return True
    return _credit_word(text) and any(c in text for c in ":：./=")  # "사진=연합뉴스"


_CAPTION_MARKS = ("(", "/", ":", "©", "_", "|", "–", "—", "-", "（", "：", "=")


def _is_caption(text: str) -> bool:
    """An image caption: ends with a photo credit, starts with a file name or a credit word."""
    if len(text) > 400 or not any(c in text for c in _CAPTION_MARKS):
        return False
    if _filename_head(text) or is_credit_line(text):
        return True  # "Fot. PAP/Leszek Szymański", a credit line under its caption
    m = _PAREN_CREDIT.search(text) if ")" in text or "）" in text else None
    if m and (_credit_word(m.group(1)) or _cjk_credit(m.group(1))
              or _credit_word_last(m.group(1))):
        return True  # "(Photo Julien Martin)", "(foto Vaccari)", "(Φωτογραφία: Eurokinissi)"
    m2 = _TRAILING_CREDIT.search(text) if " " in text else None
    if m2 and _credit_word(m2.group(1)):
        return True  # "... / عکس: ایرنا", "... | Photo: AP"
    if is_cjk(text) and text[-1:] not in "。！？" and _cjk_credit(_CJK_CREDIT_TAIL.split(text)[-1]):
        return True  # "...（小沢駅で）＝佐藤健一撮影", "...一角。记者 李明 摄"
    m2 = _CREDIT_AFTER.search(text) if " " in text else None
    if m2 and not ends_sentence(m2.group(1)) and (
            m2.group(1).startswith("©") or _credit_word(m2.group(1))):
        return True  # "... in Rabat. Photo: AP / Jane Roe", "... du retour. © Reuters"
    if m and "/" in m.group(1) and not ends_sentence(text[:m.start()]):
        # "(Imago/TASS/Russian Defence Ministry Press Office)"; "(Reuters, Interfax)" after a
        # sign-off has no slash and stays.
        parts = _AGENCY_SPLIT.split(m.group(1))
        if any(_is_agency(p) for p in parts) or word_count(text[:m.start()]) >= 3:
            return True
    m = _SLASH_CREDIT.search(text) if "/" in text else None
    if m:
        parts = [p for p in _AGENCY_SPLIT.split(m.group(1)) if p]
        # After a sentence only a credit that starts with its agency or a caption word:
        # "... Rabu (6/3/2024). ANTARA FOTO/Fikri Hidayat", not "... said. AFP/Reuters".
        if len(parts) >= 2 and sum(_is_agency(p) for p in parts) >= 1 and (
                not ends_sentence(text[:m.start()])
                or (_is_agency(parts[0]) and _credit_word(parts[0].split()[-1]))):
            return True
    # "Photo: Reuters", "Foto: dpa/Kay Nietfeld"
    head, sep, rest = text.partition(":")
    if sep and word_count(head) <= 3 and label_key(head) in vocab.words("caption"):
        return word_count(rest) <= 30
    return False


CAPTION_CREDIT = LineRule(
    "caption.credit", "caption", _is_caption, max_chars=400,
    examples=("Russian Tupolev bomber taking off near Abu Kamal (Imago/TASS/Russian Defence "
              "Ministry Press Office)",
              "11_14_Syria_AbuKamal Eine Rakete wird am 10. November 2017 abgefeuert. "
              "Stringer / AFP / Getty",
              "Foto: dpa/Kay Nietfeld",
              "Une rame du tramway place du Ralliement, à Angers. (Photo Julien Martin)",
              "بستر خشک زاینده‌رود در اصفهان / عکس: ایرنا",
              "© Reuters",
              "Villagers wade through floodwater on Sunday. Photo: Bernama / Jane Roe",
              "Queues at the port during the return phase. © Reuters",
              "The mayor celebrates with supporters in the city centre — Photo: Campaign/Handout",
              "Fot. PAP/Leszek Szymański",
              "観測に使われたすばる望遠鏡＝ハワイ島マウナケア山頂（写真：共同）",
              "사진=연합뉴스",
              "▲书店开在菜市场二楼，顾客买完菜就能上楼看书。（受访者供图）",
              "Pedagang melayani pembeli di Pasar Johar, Rabu (6/3/2024). ANTARA FOTO/Fikri "
              "Hidayat",
              "The pool, shown in August, has been closed since May. (Dana Whitfield/Ledger photo)",
              "駅の待合室を改装したカフェ（北沢村の小沢駅で）＝佐藤健一撮影"),
    counterexamples=("dj/jm (Reuters, Interfax)",
                     "The minister said the talks had failed (AFP/Reuters reported on Monday).",
                     "He showed the photo to the court (photo evidence is rarely allowed in "
                     "such cases, the judge noted, and the defence objected to it).",
                     "The ratio was 3/4 in 2016.",
                     "The agency released a statement. Photo evidence was not shown to the "
                     "court, the judge said: the defence objected to it and the case went on "
                     "for another three weeks.",
                     "He signed the photo. Credit: the museum, which bought it in 1990, says "
                     "it is the only print that survived the fire.",
                     "The mayor wants a car-free centre. Picture this: a town without cars."),
    gate=_words_gate("caption", also=("c", "copyright"), chars="_©/"),
)

# ---------------------------------------------------------------- bylines

#: Words that join names in a byline ("By Jane Doe and John Roe"), and lower-case name
#: particles ("Pieter de Vries", "Ursula von der Leyen", "Ahmed bin Ali").
_NAME_JOINERS = frozenset({"and", "und", "et", "y", "e", "en", "i", "og", "och", "ve", "dan", "&",
                           ",", "de", "der", "den", "van", "von", "zu", "da", "das", "do", "dos",
                           "di", "del", "della", "la", "le", "du", "des", "bin", "bint", "ibn",
                           "al", "el", "ter", "te", "op"})


@cache
def _byline_prefixes() -> dict[str, tuple[str, ...]]:
    """Byline words by their first word, longest first ("written by" under "written")."""
    table: dict[str, list[str]] = {}
    for prefix in sorted(vocab.words("byline"), key=len, reverse=True):
        table.setdefault(prefix.split()[0], []).append(prefix)
    return {k: tuple(v) for k, v in table.items()}


def _is_byline(text: str) -> bool:
    """A byline: a byline word ("By", "Von", "بقلم") then a few name words, nothing more."""
    if len(text) > 100 or ends_sentence(text):
        return False
    text = text.strip("()（）[]【】")  # "（责任编辑：王晓）"
    key = casefold_nfkc(text)
    first = key.split(maxsplit=1)[0] if key.split() else ""
    for prefix in _byline_prefixes().get(first.rstrip(":：").split(":")[0], ()):
        if not key.startswith(prefix) or key[len(prefix):len(prefix) + 1] not in (" ", ":"):
            continue
        names, comma, role = text[len(prefix):].lstrip(" :：").partition(",")
        rest = [w for w in names.split() if w[:1].isalpha()]
        if not 1 <= len(rest) <= 8 or (comma and word_count(role) > 4):
            return False  # after a comma, a role or an agency: "By Jane Doe, Science reporter"
        # The newsroom may sign: "Par la rédaction, avec Belga".
        desks, agencies = _desks()[1], vocab.words("agencies")
        return _names([w for w in rest if label_key(w) not in desks
                       and label_key(w) not in agencies])
    return False


def byline_names(text: str) -> str | None:
    """The people a byline names ("By Jane Doe, Science reporter" -> "Jane Doe"), or None
    when only a newsroom signs ("Par la rédaction, avec Belga")."""
    text = text.strip("()（）[]【】")
    key = casefold_nfkc(text)
    first = key.split(maxsplit=1)[0] if key.split() else ""
    desks, agencies = _desks()[1], vocab.words("agencies")
    for prefix in _byline_prefixes().get(first.rstrip(":：").split(":")[0], ()):
        if key.startswith(prefix) and key[len(prefix):len(prefix) + 1] in (" ", ":", "："):
            names = text[len(prefix):].lstrip(" :：").partition(",")[0].strip()
            words = [w for w in names.split() if label_key(w) not in desks
                     and label_key(w) not in agencies and w.casefold() not in _NAME_JOINERS]
            return names if words else None
    return None


def _names(words: list[str]) -> bool:
    """Words that read as people's names: capitalized in cased scripts ("Jane Doe", not "far
    the largest"); Arabic or CJK names cannot be checked that way and pass."""
    return all(w[0].isupper() or w.casefold() in _NAME_JOINERS
               for w in words if w[0].casefold() != w[0].upper())


@cache
def _desks() -> tuple[frozenset[str], frozenset[str], tuple[int, ...], frozenset[str]]:
    """Desk words and phrases (``desks.txt``), and the lengths and set of the words long
    enough to end a compound."""
    entries = vocab.words("desks")
    singles = frozenset(e for e in entries if " " not in e)
    ends = frozenset(d for d in singles if len(d) >= _MIN_COMPOUND_DESK)
    return singles, entries, tuple(sorted({len(d) for d in ends})), ends


#: A compound ending with a desk word this long is a desk ("Sportredaktionen").
_MIN_COMPOUND_DESK = 6


def is_desk(text: str) -> bool:
    """A newsroom or desk signing the article: "Redacción", "Haber Merkezi", "Redactie Tech",
    "Sports reporter", "Sportredaktionen"; the words besides the desk word name it, so they
    are capitalized in cased scripts."""
    if len(text) > 60 or ends_sentence(text) or not 1 <= len(words_of(text)) <= 4:
        return False
    singles, entries, end_lengths, ends = _desks()
    if label_key(text) in entries:
        return True
    found, others = False, []
    for raw in text.split():
        word = label_key(raw)
        if word in singles or any(len(word) > n and word[-n:] in ends for n in end_lengths):
            found = True
        elif word:
            others.append(raw)
    return found and _names([w for w in others if w[:1].isalpha()])


#: "Jane Doe, Reuters", "Lukáš Veselý, ČTK": two to four name words, a comma, an agency.
_NAME_AGENCY = re.compile(r"^([^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){1,3}),\s*([^,]{2,40})$")


def _is_name_agency(text: str) -> bool:
    m = _NAME_AGENCY.match(text) if "," in text else None
    if not m or ends_sentence(text):
        return False
    agency = label_key(m.group(2))
    return (agency in vocab.words("agencies") or agency in _desks()[1]) and _names(
        m.group(1).split())


BYLINE_AGENCY = LineRule(
    "byline.agency", "byline", _is_name_agency, max_chars=80,
    examples=("Jane Doe, Reuters", "Lukáš Veselý, ČTK", "Anna Berg, TT"),
    counterexamples=("Paris, London and Berlin, AFP said", "the mayor, Reuters"),
    gate=Gate(chars=","),
)


BYLINE_PREFIX = LineRule(
    "byline.prefix", "byline", _is_byline, max_chars=100,
    examples=("By Jane Doe", "Von Max Muster und Erika Beispiel", "Par Jean Dupont",
              "بقلم محمد علي", "Door Pieter de Vries", "责任编辑：王芳",
              "By Sarah Jones, Technology reporter", "Par la rédaction, avec Belga",
              "（责任编辑：王晓）"),
    counterexamples=("By the end of the day, the rebels had fled.",
                     "Von einer Krise kann keine Rede sein.", "by far the largest",
                     "By Jane Doe, who wrote the report for the city council last year"),
    gate=_words_gate("byline"),
)

# ---------------------------------------------------------------- related headings

RELATED_HEADING = LineRule(
    "related.heading", "related", _label("related"), max_chars=MAX_LABEL_CHARS,
    examples=("Related Articles", "Mehr zum Thema", "مقالات ذات صلة", "You may also like"),
    counterexamples=("Related companies were also fined by the regulator.",),
    gate=_labels_gate("related"),
)

#: Order matters: the first rule that matches names the removal, and block rules read the names
#: ("caption.credit", the list headings, the bylines).
LINE_RULES: tuple[LineRule, ...] = (
    CSS_RULE, JS_STATEMENT,
    AD_LABEL, LOADING_LABEL, COOKIE_PHRASE, PRAYER_WIDGET,
    READMORE_LABEL, READMORE_LINK, RELATED_HEADING,
    SHARE_LABEL, COMMENTS_LABEL, NEWSLETTER_LABEL, NEWSLETTER_PHRASE,
    COMMENTS_PHRASE, COMMENTS_FORM_FIELD, WIDGET_LABEL, WIDGET_PHRASE, WIDGET_CREDIT,
    WIDGET_TAGS, WIDGET_HASHTAGS, WIDGET_PLAYER, WIDGET_EMBED, WIDGET_GALLERY, NAV_LABEL,
    NAV_SYMBOLS, NAV_CRUMBS,
    NAV_COPYRIGHT, NAV_FOOTER,
    COUNTER_BARE, COUNTER_SOCIAL, CAPTION_CREDIT, BYLINE_PREFIX, BYLINE_AGENCY,
)
