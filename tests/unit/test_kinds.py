"""kinds: the registry of content kinds, the free-standing `page` kind, and the site's `subject`."""
import re
import shutil
from pathlib import Path

import pytest

from trotsky_site.load import schema as s
from trotsky_site.build.pipeline import Project, build_in_memory
from trotsky_site.load.config import SiteConfig, load_config
from trotsky_site.model.urls import relative_url
from trotsky_site.model.kinds import KINDS, Kind, Span, TimelineDate
from trotsky_site.model.page import Page
from trotsky_site.problems import Problem
from trotsky_site.load.schema import Field
from trotsky_site.render.searchindex import find_preview, searched_names
from trotsky_site.model.site import build_site

ROOT = Path(__file__).resolve().parents[2]

# A kind the generator has never heard of: one registry entry ...
PORT = Kind(
    "port", "ports", "Port", template="port.html", index_template="ports_index.html",
    nav_label="Ports", nav_order=45, blurb="ports on the map", embeddable=True,
    span=Span("founded", "razed", "founded", "razed"),
    timeline=(TimelineDate("founded", "founding", "is founded"),),
    schema=(("title", Field("title", s.required_text, True)), ("summary", Field("summary", s.required_text, True)),
            ("coordinates", Field("coordinates", s.text, True)), ("founded", Field("founded", s.date)),
            ("razed", Field("razed", s.date))),
    skeleton='title: {yaml_name}\nsummary: "TODO"\ncoordinates: "0, 0"\n')

# ... plus its templates.
PORT_TEMPLATE = """{% extends "base.html" %}
{% from "_macros.html" import life, backlinks as mentioned %}
{% block main %}<article class="port"><h1>{{ page.title }}</h1><p class="coordinates">{{ page.coordinates }}</p>
<p>{{ life(page) }}</p>{{ body }}{{ mentioned(backlinks) }}</article>{% endblock %}
"""
PORTS_INDEX = """{% extends "base.html" %}
{% block main %}<h1>Ports</h1><ul>{% for port in pages %}<li>{{ port | page_link }}</li>{% endfor %}</ul>{% endblock %}
"""


def test_a_new_kind_is_one_registry_entry_plus_its_templates(tmp_path):
    content, templates = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", content)
    shutil.copytree(ROOT / "templates", templates)
    (templates / "port.html").write_text(PORT_TEMPLATE, encoding="utf-8")
    (templates / "ports_index.html").write_text(PORTS_INDEX, encoding="utf-8")
    (content / "ports").mkdir()
    (content / "ports" / "taganrog-port.md").write_text(
        "---\ntitle: Port of Taganrog\nsummary: Where Chekhov grew up.\ncoordinates: \"47.21, 38.94\"\n"
        "founded: 1698\n---\nThe harbour of [[chekhov]]'s childhood.\n\n![[moscow-art-theatre]]\n", encoding="utf-8")
    (content / "topics" / "harbour.md").write_text(
        "---\ntitle: Harbours\nsummary: Ports.\n---\n![[taganrog-port]]\n", encoding="utf-8")

    result = build_in_memory(Project(content, templates_dir=templates, kinds=KINDS.with_kind(PORT)))

    assert result.problems == []
    page = result.files["ports/taganrog-port/index.html"].decode()
    assert '<p class="coordinates">47.21, 38.94</p>' in page and "founded <time" in page
    assert 'href="../../people/chekhov/"' in page                  # its links resolve ...
    assert 'class="card card-organisation"' in page                # ... and it embeds cards
    assert 'href="../../ports/taganrog-port/"' in result.files["people/chekhov/index.html"].decode()   # a backlink
    assert 'class="card card-port"' in result.files["topics/harbour/index.html"].decode()   # it can be embedded
    assert 'href="ports/">Ports</a>' in result.files["index.html"].decode()           # navigation
    assert "1 ports on the map" in result.files["index.html"].decode()                  # home page
    assert 'Port of Taganrog</a>' in result.files["ports/index.html"].decode()          # its index
    assert "<loc>/ports/taganrog-port/</loc>" in result.files["sitemap.xml"].decode()
    assert find_preview(result.files, "taganrog-port")["dates"] == "founded 1698"
    assert "taganrog-port" in searched_names(result.files)
    assert "Port of Taganrog</a> is founded</span>" in result.files["timeline/index.html"].decode()


def test_without_the_registry_entry_the_new_folder_is_reported(make_content):
    content = make_content("mini")
    (content / "ports").mkdir()
    (content / "ports" / "port.md").write_text("---\ntitle: Port\nsummary: x\n---\n", encoding="utf-8")
    problems = build_in_memory(Project(content)).problems
    assert [(p.shown, p.code) for p in problems] == [("content/ports", "content.unknown-folder")]


def test_a_kind_left_out_of_search_the_sitemap_and_previews_is_left_out(make_content):
    quiet = Kind(**{**KINDS["topic"].__dict__, "in_search": False, "in_sitemap": False, "in_previews": False})
    result = build_in_memory(Project(make_content("mini"), kinds=KINDS.with_kind(quiet)))
    assert result.problems == []
    assert "theatre" not in searched_names(result.files)
    assert find_preview(result.files, "theatre") is None
    assert "/topics/" not in result.files["sitemap.xml"].decode()
    assert "topics/theatre/index.html" in result.files


