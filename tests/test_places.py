"""Places as facts: defined once across briefs, named by id from any brief's events, each with a page
that lists what happened there, grouped by the days of the place's own zone. The two-zone fixture
has four places (a country, a base, a city, a building), one named from the other brief."""

from __future__ import annotations

import re
import shutil

from builder.check import check
from tests.golden import golden
from tests.sitetools import FIXTURES, build


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" :", ":").strip()


def _main(page: str) -> str:
    html = (golden("two-zones") / page).read_text()
    return html[html.index("<main"):html.index("</main>")]


def test_the_site_knows_every_place_once():
    site = check(FIXTURES / "two-zones").site
    assert [(p.id, p.kind, p.within, p.tz, p.defined_in) for p in site.places] == [
        ("ain-al-asad", "base", "iraq", "Asia/Baghdad", "baghdad-night"),
        ("baghdad", "city", "iraq", "Asia/Baghdad", "baghdad-night"),
        ("iraq", "country", None, "Asia/Baghdad", "baghdad-night"),
        ("white-house", "building", None, "America/New_York", "washington-reply")]


def test_the_places_page_lists_each_place_by_kind_with_its_events():
    text = _text(_main("places/index.html"))
    # a country counts the events at the places in it (Baghdad's and Ain al-Asad's), and says so
    # each place's count follows its name, and its description the count (it read "Ain al-Asad
    # air base An air base in western Iraq that houses US troops. (2 events)")
    assert ("Countries Iraq (5 events, 4 of them at places in Iraq) Cities Baghdad (2 events) Bases Ain al-Asad air "
            "base (2 events): An air base in western Iraq that houses US troops. Buildings The White House "
            "(2 events): The US President's residence and office, in Washington.") in text.replace("&#39;", "'")


def test_a_place_page_lists_what_happened_there_across_briefs_in_its_zone():
    main = _main("places/ain-al-asad/index.html")
    assert 'data-zone="Asia/Baghdad"' in main
    headings = [_text(h) for h in re.findall(r'<h3 class="ts-day">(.*?)</h3>', main, re.S)]
    assert headings == ["Wednesday 8 January 2020 Baghdad time"]
    titles = re.findall(r'timeline/#([a-z0-9-]+)">', main)
    assert titles == ["missiles-on-ain-al-asad", "strike-reported"]  # both briefs, instant order
    assert "Base in <a href=\"../iraq/\">Iraq</a>" in main
    iraq = _main("places/iraq/index.html")
    assert re.findall(r'<li><a href="../([a-z-]+)/">', iraq) == ["ain-al-asad", "baghdad"]


def test_a_country_lists_what_happened_at_the_places_in_it_saying_where():
    iraq = _main("places/iraq/index.html")
    assert '<p class="place-total">5 events, 4 of them at places in Iraq.</p>' in iraq
    headings = [_text(h) for h in re.findall(r'<h3 class="ts-day">(.*?)</h3>', iraq, re.S)]
    assert headings == ["since 2003, continuing", "Wednesday 8 January 2020 Baghdad time",
                        "February 2020"]
    rows = re.findall(r'timeline/#([a-z0-9-]+)">[^<]*</a>(?: <span class="planned-mark">\(planned\)'
                      r'</span>)?(?: <span class="at-place">at <a href="../([a-z-]+)/">)?', iraq)
    assert rows == [("us-troops-stationed", ""),  # in Iraq itself: no "at"
                    ("missiles-on-ain-al-asad", "ain-al-asad"), ("strike-reported", "ain-al-asad"),
                    ("rockets-in-baghdad", "baghdad"), ("visit-expected", "baghdad")]
    # a place with no place in it says only its own count
    assert '<p class="place-total">2 events.</p>' in _main("places/baghdad/index.html")


def test_the_count_of_a_place_in_words():
    from builder.link import link
    from builder.render import _place_count
    site = check(FIXTURES / "two-zones").site
    linked = link(site)
    by_id = {p.id: p for p in site.places}
    assert [_place_count(linked, by_id[i]) for i in ("iraq", "baghdad", "white-house")] == [
        "5 events, 4 of them at places in Iraq", "2 events", "2 events"]
    # only events at the places inside, one or several
    from dataclasses import replace
    alone = link(replace(site, briefs=tuple(
        replace(b, events=tuple(e for e in b.events if e.id in ("rockets-in-baghdad",
                                                                "missiles-on-ain-al-asad")))
        for b in site.briefs)))
    assert _place_count(alone, by_id["iraq"]) == "2 events, all of them at places in Iraq"
    one = link(replace(site, briefs=tuple(
        replace(b, events=tuple(e for e in b.events if e.id == "rockets-in-baghdad"))
        for b in site.briefs)))
    assert _place_count(one, by_id["iraq"]) == "1 event, at a place in Iraq"
    assert _place_count(one, by_id["white-house"]) == "0 events"


