"""The shared-facts fixture (tests/fixtures/shared-facts/): three briefs that report one fire, state
one relation three times (one qualifier worded differently) and quote unnamed port officials. Its
golden pages show each shared fact once, with every brief's sources; the unnamed officials have no
page anywhere. And a brief that only reuses facts changes the other briefs' pages by backlinks alone.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.check import check
from builder.render import SiteInfo, render

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "shared-facts"
GOLDEN = REPO / "tests" / "golden" / "shared-facts"
BRIEFS = ("dock-fire", "fire-inquiry", "port-reopens")


def page(path: str) -> str:
    return (GOLDEN / path).read_text("utf-8")


def articles(html: str) -> list[str]:
    return re.findall(r'<article class="event[^"]*" id="([^"]+)"', html)


def test_the_shared_fire_is_one_event_on_the_timeline_of_every_brief():
    every = page("timeline/index.html")
    assert articles(every) == ["dock-fire.warehouse-fire", "dock-fire.quay-closed",
                               "fire-inquiry.inquiry-opens", "port-reopens.quay-reopens"]
    assert every.count("Reported in 3 briefs:") == 1
    block = every.split('id="dock-fire.warehouse-fire"', 1)[1].split("</article>", 1)[0]
    # every brief's source, each under a link to that brief's own report
    for brief, host in zip(BRIEFS, ("gazette.example.org/quay-fire", "courier.example.org/quay-inquiry",
                                    "gazette.example.org/quay-reopens")):
        assert f'href="../briefs/{brief}/timeline/#warehouse-fire"' in block
        assert f"https://{host}#:~:text=" in block
    # its participants from every report, each once
    assert block.count('href="../actors/harbour-guard/"') == 1


def test_each_brief_shows_the_fire_once_with_the_others_reports():
    for brief in BRIEFS:
        html = page(f"briefs/{brief}/timeline/index.html")
        assert articles(html).count("warehouse-fire") == 1, brief
        assert html.count("Reported in 3 briefs:") == 1, brief
        assert "Fire destroys a warehouse on the east quay" in html  # the definition's title


def test_profiles_show_the_fire_and_the_relation_once():
    guard = page("actors/harbour-guard/index.html")
    events = guard.split('id="actor_events"', 1)[1]
    assert events.count(">Fire destroys a warehouse on the east quay</a>") == 1
    assert "reported in" in events and events.count('timeline/#warehouse-fire"') == 4  # title + 3
    for actor, words in (("lena-varga", "Leads"), ("port-authority", "Led by")):
        html = page(f"actors/{actor}/index.html")
        relations = re.findall(r"<li>(Leads|Led by) ", html)
        assert relations == [words], actor
        assert 'aria-label="Stated in 3 briefs"' in html
        # the qualifier as each source gives it
        assert html.count("as &ldquo;Harbour master&rdquo;") == 2
        assert html.count("as &ldquo;harbour-master&rdquo;") == 1


def test_relation_labels_agree_between_profiles_and_source_pages():
    sources = page("briefs/fire-inquiry/sources/index.html")
    assert ">Lena Varga leads Port Authority</a>" in sources
    assert "Leads <a" in page("actors/lena-varga/index.html")


def test_unnamed_officials_have_no_page_and_are_no_person():
    built = [p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()]
    assert not [p for p in built if "port-official" in p]
    assert "port official" not in page("actors/index.html")
    assert "port-official" not in page("sitemap.xml")
    records = json.loads(page("pagefind/records.json"))  # the search index's records, decoded
    assert records and not [r for r in records if "port-official" in r["meta"]["href"]
                            or r["meta"]["kind"] == "Actor" and "port official" in r["meta"]["title"]]
    for path in built:
        if path.endswith(".html"):
            for blob in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page(path)):
                assert "port official" not in blob.replace("\\u003c", "<"), path
    card = page("briefs/dock-fire/index.html").split('card-unnamed">', 1)[1].split("</li>", 1)[0]
    assert "a port official, unnamed" in card and "initials" not in card
    assert "not authorized to speak publicly" in card
    # two briefs' officials stay two: each with its own reason
    every = page("timeline/index.html")
    assert "(not authorized to speak publicly)" in every
    assert "(the inquiry had not yet heard evidence)" in every


# -- a brief that only reuses ------------------------------------------------------------------

REUSE_EVENTS = ("dock-fire/warehouse-fire", "dock-fire/quay-closed", "fire-inquiry/inquiry-opens")
ACTORS = ("lena-varga", "port-authority", "harbour-guard")


def _pages(root: Path) -> dict[str, str]:
    result = check(root, root)
    assert result.ok, [d for d in result.diagnostics if d.severity == "error"]
    pages, _ = render(result.site, REPO / "templates", SiteInfo("Fixture", None, "Fixture"),
                      result.texts)
    return {p.url: p.body for p in pages}


def _reusing_brief(folder: Path, events: list[str], restate: bool) -> None:
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "note.txt").write_text("A note that reports the fire again.\n", "utf-8")
    (folder / "brief.yaml").write_text(
        "title: A later look\nstandfirst: Reuses what others report.\nsummary: Nothing new.\n"
        "why_it_matters: Nothing new.\npublished: \"2024-05-09\"\nmain_source: note\n", "utf-8")
    (folder / "sources.yaml").write_text(
        "sources:\n  - id: note\n    title: A note\n    publisher: The Note\n"
        "    url: https://note.example.org/fire\n    kind: article\n    text: sources/note.txt\n",
        "utf-8")
    actors = "actors:\n" + "".join(f"  - ref: {a}\n    role: Named again.\n" for a in ACTORS)
    if restate:
        actors += ("relations:\n  - from: lena-varga\n    type: leads\n    to: port-authority\n"
                   "    sources: [note]\n")
    (folder / "actors.yaml").write_text(actors, "utf-8")
    (folder / "events.yaml").write_text("events:\n" + "".join(
        f"  - ref: {e}\n    actors:\n      - actor: lena-varga\n    sources: [note]\n"
        for e in events), "utf-8")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(st.sampled_from(REUSE_EVENTS), min_size=1, unique=True), restate=st.booleans())
def test_a_brief_that_only_reuses_adds_backlinks_and_nothing_else(tmp_path_factory, events, restate):
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(FIXTURE / "briefs", root / "briefs")
    before = _pages(root)
    _reusing_brief(root / "briefs" / "later-look", events, restate)
    after = _pages(root)
    for brief in BRIEFS:
        # the brief's own page, quotes and sources: not a byte changes
        for url in (f"briefs/{brief}/", f"briefs/{brief}/quotes/", f"briefs/{brief}/sources/"):
            assert after[url] == before[url], url
        # its timeline: every link it had, and new ones only to the new brief and its source
        url = f"briefs/{brief}/timeline/"
        old, new = _links(before[url]), _links(after[url])
        assert old <= new, url
        own = {"#" + a for a in articles(before[url])}  # a report list names this brief's too
        assert all("later-look/" in h or h.startswith("https://note.example.org/") or h in own
                   for h in new - old), (url, new - old)
        assert articles(after[url]) == articles(before[url]), url
        # and every word it showed, where the new brief adds only its title and its source's name
        added = _words(after[url]) - _words(before[url])
        added = {w for w in added if not w.isdigit()}  # counts, and the added sources' note numbers
        for reused in events:  # the backlinks are there
            if reused.startswith(brief + "/"):
                assert f"../../later-look/timeline/#{reused.split('/')[1]}" in new, (url, reused)
        assert added <= {"A", "later", "look", "Note", "The", "Reported", "in", "briefs",
                         "Source", "Sources", ":"}, (url, added)


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def _words(html: str) -> set[str]:
    text = re.sub(r"<[^>]+>", " ", html)
    return set(re.findall(r"\w+|:", text))


def test_a_statement_through_a_spokeswoman_is_on_both_profiles():
    for actor in ("port-authority", "ines-moura"):
        quotes = page(f"actors/{actor}/index.html").split('id="actor_quotes"', 1)[1]
        assert "the quay will reopen on Monday" in quotes, actor
        words = re.sub(r"<[^>]+>", "", quotes.split('class="attribution">', 1)[1].split("</span>, <span class=\"said\"", 1)[0])
        expected = "in a statement by spokeswoman Ines Moura"
        assert words == (expected if actor == "port-authority" else "Port Authority, " + expected)


def test_a_shared_source_is_stored_once_and_its_page_lists_every_brief():
    assert not (FIXTURE / "briefs" / "port-reopens" / "sources" / "gazette-fire.txt").exists()
    defining = page("briefs/dock-fire/sources/index.html")
    assert defining.count('<h3 class="elsewhere">Also cited in') == 1
    assert 'href="../../port-reopens/timeline/#warehouse-fire"' in defining
    reusing = page("briefs/port-reopens/sources/index.html")
    assert 'id="gazette-fire"' in reusing and "Fire destroys harbour warehouse" in reusing
    assert 'Also cited in <a href="../../dock-fire/sources/">The east quay fire</a>' in reusing
    # the excerpt links into the original at its words, read from the one stored text
    timeline = page("briefs/port-reopens/timeline/index.html")
    assert ("https://gazette.example.org/quay-fire#:~:text=Firefighters%20of%20the%20Harbour%20Guard"
            in timeline)


def test_a_reused_event_keeps_one_identity_in_json_ld_and_brief_json():
    for brief in BRIEFS:
        html = page(f"briefs/{brief}/timeline/index.html")
        blob = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
        ids = [e["identifier"] for e in json.loads(blob)["@graph"]]
        assert [i for i in ids if i.endswith(".warehouse-fire")] == ["dock-fire.warehouse-fire"], brief
    facts = json.loads(page("briefs/port-reopens/brief.json"))
    (fire,) = [e for e in facts["events"] if e["id"] == "warehouse-fire"]
    assert fire["ref"] == "dock-fire/warehouse-fire"
    assert fire["title"] == "Fire destroys a warehouse on the east quay"
    assert [s["ref"] for s in facts["sources"]] == [None, "dock-fire/gazette-fire"]


def test_two_sources_of_one_publisher_in_one_mark_are_told_apart_by_title():
    """port-reopens cites two Harbour Gazette articles for one event: each link says its title,
    and no mark's body names the same label twice."""
    html = page("briefs/port-reopens/timeline/index.html")
    bodies = re.findall(r'<span class="cite-body">(.*?)</span></details>', html)
    assert bodies
    for body in bodies:
        labels = re.findall(r'<a href="[^"]*">([^<]*)</a>', body)
        assert len(labels) == len(set(labels)), labels
    assert "The Harbour Gazette, \u201cEast quay reopens\u201d" in html
    assert "The Harbour Gazette, \u201cFire destroys harbour warehouse\u201d" in html


