"""A [[date]] link lands on the timeline even when no event bears that date."""
import re

from trotsky_site.build.pipeline import Project, build_in_memory


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _timeline_ids(result) -> list[str]:
    html = result.files["timeline/index.html"].decode()
    return re.findall(r'<li class="anchor-only" id="(d-[^"]+)"', html)


def test_every_linked_date_has_an_anchor_in_date_order(make_content):
    content = make_content("mini")
    _append(content / "chapters" / "moscow.md",
            "\n\nThree dates no event bears: [[1880-03-01 O.S.]], [[1899-05]] and [[1965-01-01]].\n")
    result = build_in_memory(Project(content))
    assert result.ok, result.problems
    html = result.files["chapters/moscow/index.html"].decode()
    for anchor in ("d-1880-03-13", "d-1899-05", "d-1965-01-01"):
        assert f'timeline/#{anchor}"' in html
    ids = _timeline_ids(result)
    assert {"d-1880-03-13", "d-1899-05", "d-1965-01-01"} <= set(ids)
    assert len(ids) == len(set(ids))                                     # each anchor once
    keys = [tuple(int(part) for part in anchor[2:].split("-")) for anchor in ids]
    assert keys == sorted(keys)                                          # where the day falls
    assert ids[-1] == "d-1965-01-01"                                     # after the last event


def test_an_event_date_keeps_a_single_anchor(make_content):
    content = make_content("mini")
    _append(content / "chapters" / "moscow.md", "\n\nIn [[1898]] again.\n")
    ids = _timeline_ids(build_in_memory(Project(content)))
    assert ids.count("d-1898") == 1
