"""Discovery and reading: the only module that touches content files."""
from __future__ import annotations

import codecs
import difflib
import os
import stat
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from ..model.kinds import KINDS, Kind, Registry
from ..model.page import Page
from ..model.urls import RESERVED_IDS, id_problem, suggest_id
from ..problems import Problem, unexpected
from .limits import check_body
from .frontmatter import split_front_matter
from .schema import born_died_order, validate_page

MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True)
class SourceFile:
    kind: Kind
    page_id: str
    path: Path        # on disk
    shown: str        # as shown in messages


def discover(content_dir: Path, kinds: Registry = KINDS) -> tuple[list[SourceFile], list[Problem]]:
    """Every page file of every kind, each kind in its own way (by default, the Markdown files of its folder)."""
    files, problems = [], _stray_files(content_dir, kinds)
    for kind in kinds:
        found, more = (kind.discover or markdown_files)(content_dir, kind)
        files += found
        problems += more
    return files, problems


def markdown_files(content_dir: Path, kind: Kind) -> tuple[list[SourceFile], list[Problem]]:
    """A kind's default source: the Markdown files directly in content/<folder>/."""
    directory = content_dir / kind.folder
    if not directory.is_dir():
        return [], []
    try:   # scandir knows from the listing which entries are folders and links: no stat for each file
        with os.scandir(directory) as listing:
            found = {item.name: item for item in listing}
    except OSError as error:
        return [], [Problem(_shown(content_dir, directory), None, "content.unreadable",
                            f"cannot list the folder: {error.strerror}", "check the folder's permissions")]
    files, problems, root = [], [], content_dir.resolve()
    entries = [directory / name for name in sorted(found)]   # the order of sorted(directory.iterdir())
    keepers = _keepers(entries)
    prefix = f"{content_dir.name}/{kind.folder}/" if content_dir.name else f"{kind.folder}/"
    for entry in entries:
        shown = prefix + entry.name   # _shown(content_dir, entry), without the path arithmetic
        problem = _entry_problem(entry, shown, root, kind, keepers, found[entry.name])
        if problem is not None:
            problems.append(problem)
        elif _is_page_file(entry):
            files.append(SourceFile(kind, unicodedata.normalize("NFC", entry.stem), entry, shown))
    return files, problems


def _is_page_file(entry: Path) -> bool:
    return not entry.name.startswith(".") and not entry.name.endswith("~") and entry.suffix == ".md"


def _name_key(name: str) -> str:
    """Names that macOS or Windows would store as one file: equal after NFC and case folding."""
    return unicodedata.normalize("NFC", name).casefold()


def _keepers(entries: list[Path]) -> dict[str, Path]:
    """For each set of names that differ only in case or normalization, the one file that is read."""
    keepers: dict[str, Path] = {}
    for entry in entries:
        if not _is_page_file(entry):
            continue
        key = _name_key(entry.name)
        current = keepers.get(key)
        if current is None or (id_problem(current.stem) and not id_problem(entry.stem)):
            keepers[key] = entry
    return keepers


def _entry_problem(entry: Path, shown: str, root: Path, kind: Kind, keepers: dict,
                   listed: os.DirEntry) -> Problem | None:
    folder = kind.folder
    if entry.name.startswith(".") or entry.name.endswith("~"):
        return None
    if _is_dir(listed):
        if not any(entry.rglob("*.md")):
            return None
        return Problem(shown, None, "content.subfolder", f"pages in the subfolder {entry.name}/ are not read",
                       f"move its files up into {folder}/: a page id cannot contain '/'")
    if entry.suffix.lower() != ".md":
        return None
    if entry.suffix != ".md":
        return Problem(shown, None, "content.invalid-id", f"the file name ends in '{entry.suffix}', not '.md'",
                       f"rename the file to {entry.stem}.md")
    outside = _outside(entry, shown, root, _is_link(listed))
    if outside is not None:
        return outside
    keeper = keepers[_name_key(entry.name)]
    if keeper != entry:
        differ = "case" if unicodedata.normalize("NFC", keeper.name) != unicodedata.normalize("NFC", entry.name) \
            else "Unicode normalization (one is written decomposed, NFD)"
        return Problem(shown, None, "content.name-collision",
                       f"this file name and '{keeper.name}' differ only in {differ}; "
                       "on macOS and Windows they are the same file", "merge the two files and delete this one")
    page_id = unicodedata.normalize("NFC", entry.stem)
    why = id_problem(page_id)
    if why:
        return Problem(shown, None, "content.invalid-id", why, _rename_hint(page_id, kind, keepers, entry))
    return None


def _is_dir(listed: os.DirEntry) -> bool:
    """Path.is_dir() from a listing: a link to a folder is a folder; a broken or looping link is not."""
    try:
        return listed.is_dir()
    except OSError:
        return False


def _is_link(listed: os.DirEntry) -> bool:
    try:
        return listed.is_symlink()
    except OSError:
        return False