def test_registry_lookups():
    assert KINDS.names == ("chapter", "person", "topic", "organisation", "place", "page", "source")
    assert KINDS["place"].path("petrograd") == "places/petrograd/" and KINDS["place"].data_file == "places.json"
    assert KINDS["person"].path("lenin") == "people/lenin/" and KINDS["page"].path("about") == "about/"
    assert KINDS.by_folder("organisations").name == "organisation" and KINDS.by_folder("ports") is None
    assert KINDS.embeddable_words() == "people and organisations"
    assert KINDS.with_kind(PORT).embeddable_words() == "people, organisations and ports"
    with pytest.raises(KeyError):
        KINDS["port"]


# -- the `page` kind ---------------------------------------------------------------------------------

def test_a_free_standing_page_is_built_at_the_site_root_and_linked_from_every_footer(make_content):
    content = make_content("mini")
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text(
        "---\ntitle: About this book\nsummary: How it is made.\nfooter: true\n---\nIt explains [[chekhov]].\n",
        encoding="utf-8")
    (content / "pages" / "colophon.md").write_text("---\ntitle: Colophon\nsummary: Type.\n---\nText.\n", "utf-8")
    result = build_in_memory(Project(content))
    assert result.problems == []
    about = result.files["about/index.html"].decode()
    assert "<h1>About this book</h1>" in about and 'href="../people/chekhov/"' in about
    footer = '<p class="footer-pages"><a href="{}">About this book</a></p>'
    html = [name for name in result.files if name.endswith(".html") and name != "404.html"]
    assert all(footer.format(relative_url("about/", name.removesuffix("index.html"))) in result.files[name].decode()
               for name in html)
    assert footer.format("/about/") in result.files["404.html"].decode()   # served at any address
    assert "/colophon/" not in result.files["index.html"].decode()      # no footer: true, no nav: no link
    assert "<loc>/colophon/</loc>" in result.files["sitemap.xml"].decode()


def test_a_page_with_nav_is_in_the_main_navigation_before_search(make_content):
    content = make_content("mini")
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text("---\ntitle: About this book\nsummary: x\nnav: About\n---\n", "utf-8")
    home = build_in_memory(Project(content)).files["index.html"].decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', home, re.S).group(0)
    assert re.findall(r">([A-Za-z]+)</a>", nav) == ["Chapters", "People", "Timeline", "Places", "Topics",
                                                     "Organisations", "Sources", "About", "Search"]


def test_without_pages_no_footer_line(make_content):
    result = build_in_memory(Project(make_content("mini")))
    assert "footer-pages" not in result.files["index.html"].decode()


def test_footer_must_be_true_or_false(make_content):
    content = make_content("mini")
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text("---\ntitle: About\nsummary: x\nfooter: yes\n---\n", "utf-8")
    problems = build_in_memory(Project(content)).problems
    assert [p.format() for p in problems] == [
        "content/pages/about.md:4: frontmatter.wrong-type: `footer` must be true or false, not text ('yes')\n"
        "    hint: write `footer: true` or leave the key out"]


# -- the subject ---------------------------------------------------------------------------------------

def person(page_id, kind="person", folder="people"):
    return Page(kind=kind, id=page_id, shown=f"content/{folder}/{page_id}.md", title=page_id.title(), summary="s")


def subject_problems(subject, pages, earlier=()):
    config = SiteConfig(subject=subject, lines=(("subject", 9),))
    site, problems = build_site(pages, config, list(earlier))
    return site.subject, [(p.shown, p.line, p.code, p.message, p.hint) for p in problems]


def test_the_subject_is_the_person_site_yml_names():
    lenin = person("lenin")
    assert subject_problems("lenin", [lenin, person("stalin")]) == (lenin, [])


def test_without_a_subject_there_is_none_and_no_problem():
    assert subject_problems("", [person("lenin")]) == (None, [])


def test_an_unknown_subject_is_reported_with_a_suggestion():
    assert subject_problems("lenni", [person("lenin")]) == (None, [(
        "content/site.yml", 9, "config.unknown-subject", "subject 'lenni' is not a person page",
        "did you mean 'lenin'?")])


def test_a_subject_that_is_not_a_person_is_reported():
    assert subject_problems("nep", [person("nep", "topic", "topics")]) == (None, [(
        "content/site.yml", 9, "config.unknown-subject", "subject 'nep' is a topic, not a person",
        "name the person the biography is about, by the id of their page")])


def test_a_subject_whose_page_failed_to_load_is_not_reported_twice():
    earlier = [Problem("content/people/lenin.md", 2, "frontmatter.missing-key", "m", "h")]
    assert subject_problems("lenin", [person("stalin")], earlier) == (None, [])


def test_subject_is_read_from_site_yml_with_its_line(make_content):
    content = make_content("mini")
    config, problems = load_config(content)
    assert problems == [] and config.subject == "chekhov"
    assert config.line_of("subject") == len((content / "site.yml").read_text().splitlines())


def test_the_circle_and_the_chapters_are_about_the_subject(make_content):
    content = make_content("mini")
    text = (content / "site.yml").read_text().replace("subject: chekhov", "subject: knipper")
    (content / "site.yml").write_text(text)
    files = build_in_memory(Project(content)).files
    assert "<h1>Olga Knipper's circle</h1>" in files["circle/index.html"].decode()
    assert '"about": [{"@type": "Person", "name": "Olga Knipper"' in files["chapters/moscow/index.html"].decode()


def test_no_code_template_or_static_file_names_the_real_sites_subject():
    found = []
    for folder in ("trotsky_site", "templates", "static"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".html", ".js", ".css"):
                text = re.sub(r"trotsky[_-]site", "", path.read_text(encoding="utf-8"), flags=re.I)
                found += [f"{path.relative_to(ROOT)}" for _ in re.finditer("trotsky", text, re.I)]
    assert found == []
