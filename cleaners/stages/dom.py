"""Parse the page and prune boilerplate elements before extraction, with guard rails."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from lxml import etree
from lxml.html import HtmlElement, document_fromstring

from cleaners.config import CleanConfig
from cleaners.document import AUDIT_TEXT_CHARS, Document, Removal
from cleaners.errors import DecodeError
from cleaners.rules.dom import DomRule, Node, tokens_of

#: An element holding more than its rule's ``max_share`` (0.35 by default) of the page's text is
#: never pruned: its class names a wrapper ("post has-related", "single-author"), not a box
#: beside the article.
#: Tags that are never pruned whatever their class says.
_NEVER = frozenset({"html", "body", "main", "article", "head"})
#: Elements whose text is code, not visible text: pruned without an audit entry.
_SILENT = frozenset({"script", "style", "noscript", "template"})


def delete_element(el: HtmlElement) -> None:
    """Remove an element but keep its tail text (trafilatura's delete_element(keep_tail=True))."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


class ParseDom:
    """Parse ``doc.html`` into an lxml tree."""

    name: ClassVar[str] = "parse"

    def __call__(self, doc: Document) -> Document:
        html = doc.html or ""
        if not html.strip():
            raise DecodeError("empty page")
        # lxml refuses str input with an XML encoding declaration; strip it.
        if html.lstrip().startswith("<?xml"):
            html = html[html.find("?>") + 2:]
        try:
            doc.tree = document_fromstring(html, parser=_PARSER)
        except (etree.ParserError, ValueError) as exc:
            raise DecodeError(f"not parseable as HTML: {exc}") from exc
        return doc


_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True,
                           collect_ids=False, default_doctype=False)
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(element=HtmlElement))


def measure(root: HtmlElement, visit: Callable[[HtmlElement, Node], None] | None = None,
            visit_tags: frozenset[str] | None = None) -> dict[HtmlElement, Node]:
    """Text, link and paragraph lengths of every element, in one walk from the leaves up.

    ``visit`` sees each element once its subtree is measured (the pruning pass rides along):
    every element that has attributes, and bare ones whose tag is in ``visit_tags`` (all of them
    when ``visit_tags`` is None).
    """
    nodes: dict[HtmlElement, Node] = {}
    elements = list(root.iter(etree.Element))
    for el in reversed(elements):  # children come after their parent in document order
        tag = el.tag
        text = 0 if tag in _SILENT else len((el.text or "").strip())
        links = n_links = paras = 0
        for child in el:
            tail = child.tail
            sub = nodes.get(child)
            if sub is not None:
                text += sub.text
                links += sub.links
                n_links += sub.n_links
                paras += sub.paras
            if tail:
                text += len(tail.strip())
        if tag == "a":
            links, n_links = text, n_links + 1
        elif tag == "p":
            paras = text
        node = nodes[el] = Node([], text, links, n_links, paras)
        if visit is not None and (visit_tags is None or tag in visit_tags or el.keys()):
            visit(el, node)
    return nodes


