"""searchindex: folding as search.js folds, the format of the index and previews, and their sizes at scale."""
import gzip
import json
import sys
import types
from pathlib import Path

import pytest

from trotsky_site.build.pipeline import Project, build_in_memory
from trotsky_site.load.config import load_config
from trotsky_site.load.content import load_pages
from trotsky_site.model.urls import url_for
from trotsky_site.render.searchindex import (SHARD_BYTES, find_preview, fold, key, keys, preview_files, preview_shard,
                                      search_files, searched_names)
from trotsky_site.model.site import build_site

ROOT = Path(__file__).resolve().parents[2]

# (what a reader types or a page says, its spelling keys): tests/browser/test_search.py runs the same
# table through search.js in Chromium, so the two folds cannot drift apart.
KEYS = [
    ("Троцкий", "trotski"),
    ("Тро́цкий", "trotski"),
    ("Trotsky", "trotski"),
    ("Trotski", "trotski"),
    ("Лев Дави́дович Тро́цкий", "lev davidovich trotski"),
    ("Бухарин", "buharin"),
    ("Bukharin", "buharin"),
    ("Колчак", "kolchak"),
    ("Kollontay", "kolontai"),
    ("Büyükada", "buiukada"),
    ("Buyukada", "buiukada"),
    ("Lázaro Cárdenas", "lazaro cardenas"),
    ("Straße", "strase"),
    ("Łódź", "lodz"),
    ("Ørsted", "orsted"),
    ("Ёлка щи", "elka shchi"),
    ("Ґанок її", "ganok i"),
    ("Mexico-City", "meksico citi"),
    ("Zinoviev's", "zinoviev s"),
    ("İstanbul", "istanbul"),
    ("1917 O.S.", "1917 o s"),
    ("Λέων Τρότσκι", ""),          # Greek is not spelled in Latin letters: it drops out, in both
    ("  ", ""),
]
FOLDS = [("Тро́цкий", "trotskii"), ("Büyükada", "buyukada"), ("Straße", "strasse"), ("Kh. Rakovsky", "kh rakovsky"),
         ("Щорс — «Ёж»", "shchors ezh")]


@pytest.mark.parametrize("text, expected", KEYS)
def test_keys(text, expected):
    assert " ".join(keys(text)) == expected


@pytest.mark.parametrize("text, expected", FOLDS)
def test_fold(text, expected):
    assert fold(text) == expected


def test_key_steps_run_in_search_js_order():
    assert key("khrushchev") == "hrushchev"      # kh -> h, but not the h of "shch"
    assert key("maxxim") == "maksksim"           # x -> ks first: no doubled letters are left to join
    assert key("trotskii") == "trotski" and key("bronshtein") == "bronshtein"
    assert key("philipp") == "filip" and key("nickolai") == "nikolai"


def test_preview_shard_is_fnv1a_of_the_id():
    assert preview_shard("", 1 << 32) == 0x811C9DC5          # the offset basis
    assert preview_shard("a", 1 << 32) == 0xE40C292C          # FNV-1a's published value for "a"
    assert preview_shard("trotsky", 16) == preview_shard("trotsky", 1 << 32) % 16


def decode(gaps: list[int]) -> dict[int, int]:
    """page number -> where (1 text, 2 summary, 3 title), as search.js reads a term's gaps."""
    found, number = {}, -1
    for gap in gaps:
        number += gap >> 2
        found[number] = gap & 3
    return found


@pytest.fixture(scope="module")
def mini():
    return build_in_memory(Project(ROOT / "tests" / "fixtures" / "mini", base_url="/trotsky-site/"))


def test_pages_json_names_kinds_and_shards(mini):
    data = json.loads(mini.files["search/pages.json"])
    kinds = {k["name"]: k["url"] for k in data["kinds"]}
    assert kinds["person"] == "people/" and kinds["place"] == "places/"   # from the root; search.js resolves them
    rows = {row[0]: row for row in data["pages"]}
    assert rows["chekhov"][2] == "Anton Chekhov" and data["kinds"][rows["chekhov"][1]]["name"] == "person"
    assert "leningrad" in searched_names(mini.files)["petersburg"]
    assert set(data["shards"]) == {path[len("search/terms-"):-5] for path in mini.files
                                   if path.startswith("search/terms-")}
    assert all(len(mini.files[f"search/terms-{p}.json"]) == size for p, size in data["shards"].items())


def test_postings_say_which_pages_have_a_term_and_where(mini):
    data = json.loads(mini.files["search/pages.json"])
    numbers = {row[0]: n for n, row in enumerate(data["pages"])}
    prefix = next(p for p in data["shards"] if "chehov".startswith(p))
    found = decode(json.loads(mini.files[f"search/terms-{prefix}.json"])["chehov"])
    assert found[numbers["chekhov"]] == 3          # in the title
    assert len(found) > 1 and set(found.values()) <= {1, 2, 3}   # other pages name him in their text
    assert list(found) == sorted(found)


def test_previews_are_found_by_the_hash_of_the_id(mini):
    entry = find_preview(mini.files, "chekhov")
    assert entry["title"] == "Anton Chekhov" and entry["kind"] == "person" and entry["native_lang"] == "ru"
    assert "url" not in entry and "native_name" not in find_preview(mini.files, "theatre")   # empty fields left out
    assert "previews.json" not in mini.files and "search.json" not in mini.files


@pytest.fixture(scope="module")
def corpus_2000(tmp_path_factory):
    """The benchmark corpus at 2,000 pages, loaded but not rendered: the bodies stand in for the HTML."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus
    content = tmp_path_factory.mktemp("corpus") / "content"
    corpus.write_content(corpus.make_specs(2000), content)
    config, problems = load_config(content, None)
    pages, more = load_pages(content)
    site, more = build_site(pages, config, problems + more)
    rendered = {page.id: types.SimpleNamespace(html=page.body) for page in site.pages.values()}
    return site, rendered


def test_shards_stay_small_at_2000_pages(corpus_2000):
    site, rendered = corpus_2000
    files = search_files(site, rendered, lambda path: url_for("/", path))
    terms = {path: body for path, body in files.items() if path.startswith("search/terms-")}
    for path, body in terms.items():
        assert len(body) <= SHARD_BYTES or len(json.loads(body)) == 1, path   # only a lone term may pass
    assert len(gzip.compress(files["search/pages.json"])) <= 60_000   # a fifth of 300 KB, for a fifth of 10,000
    previews = preview_files(site, site.config.date_style)
    assert max(len(body) for body in previews.values()) <= 20_000
    assert len(previews) > 64   # split, not one file


def test_the_index_is_the_same_bytes_every_time(corpus_2000):
    site, rendered = corpus_2000
    url = lambda path: url_for("/", path)  # noqa: E731
    assert search_files(site, rendered, url) == search_files(site, rendered, url)
