"""Facts shared across briefs: an event reused with `ref` is one event, shown once everywhere,
with every brief's sources."""

from __future__ import annotations

from pathlib import Path

from builder.check import check
from builder.link import link

CASES = Path(__file__).resolve().parent / "cases"
REUSED = CASES / "can-an-event-be-reused-with-ref-in-another-brief"


def _site(folder: Path, monkeypatch):
    monkeypatch.chdir(folder)
    result = check(folder)
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    return result.site


def test_a_reused_event_is_complete_in_the_brief_that_reuses_it(monkeypatch):
    site = _site(REUSED, monkeypatch)
    by_id = {b.id: b for b in site.briefs}
    (definition,) = [e for e in by_id["baghdad-rockets"].events if e.id == "pence-on-cbs"]
    (reuse,) = [e for e in by_id["soleimani-strike"].events if e.id == "pence-on-cbs"]
    assert reuse.ref == "baghdad-rockets/pence-on-cbs" == reuse.key == definition.key
    assert (reuse.title, reuse.date, reuse.place) == (definition.title, definition.date, definition.place)
    assert [p.part for p in reuse.actors] == ["told CBS News that Iran was messaging the militias"]
    assert [c.source for c in reuse.sources] == ["wsj-article"]
    assert reuse.brief == "soleimani-strike"


def test_a_reused_event_is_shown_once_on_the_timeline_and_the_profile(monkeypatch):
    linked = link(_site(REUSED, monkeypatch))
    keys = [e.key for e in linked.timeline]
    assert keys.count("baghdad-rockets/pence-on-cbs") == 1
    assert len(keys) == len(set(keys)) == 2  # the reuse and one own event of the second brief
    (shown,) = [e for e in linked.timeline if e.key == "baghdad-rockets/pence-on-cbs"]
    assert shown.brief == "baghdad-rockets"
    assert [r.brief for r in linked.reports_of(shown)] == ["baghdad-rockets", "soleimani-strike"]
    pence = linked.profiles["mike-pence"]
    assert [e.key for e, _ in pence.events].count("baghdad-rockets/pence-on-cbs") == 1
    # each brief's source page lists what it supports there: the reuse's excerpt is in the second
    uses = linked.uses[("soleimani-strike", "wsj-article")]
    assert any(u.kind == "event" and u.anchor == "briefs/soleimani-strike/timeline/#pence-on-cbs"
               for u in uses)


def test_a_relation_stated_by_two_briefs_is_one_relation_with_each_qualifier(monkeypatch):
    linked = link(_site(CASES / "is-a-relation-stated-in-two-briefs-one-relation-with-both-sources",
                        monkeypatch))
    pence = linked.profiles["mike-pence"]
    (relation,) = pence.outgoing
    assert linked.profiles["united-states"].incoming == (relation,)
    said = linked.statements_of(relation)
    assert [(s.brief, s.detail) for s in said] == [("baghdad-rockets", "Vice-President"),
                                                  ("soleimani-strike", "Vice President")]
    assert [len(linked.uses[(s.brief, "wsj-article")]) > 0 for s in said] == [True, True]
    labels = {u.label for (b, _), us in linked.uses.items() for u in us if u.kind == "relation"}
    assert labels == {"Mike Pence holds office in United States"}  # the profile's words


def test_quotations_are_the_words_in_double_quotation_marks_of_the_prose():
    from builder.quoted import quotations

    assert quotations('He called it "overdue" and “a first step,\n  at last”.') == [
        "overdue", "a first step, at last"]
    # quotation marks of HTML, of a link's target and title, of code, and of digits alone: none
    assert quotations('<a href="x">y</a> [t](https://e.org "title") `"code"` "1990" \'single\'') == []
    # a citation's passage is checked as an excerpt of its source, not as a quotation of the prose
    assert quotations('They could play spoilers.[^wsj-article "could still play spoilers"] "yes"') == ["yes"]


def test_a_quotation_is_found_in_the_text_of_a_source_reused_from_another_brief(monkeypatch, tmp_path):
    import shutil

    shutil.copytree(REUSED / "briefs", tmp_path / "briefs")
    brief = tmp_path / "briefs" / "soleimani-strike" / "brief.yaml"
    text = brief.read_text("utf-8")
    monkeypatch.chdir(tmp_path)
    brief.write_text(text.replace("could still play spoilers.", 'could still "play spoilers".'), "utf-8")
    for records in (True, False):  # with the texts in hand, and as `briefs check` reads them again
        assert check(tmp_path, records=records).diagnostics == []
    brief.write_text(text.replace("could still play spoilers.", 'could still "play the spoiler".'),
                     "utf-8")
    (found,) = check(tmp_path, records=False).diagnostics
    assert (found.code, found.loc.file, found.loc.line) == (
        "quotation-not-in-source", "briefs/soleimani-strike/brief.yaml", 5)
    assert found.hint.startswith("the closest passage is: ") and "play spoilers" in found.hint


def test_a_reuse_citing_its_own_source_published_before_the_definitions_date_is_warned(
        tmp_path, monkeypatch):
    """event-after-source for a reuse: the definition's date (2020-01-09) against each source the
    reuse cites that this brief defines; a source of the same day is no problem. The cache
    answers the same."""
    import shutil

    from builder.cache import Cache

    folder = tmp_path / "project"
    shutil.copytree(REUSED, folder)
    strike = folder / "briefs" / "soleimani-strike"
    (strike / "sources.yaml").write_text(
        "sources:\n  - ref: baghdad-rockets/wsj-article\n"
        "  - id: early-clip\n    title: An early clip\n    publisher: CBS News\n"
        "    published: \"2020-01-08\"\n    kind: broadcast\n"
        "  - id: same-day-clip\n    title: A clip of the day\n    publisher: CBS News\n"
        "    published: \"2020-01-09\"\n    kind: broadcast\n", encoding="utf-8")
    events = (strike / "events.yaml").read_text("utf-8")
    events = events.replace("        excerpt: Vice-President Mike Pence said on Thursday on CBS News\n",
                            "        excerpt: Vice-President Mike Pence said on Thursday on CBS News\n"
                            "      - source: early-clip\n      - source: same-day-clip\n")
    (strike / "events.yaml").write_text(events, encoding="utf-8")
    monkeypatch.chdir(folder)
    expected = [("briefs/soleimani-strike/events.yaml", 18, 9,
                 "the event is dated after source 'early-clip' was published (2020-01-08): its date "
                 "comes from the definition at briefs/baghdad-rockets/events.yaml:2:5")]

    def found(result):
        return [(d.loc.file, d.loc.line, d.loc.column, d.message) for d in result.diagnostics
                if d.code == "event-after-source"]

    assert found(check(folder)) == expected
    monkeypatch.delenv("CI", raising=False)
    assert found(check(folder, records=False, cache=Cache(folder))) == expected
    assert found(check(folder, records=False, cache=Cache(folder))) == expected  # from the cache
