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
from functools import lru_cache
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
    return list(tokens_of(raw)) if raw else []


@lru_cache(maxsize=8192)
def tokens_of(raw: str) -> tuple[str, ...]:
    """Tokens of a class/id string, cached: pages repeat the same class strings many times."""
    return tuple(t for t in _SPLIT.split(_CAMEL.sub(" ", raw).lower()) if t)


@dataclass(slots=True)
class Node:
    """What the pruning pass knows of an element, computed for all of them in one walk."""

    tokens: list[str]   # class and id tokens
    text: int = 0       # characters of visible text (no script or style)
    links: int = 0      # characters of it inside <a>
    n_links: int = 0    # number of <a> elements
    paras: int = 0      # characters of it inside <p>


@dataclass(frozen=True, slots=True)
class DomRule:
    """A test on one element; a match prunes the element (its tail text stays)."""

    name: str
    category: str
    #: The test; None for a pure token rule, which matches when a token (or an adjacent pair
    #: of tokens) of the element's class or id is in ``tokens`` (``pairs``).
    match: Callable[[HtmlElement, Node], bool] | None = None
    examples: tuple[str, ...] = ()          # HTML fragments whose data-x element must go
    counterexamples: tuple[str, ...] = ()   # HTML fragments that must stay whole
    #: Whether the guard spares <article>, <main> and <body> from this rule.
    spare_main_tags: bool = True
    #: The guard spares an element holding more than this share of the page's text.
    max_share: float = 0.35
    #: Cheap prefilters: only elements with one of these tags / with a class or id are tested.
    tags: frozenset[str] | None = None
    needs_tokens: bool = False
    #: Remove every element with one of these tags, without a test (done in bulk, in C).
    bulk_tags: frozenset[str] = frozenset()
    #: Only elements with one of these attributes are tested (empty: no such prefilter).
    attrs: frozenset[str] = frozenset()
    tokens: frozenset[str] = frozenset()
    pairs: frozenset[tuple[str, str]] = frozenset()

    def matches(self, el: HtmlElement, node: Node) -> bool:
        """Apply the rule to one element."""
        if self.match is not None:
            return self.match(el, node)
        tokens = node.tokens
        return bool(self.tokens.intersection(tokens)) or bool(self.pairs) and any(
            p in self.pairs for p in zip(tokens, tokens[1:]))
    kind: ClassVar[RuleKind] = RuleKind.DOM

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"rule {self.name}: unknown category {self.category!r}")


# Evidence: the article-extraction benchmark and news-multilingual sets in ../shared, where
# these blocks sat inside the element trafilatura picked (measured in /tmp research, not keyed
# to any page).
_CONSENT = frozenset({"consent", "gdpr", "cmp", "onetrust", "didomi", "usercentrics",
                      "cookiebot", "cookielaw", "cookiebanner", "cookienotice", "cookieconsent",
                      "truste"})
_CONSENT_PAIRS = frozenset((c, t) for c in ("cookie", "cookies") for t in (
    "banner", "bar", "notice", "consent", "policy", "law", "popup", "message", "wall", "box",
    "layer", "alert", "hint", "info", "overlay", "dialog"))
# rejected: bare "cookie"/"cookies" ("recipe-cookies-intro" is an article about baking;
# trafilatura's own comment records bare "cookie" deleting real content).
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
_COMMENTS = frozenset({"disqus"})
# rejected: "comment" (singular) names the body of opinion pieces on several news templates;
# "comments", "discussion": wrappers of whole posts on some CMSs; trafilatura drops comment
# sections itself with include_comments=False.
_NAV = frozenset({"breadcrumb", "breadcrumbs", "taglist", "tags", "pagination", "pager"})
_BYLINE_PAIRS = frozenset({("author", "bio"), ("about", "author")})
_WIDGET = frozenset({"modal", "popup", "disclaimer"})
# rejected: "widget" (Blogger wraps posts in "widget Blog"), "sidebar" ("sidebar-grid__container"
# held article text on the benchmark).

_DROP_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed",
                        "svg", "canvas", "button", "select", "input", "textarea"})
_ARIA_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "dialog",
                         "alertdialog", "search", "menu", "menubar"})


def _code_element(el: HtmlElement, node: Node) -> bool:
    return el.tag in _DROP_TAGS


def _hidden(el: HtmlElement, node: Node) -> bool:
    return (el.get("hidden") is not None or el.get("aria-hidden") == "true"
            or bool(_HIDDEN_STYLE.search(el.get("style") or "")))


def _aria(el: HtmlElement, node: Node) -> bool:
    return (el.get("role") or "").lower() in _ARIA_ROLES


_LINK_BOXES = frozenset({"ul", "ol", "div", "section", "aside", "nav"})


def _link_dense(el: HtmlElement, node: Node) -> bool:
    """A list or box that is mostly links: at least 3 links carrying 70% of its text."""
    return node.n_links >= 3 and node.text >= 30 and node.links >= 0.7 * node.text


_EMPHASIS = frozenset({"strong", "b", "em", "i", "a"})


def _emphasised_link(el: HtmlElement, node: Node) -> bool:
    """A paragraph that is only an emphasised link: "SEE MORE: ...", "Also on our site ..."."""
    if not node.text or node.links < 0.5 * node.text:
        return False
    emphasised = sum(len(c.text_content().strip()) for c in el if c.tag in _EMPHASIS)
    return emphasised >= 0.9 * node.text


def _nested_article(el: HtmlElement, node: Node) -> bool:
    """An <article> inside another: the cards of related posts under the story."""
    return any(a.tag == "article" for a in el.iterancestors())


def _short(el: HtmlElement, node: Node) -> bool:
    return node.text < 40


