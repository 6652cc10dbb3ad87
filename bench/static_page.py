"""The browser baseline: a page's content as one static HTML file, without Dash or React.

The content is the page router's own answer for the address (the component tree the app sends): HTML components
become their tags, `dcc.Link` an `<a>`, Bootstrap components a `<div>` (or `<span>`, `<select>`, `<input>`) with
their classes, and each `dcc.Graph` its figure through Plotly's own `plotly.io.to_html`, with the graph's config.
The first figure's `include_plotlyjs` points at the Plotly bundle the app serves, found in the app's own HTML (the
one place its name is kept is the app); the other Plotly scripts the app loads (the Swedish locale, the map's
offline geo assets) and its style sheets come before it in the head, as in the app. So the browser fetches the same
bundle and draws the same figures, and the difference to the app's page is what Dash and React add.
"""

from __future__ import annotations

import html
import re
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import plotly.io as pio

from bench.callbacks import components

_SCRIPT = re.compile(r'<script[^>]*\bsrc="([^"]+)"')
_STYLE = re.compile(r'<link[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"|<link[^>]*\bhref="([^"]+)"[^>]*\brel="stylesheet"')
_VOID = {"br", "hr", "img", "input", "meta", "link"}
_ATTRIBUTES = {"className": "class", "htmlFor": "for", "tabIndex": "tabindex", "colSpan": "colspan", "rowSpan": "rowspan"}
_PLAIN = ("id", "href", "src", "alt", "role", "title", "width", "height", "type", "name", "placeholder", "action", "method")


def app_assets(index_html: str) -> tuple[str, list[str], list[str]]:
    """(Plotly bundle, the other Plotly scripts in the app's order, style sheets) from the app's HTML page."""
    plotly = [src for src in _SCRIPT.findall(index_html) if "plotly" in src.lower()]
    bundle = next((s for s in plotly if "locale" not in s and "geo" not in s), None)
    if bundle is None:
        raise ValueError("the app's page loads no Plotly bundle")
    styles = [a or b for a, b in _STYLE.findall(index_html)]
    return bundle, [s for s in plotly if s != bundle], styles


def graph_count(answer: dict) -> int:
    """How many Plotly charts the router's answer draws."""
    return sum(1 for c in components(answer) if c["type"] == "Graph")


def _css_name(key: str) -> str:
    return re.sub("([A-Z])", r"-\1", key).lower()  # fontSize → font-size


class _Writer:
    def __init__(self, bundle: str) -> None:
        self.bundle = bundle
        self.ids = count(1)
        self.first = True

    def node(self, tree: Any) -> str:
        if tree is None or isinstance(tree, bool):
            return ""
        if isinstance(tree, list):
            return "".join(self.node(t) for t in tree)
        if not isinstance(tree, dict) or "type" not in tree:
            return html.escape(str(tree))
        kind, space, props = tree["type"], tree.get("namespace", ""), tree.get("props", {})
        if space == "dash_core_components":
            return self.core(kind, props)
        if space == "dash_html_components":
            return self.element(kind.lower(), props)
        return self.bootstrap(kind, props)

    def attributes(self, props: dict, extra_class: str = "") -> str:
        parts = []
        classes = " ".join(c for c in (extra_class, props.get("className") or "") if c)
        if classes:
            parts.append(f'class="{html.escape(classes)}"')
        for key, value in props.items():
            if value is None or key in ("children", "className"):
                continue
            name = _ATTRIBUTES.get(key, key if key in _PLAIN or key.startswith(("aria-", "data-")) else None)
            if name == "class" or name is None:
                continue
            parts.append(f'{name}="{html.escape(str(value))}"')
        if isinstance(props.get("style"), dict):
            css = ";".join(f"{_css_name(k)}:{v}" for k, v in props["style"].items())
            parts.append(f'style="{html.escape(css)}"')
        return (" " + " ".join(parts)) if parts else ""

    def element(self, tag: str, props: dict, extra_class: str = "") -> str:
        attrs = self.attributes(props, extra_class)
        if tag in _VOID:
            return f"<{tag}{attrs}>"
        return f"<{tag}{attrs}>{self.node(props.get('children'))}</{tag}>"

    def core(self, kind: str, props: dict) -> str:
        if kind == "Graph":
            return self.graph(props)
        if kind == "Link":
            return self.element("a", props)
        if kind in ("Location", "Store"):
            return ""
        if kind == "Input":
            return self.element("input", props, "form-control")
        return self.element("div", props)

    def bootstrap(self, kind: str, props: dict) -> str:
        if kind == "Col":
            sizes = " ".join(
                f"col-{k}-{v}" if k != "xs" else f"col-{v}" for k, v in props.items() if k in ("xs", "sm", "md", "lg", "xl") and v
            )
            return self.element("div", props, sizes or "col")
        if kind in ("Select", "RadioItems"):
            return self.choices(kind, props)
        extra = {"Row": "row", "Alert": f"alert alert-{props.get('color') or 'primary'}", "Card": "card", "CardBody": "card-body"}
        tag = "span" if kind == "Badge" else "div"
        return self.element(tag, props, extra.get(kind, ""))

    def choices(self, kind: str, props: dict) -> str:
        """A select with its options, or radio buttons with their labels; the current value chosen."""
        items = []
        for option in props.get("options") or []:
            value, label = html.escape(str(option.get("value"))), html.escape(str(option.get("label")))
            chosen = option.get("value") == props.get("value")
            if kind == "Select":
                items.append(f'<option value="{value}"{" selected" if chosen else ""}>{label}</option>')
            else:
                items.append(
                    f'<label class="form-check"><input type="radio" class="form-check-input"{" checked" if chosen else ""}> {label}</label>'
                )
        if kind == "Select":
            return f"<select{self.attributes(props, 'form-select')}>{''.join(items)}</select>"
        return f"<div{self.attributes(props)}>{''.join(items)}</div>"

    def graph(self, props: dict) -> str:
        include: bool | str = self.bundle if self.first else False
        self.first = False
        body = pio.to_html(
            props.get("figure") or {},
            include_plotlyjs=include,
            full_html=False,
            config=props.get("config") or {},
            div_id=f"static-graph-{next(self.ids)}",
        )
        return f"<div{self.attributes({'className': props.get('className')}, 'static-graph')}>{body}</div>"


def write(answer: dict, index_html: str, base: str, title: str, target: Path) -> Path:
    """Write the router's `answer` (its `_pages_content`) as one static HTML file at `target`, with the app's assets
    (at `base`, the app's address)."""
    bundle, scripts, styles = app_assets(index_html)
    bundle, scripts, styles = urljoin(base, bundle), [urljoin(base, x) for x in scripts], [urljoin(base, x) for x in styles]
    writer = _Writer(urlsplit(bundle)._replace(query="").geturl())  # to_html writes an address ending in .js as <script src>
    content = writer.node(answer["response"]["_pages_content"]["children"])
    head = "".join(f'<link rel="stylesheet" href="{html.escape(s)}">' for s in styles)
    head += "".join(f'<script src="{html.escape(s)}"></script>' for s in scripts)
    page = (
        f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">{head}</head>'
        f'<body><div class="container-fluid"><main id="main">{content}</main></div></body></html>'
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return target
