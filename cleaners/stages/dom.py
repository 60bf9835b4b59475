"""Parse the page and prune boilerplate elements before extraction, with guard rails."""

from __future__ import annotations

from typing import ClassVar

from lxml import etree
from lxml.html import HtmlElement, document_fromstring

from cleaners.config import CleanConfig
from cleaners.document import AUDIT_TEXT_CHARS, Document, Removal
from cleaners.errors import DecodeError
from cleaners.rules.dom import DomRule, class_tokens

#: An element holding more than this share of the page's text is never pruned: its class
#: names a wrapper ("post has-related", "single-author"), not a box beside the article.
MAX_ELEMENT_SHARE = 0.35
#: Tags that are never pruned whatever their class says.
_NEVER = frozenset({"html", "body", "main", "article", "head"})
#: Elements whose text is code, not visible text: pruned without an audit entry.
_SILENT = frozenset({"script", "style", "noscript", "template"})


def _visible_len(el: HtmlElement) -> int:
    n = 0
    for node in el.iter():
        tag = node.tag if isinstance(node.tag, str) else None
        if tag is None or tag in _SILENT:
            if node is not el and node.tail:
                n += len(node.tail.strip())
            continue
        n += len((node.text or "").strip())
        if node is not el:
            n += len((node.tail or "").strip())
    return n


def _p_len(el: HtmlElement) -> int:
    return sum(len(p.text_content().strip()) for p in el.iter("p"))


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


class PruneDom:
    """Remove elements the DOM rules match; an element that holds much of the page stays."""

    name: ClassVar[str] = "dom_prune"

    def __init__(self, rules: tuple[DomRule, ...], config: CleanConfig) -> None:
        self.rules = tuple(r for r in rules if config.enabled(r.name, r.category))

    def __call__(self, doc: Document) -> Document:
        tree = doc.tree
        if tree is None:
            return doc
        body = tree.find(".//body")
        root = body if body is not None else tree
        total_p = _p_len(root) or 1
        total_v = _visible_len(root) or 1
        doomed: list[tuple[HtmlElement, DomRule]] = []
        guarded: set[str] = set()
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            tokens = class_tokens(el)
            for rule in self.rules:
                if not rule.match(el, tokens):
                    continue
                if el.tag in _NEVER or _p_len(el) > MAX_ELEMENT_SHARE * total_p or (
                        _visible_len(el) > MAX_ELEMENT_SHARE * total_v):
                    if rule.name not in guarded:
                        guarded.add(rule.name)
                        doc.audit.append(Removal("guard.kept", "guard", self.name,
                                                 tree.getroottree().getpath(el),
                                                 f"{rule.name} spared an element holding much "
                                                 "of the page"))
                    break
                doomed.append((el, rule))
                break
        doomed_ids = {id(el) for el, _ in doomed}
        for el, rule in doomed:
            ancestor = el.getparent()
            nested = False
            while ancestor is not None:
                if id(ancestor) in doomed_ids:
                    nested = True
                    break
                ancestor = ancestor.getparent()
            if nested:
                continue
            if el.tag not in _SILENT:
                text = " ".join(el.text_content().split())
                if text:
                    doc.audit.append(Removal(rule.name, rule.category, self.name,
                                             tree.getroottree().getpath(el),
                                             text[:AUDIT_TEXT_CHARS]))
            delete_element(el)
        return doc
