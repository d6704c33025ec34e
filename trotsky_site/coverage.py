"""Citation coverage of a biography: how many of each page's paragraphs cite a source.

`python -m trotsky_site.coverage [content]` prints, for every chapter and every full profile (a person
embedded with `![[id]]` in a chapter, and the site's `subject`), the share of its paragraphs that carry a citation, and lists the
pages with a body that cite nothing. It exits 1 when a chapter or full profile is under the target
(90%) or a page with a body cites nothing, so the figures can gate a change.

A paragraph is a Markdown block: a paragraph, one list item, or one block quote. Headings, embedded
cards, rules and tables are not claims and are not counted.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .load.frontmatter import split_front_matter

TARGET = 0.9
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+")
_EMBED = re.compile(r"^!\[\[[^\]]+\]\]$")
_CITATION = re.compile(r"(?<![\w\\])-?@([\w][\w:.#$%&+?<>~/-]*)")


@dataclass(frozen=True)
class PageCoverage:
    shown: str
    paragraphs: int
    cited: int

    @property
    def share(self) -> float:
        return self.cited / self.paragraphs if self.paragraphs else 1.0


def bibliography_keys(content_dir: Path) -> set[str]:
    keys: set[str] = set()
    bib = content_dir / "bibliography.bib"
    if bib.is_file():
        keys |= set(re.findall(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", bib.read_text(encoding="utf-8"), re.M))
    csl = content_dir / "bibliography.json"
    if csl.is_file():
        import json
        keys |= {item["id"] for item in json.loads(csl.read_text(encoding="utf-8")) if "id" in item}
    return keys


def paragraphs(body: str) -> list[str]:
    """The claim-bearing blocks of a Markdown body, in order."""
    blocks, current = [], []
    for line in body.splitlines() + [""]:
        if not line.strip():
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(line)
    found: list[str] = []
    for block in blocks:
        first = block[0].strip()
        if first.startswith("#") or _EMBED.match(first) or first in ("---", "***") or first.startswith("|"):
            continue
        if first.startswith(">"):
            found.append("\n".join(block))
        elif _LIST_ITEM.match(block[0]):
            item: list[str] = []
            for line in block:
                if _LIST_ITEM.match(line) and item:
                    found.append("\n".join(item))
                    item = []
                item.append(line)
            found.append("\n".join(item))
        else:
            found.append("\n".join(block))
    return found


def cites(text: str, keys: set[str]) -> bool:
    return any(match.group(1).rstrip(".,;:") in keys for match in _CITATION.finditer(text))


def page_coverage(path: Path, shown: str, keys: set[str]) -> PageCoverage:
    front, _ = split_front_matter(shown, path.read_text(encoding="utf-8").replace("\r\n", "\n"))
    found = paragraphs(front.body if front else "")
    return PageCoverage(shown, len(found), sum(cites(paragraph, keys) for paragraph in found))


def full_profiles(content_dir: Path) -> set[str]:
    embedded: set[str] = set()
    for chapter in (content_dir / "chapters").glob("*.md"):
        embedded |= set(re.findall(r"^!\[\[([^\]|#]+)\]\]\s*$", chapter.read_text(encoding="utf-8"), re.M))
    site_yml = content_dir / "site.yml"
    subject = re.search(r"^subject:\s*([\w-]+)", site_yml.read_text(encoding="utf-8"), re.M) if site_yml.is_file() else None
    if subject:   # the biography's subject is the fullest profile of all
        embedded.add(subject.group(1))
    return {page_id for page_id in embedded if (content_dir / "people" / f"{page_id}.md").is_file()}


def report(content_dir: Path) -> tuple[list[str], bool]:
    keys = bibliography_keys(content_dir)
    profiles = full_profiles(content_dir)
    lines, ok = [], True
    measured = [path for path in sorted((content_dir / "chapters").glob("*.md"))]
    measured += [content_dir / "people" / f"{page_id}.md" for page_id in sorted(profiles)]
    lines.append(f"{'page':52} {'paragraphs':>10} {'cited':>6} {'share':>6}")
    total = cited = 0
    for path in measured:
        coverage = page_coverage(path, path.relative_to(content_dir.parent).as_posix(), keys)
        total, cited = total + coverage.paragraphs, cited + coverage.cited
        flag = "" if coverage.share >= TARGET else "  < 90%"
        ok = ok and not flag
        lines.append(f"{coverage.shown:52} {coverage.paragraphs:>10} {coverage.cited:>6} {coverage.share:>6.0%}{flag}")
    lines.append(f"{'all chapters and full profiles':52} {total:>10} {cited:>6} {cited / max(total, 1):>6.0%}")
    uncited = []
    for path in sorted(content_dir.glob("*/*.md")):
        coverage = page_coverage(path, path.relative_to(content_dir.parent).as_posix(), keys)
        if coverage.paragraphs and not coverage.cited:
            uncited.append(coverage.shown)
    lines.append(f"pages with a body that cite nothing: {len(uncited)}")
    lines.extend(f"  {shown}" for shown in uncited)
    return lines, ok and not uncited


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    content_dir = Path(args[0] if args else "content")
    lines, ok = report(content_dir)
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
