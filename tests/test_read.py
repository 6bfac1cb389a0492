"""The read stage hands over one frozen record per brief folder, whose records carry the locations
of their own fields: the check stage asks ``event.at("date")``, not a reader."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from builder.diagnostics import Loc
from builder.model import Citation, Event, Quote
from builder.read import ReadBrief, read_brief

CLEAN = Path(__file__).resolve().parent / "cases" / "does-the-minimal-brief-check-clean"
FILE = "briefs/baghdad-rockets/{}.yaml"


def _read(tmp_path: Path) -> ReadBrief:
    shutil.copytree(CLEAN, tmp_path / "p")
    folder = tmp_path / "p" / "briefs" / "baghdad-rockets"
    return read_brief(folder, lambda p: p.relative_to(tmp_path / "p").as_posix())


def test_read_brief_is_frozen_and_complete(tmp_path):
    facts = _read(tmp_path)
    assert facts.brief is not None and facts.diagnostics == () and facts.files == 5
    for field in dataclasses.fields(facts):
        value = getattr(facts, field.name)
        assert not isinstance(value, (list, dict, set)), field.name  # tuples, frozensets, a view
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.events = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        facts.source_texts["wsj-article"] = None  # type: ignore[index]
    assert set(facts.source_texts) == {"wsj-article"}
    assert facts.brief.events == facts.events and facts.brief.quotes == facts.quotes


def test_records_carry_the_locations_of_their_fields(tmp_path):
    facts = _read(tmp_path)
    event, quote = facts.events[0], facts.quotes[0]
    assert event.loc == Loc(FILE.format("events"), 2, 5)
    assert event.at("date") == Loc(FILE.format("events"), 4, 11)
    assert event.at("quotes", 0) == Loc(FILE.format("events"), 8, 14)
    assert event.sources[0].at("excerpt") == Loc(FILE.format("events"), 11, 18)
    assert quote.at("text") == Loc(FILE.format("quotes"), 4, 11)
    assert quote.written("said") and not quote.written("through")
    # a field that is not written: the record's own place
    assert quote.at("through") == quote.loc and not event.written("superseded_by")
    assert facts.brief.at("summary").file == FILE.format("brief")
    assert facts.head is not None and [f for f, _, _ in facts.head.prose] == ["summary",
                                                                             "why_it_matters"]


def test_field_locations_never_make_two_facts_differ(tmp_path):
    facts = _read(tmp_path)
    event = facts.events[0]
    bare = dataclasses.replace(event, locs=type(event.locs)())
    assert bare == event and hash(bare) == hash(event)
    assert bare.at("date") == event.loc != event.at("date")


def test_records_are_still_made_by_position():
    loc = Loc("briefs/b/events.yaml", 3, 5)
    event = Event("b", "e", "Title", None, None, None, (), (), (), loc)
    assert event.at("date") == loc and event.planned is False
    with pytest.raises(TypeError):  # the field locations are named, never given by position
        Citation("s", None, loc, ())  # type: ignore[misc]


def test_a_quote_cites_its_source_and_where_it_was_said():
    loc = Loc("briefs/b/quotes.yaml", 2, 5)
    quote = Quote("b", "q", "a", "Words", None, None, None, "article", "statement", loc)
    assert [(c.source, c.excerpt) for c in quote.citations] == [("article", "Words"),
                                                                ("statement", None)]
    alone = dataclasses.replace(quote, said_in=None)
    assert [(c.source, c.excerpt) for c in alone.citations] == [("article", "Words")]
