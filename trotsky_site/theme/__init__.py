"""The packaged theme, and a site's own templates and static files over it.

The theme is the project's top-level templates/ and static/, shipped as package data: pyproject.toml
maps the packages `trotsky_site.theme.templates` and `trotsky_site.theme.static` onto those folders,
so a wheel holds them here, beside this file. A site's own templates/ and static/ (by default the
folders beside its content/) override the theme file by file, as MkDocs's `custom_dir` does.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..build.writer import static_files

_CHECKOUT = Path(__file__).resolve().parents[2]


def packaged(name: str) -> Path:
    """The theme's `templates` or `static` folder. An editable install's finder cannot put a folder from
    outside the package inside it, so there the theme is the checkout's own top-level folder."""
    shipped = resources.files(__name__) / name
    if shipped.is_dir():
        return Path(str(shipped))
    return _CHECKOUT / name


def layers(own: Path | None, name: str) -> tuple[Path, ...]:
    """The folders to look in, first match wins: the site's own folder (when it exists), then the theme's."""
    theme = packaged(name)
    if own is not None and own.is_dir() and own.resolve() != theme.resolve():
        return (own, theme)
    return (theme,)


def merged_static(folders: tuple[Path, ...]) -> dict[str, Path]:
    """site path -> source file, the first folder's file winning, in sorted order."""
    merged: dict[str, Path] = {}
    for folder in reversed(folders):
        merged.update(static_files(folder))
    return dict(sorted(merged.items()))
