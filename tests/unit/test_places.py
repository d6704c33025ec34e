"""places: coordinates and historical names validated, place values matched to place pages (places only),
the name of a place at a date, notes for unmatched places, place pages, the places index and the journey."""
import json

import pytest

from trotsky_site.model import places
from trotsky_site.build.pipeline import Project, build_in_memory
from trotsky_site.cli import main
from trotsky_site.load.dates import parse_date
from trotsky_site.load.frontmatter import split_front_matter
from trotsky_site.model.kinds import KINDS
from trotsky_site.load.schema import validate_page
from trotsky_site.render.searchindex import find_preview, searched_names

PLACE = "name: Petrograd\nsummary: The capital.\n"
NAMES = ("names:\n  - {name: Saint Petersburg, to: 1914-08-31}\n"
         "  - {name: Petrograd, from: 1914-08-31, to: 1924-01-26}\n  - {name: Leningrad, from: 1924-01-26}\n")


def validate(yaml: str):
    front, problems = split_front_matter("x.md", f"---\n{yaml}---\n")
    assert problems == []
    return validate_page(KINDS["place"], "x", "x.md", front)


def problems_of(yaml: str):
    return [(p.line, p.code, p.message, p.hint) for p in validate(yaml)[1]]


# -- front matter ------------------------------------------------------------------------------------

def test_a_valid_place():
    page, problems = validate(PLACE + "coordinates: [59.94, 30.31]\nnative_name: Петроград\ncountry: Russia\n"
                              + NAMES)
    assert problems == []
    assert page.kind == "place" and page.coordinates == (59.94, 30.31) and page.country == "Russia"
    assert [n.name for n in page.historical_names] == ["Saint Petersburg", "Petrograd", "Leningrad"]
    assert page.names == ("x", "Petrograd", "Петроград", "Saint Petersburg", "Leningrad")   # each once


def test_coordinates_are_optional():
    page, problems = validate(PLACE)
    assert problems == [] and page.coordinates is None and page.historical_names is None


@pytest.mark.parametrize("value, message, hint", [
    ('"59.94, 30.31"', "`coordinates` must be two numbers [latitude, longitude], not text ('59.94, 30.31')",
     "write the two numbers as a list, latitude first: [59.94, 30.31]"),
    ("[59.94]", "`coordinates` must be two numbers [latitude, longitude], not a list",
     "write [latitude, longitude] in decimal degrees, e.g. [59.94, 30.31] (south and west are negative)"),
    ("[59.94, 30.31, 4]", "`coordinates` must be two numbers [latitude, longitude], not a list",
     "write [latitude, longitude] in decimal degrees, e.g. [59.94, 30.31] (south and west are negative)"),
    ("[north, 30.31]", "`coordinates` must be two numbers [latitude, longitude], not a list",
     "write [latitude, longitude] in decimal degrees, e.g. [59.94, 30.31] (south and west are negative)"),
    ("[true, 30]", "`coordinates` must be two numbers [latitude, longitude], not a list",
     "write [latitude, longitude] in decimal degrees, e.g. [59.94, 30.31] (south and west are negative)"),
    ("[.nan, 30]", "`coordinates` must be two numbers [latitude, longitude], not a list",
     "write [latitude, longitude] in decimal degrees, e.g. [59.94, 30.31] (south and west are negative)"),
    ("[-99.13, 19.43]", "`coordinates`: latitude -99.13 is not between -90 and 90",
     "the latitude comes first: [19.43, -99.13]?"),
    ("[95, 200]", "`coordinates`: latitude 95 is not between -90 and 90",
     "check the numbers against the source; they are decimal degrees"),
    ("[19.43, -199.13]", "`coordinates`: longitude -199.13 is not between -180 and 180",
     "check the numbers against the source; they are decimal degrees"),
])
def test_bad_coordinates_are_reported_with_a_hint(value, message, hint):
    assert problems_of(PLACE + f"coordinates: {value}\n") == [(4, "place.invalid-coordinates", message, hint)]


def test_coordinates_at_the_limits_are_accepted():
    page, problems = validate(PLACE + "coordinates: [-90, 180]\n")
    assert problems == [] and page.coordinates == (-90.0, 180.0)


def test_historical_names_must_run_forwards():
    assert problems_of(PLACE + "names:\n  - {name: Leningrad, from: 1991, to: 1924-01-26}\n") == [
        (5, "place.names-order", "`names[0]` ends (1924-01-26) before it starts (1991)",
         "`from` must be earlier than `to`: swap them, or check the dates")]
    assert problems_of(PLACE + "names:\n  - {name: X, from: 1924, to: 1924}\n")[0][1] == "place.names-order"