def _outside(entry: Path, shown: str, root: Path, is_link: bool) -> Problem | None:
    if not is_link:
        return None
    try:
        target = entry.resolve()
    except (OSError, RuntimeError):
        return Problem(shown, None, "content.unreadable", "this link is broken or loops back on itself",
                       "replace the link with the file itself")
    if target.is_relative_to(root):
        return None
    return Problem(shown, None, "content.symlink-outside", f"this link points outside the content folder, to {target}",
                   "copy the file into content/ instead of linking to it")


def _rename_hint(page_id: str, kind: Kind, keepers: dict, entry: Path) -> str:
    if page_id.lower() in RESERVED_IDS:
        return (f"'{page_id}' is a name the site itself uses; "
                f"rename the file, e.g. to {page_id}-{kind.name}.md")
    better = suggest_id(page_id)
    if keepers.get(_name_key(better + ".md"), entry) != entry:
        return f"{better}.md already exists: merge the two files and delete this one"
    if better.lower() == page_id.lower():
        return f"rename the file to {better}.md (on macOS and Windows, a change of case only: use `git mv`)"
    return f"rename the file to {better}.md"


def _stray_files(content_dir: Path, kinds: Registry) -> list[Problem]:
    """Markdown files outside the kinds' folders are never read: say so rather than skip them silently."""
    problems, folders = [], kinds.folders
    of_name = {kind.name: kind.folder for kind in kinds}
    try:
        entries = sorted(content_dir.iterdir())
    except OSError:
        return []
    for entry in entries:
        if entry.name.startswith(".") or entry.name in folders:
            continue
        if entry.is_file() and entry.suffix.lower() == ".md":
            problems.append(Problem(_shown(content_dir, entry), None, "content.unknown-folder",
                                    "pages must be in one of the folders " + ", ".join(f"{k}/" for k in folders),
                                    "move the file into the folder of its kind"))
        elif entry.is_dir() and any(entry.rglob("*.md")):
            close = [of_name[entry.name.lower()]] if entry.name.lower() in of_name else \
                difflib.get_close_matches(entry.name.lower().replace("z", "s"), folders, n=1, cutoff=0.5)
            problems.append(Problem(_shown(content_dir, entry), None, "content.unknown-folder",
                                    f"the folder {entry.name}/ is not one of " + ", ".join(f"{k}/" for k in folders),
                                    f"did you mean {close[0]}/?" if close
                                    else "move its pages into the folder of their kind"))
    return problems


def _shown(content_dir: Path, path: Path) -> str:
    return (Path(content_dir.name) / path.relative_to(content_dir)).as_posix()


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            return None, [Problem(shown, None, "content.unreadable", "this is not a regular file",
                                  "replace it with an ordinary text file")]
        if status.st_size > MAX_FILE_BYTES:
            return None, [Problem(shown, None, "content.too-large",
                                  f"the file is {status.st_size / 1e6:.1f} MB; "
                                  f"the limit is {MAX_FILE_BYTES / 1e6:g} MB",
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
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return None, [Problem(shown, 1, "content.not-utf8", "the file is UTF-16, not UTF-8",
                                  "save the file as UTF-8 in your editor")]
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(shown, line, "content.not-utf8",
                              f"the file is not UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start})",
                              "save the file as UTF-8 in your editor")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text), []


def parse_page(source: SourceFile, text: str) -> tuple[Page | None, list[Problem]]:
    try:
        return _parse_page(source, text)
    except Exception as error:  # a bug must name the file it choked on, never end the build with a traceback
        return None, [unexpected(source.shown, error)]


def _parse_page(source: SourceFile, text: str) -> tuple[Page | None, list[Problem]]:
    front, problems = split_front_matter(source.shown, text)
    if front is None:
        return None, problems
    page, more = validate_page(source.kind, source.page_id, source.shown, front)
    problems += more
    if page is not None:
        problems += born_died_order(page)
        unsafe = check_body(page.body, page.body_line, page.shown)
        if unsafe:   # keep the page, so links to it resolve, but never render the body
            problems += unsafe
            page = replace(page, body="")
    return page, problems


def load_source(source: SourceFile) -> tuple[Page | None, list[Problem]]:
    """Reads and parses one discovered file: the unit the preview server caches between saves."""
    return (source.kind.load or load_markdown)(source)


def load_markdown(source: SourceFile) -> tuple[Page | None, list[Problem]]:
    text, problems = read_text(source.path, source.shown)
    if text is None:
        return None, problems
    page, more = parse_page(source, text)
    return page, problems + more


def file_stamp(path: Path):
    """What changes when a file is written: (modified ns, changed ns, size, inode), or None if it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def load_pages(content_dir: Path, kinds: Registry = KINDS) -> tuple[list[Page], list[Problem]]:
    sources, problems = discover(content_dir, kinds)
    pages = []
    for source in sources:
        page, more = load_source(source)
        problems += more
        if page is not None:
            pages.append(page)
    return pages, problems