class PruneDom:
    """Remove elements the DOM rules match; an element that holds much of the page stays."""

    name: ClassVar[str] = "dom_prune"

    def __init__(self, rules: tuple[DomRule, ...], config: CleanConfig) -> None:
        enabled = tuple(r for r in rules if config.enabled(r.name, r.category))
        # Script, style and other code elements go in one C-level sweep, unaudited (their text
        # is never visible).
        self.bulk_tags = tuple(sorted({t for r in enabled for t in r.bulk_tags}))
        self.rules = tuple(r for r in enabled if not r.bulk_tags)
        # Pure token rules become one lookup per token; the others are tried in rule order,
        # only on the tags they name. The first matching rule (in list order) wins.
        self.token_index: dict[str, int] = {}
        self.pair_index: dict[tuple[str, str], int] = {}
        self.untagged: list[int] = []
        self.by_tag: dict[str, list[int]] = {}
        for position, rule in enumerate(self.rules):
            if rule.tokens or rule.pairs:  # looked up by token; its own test checks a hit
                for token in rule.tokens:
                    self.token_index.setdefault(token, position)
                for pair in rule.pairs:
                    self.pair_index.setdefault(pair, position)
            elif rule.tags is None:
                self.untagged.append(position)
            else:
                for tag in rule.tags:
                    self.by_tag.setdefault(tag, []).append(position)
        self.by_tag = {tag: sorted([*self.untagged, *positions])
                       for tag, positions in self.by_tag.items()}
        # Whether an element with no attributes and no rule for its tag can be skipped outright.
        self.bare_skippable = all(self.rules[p].attrs or self.rules[p].needs_tokens
                                  for p in self.untagged)

    def _next_token_hit(self, tokens: tuple[str, ...], after: int) -> int:
        """The next token rule after position ``after`` that the tokens hit."""
        hits = [p for p, rule in enumerate(self.rules) if p > after and (
            not rule.tokens.isdisjoint(tokens)
            or any(pair in rule.pairs for pair in zip(tokens, tokens[1:])))]
        return min(hits, default=len(self.rules))

    def first_match(self, el: HtmlElement, node: Node) -> DomRule | None:
        """The first rule (in list order) that matches the element."""
        names = el.keys()
        rules = self.rules
        best = len(rules)
        if names:
            cls, ident = el.get("class"), el.get("id")
            if cls or ident:
                tokens = tokens_of(f"{cls} {ident}" if cls and ident else cls or ident)
                node.tokens = list(tokens)
                index = self.token_index
                for token in tokens:
                    position = index.get(token, best)
                    if position < best:
                        best = position
                if self.pair_index:
                    for pair in zip(tokens, tokens[1:]):
                        position = self.pair_index.get(pair, best)
                        if position < best:
                            best = position
                # A token rule with a test of its own ("loading" boxes must be short).
                while best < len(rules) and rules[best].match is not None and not rules[
                        best].match(el, node):
                    best = self._next_token_hit(tokens, best)
        for position in self.by_tag.get(el.tag, self.untagged):
            if position >= best:
                break
            rule = rules[position]
            if (rule.needs_tokens and not node.tokens) or (
                    rule.attrs and rule.attrs.isdisjoint(names)):
                continue
            if rule.match is not None and rule.match(el, node):
                best = position
                break
        return rules[best] if best < len(rules) else None

    def __call__(self, doc: Document) -> Document:
        tree = doc.tree
        if tree is None:
            return doc
        if self.bulk_tags:
            etree.strip_elements(tree, *self.bulk_tags, with_tail=False)
        body = tree.find(".//body")
        root = body if body is not None else tree
        matched: list[tuple[HtmlElement, Node, DomRule]] = []

        def visit(el: HtmlElement, node: Node) -> None:
            rule = self.first_match(el, node)
            if rule is not None:
                matched.append((el, node, rule))

        nodes = measure(root, visit, frozenset(self.by_tag) if self.bare_skippable else None)
        top = nodes.get(root)
        total_p = (top.paras if top else 0) or 1
        total_v = (top.text if top else 0) or 1
        doomed: list[tuple[HtmlElement, DomRule]] = []
        doomed_set: set[HtmlElement] = set()
        guarded: set[str] = set()
        for el, node, rule in matched:
            if (rule.spare_main_tags and el.tag in _NEVER) or el.tag in ("html", "body") or (
                    node.paras > rule.max_share * total_p) or (
                    node.text > rule.max_share * total_v):
                if rule.name not in guarded:
                    guarded.add(rule.name)
                    doc.audit.append(Removal("guard.kept", "guard", self.name,
                                             tree.getroottree().getpath(el),
                                             f"{rule.name} spared an element holding much "
                                             "of the page"))
                continue
            doomed.append((el, rule))
            doomed_set.add(el)
        removed_paras = 0
        for el, rule in doomed:
            if any(a in doomed_set for a in el.iterancestors()):
                continue  # its ancestor goes anyway
            removed_paras += nodes[el].paras
            if el.tag not in _SILENT and nodes[el].text:
                text = " ".join(el.text_content().split())
                doc.audit.append(Removal(rule.name, rule.category, self.name,
                                         tree.getroottree().getpath(el), text[:AUDIT_TEXT_CHARS]))
            delete_element(el)
        doc.page_chars = max(0, (top.paras if top else 0) - removed_paras)
        return doc