def test_historical_names_are_checked_like_any_mapping():
    found = problems_of(PLACE + "names:\n  - {name: Leningrad, since: 1924}\n  - {from: 1924}\n  - 1924-02-30\n")
    assert [(line, code) for line, code, *_ in found] == [
        (5, "frontmatter.unknown-key"), (6, "frontmatter.missing-key"), (7, "frontmatter.wrong-type")]


# -- the name of a place at a date ------------------------------------------------------------------

@pytest.mark.parametrize("date, name", [
    ("1879-11-07", "Saint Petersburg"), ({"os": "1914-08-18"}, "Petrograd"),   # O.S. 18 August is 31 August
    ({"os": "1914-08-17"}, "Saint Petersburg"), ({"os": "1917-10-25"}, "Petrograd"),
    ("1924-01-25", "Petrograd"), ("1924-01-26", "Leningrad"), ("1925", "Leningrad"),
    ("1924", "Petrograd"),    # a year counts from its first day
])
def test_name_at_a_date(date, name):
    page, _ = validate(PLACE + NAMES)
    assert places.name_at(page, parse_date(date)) == name


def test_a_place_without_historical_names_has_no_name_of_its_time():
    page, _ = validate(PLACE)
    assert places.name_at(page, parse_date("1917")) is None and places.name_at(page, None) is None


# -- the Chekhov fixture: matching, pages, index, journey -------------------------------------------

@pytest.fixture(scope="module")
def mini(request):
    from pathlib import Path
    return build_in_memory(Project(Path(__file__).resolve().parents[1] / "fixtures" / "mini"))


def test_place_values_match_places_by_id_name_alias_native_and_historical_name(mini):
    site = mini.site
    for value in ("yalta", "Yalta", "JALTA", "Таганрог", "Таганро́г", "Petersburg", "Leningrad", "petrograd"):
        assert places.resolve(site, value) is not None, value
    assert places.resolve(site, "Melikhovo") is None and places.resolve(site, "") is None
    assert places.resolve(site, "Moscow").id == "moscow-city"    # not the chapter called Moscow (id `moscow`)
    assert places.resolve(site, "moscow-art-theatre") is None      # pages of other kinds are never places


def test_an_event_shows_the_name_of_its_time_linked_to_the_place(mini):
    site = mini.site
    assert places.place_ref(site, "Petersburg", parse_date({"os": "1896-10-17"})) == \
        places.PlaceRef(site.pages["petersburg"], "Saint Petersburg")
    assert places.place_ref(site, "Saint Petersburg", parse_date("1925")).name == "Leningrad"
    assert places.place_ref(site, "yalta", parse_date("1899")).name == "Yalta"       # an id shows the name
    assert places.place_ref(site, "Jalta", parse_date("1899")).name == "Jalta"       # an alias stays as written
    assert places.place_ref(site, "Melikhovo", parse_date("1892")) == places.PlaceRef(None, "Melikhovo")
    assert places.place_ref(site, None) is None


def test_place_values_match_places_only(make_content):
    content = make_content("mini")
    topic = content / "topics" / "theatre.md"
    topic.write_text(topic.read_text().replace("title: Theatre", "title: Theatre\naliases: [Yalta Theatre]"))
    (content / "topics" / "crimea.md").write_text("---\ntitle: Crimea\nsummary: x\naliases: [Krim]\n---\n")
    person = content / "people" / "knipper.md"
    person.write_text(person.read_text().replace("died: 1959", "died: {ns: 1959-03-22, place: Krim}"))
    result = build_in_memory(Project(content))
    assert result.problems == []
    assert [(n.code, n.message) for n in result.notes] == [("place.unmatched", "the place 'Krim' has no page")]
    assert "Died</dt><dd><time datetime=\"1959-03-22\">22 March 1959</time>, Krim</dd>" in \
        result.files["people/knipper/index.html"].decode()


def test_the_fixture_has_no_notes(mini):
    assert mini.problems == [] and mini.notes == []


