"""The built site: the URL contract, links and anchors, determinism, atomic and locked builds,
hostile text rendered inert, machine-readable output, and ProperDocs building the same pages."""

from __future__ import annotations

import fcntl
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.sitetools import (FIXTURES, REPO, broken_links, build, copy_project, crawl, search_records,
                             parse_page, run_briefs, tree)

FIRST = "iraq-militias-2020"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The repository's own site, built once with `briefs build`."""
    out = tmp_path_factory.mktemp("site") / "site"
    build(REPO, out)
    return out


def test_every_page_of_the_url_contract_exists_for_the_first_brief(site):
    brief = json.loads((site / "briefs" / FIRST / "brief.json").read_text())
    pages = ["index.html", "actors/index.html", "timeline/index.html",
             f"briefs/{FIRST}/index.html", f"briefs/{FIRST}/timeline/index.html",
             f"briefs/{FIRST}/quotes/index.html", f"briefs/{FIRST}/sources/index.html"]
    pages += [f"actors/{a['id']}/index.html" for a in brief["actors"]]
    assert "actors/qassem-soleimani/index.html" in pages
    assert "actors/qais-al-khazali/index.html" in pages
    for page in pages:
        assert (site / page).is_file(), page


def test_every_event_and_quote_has_its_anchor(site):
    brief = json.loads((site / "briefs" / FIRST / "brief.json").read_text())
    timeline = parse_page(site, f"briefs/{FIRST}/timeline/index.html")
    quotes = parse_page(site, f"briefs/{FIRST}/quotes/index.html")
    sources = parse_page(site, f"briefs/{FIRST}/sources/index.html")
    assert {e["id"] for e in brief["events"]} <= timeline.ids
    assert {q["id"] for q in brief["quotes"]} <= quotes.ids
    assert {s["id"] for s in brief["sources"]} <= sources.ids


def test_no_internal_link_or_anchor_is_broken(site):
    assert broken_links(site) == []


def test_the_crawler_finds_a_broken_link_and_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="b/">no</a><a href="a/#x">x</a>')
    (tmp_path / "a" / "index.html").write_text('<h1 id="y">A</h1><a href="../#top">t</a>')
    assert broken_links(tmp_path) == [
        "a/index.html: ../#top (no #top in index.html)",
        "index.html: b/ (no such file b/index.html)",
        "index.html: a/#x (no #x in a/index.html)",
    ]


def test_pages_have_real_content(site):
    home = " ".join(parse_page(site, "index.html").text)
    assert "Iraq" in home and "As of 9\u201310 January 2020" in " ".join(home.split())
    brief = " ".join(parse_page(site, f"briefs/{FIRST}/index.html").text)
    for heading in ("What happened", "Why it matters", "Key actors", "Timeline in short",
                    "Key quotes", "Sources", "Updates and corrections"):
        assert heading in brief
    profile = " ".join(parse_page(site, "actors/abu-mahdi-al-mohandes/index.html").text)
    assert "Leads" in profile and "Kataeb Hezbollah" in profile
    boyd = " ".join(parse_page(site, "actors/henry-boyd/index.html").text)
    assert "I would still expect a longer, less obvious form of Iranian response" in boyd
    timeline = " ".join(parse_page(site, f"briefs/{FIRST}/timeline/index.html").text)
    assert "December 2019" in timeline and "Background, undated" in timeline
    assert "Thursday AEDT" in timeline  # the source's own words for the time are kept


def test_links_to_sources_carry_a_text_fragment(site):
    page = parse_page(site, f"briefs/{FIRST}/timeline/index.html")
    external = [href for tag, _, href in page.links if href.startswith("https://www.theaustralian")]
    assert external and all("#:~:text=" in href for href in external)


