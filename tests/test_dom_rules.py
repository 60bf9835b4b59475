"""DOM rules: every example element is pruned under its rule's name, every counterexample is left
alone, and the guard rails keep the article while hidden and code text never reaches the output.

Each fragment is set into a full news page with a long article, so that the guard rail (an
element holding much of the page is never pruned) does not spare the small boxes the rules aim
at.
"""

from __future__ import annotations

import pytest

from cleaners import CleanConfig, CleanResult, clean_html
from cleaners.document import Document
from cleaners.rules.base import CATEGORIES
from cleaners.rules.dom import DOM_RULES, DomRule
from cleaners.stages.dom import ParseDom, PruneDom

TITLE = "Night trains to keep running for five more years"
PARAGRAPHS = (
    "The regional parliament voted on Thursday to extend the night train service between the "
    "capital and the coast for at least another five years, ending months of uncertainty for "
    "commuters.",
    "Under the agreement, the state rail company will receive an annual subsidy of twelve "
    "million euros and must run the service every night of the week, including public "
    "holidays.",
    "Transport unions welcomed the vote but warned that the rolling stock, much of it built in "
    "the early nineteen-eighties, would need to be replaced well before the end of the "
    "contract.",
    "Passenger numbers on the route have grown steadily since the pandemic, according to "
    "figures published by the ministry, with sleeper cabins often fully booked weeks in "
    "advance.",
    "The opposition abstained, arguing that the money would be better spent on faster daytime "
    "connections, which carry many more travellers than the night service does.",
    "A final decision on new carriages is expected next spring, when the ministry will publish "
    "the results of a tender that drew offers from three manufacturers.",
)