def test_an_unmatched_place_is_a_note_with_a_did_you_mean(make_content, capsys):
    content = make_content("mini")
    chapter = content / "chapters" / "moscow.md"
    chapter.write_text(chapter.read_text().replace("place: Yalta", "place: Yallta")
                       .replace("place: Sakhalin", "place: Melikhovo"))
    result = build_in_memory(Project(content))
    assert result.problems == []
    assert [(n.shown, n.line, n.code, n.message, n.hint, n.severity) for n in result.notes] == [
        ("content/chapters/moscow.md", 10, "place.unmatched", "the place 'Melikhovo' has no page",
         "it stays plain text; add a page in content/places/ if the place matters to the story", "note"),
        ("content/chapters/moscow.md", 17, "place.unmatched", "the place 'Yallta' has no page",
         "did you mean 'Yalta' (yalta)?", "note")]
    assert "(Yallta)</span>" in result.files["timeline/index.html"].decode()   # plain text, no link
    assert main(["check", "--content", str(content)]) == 0                      # a note never fails the check
    out = capsys.readouterr().out
    assert out.index("OK: ") < out.index("note: content/chapters/moscow.md:10: place.unmatched: the place 'Melikhovo'")
    assert out.rstrip().endswith("2 notes.")


def test_a_place_two_places_bear_is_an_ambiguous_note(make_content):
    content = make_content("mini")
    (content / "places" / "yalta-bay.md").write_text("---\nname: Yalta Bay\nsummary: x\naliases: [Yalta]\n---\n")
    result = build_in_memory(Project(content))
    assert [(n.code, n.message) for n in result.notes] == [
        ("place.ambiguous", "the place 'Yalta' may mean any of: yalta, yalta-bay")]


def test_event_lists_link_places_under_the_name_of_their_time(make_content):
    content = make_content("mini")
    chapter = content / "chapters" / "moscow.md"
    chapter.write_text(chapter.read_text().replace(
        "  - date: 1898\n", "  - date: 1925\n    title: A later visit\n    people: [knipper]\n"
        "    place: Saint Petersburg\n  - date: 1898\n"))
    files = build_in_memory(Project(content)).files
    link = '<a class="place-link" href="{}places/petersburg/" data-preview="petersburg">{}</a>'
    for path, up in (("timeline/index.html", "../"), ("people/knipper/index.html", "../../"),
                     ("chapters/moscow/index.html", "../../")):
        assert link.format(up, "Leningrad") in files[path].decode(), path
    assert link.format("../../", "Saint Petersburg") in files["people/chekhov/index.html"].decode()   # 1896


def test_person_and_organisation_fact_boxes_link_places(mini):
    html = mini.files["people/chekhov/index.html"].decode()
    assert ', <a class="place-link" href="../../places/taganrog-town/" data-preview="taganrog-town">Taganrog</a></dd>' in html
    assert ', <a class="place-link" href="../../places/badenweiler/" data-preview="badenweiler">Badenweiler</a></dd>' in html


def test_a_place_page_shows_its_names_what_happened_there_and_who(mini):
    html = mini.files["places/petersburg/index.html"].decode()
    assert "<h1>Saint Petersburg</h1>" in html and "<dt>Country</dt><dd>Russian Empire</dd>" in html
    assert '<li>Petrograd <span class="when">(<time datetime="1914-08-31">31 August 1914</time> – ' \
           '<time datetime="1924-01-26">26 January 1924</time>)</span></li>' in html
    assert "59.94° N, 30.31° E" in html
    assert "The Seagull fails at its first night" in html and '<h2 id="people-title">People</h2>' in html
    assert '(Saint Petersburg)</span>' in html          # the place itself is not linked on its own page
    taganrog = mini.files["places/taganrog-town/index.html"].decode()
    assert taganrog.index("Chekhov is born in Taganrog") < taganrog.index("Anton Chekhov</a> is born")
    assert '<h2 id="backlinks-title">Mentioned in</h2>' not in taganrog
    moscow = mini.files["places/moscow-city/index.html"].decode()
    assert moscow.index("1898") < moscow.index("Chekhov marries Olga Knipper")   # date order
    assert 'href="../../people/knipper/"' in moscow and 'href="../../people/chekhov/"' in moscow
    assert '<a class="xref xref-place" data-preview="moscow-city" href="../moscow-city/">Moscow</a>' in \
        taganrog    # [[id]] links work as any link ...
    assert 'Mentioned in' in moscow and 'href="../taganrog-town/"' in moscow   # ... and make backlinks


def test_a_place_without_coordinates_has_a_page_but_no_marker(mini):
    assert "<h1>Sakhalin</h1>" in mini.files["places/sakhalin/index.html"].decode()
    assert "sakhalin" not in {m["id"] for m in places.index_context(mini.site, places.events_by_place(mini.site))["markers"]}