def test_the_links_of_what_a_source_supports_read_apart(site):
    """Two links in one list of what a source supports never read alike: two quotes by one
    speaker were 'Quote by Mike Pence' twice (found by a reader's audit)."""
    import re
    html = (site / "briefs" / FIRST / "sources" / "index.html").read_text("utf-8")
    lists = re.findall(r'<ul class="supports"[^>]*>(.*?)</ul>', html, re.S)
    assert len(lists) > 5
    every = []
    for listed in lists:
        labels = [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li[^>]*>(.*?)</li>",
                                                                        listed, re.S)]
        assert len(labels) == len(set(labels)), labels
        every += labels
    assert sum(label.startswith("Quote by") for label in every) >= 5
    assert "Quote by Mike Pence: \u201cAnd we hope that message continues to echo\u201d" in every


def test_every_page_carries_json_ld_open_graph_and_a_description(site):
    for path, page in crawl(site).items():
        if path == "404.html":
            continue
        assert page.json_ld, path
        for block in page.json_ld:
            data = json.loads(block)
            assert data["@context"] == "https://schema.org"
    data = json.loads(parse_page(site, f"briefs/{FIRST}/index.html").json_ld[0])
    assert data["@type"] == "NewsArticle"
    assert json.loads(parse_page(site, "actors/qassem-soleimani/index.html").json_ld[0])["@type"] == "Person"
    assert json.loads(parse_page(site, "actors/iran/index.html").json_ld[0])["@type"] == "Country"
    quotes = json.loads(parse_page(site, f"briefs/{FIRST}/quotes/index.html").json_ld[0])
    assert {q["@type"] for q in quotes["@graph"]} == {"Quotation"}
    html = (site / f"briefs/{FIRST}/index.html").read_text()
    assert '<meta property="og:title"' in html and '<meta name="description"' in html


def test_feed_sitemap_and_brief_json_are_well_formed(site):
    feed = ET.parse(site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert any("wildcard" in t for t in titles)
    ET.parse(site / "sitemap.xml")
    brief = json.loads((site / "briefs" / FIRST / "brief.json").read_text())
    assert brief["id"] == FIRST and len(brief["quotes"]) >= 8


def test_search_index_finds_actors_by_alias_quotes_and_events(site):
    records = search_records(site)

    def hits(words: str) -> set[str]:
        return {r["meta"]["href"] for r in records if words.lower() in r["content"].lower()}

    assert "actors/qais-al-khazali/" in hits("Khazali")
    assert f"briefs/{FIRST}/quotes/#trump-standing-down" in hits("standing down")
    assert any(h.startswith(f"briefs/{FIRST}/timeline/#") for h in hits("drone strike"))
    assert "actors/iran/" in hits("Tehran")  # an alias
    assert "actors/kataeb-hezbollah/" in hits("Kataib")  # an alias


def test_two_builds_are_byte_identical_whatever_the_hash_seed_or_file_order(tmp_path):
    first = copy_project(tmp_path / "one")
    second = tmp_path / "two"
    second.mkdir()
    for part in reversed(("mkdocs.yml", "content", "templates", "briefs")):  # another creation order
        src = REPO / part
        paths = sorted(src.rglob("*"), reverse=True) if src.is_dir() else [src]
        for path in paths:
            dest = second / path.relative_to(REPO)
            if path.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, dest)
    build(first, tmp_path / "site1", env={"PYTHONHASHSEED": "1"})
    build(second, tmp_path / "site2", env={"PYTHONHASHSEED": "2"})
    a, b = tree(tmp_path / "site1"), tree(tmp_path / "site2")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_a_failing_build_leaves_the_previous_site_untouched(tmp_path):
    project = copy_project(tmp_path / "project")
    out = tmp_path / "site"
    build(project, out)
    before = tree(out)
    events = project / "briefs" / FIRST / "events.yaml"
    events.write_text(events.read_text() + "\n  - id: broken\n    title: [\n")
    result = run_briefs("build", "--root", str(project), "--site-dir", str(out))
    assert result.returncode == 1
    assert "events.yaml" in result.stdout and "nothing was built" in result.stderr
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "project", "site"]  # no leftovers