def test_a_quote_said_in_another_source_of_its_publisher_tells_the_two_apart(tmp_path):
    """A quote's mark opens its source and the source it was said in: two Harbour Gazette
    articles say their titles there too, as an event's mark does (quote_block takes its passages
    from ``passages``, which labels them distinctly)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    brief = root / "briefs" / "port-reopens"
    (brief / "quotes.yaml").write_text(
        "quotes:\n  - id: varga-tape\n    speaker: lena-varga\n    text: cut the tape\n"
        "    said: {value: \"2024-05-06\", tz: Europe/Lisbon}\n    context: On the reopening.\n"
        "    source: gazette-reopens\n    said_in: gazette-fire\n", "utf-8")
    yaml = brief / "brief.yaml"
    yaml.write_text(yaml.read_text("utf-8") + "key_quotes: [varga-tape]\n", "utf-8")
    pages = _pages(root)
    for url in ("briefs/port-reopens/quotes/", "briefs/port-reopens/", "actors/lena-varga/"):
        figure = pages[url].split('<blockquote><p>cut the tape</p></blockquote>', 1)[1]
        body = re.search(r'<span class="cite-body">(.*?)</span></details>', figure).group(1)
        labels = re.findall(r'<a href="[^"]*">([^<]*)</a>', body)
        assert labels == ["The Harbour Gazette, \u201cEast quay reopens\u201d",
                          "The Harbour Gazette, \u201cFire destroys harbour warehouse\u201d"], url


def test_distinct_labels_only_when_two_sources_read_the_same():
    from builder.model import Source
    from builder.notes import Passage
    from builder.words import distinct_labels

    def source(brief, id_, title, publisher):
        return Source(brief, id_, title, publisher, None, None, None, None, "article", None, None,
                      None)

    a, b = source("x", "a", "One", "Gazette"), source("x", "b", "Two", "Gazette")
    c = source("x", "c", "Three", "Herald")
    made = distinct_labels([Passage("w", "Gazette", "#a"), Passage("v", "Gazette", "#a2"),
                            Passage(None, "Gazette", "#b"), Passage(None, "Herald", "#c")],
                           [a, a, b, c])
    assert [p.label for p in made] == ["Gazette, \u201cOne\u201d", "Gazette, \u201cOne\u201d",
                                       "Gazette, \u201cTwo\u201d", "Herald"]
    # one source cited twice (two excerpts) keeps its plain label
    assert [p.label for p in distinct_labels([Passage("w", "Gazette", "#a")] * 2, [a, a])] \
        == ["Gazette", "Gazette"]
