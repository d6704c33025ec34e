"""config: content/site.yml, a small frozen value; unknown keys and wrong types are errors."""
import pytest

from trotsky_site.load.config import SiteConfig, load_config


def load(tmp_path, text, base_url=None):
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    if text is not None:
        (content / "site.yml").write_text(text, encoding="utf-8")
    config, problems = load_config(content, base_url)
    return config, [(p.shown, p.line, p.code, p.message, p.hint) for p in problems]


def test_a_valid_config(tmp_path):
    config, problems = load(tmp_path, "title: T\nbase_url: /x\ndate_style: os_first\n")
    assert problems == [] and config == SiteConfig(title="T", base_url="/x/", date_style="os_first")
    assert load(tmp_path, "title: T\n", base_url="/y")[0].base_url == "/y/"


@pytest.mark.parametrize("text, expected", [
    (None, [("content/site.yml", None, "config.missing", "the site settings file is missing",
             "create content/site.yml with at least `title: ...`")]),
    ("title: T\ntitel: U\n", [("content/site.yml", 2, "config.unknown-key", "unknown key `titel`",
                               "did you mean `title`?")]),
    ("title: 1917\n", [("content/site.yml", 1, "config.wrong-type", "`title` must be text, not a number (1917)",
                        "put the value in double quotes")]),
    ("subtitle: x\n", [("content/site.yml", None, "config.missing-key", "`title` is required", "add `title: ...`")]),
    ("title: T\ndate_style: new\n", [("content/site.yml", 2, "config.invalid-value",
                                      "date_style must be one of ns_first, os_first", "use ns_first or os_first")]),
    ("- a\n", [("content/site.yml", 1, "config.not-mapping", "site.yml must be a mapping",
                "write `key: value` lines such as `title: ...`")]),
    ("title: [T\n", [("content/site.yml", 2, "config.invalid-yaml",
                      "invalid YAML: a list in [...] is not closed, or its items are not separated by ', '",
                      "close the list with ] on the same line, and quote items that contain ',' or ':'")]),
])
def test_problems(tmp_path, text, expected):
    assert load(tmp_path, text)[1] == expected


def test_an_empty_required_value_points_at_its_line(tmp_path):
    assert load(tmp_path, "subtitle: x\ntitle: ''\n")[1] == [
        ("content/site.yml", 2, "config.missing-key", "`title` is required", "add `title: ...`")]