def test_the_places_index_lists_places_with_country_and_number_of_events(mini):
    html = mini.files["places/index.html"].decode()
    assert "<h1>Places A–Z</h1>" in html and 'href="../journey/"' in html
    assert html.index(">Badenweiler</a>") < html.index(">Moscow</a>") < html.index(">Yalta</a>")
    assert "Russian Empire · 2 events" in html and "German Empire · 1 event<" in html
    assert 'href="places/">Places</a>' in mini.files["index.html"].decode()


def test_markers_for_the_map(mini):
    site = mini.site
    context = places.index_context(site, places.events_by_place(site))
    assert context["markers"][0] == {"id": "badenweiler", "name": "Badenweiler", "lat": 47.8, "lon": 7.67,
                                     "href": "places/badenweiler/"}   # a site path: maps make it relative
    assert context["event_counts"]["taganrog-town"] == 2
    chekhov_events = [e for e in site.timeline if "chekhov" in e.people]
    assert [m["id"] for m in places.markers_of(site, chekhov_events)] == [
        "taganrog-town", "petersburg", "yalta", "moscow-city", "badenweiler"]   # Sakhalin has no coordinates


def test_journey_is_in_date_order_with_consecutive_stops_merged(mini):
    stops = places.journey(mini.site)
    assert [(s.number, s.name, s.start.iso(), len(s.events)) for s in stops] == [
        (1, "Taganrog", "1860-01-29", 2), (2, "Sakhalin", "1890", 1), (3, "Saint Petersburg", "1896-10-29", 1),
        (4, "Yalta", "1899", 1), (5, "Moscow", "1901-06-07", 1), (6, "Badenweiler", "1904-07-15", 1)]
    assert stops[1].place.id == "sakhalin" and stops[1].marker is None
    assert stops[0].marker == {"id": "taganrog-town", "name": "Taganrog", "lat": 47.21, "lon": 38.94,
                               "href": "places/taganrog-town/", "number": 1}
    assert [m["number"] for m in places.journey_markers(stops)] == [1, 3, 4, 5, 6]


def test_journey_page_and_home_block(mini):
    html = mini.files["journey/index.html"].decode()
    assert "<h1>Anton Chekhov's journey</h1>" in html
    assert html.index('id="stop-1"') < html.index('id="stop-6"')
    assert '<a href="../places/yalta/" data-preview="yalta">Yalta</a>' in html
    assert "6 stops, from Taganrog (1860) to Badenweiler (1904)." in mini.files["index.html"].decode()
    assert "<loc>/journey/</loc>" in mini.files["sitemap.xml"].decode()


def test_a_journey_ends_with_its_traveller_and_a_place_visited_again_is_a_new_stop(make_content):
    content = make_content("mini")
    chapter = content / "chapters" / "moscow.md"
    chapter.write_text(chapter.read_text().replace(
        "  - date: 1898\n", "  - date: 1900\n    title: Back in Taganrog\n    people: [chekhov]\n    place: Taganrog\n"
        "  - date: 1904-08\n    title: A monument\n    people: [chekhov]\n    place: Moscow\n  - date: 1898\n"))
    stops = places.journey(build_in_memory(Project(content)).site)
    assert [s.name for s in stops] == ["Taganrog", "Sakhalin", "Saint Petersburg", "Yalta", "Taganrog", "Moscow",
                                       "Badenweiler"]


def test_no_subject_no_journey(make_content):
    content = make_content("mini")
    (content / "site.yml").write_text((content / "site.yml").read_text().replace("subject: chekhov\n", ""))
    result = build_in_memory(Project(content))
    assert result.problems == [] and "journey/index.html" not in result.files
    assert "journey" not in result.files["index.html"].decode()


def test_places_are_in_search_previews_and_places_json(mini):
    data = {p["id"]: p for p in json.loads(mini.files["places.json"])}
    assert data["petersburg"]["coordinates"] == [59.94, 30.31] and data["sakhalin"]["coordinates"] is None
    assert [n["name"] for n in data["petersburg"]["names"]] == ["Saint Petersburg", "Petrograd", "Leningrad",
                                                                "Saint Petersburg"]
    assert data["petersburg"]["names"][1]["from"]["iso"] == "1914-08-31" and data["yalta"]["url"] == "places/yalta/"
    assert "leningrad" in searched_names(mini.files)["petersburg"]   # its historical name, as a spelling key
    assert find_preview(mini.files, "yalta")["kind"] == "place"
