"""Discovery and reading: the only module that touches content files."""
from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .frontmatter import split_front_matter
from .model import Page
from .paths import KIND_OF_FOLDER, KINDS, id_problem, suggest_id
from .problems import Problem
from .schema import born_died_order, validate_page

MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True)
class SourceFile:
    kind: str
    page_id: str
    path: Path        # on disk
    shown: str        # as shown in messages


def discover(content_dir: Path) -> tuple[list[SourceFile], list[Problem]]:
    files, problems = [], []
    root = content_dir.resolve()
    for folder in KINDS:
        directory = content_dir / folder
        if not directory.is_dir():
            continue
        for entry in sorted(directory.iterdir()):
            shown = _shown(content_dir, entry)
            if entry.name.startswith(".") or entry.name.endswith("~") or entry.suffix != ".md":
                continue
            if entry.is_symlink() and not entry.resolve().is_relative_to(root):
                problems.append(Problem(shown, None, "content.symlink-outside",
                                        f"this link points outside the content folder, to {entry.resolve()}",
                                        "copy the file into content/ instead of linking to it"))
                continue
            page_id = unicodedata.normalize("NFC", entry.stem)
            why = id_problem(page_id)
            if why:
                problems.append(Problem(shown, None, "content.invalid-id", why,
                                        f"rename the file to {suggest_id(page_id)}.md"))
                continue
            files.append(SourceFile(KIND_OF_FOLDER[folder], page_id, entry, shown))
    return files, problems


def _shown(content_dir: Path, path: Path) -> str:
    return (Path(content_dir.name) / path.relative_to(content_dir)).as_posix()


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(shown, None, "content.too-large",
                                  f"the file is {size // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB",
                                  "split it into several pages")]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(shown, None, "content.unreadable", f"cannot read the file: {error.strerror}",
                              "check the file's permissions")]
    return decode(raw, shown)


def decode(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(shown, line, "content.not-utf8",
                              f"the file is not UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start})",
                              "save the file as UTF-8 in your editor")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text), []


def parse_page(source: SourceFile, text: str) -> tuple[Page | None, list[Problem]]:
    front, problems = split_front_matter(source.shown, text)
    if front is None:
        return None, problems
    page, more = validate_page(source.kind, source.page_id, source.shown, front)
    problems += more
    if page is not None:
        problems += born_died_order(page)
    return page, problems


def load_pages(content_dir: Path) -> tuple[list[Page], list[Problem]]:
    sources, problems = discover(content_dir)
    pages = []
    for source in sources:
        text, more = read_text(source.path, source.shown)
        problems += more
        if text is None:
            continue
        page, more = parse_page(source, text)
        problems += more
        if page is not None:
            pages.append(page)
    return pages, problems


def content_fingerprint(content_dir: Path) -> tuple:
    """Cheap change detection for the preview server: (path, mtime, size) of every file."""
    entries = []
    for dirpath, _dirs, names in os.walk(content_dir):
        for name in sorted(names):
            stat = os.stat(os.path.join(dirpath, name))
            entries.append((dirpath, name, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(entries))
