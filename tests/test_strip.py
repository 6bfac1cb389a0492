"""The overview strip above a timeline (builder/strip.py): time to the right on one scale, dots that
never crowd each other on a phone, the long gap named, a histogram past MAX_DOTS events."""

from __future__ import annotations

from builder.dates import parse
from builder.diagnostics import Loc
from builder.graph import PHONE_WIDTH
from builder.model import Event
from builder.strip import MAX_DOTS, SPACING, timeline_strip

LOC = Loc("briefs/b/events.yaml")


def event(i: str, when: str) -> Event:
    return Event("b", i, f"Event {i}", parse(when), None, None, (), (), (), LOC)


def test_positions_follow_time_and_crowded_dots_take_another_lane():
    events = [event("a", "2020-01-01"), event("b", "2020-01-02"), event("c", "2020-12-31")]
    strip = timeline_strip(events, lambda e: e.id)
    marks = {m.href: m for m in strip.marks}
    assert marks["#a"].at == 0 and marks["#c"].at > 99
    assert marks["#a"].lane != marks["#b"].lane  # a day apart in a year: too close on a phone
    for lane in {m.lane for m in strip.marks}:
        ats = sorted(m.at for m in strip.marks if m.lane == lane)
        assert all((b - a) / 100 * PHONE_WIDTH >= SPACING for a, b in zip(ats, ats[1:]))
    assert strip.gap is not None and strip.gap[2] == "12 months without events"
    assert [t.label for t in strip.ticks][:1] == ["Jan 2020"]


def test_a_month_is_a_bar_and_undated_events_are_left_out():
    events = [event("m", "2019-12"), event("d", "2020-01-09"),
              Event("b", "u", "Undated", None, None, None, (), (), (), LOC)]
    strip = timeline_strip(events, lambda e: e.id)
    month = next(m for m in strip.marks if m.href == "#m")
    assert month.to - month.at > 50 and strip.events == 2
    assert timeline_strip(events[:1], lambda e: e.id) is None  # one event needs no overview


def test_past_max_dots_the_strip_counts_events_per_stretch():
    events = [event(f"e{i}", f"{2000 + i // 12}-{i % 12 + 1:02d}-01") for i in range(MAX_DOTS + 30)]
    strip = timeline_strip(events, lambda e: e.id)
    assert strip.histogram and sum(m.count for m in strip.marks) == len(events)
    assert strip.marks[0].href == "#e0"
    assert all(t.label.isdigit() for t in strip.ticks)  # years, on a span of years


def test_every_span_a_date_can_have_gets_ticks():
    """Years 100 to 9000 are dates the checker accepts: the strip of any span between them."""
    for first, last in (("0100", "9000"), ("0999", "9000"), ("0100/9000", "0150"),
                        ("1999", "2001"), ("0100", "0104")):
        strip = timeline_strip([event("a", first), event("b", last)], lambda e: e.id)
        labels = [t.label for t in strip.ticks]
        assert labels and len(labels) <= 9, (first, last, labels)
        assert [t.at for t in strip.ticks] == sorted(t.at for t in strip.ticks)
        assert all(0 <= t.at <= 100 for t in strip.ticks)


def test_marks_follow_the_list_s_clock_and_say_its_zone():
    """The strip places and words each event as the list below it does (found by a reader's
    audit): a night in Baghdad starts at 22:00, after an 11:30 in New York that was 19:30 there,
    not at midnight before it; and a mark's words are on the page's clock, the zone named."""
    trump = Event("b", "trump", "Trump speaks", parse("2020-01-08T11:30", "America/New_York",
                                                      approximate="time"), None, None, (), (), (), LOC)
    rockets = Event("b", "rockets", "Rockets fired", parse("2020-01-08", "Asia/Baghdad",
                                                           part_of_day="night"),
                    None, None, (), (), (), LOC)
    before = Event("b", "before", "Earlier", parse("2020-01-07", "Asia/Baghdad"), None, None,
                   (), (), (), LOC)
    strip = timeline_strip([before, trump, rockets], lambda e: e.id, "Asia/Baghdad")
    marks = {m.href: m for m in strip.marks}
    assert marks["#trump"].at < marks["#rockets"].at
    assert marks["#trump"].title == ("Wednesday 8 January 2020, about 19:30 (Baghdad time): "
                                     "Trump speaks")
    assert marks["#rockets"].title == ("Wednesday 8 January 2020, in the night (Baghdad time): "
                                       "Rockets fired")
    assert marks["#before"].title == "Tuesday 7 January 2020 (Baghdad time): Earlier"
    utc = {m.href: m for m in timeline_strip([before, trump, rockets], lambda e: e.id,
                                             "UTC").marks}
    assert utc["#trump"].title == "Wednesday 8 January 2020, about 16:30 (UTC): Trump speaks"