DOM_RULES: tuple[DomRule, ...] = (
    DomRule("code.element", "js", _code_element, tags=_DROP_TAGS, bulk_tags=_DROP_TAGS,
            examples=('<div><script data-x="1">var a = 1;</script><p>Text</p></div>',),
            counterexamples=("<div><p>Plain paragraph.</p></div>",)),
    # Hidden text is never seen, so the size guard only spares a hidden block that holds
    # nearly the whole page (an article a script reveals).
    DomRule("hidden.element", "widget", _hidden,
            attrs=frozenset({"hidden", "aria-hidden", "style"}),
            max_share=0.8,
            examples=('<div><div data-x="1" style="display: none">Hidden</div><p>Text</p></div>',
                      '<div><span data-x="1" hidden>Hidden</span><p>Text</p></div>'),
            counterexamples=('<div><p style="color: red">Shown</p></div>',)),
    DomRule("cookie.class", "cookie", tokens=_CONSENT, pairs=_CONSENT_PAIRS, needs_tokens=True,
            examples=('<div><div data-x="1" class="cookie-banner">We use cookies</div></div>',),
            counterexamples=('<div><div class="recipe-cookies-intro">Bake them.</div></div>',)),
    DomRule("ad.class", "ad", tokens=_AD, pairs=_AD_PAIRS,
            needs_tokens=True,
            examples=('<div><div data-x="1" class="ad-slot">Anzeige</div></div>',
                      '<div><ins data-x="1" class="adsbygoogle"></ins></div>'),
            counterexamples=('<div><header class="site-header">Head</header></div>',
                             '<div><a class="download">Download</a></div>')),
    DomRule("prayer.class", "prayer", tokens=_PRAYER, pairs=_PRAYER_PAIRS,
            needs_tokens=True,
            examples=('<div><div data-x="1" class="prayer-times">Fajr 05:12</div></div>',),
            counterexamples=('<div><div class="article-body">Prayer</div></div>',)),
    DomRule("loading.class", "loading", _short, tokens=_LOADING, needs_tokens=True,
            examples=('<div><div data-x="1" class="spinner">Loading...</div></div>',),
            counterexamples=('<div><div class="placeholder-text">' + "Long text. " * 10
                             + "</div></div>",)),
    DomRule("related.class", "related", tokens=_RELATED, pairs=_RELATED_PAIRS,
            needs_tokens=True,
            examples=('<div><aside data-x="1" class="related-posts"><a>Other</a></aside></div>',
                      '<div><div data-x="1" class="mostRead">Top</div></div>'),
            counterexamples=('<div><div class="article-content">Body</div></div>',)),
    DomRule("newsletter.class", "newsletter", tokens=_NEWSLETTER, pairs=_NEWSLETTER_PAIRS,
            needs_tokens=True,
            examples=('<div><div data-x="1" class="newsletter-box">Sign up</div></div>',),
            counterexamples=('<div><div class="news-letterbox-story">Body</div></div>',)),
    DomRule("share.class", "share", tokens=_SHARE, needs_tokens=True,
            examples=('<div><ul data-x="1" class="social-share"><li>Facebook</li></ul></div>',),
            counterexamples=('<div><div class="shared-story">Body</div></div>',)),
    DomRule("comments.class", "comments", tokens=_COMMENTS, needs_tokens=True,
            examples=('<div><section data-x="1" id="disqus_thread">Great post!</section></div>',),
            counterexamples=('<div><div class="comment">Opinion text</div></div>',)),
    DomRule("nav.class", "nav", tokens=_NAV, needs_tokens=True,
            examples=('<div><ol data-x="1" class="breadcrumb"><li>Home</li></ol></div>',),
            counterexamples=('<div><div class="navigator-story">Body</div></div>',)),
    DomRule("byline.class", "byline", pairs=_BYLINE_PAIRS,
            needs_tokens=True,
            examples=('<div><div data-x="1" class="author-bio">Jane writes.</div></div>',),
            counterexamples=('<div><div class="author">Jane Doe</div></div>',)),
    DomRule("widget.class", "widget", tokens=_WIDGET, needs_tokens=True,
            examples=('<div><div data-x="1" class="modal">Win a prize</div></div>',),
            counterexamples=('<div><div class="story">Body</div></div>',)),
    DomRule("related.nested_article", "related", _nested_article,
            examples=('<article><p>Story.</p><article data-x="1"><a>Other story</a></article>'
                      '</article>',),
            counterexamples=('<div><article><p>Story.</p></article></div>',),
            spare_main_tags=False, tags=frozenset({"article"})),
    DomRule("nav.aria", "nav", _aria, attrs=frozenset({"role"}),
            examples=('<div><div data-x="1" role="navigation">Menu</div></div>',),
            counterexamples=('<div><div role="main">Body</div></div>',)),
    DomRule("related.link_dense", "related", _link_dense, tags=_LINK_BOXES,
            examples=('<div><ul data-x="1"><li><a>Ferry fares to rise in May</a></li><li><a>New '
                      'bridge opens on Monday</a></li><li><a>Harbour plan approved</a></li></ul>'
                      '</div>',),
            counterexamples=('<div><p>A long paragraph with <a>one link</a> and much more text '
                             'around it than links.</p></div>',)),
    DomRule("readmore.emphasised_link", "readmore", _emphasised_link, tags=frozenset({"p"}),
            examples=('<div><p data-x="1"><strong><a>SEE MORE: Another story</a></strong></p>'
                      '</div>',),
            counterexamples=('<div><p>Text with <strong><a>a link</a></strong> inside a '
                             'longer sentence that goes on.</p></div>',)),
)