def test_a_second_concurrent_build_is_refused(tmp_path):
    project = copy_project(tmp_path / "project")
    with open(tmp_path / ".site.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running build holds it
        result = run_briefs("build", "--root", str(project), "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "another build is writing" in result.stderr
    assert not (tmp_path / "site").exists()


def test_hostile_text_renders_inert(tmp_path):
    out = tmp_path / "site"
    build(FIXTURES / "hostile", out)
    pages = crawl(out)
    assert len(pages) >= 9
    for path, page in pages.items():
        own = [s for s in page.scripts if s.get("type") != "application/ld+json"]
        assert all(s.get("src", "").endswith("js/site.js") for s in own), (path, own)
        assert all(len(s) == 2 and set(s) == {"src", "defer"} for s in own), (path, own)
        for tag, attr, value in page.links:
            assert not value.strip().lower().startswith(("javascript:", "data:")), (path, value)
        for tag, attrs in page.elements:
            assert tag not in {"iframe", "object", "embed", "math", "style", "img", "form", "svg"} \
                or (tag == "form" and "data-search" in attrs) \
                or (tag == "svg" and attrs.get("class") in {"network-svg", "strip-svg"}), (path, tag)
            assert not [n for n in attrs if n.startswith("on") or n == "style"], (path, tag, attrs)
        for block in page.json_ld:
            json.loads(block)
    # the strip and the diagram are drawn (their hostile labels and titles are text inside them)
    strips = [p for p, page in pages.items() if any(a.get("class") == "strip-svg" for _, a in page.elements)]
    diagrams = [p for p, page in pages.items() if any(a.get("class") == "network-svg" for _, a in page.elements)]
    assert "briefs/hostile-brief/timeline/index.html" in strips and diagrams, (strips, diagrams)
    # JSON-LD parses back to exactly what the editor wrote
    ld = json.loads(parse_page(out, "briefs/hostile-brief/index.html").json_ld[0])
    assert ld["headline"] == '<script>alert(1)</script> title "><img src=x onerror=alert(2)>'
    quotes = json.loads(parse_page(out, "briefs/hostile-brief/quotes/index.html").json_ld[0])
    assert [q["text"] for q in quotes["@graph"]] == [
        "Tom & Jerry - north, south",  # said first
        "</script><script>alert(3)</script> and <svg onload=alert(4)> with {{ 7*7 }} {% raw %}"]
    # and the text is shown, as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; title" in (out / "briefs/hostile-brief/index.html").read_text()


def test_properdocs_and_mkdocs_build_the_same_pages(tmp_path):
    import subprocess
    import sys

    outputs = {}
    for tool in ("mkdocs", "properdocs"):
        site_dir = tmp_path / tool
        result = subprocess.run(
            [str(Path(sys.executable).parent / tool), "build", "--strict", "-q", "-d", str(site_dir)],
            cwd=REPO, capture_output=True, text=True, env={"SOURCE_DATE_EPOCH": "0", "PATH": "/usr/bin:/bin"})
        assert result.returncode == 0, result.stderr
        outputs[tool] = tree(site_dir, {".html", ".json", ".xml"})
    assert sorted(outputs["mkdocs"]) == sorted(outputs["properdocs"])
    assert [n for n in outputs["mkdocs"] if outputs["mkdocs"][n] != outputs["properdocs"][n]] == []
    assert len(outputs["mkdocs"]) > 25


def test_the_not_found_page_leads_on_to_the_site(site):
    """A reader on a mistyped address gets the site's nav and the indexes, not one link to the
    home page called 'list of briefs' (found by a reader's audit)."""
    page = parse_page(site, "404.html")
    hrefs = [href for tag, _, href in page.links if tag == "a"]
    for index in ("/briefs/", "/actors/", "/places/", "/timeline/", "/guide/", "/about/", "/"):
        assert index in hrefs, (index, hrefs)
    for href in hrefs:  # every one of them is a page of this site
        if href.startswith("/") and not href.startswith("/#"):
            assert (site / href.lstrip("/") / "index.html").is_file() or href == "/", href
