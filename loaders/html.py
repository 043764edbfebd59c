"""HTML pages to plain text with selectolax: scripts, styles and page chrome dropped."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser

_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<meta|<div|<p[\s>])", re.I)
_DROP = "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button, select"
_BLOCK = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "table", "ul", "ol", "blockquote", "pre", "dd", "dt", "hr", "td", "th",
}


def looks_like_html(text: str) -> bool:
    """True when the text starts like an HTML page or fragment."""
    return bool(_HTML_START.match(text[:500]))


def html_to_text(markup: str) -> tuple[str, str]:
    """Return ``(title, text)`` of an HTML page, one block element per line."""
    tree = HTMLParser(markup)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node else ""
    for node in tree.css(_DROP):
        node.decompose()
    root = tree.css_first("article") or tree.body or tree.root
    if root is None:
        return title, ""
    parts: list[str] = []
    _walk(root, parts)
    text = "".join(parts)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return title, text.strip()


def _walk(node, parts: list[str]) -> None:
    """Collect text, putting line breaks around block elements."""
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag in ("-comment",):
            pass
        else:
            block = tag in _BLOCK
            if block:
                parts.append("\n")
            _walk(child, parts)
            if block:
                parts.append("\n")
        child = child.next
