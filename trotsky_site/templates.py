"""The Jinja2 environment: autoescape everywhere, StrictUndefined, date and URL helpers."""
from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from .dates import format_date, format_date_html, format_span
from .paths import absolute_url, page_path, url_for


def make_environment(templates_dir: Path, config) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    style = config.date_style
    env.filters["date"] = lambda d: format_date_html(d, style) if d else Markup("")
    env.filters["date_text"] = lambda d: format_date(d, style) if d else ""
    env.filters["span"] = lambda period: format_span(period[0], period[1], style)
    env.globals["url"] = lambda path="": url_for(config.base_url, path)
    env.globals["absolute_url"] = lambda path="": absolute_url(config.base_url, path)
    env.globals["page_url"] = lambda page: url_for(config.base_url, page_path(page.kind, page.id))
    env.globals["config"] = config
    return env
