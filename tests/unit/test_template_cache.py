"""TROTSKY_SITE_TEMPLATE_CACHE: Jinja's compiled templates kept in a folder between builds (the test suite
sets it); an edited template is compiled again, never served from the folder."""
from trotsky_site.load.config import SiteConfig
from trotsky_site.render.templates import TEMPLATE_CACHE_VARIABLE, make_environment


def test_compiled_templates_are_kept_in_the_folder_and_an_edit_is_compiled_again(tmp_path, monkeypatch):
    templates, cache = tmp_path / "templates", tmp_path / "compiled"
    templates.mkdir()
    cache.mkdir()
    page = templates / "page.html"
    page.write_text("<p>{{ text }}</p>", encoding="utf-8")
    monkeypatch.setenv(TEMPLATE_CACHE_VARIABLE, str(cache))
    assert make_environment(templates, SiteConfig()).get_template("page.html").render(text="one") == "<p>one</p>"
    kept = sorted(cache.iterdir())
    assert len(kept) == 1, "the compiled template is kept"
    assert make_environment(templates, SiteConfig()).get_template("page.html").render(text="two") == "<p>two</p>"
    page.write_text("<div>{{ text }}</div>", encoding="utf-8")
    assert make_environment(templates, SiteConfig()).get_template("page.html").render(text="x") == "<div>x</div>"


def test_without_the_variable_nothing_is_kept(tmp_path, monkeypatch):
    monkeypatch.delenv(TEMPLATE_CACHE_VARIABLE, raising=False)
    assert make_environment(tmp_path, SiteConfig()).bytecode_cache is None
