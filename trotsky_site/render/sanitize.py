"""What a Markdown body may not put into a page: script URLs and event-handler attributes.

Raw HTML in bodies is already shown as text (markdown_ext deregisters Python-Markdown's HTML
patterns), but plain Markdown can still write `[x](javascript:alert(1))`, and the attr_list
extension lets `{: onclick="..." }` set any attribute. This tree processor runs after every
other one, removes what a browser could execute, and reports it as a problem.
"""
from __future__ import annotations

import html
import re

from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "poster", "background", "cite",
                            "data", "longdesc", "usemap", "manifest", "codebase", "ping", "xlink:href"})
FORBIDDEN_ATTRIBUTES = frozenset({"srcdoc", "formaction", "http-equiv"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def unsafe_scheme(url: str) -> str | None:
    """The scheme of `url` when a browser would not treat it as an ordinary link, else None."""
    # Browsers decode entities and ignore whitespace and control characters inside a scheme.
    cleaned = "".join(ch for ch in html.unescape(url) if ch > " " and ch != "\x7f").lower()
    match = _SCHEME.match(cleaned)
    if match and match.group(1) not in SAFE_SCHEMES:
        return match.group(1)
    return None


def unsafe_attribute(name: str) -> bool:
    name = name.lower()
    return name.startswith("on") or name in FORBIDDEN_ATTRIBUTES


class SafeAttributes(Treeprocessor):
    """Drops event handlers and replaces script URLs; `holder.context.fail` records each one."""

    def __init__(self, md, holder):
        super().__init__(md)
        self.holder = holder

    def run(self, root):
        ctx = self.holder.context
        for element in root.iter():
            for name in list(element.attrib):
                value = element.attrib[name]
                if unsafe_attribute(name):
                    del element.attrib[name]
                    if ctx is not None:
                        ctx.fail(name, "markdown.unsafe-attribute", f"the attribute `{name}` is not allowed",
                                 "remove it: scripts cannot be added from Markdown")
                elif name.lower() in URL_ATTRIBUTES and (scheme := unsafe_scheme(value)):
                    element.set(name, "#")
                    if ctx is not None:
                        ctx.fail(value, "markdown.unsafe-url", f"the link `{value}` uses the scheme '{scheme}:'",
                                 "use an http(s) or mailto address, a site path, or a cross-link [[...]]")