def test_an_event_links_its_place_and_free_text_stays_text():
    html = (golden("two-zones") / "timeline/index.html").read_text()
    assert ('<span class="place"><span class="visually-hidden">Place: </span><a href="../places/'
            'ain-al-asad/">Ain al-Asad air base</a></span>') in html
    assert '<span class="visually-hidden">Place: </span>A base near Erbil</span>' in html


def test_the_places_clock_is_shown_when_the_date_names_no_local_zone(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "two-zones", root)
    for name in ("mkdocs.yml",):
        (root / name).write_text((root / name).read_text().replace(
            "../../../templates", str(FIXTURES.parent.parent / "templates")))
    events = root / "briefs" / "washington-reply" / "events.yaml"
    events.write_text(events.read_text().replace("      local_tz: Asia/Baghdad\n", ""))
    assert "local_tz" not in events.read_text()
    build(root, tmp_path / "out")
    html = (tmp_path / "out" / "briefs" / "washington-reply" / "timeline" / "index.html").read_text()
    assert ('(New York time)</span><span class="local-clock">; in <span title="Asia/Baghdad">Baghdad'
            '</span>, where it happened: Wednesday 8 January 2020, about 01:30</span>') in html


def test_places_that_lie_in_each_other_are_a_loop_at_every_member(tmp_path):
    """a in b and b in a, or a in a: each member's `in` is located, the loop named from there; a
    place in a place of the loop (Ain al-Asad in Iraq) is not itself a member."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "two-zones", root)
    baghdad = root / "briefs" / "baghdad-night" / "places.yaml"
    baghdad.write_text(baghdad.read_text().replace(
        "    kind: country\n    tz: Asia/Baghdad\n", "    kind: country\n    tz: Asia/Baghdad\n    in: baghdad\n"))
    washington = root / "briefs" / "washington-reply" / "places.yaml"
    washington.write_text(washington.read_text() + "    in: white-house\n")
    from builder.diagnostics import format_text
    assert [format_text(d).split("briefs/", 1)[1] for d in check(root).diagnostics] == [
        "baghdad-night/places.yaml:6:9: error: place 'iraq' lies in itself: 'iraq' in 'baghdad' in "
        "'iraq' [place-loop]\n    hint: give the larger place no 'in' (a country lies in nothing), "
        "and name it from the smaller ones",
        "baghdad-night/places.yaml:18:9: error: place 'baghdad' lies in itself: 'baghdad' in 'iraq' "
        "in 'baghdad' [place-loop]\n    hint: give the larger place no 'in' (a country lies in "
        "nothing), and name it from the smaller ones",
        "washington-reply/places.yaml:7:9: error: place 'white-house' lies in itself: 'white-house' "
        "in 'white-house' [place-loop]\n    hint: give the larger place no 'in' (a country lies in "
        "nothing), and name it from the smaller ones"]


def test_briefs_new_writes_a_places_file_whose_example_checks_clean(tmp_path):
    """The scaffold's places.yaml checks clean as written (an empty list), and so does its example
    once uncommented, with the place it lies in defined."""
    from builder.scaffold import scaffold
    scaffold(tmp_path, "demo", today="2020-01-09")
    places = tmp_path / "briefs" / "demo" / "places.yaml"
    assert places.read_text().startswith(
        "# yaml-language-server: $schema=../../builder/schema/places.schema.json\n")
    assert check(tmp_path).diagnostics == []
    example = "".join(line.removeprefix("# ") + "\n" for line in places.read_text().splitlines()
                      if line.startswith("#   ") or line == "# places:")
    places.write_text(example + "  - id: iraq\n    name: Iraq\n    kind: country\n")
    result = check(tmp_path)
    assert result.diagnostics == []
    assert [(p.id, p.within, p.tz) for p in result.site.places] == [
        ("baghdad", "iraq", "Asia/Baghdad"), ("iraq", None, None)]
