"""The search index (builder/search.py): one record per fact, hostile text inert, the same bytes
from two builds, and a clear stop when Pagefind cannot run."""

from __future__ import annotations

import gzip
import html
import re
from pathlib import Path

import cbor2
import pytest

from builder import search, search_merge
from builder.check import check
from tests.sitetools import FIXTURES, REPO, search_records, tree


@pytest.fixture(scope="module")
def seed_records():
    return search.fact_records(check(REPO).site.published())


def test_one_record_per_fact_with_its_kind_and_address(seed_records):
    site = check(REPO).site.published()
    kinds = [r.kind for r in seed_records]
    brief = site.briefs[0]
    assert kinds.count("brief") == len(site.briefs)
    assert kinds.count("actor") == len(site.actors)
    assert kinds.count("place") == len(site.places)
    assert kinds.count("event") == len(brief.events)
    assert kinds.count("quote") == len(brief.quotes)
    urls = [r.url for r in seed_records]
    assert len(urls) == len(set(urls))  # one result per fact
    assert f"briefs/{brief.id}/quotes/#trump-standing-down" in urls
    kataeb = next(r for r in seed_records if r.url == "actors/kataeb-hezbollah/")
    assert "Kataib Hezbollah" in kataeb.names and kataeb.title == "Kataeb Hezbollah"


def test_a_record_escapes_what_it_holds():
    record = search.Record("actors/x/", "actor", '<script>alert(1)</script>', ('"><img src=x>',),
                           "a & b <b>", "T <i>")
    document = search.record_html(record)
    assert "<script>" not in document and "<img" not in document and "<b>" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert 'data-pagefind-filter="kind">Actor<' in document


def test_guide_headings_are_flattened_so_the_guide_stays_below_the_facts():
    document = search.guide_html("guide/x/", "Quotes", '<h2 id="a">Standing down</h2><p>t</p>')
    assert "<h2" not in document and '<p id="a">Standing down</p>' in document
    assert f'data-pagefind-weight="{search.GUIDE_WEIGHT}"' in document
    assert html.escape(search.KIND_NAMES["guide"]) in document
    assert search.KIND_NAMES["page"] in search.guide_html("about/", "About", "<p>x</p>")


def test_two_indexes_of_the_same_facts_are_byte_identical(tmp_path, seed_records):
    for name in ("one", "two", "three"):
        (tmp_path / name).mkdir()
        search.write_index(tmp_path / name, seed_records, [("guide/", "Guide", "<p>words</p>")])
    first = tree(tmp_path / "one")
    assert first == tree(tmp_path / "two") == tree(tmp_path / "three")
    assert not [n for n in first if any(u in n for u in search.UNUSED)]
    # the filter values were put in order
    for path in (tmp_path / "one" / "pagefind" / "filter").iterdir():
        name, values = cbor2.loads(gzip.decompress(path.read_bytes())[len(search_merge.MAGIC):])
        assert [v[0] for v in values] == sorted(v[0] for v in values), name
    records = search_records(tmp_path / "one")
    assert len(records) == len(seed_records) + 1
    assert {r["meta"]["href"] for r in records} >= {r.url for r in seed_records}


def test_a_pagefind_that_fails_stops_with_its_words(tmp_path, monkeypatch, seed_records):
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: out of disk' >&2\nexit 3\n")
    failing.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_binary", lambda: failing)
    with pytest.raises(search.SearchError) as caught:
        search.write_index(tmp_path / "site", seed_records[:2], [])
    assert str(caught.value) == ("Pagefind could not write the search index (exit 3: "
                                 "Error: out of disk)")


def test_a_hostile_fixture_indexes_as_text(tmp_path):
    records = search.fact_records(check(FIXTURES / "hostile").site.published())
    (tmp_path / "site").mkdir()
    search.write_index(tmp_path / "site", records, [])
    found = search_records(tmp_path / "site")
    assert len(found) == len(records)
    address = re.compile(r"(briefs|actors|places)/[a-z0-9-]+/((timeline|quotes|sources)/#[a-z0-9-]+)?")
    for record in found:  # the address is always ours: the script puts the site's root before it
        assert address.fullmatch(record["meta"]["href"]), record["meta"]["href"]


def test_a_shared_event_is_one_record_and_an_unnamed_source_none():
    """Three briefs report the warehouse fire: one result, at its definition, with the words of
    every report; the two unnamed officials are never results of their own."""
    site = check(FIXTURES / "shared-facts").site.published()
    records = search.fact_records(site)
    fires = [r for r in records if r.kind == "event" and r.title == next(
        e.title for b in site.briefs for e in b.events if e.key == "dock-fire/warehouse-fire")]
    assert [r.url for r in fires] == ["briefs/dock-fire/timeline/#warehouse-fire"]
    reuses = [e for b in site.briefs for e in b.events if e.ref == "dock-fire/warehouse-fire"]
    assert len(reuses) == 2
    for report in reuses:
        if report.summary:
            assert search._plain(report.summary).split()[0] in fires[0].text
    unnamed = [a for a in site.actors if a.unnamed]
    assert len(unnamed) == 2
    actor_urls = {r.url for r in records if r.kind == "actor"}
    assert actor_urls == {f"actors/{a.id}/" for a in site.actors if not a.unnamed}
    assert not any(a.id in r.url for a in unnamed for r in records)


def test_an_actors_record_reads_as_sentences(seed_records):
    """The result's excerpt is the record's words: each role and relation a sentence of its own
    (the seed's Khazali read "... the killing of Mohandes. member of Iraqi militia groups ...")."""
    khazali = next(r for r in seed_records if r.url == "actors/qais-al-khazali/")
    assert khazali.text == ("Iraqi militia commander who promised an Iraqi response to the killing of "
                            "Mohandes. Member of Iraqi militia groups aligned with Iran.")
    assert search._sentence("leads the Mahdi Army") == "leads the Mahdi Army."
    assert search._sentence('said "no."') == 'said "no."' and search._sentence("") == ""