def page(*, beside: str = "", inside: str = "", head: str = "", body_start: str = "",
         article_open: str = '<article data-slot="article">',
         article_close: str = "</article>") -> str:
    """A news page; ``inside`` goes between the article's 3rd and 4th paragraphs, ``beside``
    after the article in <main>, ``body_start`` right after <body>."""
    paras = [f"<p>{p}</p>" for p in PARAGRAPHS]
    paras.insert(3, inside)
    body = "\n".join(paras)
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{TITLE}</title>{head}</head>
<body>{body_start}
<header class="site-header"><a href="/">The Rail Courier</a></header>
<main data-slot="main">
{article_open}
<h1>{TITLE}</h1>
{body}
{article_close}
{beside}
</main>
<footer><p>The Rail Courier, Station Square 1, Ashford</p></footer>
</body>
</html>
"""


def assert_article_kept(result: CleanResult) -> None:
    assert result.error is None, result.error
    blocks = result.text.split("\n\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in blocks, f"article paragraph lost: {paragraph[:50]!r}"


def pruned(html: str, config: CleanConfig | None = None) -> Document:
    """The document after parsing and DOM pruning only (what extraction would start from)."""
    doc = ParseDom()(Document(html=html))
    return PruneDom(DOM_RULES, config or CleanConfig())(doc)


def marked(doc: Document) -> list:
    return doc.tree.xpath('//*[@data-x="1"]')


#: Rule examples that fail for a bug in the rule (see the reasons); keyed by (rule, index).
EXAMPLE_BUGS: dict[tuple[str, int], str] = {}
COUNTEREXAMPLE_BUGS: dict[tuple[str, int], str] = {}


def _params(attribute: str, bugs: dict[tuple[str, int], str]) -> list:
    return [pytest.param(rule, fragment, id=f"{rule.name}-{i}",
                         marks=[pytest.mark.xfail(strict=True, reason=bugs[rule.name, i])]
                         if (rule.name, i) in bugs else [])
            for rule in DOM_RULES for i, fragment in enumerate(getattr(rule, attribute))]


EXAMPLES = _params("examples", EXAMPLE_BUGS)
COUNTEREXAMPLES = _params("counterexamples", COUNTEREXAMPLE_BUGS)


@pytest.mark.parametrize("rule", DOM_RULES, ids=lambda r: r.name)
def test_dom_rule_is_documented(rule: DomRule) -> None:
    assert rule.category in CATEGORIES
    assert rule.examples, f"{rule.name} has no examples"
    assert rule.counterexamples, f"{rule.name} has no counterexamples"
    for example in rule.examples:
        doc = ParseDom()(Document(html=page(beside=example)))
        assert len(marked(doc)) == 1, f"{rule.name}: an example marks exactly one data-x element"
    assert len({r.name for r in DOM_RULES}) == len(DOM_RULES), "rule names are unique"


@pytest.mark.parametrize("placement", ["beside", "inside"])
@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_dom_rule_removes_example(rule: DomRule, example: str, placement: str) -> None:
    html = page(**{placement: example})
    before = ParseDom()(Document(html=html))
    [element] = marked(before)
    tree = before.tree.getroottree()
    # The marked element, or an ancestor inside the fragment, may be the one the rule prunes
    # (a nested <article> set inside the article is itself nested).
    chain = [element, *element.iterancestors()]
    top = next(i for i, el in enumerate(chain) if el.getparent().get("data-slot"))
    allowed = {tree.getpath(el) for el in chain[:top + 1]}
    visible = " ".join(element.text_content().split())

    result = clean_html(html)
    assert_article_kept(result)
    if element.tag not in ("script", "style", "noscript", "template") and visible:
        hits = [r for r in result.removed if r.rule == rule.name]
        assert hits, f"{rule.name} did not remove {example!r}: {result.removed}"
        assert any(r.where in allowed and r.stage == "dom_prune" for r in hits), (
            f"{rule.name} removed something else: {[(r.where, r.text) for r in hits]}")
        assert hits[0].category == rule.category
    else:
        # No visible text, so no audit entry: look at the pruned tree instead, and show the
        # rule is what prunes it by switching it off.
        assert not marked(pruned(html)), f"{rule.name} left {example!r} in the tree"
        off = CleanConfig(disabled_rules=frozenset({rule.name}))
        assert marked(pruned(html, off)), f"something other than {rule.name} prunes it"
    if visible:
        assert visible not in result.text, f"the removed text {visible!r} is in the output"


@pytest.mark.parametrize(("rule", "counter"), COUNTEREXAMPLES)
def test_dom_rule_keeps_counterexample(rule: DomRule, counter: str) -> None:
    html = page(beside=counter)
    result = clean_html(html)
    assert rule.name not in [r.rule for r in result.removed], (
        f"{rule.name} removed part of its counterexample {counter!r}")
    # Silent elements leave no audit entry: the rule must prune nothing at all in the page.
    on = pruned(html)
    off = pruned(html, CleanConfig(disabled_rules=frozenset({rule.name})))
    count = lambda doc: sum(1 for _ in doc.tree.iter())  # noqa: E731
    assert count(on) == count(off), f"{rule.name} prunes an element of {counter!r}"
    assert_article_kept(result)


# ------------------------------------------------------------------ guard rails

RELATED_BOX = ('<aside class="related-posts"><h3>More on this</h3><ul>'
               '<li><a href="/a">Sleeper carriages get a refit</a></li>'
               '<li><a href="/b">Ticket prices frozen for a year</a></li>'
               '<li><a href="/c">New timetable from December</a></li></ul></aside>')


@pytest.mark.parametrize(("wrapper_class", "rule_name"), [
    ("post has-related", "related.class"),
    ("entry-content social-enabled", "share.class"),
    ("article-body with-tags", "nav.class"),
    ("story newsletter-signup-inline", "newsletter.class"),
    ("content promo", "related.class"),
])
def test_wrapper_whose_class_a_rule_hits_is_kept(wrapper_class: str, rule_name: str) -> None:
    html = page(article_open=f'<div class="{wrapper_class}">', article_close="</div>")
    result = clean_html(html)
    assert_article_kept(result)
    guard = [r for r in result.removed if r.rule == "guard.kept"]
    assert guard, "the guard's decision is in the audit"
    assert all(g.category == "guard" and g.stage == "dom_prune" for g in guard)
    assert any(rule_name in g.text for g in guard), (
        f"the audit names the rule it stopped: {[g.text for g in guard]}")
    assert rule_name not in [r.rule for r in result.removed], "the wrapper itself was removed"


def test_guarded_wrapper_still_loses_its_boxes() -> None:
    html = page(article_open='<div class="post has-related">', article_close="</div>",
                inside=RELATED_BOX)
    result = clean_html(html)
    assert_article_kept(result)
    rules = [r.rule for r in result.removed]
    assert "guard.kept" in rules and "related.class" in rules, (
        "the wrapper is spared but the related box inside it still goes")
    assert "Sleeper carriages get a refit" not in result.text


# ------------------------------------------------------------------ hidden, code, CSS text

HIDDEN_SENTENCE = ("Subscribers can read the full interview with the transport minister in our "
                   "weekend edition, out on Saturday.")
HIDDEN = [
    pytest.param('<div style="display:none"><p>{s}</p></div>', id="display-none"),
    pytest.param('<div style="color: grey; DISPLAY : NONE"><p>{s}</p></div>',
                 id="display-none-spaced-uppercase"),
    pytest.param('<p style="visibility: hidden">{s}</p>', id="visibility-hidden"),
    pytest.param("<div hidden><p>{s}</p></div>", id="hidden-attribute"),
    pytest.param('<section hidden="hidden"><p>{s}</p></section>', id="hidden-attribute-value"),
    pytest.param('<div aria-hidden="true"><p>{s}</p></div>', id="aria-hidden"),
    pytest.param('<p>Read on. <span hidden>{s}</span></p>', id="hidden-span-in-paragraph"),
]


@pytest.mark.parametrize("placement", ["inside", "beside"])
@pytest.mark.parametrize("template", HIDDEN)
def test_hidden_text_never_reaches_the_output(template: str, placement: str) -> None:
    result = clean_html(page(**{placement: template.format(s=HIDDEN_SENTENCE)}))
    assert_article_kept(result)
    assert "Subscribers can read" not in result.text, "hidden text reached the output"


#: A story preloaded for infinite scroll, hidden until the reader gets there: it weighs as much
#: as the article itself, so the size guard rail would spare it.
NEXT_STORY = ("<h2>Harbour cranes to be replaced by electric models</h2>"
              "<p>The port authority said on Friday that all twelve container cranes on the "
              "eastern quay will be replaced by electric models over the next four years, at a "
              "cost of about ninety million euros.</p>"
              "<p>The new cranes are expected to cut the harbour's diesel consumption by almost "
              "half and to reduce noise for residents of the neighbouring districts.</p>"
              "<p>Dock workers will be trained on the new machines in the spring, the authority "
              "said, and no jobs will be lost as a result of the change.</p>"
              "<p>The first two cranes are due to arrive by ship in the autumn, when the quay "
              "will be partly closed for two weeks.</p>")
@pytest.mark.parametrize("attrs", [
    pytest.param('style="display:none"', id="display-none"),
    pytest.param('aria-hidden="true"', id="aria-hidden"),
    pytest.param('style="visibility:hidden"', id="visibility-hidden"),
    pytest.param("hidden", id="hidden-attribute"),
    pytest.param('style="opacity: 1; DISPLAY : NONE"', id="display-none-spaced"),
])
def test_large_hidden_block_never_reaches_the_output(attrs: str) -> None:
    html = page(inside=f'<div id="next-story" {attrs}>{NEXT_STORY}</div>')
    doc = ParseDom()(Document(html=html))
    [block] = doc.tree.xpath('//*[@id="next-story"]')
    body = doc.tree.find(".//body")
    assert len(block.text_content()) > 0.35 * len(body.text_content()), (
        "precondition: the hidden block is large enough for the guard rail")
    result = clean_html(html)
    assert_article_kept(result)
    assert "container cranes" not in result.text, "hidden text reached the output"


SCRIPT = ('<script>window.dataLayer = window.dataLayer || [];\nfunction gtag(){dataLayer.push('
          'arguments);}\ngtag("config", "G-NIGHTTRAIN");\nvar trackingPixelLoaded = true;'
          '</script>')
STYLE = ("<style>.article-body p { font-size: 18px; line-height: 1.6; }\n"
         "@media (max-width: 600px) { .sidebar { display: none; } }</style>")
NOSCRIPT = ('<noscript><p>Please enable JavaScript to see the interactive map of the night '
            'train route and its stations.</p><img src="/pixel.gif" alt=""></noscript>')
TEMPLATE = ("<template><p>Template text for the comment form that scripts clone on "
            "demand.</p></template>")
CODE_MARKERS = ("dataLayer", "gtag", "trackingPixelLoaded", "font-size", "@media",
                "enable JavaScript", "Template text")


@pytest.mark.parametrize("placement", ["inside", "beside", "body_start", "head"])
def test_code_elements_text_never_reaches_the_output(placement: str) -> None:
    code = SCRIPT + STYLE + NOSCRIPT + TEMPLATE
    result = clean_html(page(**{placement: code}))
    assert_article_kept(result)
    leaked = [m for m in CODE_MARKERS if m in result.text]
    assert not leaked, f"script/style/noscript/template text in the output: {leaked}"


def test_large_noscript_and_script_do_not_trip_the_guard() -> None:
    # Code weighs nothing in the guard's measure, however long it is.
    big_script = "<script>" + "var x = {a: 1, b: [2, 3]};\n" * 400 + "</script>"
    big_noscript = ("<noscript><p>" + "Please enable JavaScript to read the live blog. " * 40
                    + "</p></noscript>")
    result = clean_html(page(inside=big_script + big_noscript))
    assert_article_kept(result)
    assert "var x" not in result.text and "enable JavaScript" not in result.text


CSS_TEXT = [
    pytest.param(".fb-post{margin:0 auto;max-width:100%}.fb-post iframe{width:100%!important}",
                 id="rules"),
    pytest.param("@media (max-width: 600px) { .sidebar { display: none; } }", id="media-query"),
    pytest.param("#cookie-notice { position: fixed; bottom: 0; width: 100%; z-index: 9999; }",
                 id="id-selector"),
]


@pytest.mark.parametrize("where", ["body_start", "inside_div", "inside_p"])
@pytest.mark.parametrize("css", CSS_TEXT)
def test_css_text_node_never_reaches_the_output(css: str, where: str) -> None:
    if where == "body_start":
        html = page(body_start=css)  # a text node right in <body>, before any element
    elif where == "inside_div":
        html = page(inside=f"<div>{css}</div>")
    else:
        html = page(inside=f"<p>{css}</p>")
    result = clean_html(html)
    assert_article_kept(result)
    assert "{" not in result.text and "max-width" not in result.text and "z-index" not in (
        result.text), f"CSS text in the output: {result.text[:200]!r}"
