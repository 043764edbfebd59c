"""The Neo4j Browser guide of the query packs, served by the local server at ``/kg/guide``.

Neo4j Browser shows a remote HTML guide in its sidebar (``:guide URL``): each
``<slide>`` is a page, a ``pre.runnable`` block goes into the editor when
clicked, and an element with ``data-exec="cmd"`` runs ``:cmd`` when clicked.
The guide has a first page listing every pack (each name opens the pack's
page) and one page per pack: its description, its parameters with the
values of its example (those ``kg query run`` would send for the pack's
``// example:`` line), a button that sets them all, and the pack's Cypher.

The local server opens the guide when the Browser connects
(``browser.post_connect_cmd``); :func:`render` is a pure function of the
packs and the guide's own address.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from kg.packs import QueryPack
from kg.store.query import check_params, cypher_literal, example_params

TITLE = "kg query packs"


def example_values(pack: QueryPack) -> dict[str, Any]:
    """The parameters ``kg query run`` sends for the pack's example (checked and converted), in declared order."""
    return check_params(pack, example_params(pack))


def set_params_command(values: Mapping[str, Any]) -> str:
    """One Browser command (without its leading ``:``) that sets every parameter in ``values``.

    The Browser's lambda form ``:param [{a, b}] => { RETURN 1 AS a, 'x' AS b }``
    has Neo4j evaluate the values, so integers stay integers (a JSON map would
    make them floats, which ``LIMIT`` refuses).  Empty ``values``: empty string.
    """
    if not values:
        return ""
    names = ", ".join(values)
    returns = ", ".join(f"{cypher_literal(v)} AS {k}" for k, v in values.items())
    return f"param [{{{names}}}] => {{ RETURN {returns} }}"


def param_lines(values: Mapping[str, Any]) -> list[str]:
    """``:param name => value`` lines, one per parameter (to edit a value by hand)."""
    return [f":param {k} => {cypher_literal(v)}" for k, v in values.items()]


def _pack_slide(pack: QueryPack) -> str:
    values = example_values(pack)
    parts = [f"<h3>{escape(pack.name)}</h3>", f"<p>{escape(pack.description)}</p>"]
    if values:
        rows = "".join(
            f"<tr><td><code>${escape(p.name)}</code></td><td><code>{escape(cypher_literal(values[p.name]))}</code></td>"
            f"<td>{escape(p.help)}</td></tr>"
            for p in pack.params)
        parts.append(f'<table class="table kg-params"><tr><th>parameter</th><th>example</th><th></th></tr>{rows}'
                     "</table>")
        command = set_params_command(values)
        parts.append(f'<p><button class="btn btn-primary kg-set-params" data-exec="{escape(command)}">'
                     "① Set these parameters</button> (one click; to change one, edit and run "
                     f'<code>{escape(param_lines(values)[0])}</code>)</p>')
        parts.append("<p>② Click the query to put it in the editor, then run it (▶ or Ctrl+Enter):</p>")
    else:
        parts.append("<p>No parameters. Click the query to put it in the editor, then run it (▶ or Ctrl+Enter):</p>")
    parts.append(f'<pre class="code runnable kg-query">{escape(pack.cypher)}</pre>')
    for example in pack.examples:
        parts.append(f"<p>From the shell: <code>{escape(example)}</code></p>")
    return "<slide>" + "\n".join(parts) + "</slide>"


def render(packs: Iterable[QueryPack], url: str) -> str:
    """The guide's HTML: a contents page then a page per pack; ``url`` is where the guide is served."""
    packs = list(packs)
    items = "".join(
        f'<li><a href="#" data-exec="{escape(f"guide {url}#slide-{i}")}"><b>{escape(p.name)}</b></a> '
        f"{escape(p.description)}</li>"
        for i, p in enumerate(packs, start=1))
    contents = (
        f"<slide><h3>{TITLE}</h3>"
        "<p>The Cypher query packs of city-innovation-kg (<code>queries/*.cypher</code>), each with the "
        "parameters of its example. On a pack's page: ① set its parameters with one click, ② click the query "
        "to put it in the editor, ③ run it. Reopen this guide with "
        f"<code>:guide {escape(url)}</code>.</p>"
        f'<ol class="kg-packs">{items}</ol></slide>')
    slides = [contents, *(_pack_slide(p) for p in packs)]
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{TITLE}</title></head>\n<body><article class=\"guide\">\n"
            + "\n".join(slides) + "\n</article></body></html>\n")
