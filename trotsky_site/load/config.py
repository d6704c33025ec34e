"""Site settings from content/site.yml: a small frozen value; unknown keys are errors."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..model.urls import normalize_base_url
from ..problems import Problem
from .content import read_text
from .dates import DATE_STYLES
from .yamlsafe import describe_value, parse_yaml

STYLES = ("chicago-notes-bibliography", "chicago-author-date")   # the CSL styles in render/styles/
DEFAULT_STYLE = "chicago-notes-bibliography"


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Untitled biography"
    subtitle: str = ""
    author: str = ""
    language: str = "en"
    base_url: str = "/"
    licence: str = ""
    date_style: str = "ns_first"
    description: str = ""
    citation_style: str = DEFAULT_STYLE
    subject: str = ""          # id of the person the biography is about; checked against the pages in site.py
    # Set by the command line, not site.yml: a build for disk (links name index.html, no fetch), and
    # whether the home page links to the offline zip the build writes beside it.
    portable: bool = False
    offline_zip: bool = field(default=False, compare=False, repr=False)
    # Where the settings came from, for messages about them: not part of the value (nor of render keys).
    shown: str = field(default="content/site.yml", compare=False, repr=False)
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    def line_of(self, key: str) -> int | None:
        return dict(self.lines).get(key)


KEYS = tuple(k for k in SiteConfig.__dataclass_fields__ if k not in ("source", "lines", "portable", "offline_zip"))
REQUIRED = ("title",)


def load_config(content_dir: Path, base_url: str | None = None, **options) -> tuple[SiteConfig, list[Problem]]:
    """The settings of site.yml; `base_url` and `options` (portable, offline_zip) from the command line."""
    config, problems = _load_config(content_dir, base_url)
    return replace(config, **options), problems


def _load_config(content_dir: Path, base_url: str | None = None) -> tuple[SiteConfig, list[Problem]]:
    path = content_dir / "site.yml"
    shown = f"{content_dir.name}/site.yml"
    if not path.is_file():
        return SiteConfig(), [Problem(shown, None, "config.missing", "the site settings file is missing",
                                      "create content/site.yml with at least `title: ...`")]
    text, problems = read_text(path, shown)
    if text is None:
        return SiteConfig(), problems
    parsed, errors = parse_yaml(text)
    problems += [Problem(shown, e.line, "config.invalid-yaml", e.message, e.hint) for e in errors]
    if parsed is None:
        return SiteConfig(), problems
    data = parsed.value if parsed.value is not None else {}
    if not isinstance(data, dict):
        return SiteConfig(), problems + [Problem(shown, 1, "config.not-mapping", "site.yml must be a mapping",
                                                 "write `key: value` lines such as `title: ...`")]
    values = {}
    for key, value in data.items():
        line = parsed.lines.get((key,))
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            problems.append(Problem(shown, line, "config.unknown-key", f"unknown key `{key}`",
                                    f"did you mean `{close[0]}`?" if close else f"known keys: {', '.join(KEYS)}"))
        elif not isinstance(value, str):
            written = describe_value(value, parsed.texts.get((key,)))
            problems.append(Problem(shown, line, "config.wrong-type", f"`{key}` must be text, not {written}",
                                    "put the value in double quotes"))
        else:
            values[key] = value.strip()
    for key in REQUIRED:
        if key in data and not isinstance(data[key], str):
            continue          # already reported as the wrong type
        if not values.get(key):
            problems.append(Problem(shown, parsed.lines.get((key,)), "config.missing-key", f"`{key}` is required",
                                    f"add `{key}: ...`"))
    if values.get("date_style", "ns_first") not in DATE_STYLES:
        problems.append(Problem(shown, parsed.lines.get(("date_style",)), "config.invalid-value",
                                f"date_style must be one of {', '.join(DATE_STYLES)}", "use ns_first or os_first"))
        values.pop("date_style")
    if values.get("citation_style", DEFAULT_STYLE) not in STYLES:
        problems.append(Problem(shown, parsed.lines.get(("citation_style",)), "config.invalid-value",
                                f"citation_style must be one of {', '.join(STYLES)}",
                                "use chicago-notes-bibliography (notes, the default) or chicago-author-date "
                                "(Author Year in parentheses)"))
        values.pop("citation_style")
    lines = tuple((path[0], line) for path, line in parsed.lines.items() if len(path) == 1 and path[0] in values)
    config = SiteConfig(**values, shown=shown, lines=lines)
    if base_url is not None:
        config = replace(config, base_url=base_url)
    return replace(config, base_url=normalize_base_url(config.base_url)), problems
