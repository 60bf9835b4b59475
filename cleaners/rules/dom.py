"""DOM rules: which elements to prune from the page before extraction, grouped by category.

Class and id tokens are mostly English even on localized templates, so they live here as
tuples, one per category. A class attribute is split into tokens on non-alphanumerics and
camelCase ("relatedPosts" -> related, posts), and a rule matches whole tokens or adjacent token
pairs, never substrings: "ad" must not hit "header" or "download", and trafilatura's own comments
record that a bare "cookie" substring deleted real content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from lxml.html import HtmlElement

from cleaners.rules.base import CATEGORIES, RuleKind

_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def class_tokens(el: HtmlElement) -> list[str]:
    """Tokens of an element's class and id.

    >>> from lxml.html import fragment_fromstring
    >>> class_tokens(fragment_fromstring('<div class="relatedPosts ad-slot" id="x_1"></div>'))
    ['related', 'posts', 'ad', 'slot', 'x', '1']
    """
    raw = " ".join(filter(None, (el.get("class"), el.get("id"))))
    if not raw:
        return []
    return [t for t in _SPLIT.split(_CAMEL.sub(" ", raw).lower()) if t]


@dataclass(frozen=True, slots=True)
class DomRule:
    """A test on one element; a match prunes the element (its tail text stays)."""

    name: str
    category: str
    match: Callable[[HtmlElement, list[str]], bool]   # (element, its class tokens)
    examples: tuple[str, ...] = ()          # HTML fragments whose data-x element must go
    counterexamples: tuple[str, ...] = ()   # HTML fragments that must stay whole
    kind: ClassVar[RuleKind] = RuleKind.DOM

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"rule {self.name}: unknown category {self.category!r}")


def _tokens_rule(single: frozenset[str], pairs: frozenset[tuple[str, str]] = frozenset()
                 ) -> Callable[[HtmlElement, list[str]], bool]:
    if not single and not pairs:
        raise ValueError("a token rule needs tokens")  # trafilatura's _alt() guard

    def match(el: HtmlElement, tokens: list[str]) -> bool:
        if not tokens:
            return False
        if single.intersection(tokens):
            return True
        return bool(pairs) and any(p in pairs for p in zip(tokens, tokens[1:]))
    return match


# Evidence: the article-extraction benchmark and news-multilingual sets in ../shared, where
# these blocks sat inside the element trafilatura picked (measured in /tmp research, not keyed
# to any page).
_CONSENT = frozenset({"cookie", "cookies", "consent", "gdpr", "cmp", "onetrust", "didomi",
                      "usercentrics", "cookiebot", "cookielaw", "truste"})
_AD = frozenset({"advert", "advertisement", "advertising", "ads", "adsbygoogle", "adslot",
                 "adunit", "sponsored", "outbrain", "taboola", "dfp", "doubleclick", "gpt"})
_AD_PAIRS = frozenset({("ad", "slot"), ("ad", "container"), ("ad", "wrapper"), ("ad", "unit"),
                       ("ad", "banner"), ("ad", "box"), ("banner", "ad"), ("google", "ad")})
# rejected: bare "ad" (class="ad" is rare; "ad" as a token also names authors' initials in ids)
_PRAYER = frozenset({"prayer", "prayers", "salat", "salah", "namaz", "mawaqit", "adhan"})
_PRAYER_PAIRS = frozenset({("prayer", "times"), ("prayer", "time")})
_LOADING = frozenset({"loading", "loader", "spinner", "skeleton", "placeholder"})
_RELATED = frozenset({"related", "recommended", "recommendation", "recommendations", "popular",
                      "trending", "mostread", "readmore", "teaser", "teasers", "promo",
                      "promotion", "promoted"})
_RELATED_PAIRS = frozenset({("read", "more"), ("most", "read"), ("more", "stories"),
                            ("see", "also"), ("also", "read"), ("read", "also"), ("more", "from"),
                            ("you", "may"), ("more", "news")})
_NEWSLETTER = frozenset({"newsletter", "newsletters", "subscribe", "subscription", "signup"})
_NEWSLETTER_PAIRS = frozenset({("sign", "up")})
_SHARE = frozenset({"share", "sharing", "social", "sharethis", "addthis", "shariff", "toolbar"})
_COMMENTS = frozenset({"comments", "disqus", "discussion"})
# rejected: "comment" (singular) names the body of opinion pieces on several news templates.
_NAV = frozenset({"breadcrumb", "breadcrumbs", "taglist", "tags", "pagination", "pager"})
_BYLINE_PAIRS = frozenset({("author", "bio"), ("about", "author")})
_WIDGET = frozenset({"modal", "popup", "disclaimer", "widget", "sidebar"})

_DROP_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed",
                        "svg", "canvas", "button", "select", "input", "textarea"})
_ARIA_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "dialog",
                         "alertdialog", "search", "menu", "menubar"})


def _code_element(el: HtmlElement, tokens: list[str]) -> bool:
    return el.tag in _DROP_TAGS


def _hidden(el: HtmlElement, tokens: list[str]) -> bool:
    return (el.get("hidden") is not None or el.get("aria-hidden") == "true"
            or bool(_HIDDEN_STYLE.search(el.get("style") or "")))


def _aria(el: HtmlElement, tokens: list[str]) -> bool:
    return (el.get("role") or "").lower() in _ARIA_ROLES


def _text_len(el: HtmlElement) -> int:
    return len(" ".join(el.text_content().split()))


def _link_len(el: HtmlElement) -> int:
    return sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))


def _link_dense(el: HtmlElement, tokens: list[str]) -> bool:
    """A list or box that is mostly links: at least 3 links carrying 70% of its text."""
    if el.tag not in ("ul", "ol", "div", "section", "aside", "nav"):
        return False
    links = el.findall(".//a")
    if len(links) < 3:
        return False
    total = _text_len(el)
    return total >= 30 and _link_len(el) >= 0.7 * total


def _emphasised_link(el: HtmlElement, tokens: list[str]) -> bool:
    """A paragraph that is only an emphasised link: "SEE MORE: ...", "Also on our site ..."."""
    if el.tag != "p":
        return False
    total = _text_len(el)
    if not total or _link_len(el) < 0.5 * total:
        return False
    emphasised = sum(_text_len(c) for c in el if c.tag in ("strong", "b", "em", "i", "a"))
    return emphasised >= 0.9 * total


_LOADING_TOKENS = _tokens_rule(_LOADING)


def _loading(el: HtmlElement, tokens: list[str]) -> bool:
    return _LOADING_TOKENS(el, tokens) and _text_len(el) < 40


DOM_RULES: tuple[DomRule, ...] = (
    DomRule("code.element", "js", _code_element,
            examples=('<div><script data-x="1">var a = 1;</script><p>Text</p></div>',),
            counterexamples=("<div><p>Plain paragraph.</p></div>",)),
    DomRule("hidden.element", "widget", _hidden,
            examples=('<div><div data-x="1" style="display: none">Hidden</div><p>Text</p></div>',
                      '<div><span data-x="1" hidden>Hidden</span><p>Text</p></div>'),
            counterexamples=('<div><p style="color: red">Shown</p></div>',)),
    DomRule("cookie.class", "cookie", _tokens_rule(_CONSENT),
            examples=('<div><div data-x="1" class="cookie-banner">We use cookies</div></div>',),
            counterexamples=('<div><div class="recipe-cookies-intro">Bake them.</div></div>',)),
    DomRule("ad.class", "ad", _tokens_rule(_AD, _AD_PAIRS),
            examples=('<div><div data-x="1" class="ad-slot">Anzeige</div></div>',
                      '<div><ins data-x="1" class="adsbygoogle"></ins></div>'),
            counterexamples=('<div><header class="site-header">Head</header></div>',
                             '<div><a class="download">Download</a></div>')),
    DomRule("prayer.class", "prayer", _tokens_rule(_PRAYER, _PRAYER_PAIRS),
            examples=('<div><div data-x="1" class="prayer-times">Fajr 05:12</div></div>',),
            counterexamples=('<div><div class="article-body">Prayer</div></div>',)),
    DomRule("loading.class", "loading", _loading,
            examples=('<div><div data-x="1" class="spinner">Loading...</div></div>',),
            counterexamples=('<div><div class="placeholder-text">' + "Long text. " * 10
                             + "</div></div>",)),
    DomRule("related.class", "related", _tokens_rule(_RELATED, _RELATED_PAIRS),
            examples=('<div><aside data-x="1" class="related-posts"><a>Other</a></aside></div>',
                      '<div><div data-x="1" class="mostRead">Top</div></div>'),
            counterexamples=('<div><div class="article-content">Body</div></div>',)),
    DomRule("newsletter.class", "newsletter", _tokens_rule(_NEWSLETTER, _NEWSLETTER_PAIRS),
            examples=('<div><div data-x="1" class="newsletter-box">Sign up</div></div>',),
            counterexamples=('<div><div class="news-letterbox-story">Body</div></div>',)),
    DomRule("share.class", "share", _tokens_rule(_SHARE),
            examples=('<div><ul data-x="1" class="social-share"><li>Facebook</li></ul></div>',),
            counterexamples=('<div><div class="shared-story">Body</div></div>',)),
    DomRule("comments.class", "comments", _tokens_rule(_COMMENTS),
            examples=('<div><section data-x="1" id="comments">Great post!</section></div>',),
            counterexamples=('<div><div class="comment">Opinion text</div></div>',)),
    DomRule("nav.class", "nav", _tokens_rule(_NAV),
            examples=('<div><ol data-x="1" class="breadcrumb"><li>Home</li></ol></div>',),
            counterexamples=('<div><div class="navigator-story">Body</div></div>',)),
    DomRule("byline.class", "byline", _tokens_rule(frozenset(), _BYLINE_PAIRS),
            examples=('<div><div data-x="1" class="author-bio">Jane writes.</div></div>',),
            counterexamples=('<div><div class="author">Jane Doe</div></div>',)),
    DomRule("widget.class", "widget", _tokens_rule(_WIDGET),
            examples=('<div><div data-x="1" class="newsletter-popup">Win</div></div>',),
            counterexamples=('<div><div class="story">Body</div></div>',)),
    DomRule("nav.aria", "nav", _aria,
            examples=('<div><div data-x="1" role="navigation">Menu</div></div>',),
            counterexamples=('<div><div role="main">Body</div></div>',)),
    DomRule("related.link_dense", "related", _link_dense,
            examples=('<div><ul data-x="1"><li><a>One story</a></li><li><a>Two story</a></li>'
                      '<li><a>Three story</a></li></ul></div>',),
            counterexamples=('<div><p>A long paragraph with <a>one link</a> and much more text '
                             'around it than links.</p></div>',)),
    DomRule("readmore.emphasised_link", "readmore", _emphasised_link,
            examples=('<div><p data-x="1"><strong><a>SEE MORE: Another story</a></strong></p>'
                      '</div>',),
            counterexamples=('<div><p>Text with <strong><a>a link</a></strong> inside a '
                             'longer sentence that goes on.</p></div>',)),
)
