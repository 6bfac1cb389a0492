"""One zone per page (builder/zones.py): every timeline groups days of one named zone, a day heading
never follows a later day nor repeats one, and each event sits under the day it belongs to.

The property test draws random dated events (years, months, days, minutes and ranges) told in
random zones (daylight saving, half-hour and +14/-11 offsets) and checks the groups of a page in a
random zone. The two-zone fixture (Baghdad and Washington, one strike across midnight) is checked
page by page: the exact headings and the order of the events under them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from builder import dates, zones
from builder.check import check
from builder.diagnostics import format_text
from builder.link import event_key
from builder.diagnostics import Loc
from tests.golden import golden
from tests.sitetools import FIXTURES

ZONES = ("UTC", "Asia/Baghdad", "America/New_York", "Australia/Sydney", "Asia/Kolkata",
         "Australia/Lord_Howe", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/London",
         "America/St_Johns", "Asia/Kathmandu")


@dataclass(frozen=True)
class Ev:
    id: str
    brief: str
    date: dates.FuzzyDate
    loc: Loc


@st.composite
def written_dates(draw):
    if draw(st.booleans()):  # a story's few days, so that events share days (and their hours)
        year, month, day = 2020, 1, draw(st.integers(6, 9))
    else:
        year, month, day = draw(st.integers(2018, 2021)), draw(st.integers(1, 12)), draw(st.integers(1, 28))
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    kind = draw(st.sampled_from(["year", "month", "day", "minute", "minute", "range-day",
                                 "range-minute", "week", "open", "part", "part"]))
    tz = draw(st.sampled_from(ZONES + (None,)))
    if kind in ("minute", "range-minute") and tz is None:
        tz = "UTC"
    if kind == "year":
        value = f"{year}"
    elif kind == "month":
        value = f"{year}-{month:02d}"
    elif kind == "day":
        value = f"{year}-{month:02d}-{day:02d}"
    elif kind == "part":
        try:
            return dates.parse(f"{year}-{month:02d}-{day:02d}", tz,
                               part_of_day=draw(st.sampled_from(zones.PARTS)))
        except dates.DateProblem:
            assume(False)
    elif kind == "minute":
        value = f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}"
    elif kind == "week":
        value = f"{year}-W{draw(st.integers(1, 52)):02d}"
    elif kind == "open":
        value = draw(st.sampled_from([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"])) + "/.."
    else:
        start = datetime(year, month, day, hour, minute)
        end = start + timedelta(minutes=draw(st.integers(1, 5 * 24 * 60)))
        fmt = "%Y-%m-%d" if kind == "range-day" else "%Y-%m-%dT%H:%M"
        if end.strftime(fmt) == start.strftime(fmt):
            end += timedelta(days=1)
        value = f"{start.strftime(fmt)}/{end.strftime(fmt)}"
    try:
        return dates.parse(value, tz)
    except dates.DateProblem:  # a time the clocks skip or repeat in that zone
        assume(False)


@settings(max_examples=400, deadline=None)
@given(st.lists(written_dates(), min_size=1, max_size=25), st.sampled_from(ZONES))
def test_day_headings_increase_and_each_event_sits_under_its_day(written, page_zone):
    events = [Ev(f"e{i}", "b", d, Loc("briefs/b/events.yaml", i + 1, 1)) for i, d in enumerate(written)]
    groups = zones.groups(sorted(events, key=event_key), page_zone, event_key)
    # every event once
    assert sorted(e.id for g in groups for e in g.events) == sorted(e.id for e in events)
    # headings never go back in time; a day gets one heading
    starts = [(g.start, g.end) for g in groups]
    assert starts == sorted(starts)
    days = [g.start for g in groups if g.kind == "day"]
    assert days == sorted(set(days)), "a day heading repeats or goes back"
    for g in groups:
        if g.kind == "day":
            assert g.end - g.start == timedelta(days=1)
            label_day = datetime.strptime(re.sub(r"^\w+ ", "", g.label), "%d %B %Y")
            assert label_day == g.start
        for e in g.events:
            d = e.date
            if d.end is None and d.precision == "minute":
                # a time: under the day its instant falls on in the page's zone
                assert g.kind == "day"
                assert zones.instant_day(d, page_zone) == g.start.date()
            elif d.end is None and d.precision == "day":
                # a day: on the day as written, never shifted
                assert g.kind == "day"
                assert (g.start.year, g.start.month, g.start.day) == (
                    d.start.year, d.start.month, d.start.day)
            elif d.open_end:
                assert g.kind == "range" and g.end == datetime.max
                assert g.label.startswith("since ") and g.label.endswith(", continuing")
            elif d.end is None and d.precision == "week":
                # a week: the Monday to Sunday it names, never shifted
                assert g.kind == "week"
                assert g.start.date() == datetime.fromisocalendar(d.start.year, d.start.week, 1).date()
            elif d.end is None:
                assert g.kind == d.precision
                assert (g.start.year, g.start.month or 1) == (d.start.year, d.start.month or 1)
        # under one heading, the times are in instant order
        times = [e.date.interval[0] for e in g.events if e.date.precision == "minute"]
        assert times == sorted(times)
        if g.kind == "day":
            _check_hours_of_the_day(g, page_zone)


@st.composite
def one_days_dates(draw):
    """A time, a part of the day or the day alone, on or about Wednesday 8 January 2020."""
    kind = draw(st.sampled_from(["time", "time", "part", "part", "day"]))
    tz = draw(st.sampled_from(ZONES))
    if kind == "time":
        day, hour, minute = draw(st.integers(7, 9)), draw(st.integers(0, 23)), draw(st.integers(0, 59))
        return dates.parse(f"2020-01-{day:02d}T{hour:02d}:{minute:02d}", tz)
    part = draw(st.sampled_from(zones.PARTS)) if kind == "part" else None
    return dates.parse("2020-01-08", draw(st.sampled_from((tz, None))), part_of_day=part)


@settings(max_examples=300, deadline=None)
@given(st.lists(one_days_dates(), min_size=2, max_size=20), st.sampled_from(ZONES))
def test_parts_of_the_day_sort_among_the_times_of_their_day(written, page_zone):
    events = [Ev(f"e{i}", "b", d, Loc("briefs/b/events.yaml", i + 1, 1)) for i, d in enumerate(written)]
    groups = zones.groups(sorted(events, key=event_key), page_zone, event_key)
    wednesday = [g for g in groups if g.kind == "day" and g.start == datetime(2020, 1, 8)]
    # the parts of the day and the day alone stay on Wednesday, under its one heading
    assert len(wednesday) == 1 or (len(wednesday) == 0 and all(d.precision == "minute"
                                                                for d in written))
    for g in groups:
        assert g.kind == "day"
        _check_hours_of_the_day(g, page_zone)


PART_BEGINS = {"morning": 6, "afternoon": 12, "evening": 18, "night": 22}  # as the guide says


def _check_hours_of_the_day(group, page_zone):
    """Under a day: a part of the day (morning from 06:00, afternoon 12:00, evening 18:00, night
    22:00 on the page's clock) comes after the times before its first hour and before the times
    from then on; what is known only to the day comes last."""
    def hour(e):  # minutes into the day on the page's clock, for a time or a part of the day
        d = e.date
        if d.precision == "minute" or d.end is not None:
            moment = d.interval[0].astimezone(zones._info(page_zone))
            if moment.date() != group.start.date():  # a span that began the day before
                return -1
            return moment.hour * 60 + moment.minute
        if d.part_of_day:
            return PART_BEGINS[d.part_of_day] * 60
        return None

    kinds = ["time" if (e.date.precision == "minute" or e.date.end is not None)
             else "part" if e.date.part_of_day else "day" for e in group.events]
    # what is known only to the day comes after every time and part of the day
    assert kinds == sorted(kinds, key=lambda k: k == "day"), kinds
    for i, a in enumerate(group.events):
        for b, kind_b in zip(group.events[i + 1:], kinds[i + 1:]):
            if kinds[i] == "part" and kind_b == "time":
                assert hour(b) >= hour(a), (a.date, b.date)
            if kinds[i] == "time" and kind_b == "part":
                assert hour(a) <= hour(b), (a.date, b.date)
            if kinds[i] == kind_b == "part":
                assert hour(a) <= hour(b)


def _ev(value, tz=None, i=0):
    return Ev(f"e{i}", "b", dates.parse(value, tz), Loc("briefs/b/events.yaml", i + 1, 1))


def test_a_time_across_midnight_goes_under_the_day_of_the_pages_zone():
    strike = _ev("2020-01-07T17:30", "America/New_York")
    assert [g.label for g in zones.groups([strike], "America/New_York", event_key)] == [
        "Tuesday 7 January 2020"]
    assert [g.label for g in zones.groups([strike], "Asia/Baghdad", event_key)] == [
        "Wednesday 8 January 2020"]
    assert zones.in_zone(strike.date, "Asia/Baghdad") == "Wednesday 8 January 2020, 01:30"
    assert zones.in_zone(strike.date, "America/New_York") is None


def test_a_day_stays_as_written_in_any_page_zone():
    day = _ev("2020-01-07", "America/New_York")
    for page_zone in ZONES:
        assert [g.label for g in zones.groups([day], page_zone, event_key)] == [
            "Tuesday 7 January 2020"]
    assert zones.in_zone(day.date, "Asia/Baghdad") is None


def test_one_day_one_heading_whatever_the_zones_and_precisions():
    events = [_ev("2020-01-08", "Asia/Baghdad", 0), _ev("2020-01-07T17:30", "America/New_York", 1),
              _ev("2020-01-08T02:15", "Asia/Baghdad", 2), _ev("2020-01-08", None, 3)]
    groups = zones.groups(sorted(events, key=event_key), "Asia/Baghdad", event_key)
    assert [(g.label, [e.id for e in g.events]) for g in groups] == [
        ("Wednesday 8 January 2020", ["e1", "e2", "e0", "e3"])]


def test_the_reference_zone_is_the_declared_one_else_the_most_common():
    events = [_ev("2020-01-07T17:30", "America/New_York", 0), _ev("2020-01-08", "Asia/Baghdad", 1),
              _ev("2020-01-09", "Asia/Baghdad", 2), _ev("2020", None, 3)]
    assert zones.reference_zone(events) == "Asia/Baghdad"
    assert zones.reference_zone(events[:2]) == "America/New_York"  # a tie: the first in the file
    assert zones.reference_zone(events, "Europe/London") == "Europe/London"
    assert zones.reference_zone(events[3:]) == "UTC"
    assert zones.reference_zone([]) == "UTC"


# -- the two-zone fixture's pages ----------------------------------------------------------------

HEADING = re.compile(r'<h([23]) class="(?:timeline-date|ts-day)">(.*?)</h\1>', re.S)
TITLE = re.compile(r'<h3>([^<]*)</h3>|<li class="precision[^"]*">.*?<a href="[^"]*">([^<]*)</a>')


def _outline(page: str) -> list[tuple[str, list[str]]]:
    """The headings of a timeline page, each with the titles of the events under it."""
    html = (golden("two-zones") / page).read_text()
    out: list[tuple[str, list[str]]] = []
    for part in re.split(r'(?=<h[23] class="(?:timeline-date|ts-day)">)', html)[1:]:
        head = HEADING.match(part)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", head.group(2))).strip()
        titles = [(a or b).replace("&#39;", "'") for a, b in TITLE.findall(part[head.end():])]
        out.append((text, titles))
    return out


BAGHDAD_DAYS = [
    ("since 2003, continuing (a span that goes on)", ["US troops are stationed in Iraq"]),
    ("December 2019 (some day in the month)", ["Months of rocket attacks on bases"]),
    ("the week of 30 December 2019 to 5 January 2020 (some day in the week)",
     ["New sanctions are drafted"]),
    ("2020 (some time in the year)", ["Troop numbers under review"]),
    ("Sunday 5 January 2020 Baghdad time", ["Iraq's parliament votes to expel foreign troops"]),
    ("about 6–8 January 2020 (some time in this span, approximate)", ["Allies are consulted"]),
    ("Wednesday 8 January 2020 Baghdad time", [
        "Missiles strike the Ain al-Asad air base", "Iran's missile strike begins",
        "Missiles strike a base near Erbil", "Trump writes that all is well",
        # Wednesday morning (from 06:00) before the address at 19:00 Baghdad time
        "Aides meet at the White House", "Trump plans to address the nation",
        "Trump addresses the nation", "Rockets fall near the embassy in Baghdad"]),
    ("February 2020 (some day in the month)", ["A visit to Baghdad is expected"]),
]


@pytest.mark.parametrize("page, zone, outline", [
    # the site's zone (mkdocs.yml: timezone: Asia/Baghdad): the Tuesday 17:30 New York strike is
    # Wednesday 01:30 in Baghdad, before Wednesday's other events; no Tuesday heading at all
    ("timeline/index.html", "Asia/Baghdad", BAGHDAD_DAYS),
    ("briefs/washington-reply/timeline/index.html", "America/New_York", [
        ("the week of 30 December 2019 to 5 January 2020 (some day in the week)",
         ["New sanctions are drafted"]),
        ("2020 (some time in the year)", ["Troop numbers under review"]),
        ("about 6–8 January 2020 (some time in this span, approximate)", ["Allies are consulted"]),
        ("Tuesday 7 January 2020 New York time", [
            "Iran's missile strike begins", "Trump writes that all is well"]),
        # the morning before the address at 11:00
        ("Wednesday 8 January 2020 New York time", ["Aides meet at the White House",
                                                    "Trump plans to address the nation",
                                                    "Trump addresses the nation"]),
        ("February 2020 (some day in the month)", ["A visit to Baghdad is expected"]),
    ]),
    ("briefs/baghdad-night/timeline/index.html", "Asia/Baghdad", [
        ("since 2003, continuing (a span that goes on)", ["US troops are stationed in Iraq"]),
        ("December 2019 (some day in the month)", ["Months of rocket attacks on bases"]),
        ("Sunday 5 January 2020 Baghdad time", ["Iraq's parliament votes to expel foreign troops"]),
        ("Wednesday 8 January 2020 Baghdad time", [
            "Missiles strike the Ain al-Asad air base", "Missiles strike a base near Erbil",
            "Rockets fall near the embassy in Baghdad"]),
    ]),
    ("actors/iran/index.html", "Asia/Baghdad", [
        ("Wednesday 8 January 2020 Baghdad time", [
            "Missiles strike the Ain al-Asad air base", "Iran's missile strike begins",
            "Missiles strike a base near Erbil"]),
    ]),
    ("actors/donald-trump/index.html", "Asia/Baghdad", [
        ("the week of 30 December 2019 to 5 January 2020", ["New sanctions are drafted"]),
        ("2020", ["Troop numbers under review"]),
        ("6–8 January 2020", ["Allies are consulted"]),
        ("Wednesday 8 January 2020 Baghdad time", [
            "Trump writes that all is well", "Aides meet at the White House",
            "Trump plans to address the nation", "Trump addresses the nation"]),
        ("February 2020", ["A visit to Baghdad is expected"]),
    ]),
])
def test_two_zone_pages_read_in_true_order_with_the_zone_named(page, zone, outline):
    html = (golden("two-zones") / page).read_text()
    assert f'data-zone="{zone}"' in html
    assert _outline(page) == outline


def test_the_cross_midnight_strike_shows_both_days():
    html = (golden("two-zones") / "timeline/index.html").read_text()
    strike = html[html.index('id="washington-reply.strike-reported"'):]
    strike = strike[:strike.index("</article>")]
    assert ('<time datetime="2020-01-07T22:30Z" class="when when-minute when-approx">Wednesday '
            '8 January 2020, about 01:30</time> <span class="tz" title="Asia/Baghdad">(Baghdad time)</span> '
            '<span class="given-clock">given as Tuesday 7 January 2020, about 17:30 <span class="tz" '
            'title="America/New_York">New York time</span></span>') in strike


def _with_reference_tz(tmp_path, value):
    import shutil
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "two-zones", root)
    brief = root / "briefs" / "washington-reply" / "brief.yaml"
    brief.write_text(brief.read_text() + f"reference_tz: {value}\n")
    return check(root)


def test_a_declared_reference_zone_is_the_briefs_zone(tmp_path):
    result = _with_reference_tz(tmp_path, "Asia/Baghdad")
    assert result.diagnostics == []
    washington = next(b for b in result.site.briefs if b.id == "washington-reply")
    assert washington.zone == "Asia/Baghdad"
    # left out, it is the zone most of the brief's events carry
    assert next(b for b in check(FIXTURES / "two-zones").site.briefs
                if b.id == "washington-reply").zone == "America/New_York"


def test_an_unknown_reference_zone_is_located(tmp_path):
    result = _with_reference_tz(tmp_path, "Asia/Bagdad")
    assert [format_text(d).split("briefs/", 1)[1] for d in result.diagnostics] == [
        "washington-reply/brief.yaml:7:15: error: unknown time zone 'Asia/Bagdad' "
        "[unknown-timezone]\n    hint: did you mean 'Asia/Baghdad'?"]


# -- both clocks ---------------------------------------------------------------------------------

def test_the_brief_in_new_york_time_shows_baghdads_clock_too():
    html = (golden("two-zones") / "briefs/washington-reply/timeline/index.html").read_text()
    assert ('<time datetime="2020-01-07T22:30Z" class="when when-minute when-approx">Tuesday 7 '
            'January 2020, about 17:30</time> <span class="tz" title="America/New_York">(New York time)'
            '</span><span class="local-clock">; in <span title="Asia/Baghdad">Baghdad</span>, where it '
            'happened: Wednesday 8 January 2020, about 01:30</span>') in html
    # on the Baghdad page, the page's clock is the place's: no third clock
    every = (golden("two-zones") / "timeline/index.html").read_text()
    assert "local-clock" not in every


def _ld(page: str) -> dict:
    import json
    html = (golden("two-zones") / page).read_text()
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))


def test_brief_json_carries_each_dates_zone_and_precision_exactly():
    import json
    data = json.loads((golden("two-zones") / "briefs/washington-reply/brief.json").read_text())
    assert data["zone"] == "America/New_York"  # the days of the brief's own pages
    assert data["published"] == {
        "value": "2020-01-09", "precision": "day", "tz": "America/New_York", "approximate": False,
        "as_written": None, "note": None, "human": "Thursday 9 January 2020"}
    when = {e["id"]: e["date"] for e in data["events"]}
    assert when["strike-reported"] == {
        "value": "2020-01-07T17:30", "precision": "minute", "tz": "America/New_York",
        "approximate": "time", "as_written": "about 5:30 p.m. EST on Tuesday", "note": None,
        "human": "Tuesday 7 January 2020, about 17:30", "local_tz": "Asia/Baghdad",
        "utc": "2020-01-07T22:30Z"}
    assert when["aides-meet"] == {
        "value": "2020-01-08", "precision": "day", "tz": "America/New_York", "approximate": False,
        "as_written": "on Wednesday morning", "note": None,
        "human": "Wednesday 8 January 2020, in the morning", "part_of_day": "morning"}
    assert when["sanctions-drafted"] == {
        "value": "2020-W01", "precision": "week", "tz": None, "approximate": False,
        "as_written": "last week", "note": None,
        "human": "the week of 30 December 2019 to 5 January 2020"}
    assert when["week-of-talks"] == {
        "value": "2020-01-06/2020-01-08", "precision": "range", "tz": "America/New_York",
        "approximate": True, "as_written": "this week", "note": None,
        "human": "about 6\u20138 January 2020"}
    baghdad = json.loads((golden("two-zones") / "briefs/baghdad-night/brief.json").read_text())
    assert baghdad["zone"] == "Asia/Baghdad"
    assert next(e["date"] for e in baghdad["events"] if e["id"] == "us-troops-stationed") == {
        "value": "2003/..", "precision": "range", "tz": None, "approximate": False,
        "as_written": "since 2003", "note": None, "human": "since 2003, continuing",
        "open_end": True}


def test_json_ld_gives_each_date_at_its_precision_with_its_zone():
    """schema.org dates at their own precision ('2020-W01', '2020-01-08', a time with its offset);
    the IANA zone in eventSchedule.scheduleTimezone, schema.org's property for it."""
    events = {e["identifier"]: e for e in _ld("briefs/washington-reply/timeline/index.html")["@graph"]}
    dates_of = {i: (e["startDate"], e.get("endDate"), e.get("eventSchedule"))
                for i, e in events.items()}
    assert dates_of == {
        "washington-reply.sanctions-drafted": ("2020-W01", None, None),
        "washington-reply.in-2020": ("2020", None, None),
        "washington-reply.week-of-talks": ("2020-01-06", "2020-01-08", {
            "@type": "Schedule", "startDate": "2020-01-06", "endDate": "2020-01-08",
            "scheduleTimezone": "America/New_York"}),
        "washington-reply.strike-reported": ("2020-01-07T17:30-05:00", None, {
            "@type": "Schedule", "startDate": "2020-01-07T17:30-05:00",
            "scheduleTimezone": "America/New_York"}),
        "washington-reply.trump-tweets": ("2020-01-07T21:45-05:00", None, {
            "@type": "Schedule", "startDate": "2020-01-07T21:45-05:00",
            "scheduleTimezone": "America/New_York"}),
        "washington-reply.aides-meet": ("2020-01-08", None, {
            "@type": "Schedule", "startDate": "2020-01-08", "scheduleTimezone": "America/New_York"}),
        "washington-reply.address-planned": ("2020-01-08", None, {
            "@type": "Schedule", "startDate": "2020-01-08", "scheduleTimezone": "America/New_York"}),
        "washington-reply.trump-address": ("2020-01-08T11:00-05:00", None, {
            "@type": "Schedule", "startDate": "2020-01-08T11:00-05:00",
            "scheduleTimezone": "America/New_York"}),
        "washington-reply.visit-expected": ("2020-02", None, None),
    }
    every = {e["identifier"]: e for e in _ld("timeline/index.html")["@graph"]}
    assert every["baghdad-night.us-troops-stationed"]["startDate"] == "2003"
    assert every["baghdad-night.missiles-on-ain-al-asad"]["eventSchedule"] == {
        "@type": "Schedule", "startDate": "2020-01-08T01:30+03:00", "scheduleTimezone": "Asia/Baghdad"}


def test_the_feed_gives_each_entrys_date_with_its_zone_and_precision():
    import xml.etree.ElementTree as ET
    feed = ET.parse(golden("two-zones") / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom", "b": "urn:briefs:date"}
    found = [(e.findtext("a:title", namespaces=ns), e.findtext("a:updated", namespaces=ns),
              e.find("b:date", ns).attrib, e.find("b:date", ns).text) for e in feed.findall("a:entry", ns)]
    assert found == [
        # a day in New York begins at 05:00 UTC: <updated> is that instant, the date says whose day
        ("Washington answers", "2020-01-09T05:00:00Z",
         {"value": "2020-01-09", "precision": "day", "tz": "America/New_York"},
         "Thursday 9 January 2020"),
        ("A night of missiles in Iraq", "2020-01-09T00:00:00Z",
         {"value": "2020-01-09", "precision": "day"}, "Thursday 9 January 2020"),
    ]


def test_the_feed_date_of_an_approximate_time():
    from builder.dates import parse
    from builder.render import _feed_date
    assert _feed_date(parse("2020-01-07T17:30", "America/New_York", "time")) == (
        '    <briefs:date value="2020-01-07T17:30" precision="minute" tz="America/New_York" '
        'approximate="time">Tuesday 7 January 2020, about 17:30</briefs:date>')
    assert _feed_date(parse("2020-01", None, True)) == (
        '    <briefs:date value="2020-01" precision="month" approximate="true">about January 2020'
        '</briefs:date>')


def test_a_second_clock_needs_a_time(tmp_path):
    import shutil
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "two-zones", root)
    events = root / "briefs" / "washington-reply" / "events.yaml"
    events.write_text(events.read_text().replace('value: "2020-01-07T17:30"', 'value: "2020-01-07"'))
    bad = root / "briefs" / "baghdad-night" / "events.yaml"
    bad.write_text(bad.read_text().replace(
        'tz: Asia/Baghdad, as_written: "early on Wednesday"',
        'tz: Asia/Baghdad, local_tz: EST, as_written: "early on Wednesday"'))
    result = check(root)
    assert [format_text(d).split("briefs/", 1)[1].split("\n")[0] for d in result.diagnostics] == [
        "baghdad-night/events.yaml:4:67: error: the time zone abbreviation 'EST' is not an IANA zone "
        "name: it names no place and does not follow its daylight saving [unknown-timezone]",
        "washington-reply/events.yaml:7:17: error: local_tz is given, but '2020-01-07' has no time "
        "to show on another clock [local-tz-without-time]"]


@pytest.mark.parametrize("value, precision, human, first, last", [
    ("2020-W01", "week", "the week of 30 December 2019 to 5 January 2020", "2019-12-30", "2020-01-06"),
    ("2020-W53", "week", "the week of 28 December 2020 to 3 January 2021", "2020-12-28", "2021-01-04"),
    ("2003/..", "range", "since 2003, continuing", "2003-01-01", "9999-12-31"),
    ("2020-01-08/..", "range", "since 8 January 2020, continuing", "2020-01-08", "9999-12-31"),
])
def test_weeks_and_open_spans_in_words_and_bounds(value, precision, human, first, last):
    d = dates.parse(value)
    assert (d.precision, d.human(), d.iso()) == (precision, human, value)
    assert (d.interval[0].date().isoformat(), d.interval[1].date().isoformat()) == (first, last)


def test_a_week_that_does_not_exist_is_refused():
    with pytest.raises(dates.DateProblem) as caught:
        dates.parse("2021-W53")
    assert (caught.value.code, caught.value.message, caught.value.hint) == (
        "invalid-date", "the date '2021-W53' does not exist (week 53)",
        "ISO weeks of 2021 run from W01 to W52")


def test_an_approximate_time_says_about_before_the_time_only():
    d = dates.parse("2020-01-07T17:30", "America/New_York", "time")
    assert d.human() == "Tuesday 7 January 2020, about 17:30"
    assert zones.in_zone(d, "Asia/Baghdad") == "Wednesday 8 January 2020, about 01:30"
    assert dates.parse("2020-01-07T17:30", "America/New_York", True).human() == (
        "about Tuesday 7 January 2020, 17:30")
    with pytest.raises(dates.DateProblem) as caught:
        dates.parse("2020-01-07", None, "time")
    assert (caught.value.code, caught.value.message, caught.value.hint) == (
        "invalid-date", "approximate: time is given, but '2020-01-07' is not one time of day",
        "write approximate: true for an approximate day, month, year or span")


def test_a_part_of_day_sorts_among_the_times_of_its_day():
    d = dates.parse("2020-01-08", "America/New_York", part_of_day="morning")
    assert d.human() == "Wednesday 8 January 2020, in the morning"
    events = [Ev("late", "b", dates.parse("2020-01-08", "America/New_York"), Loc("f", 1, 1)),
              Ev("night", "b", dates.parse("2020-01-08", None, part_of_day="night"), Loc("f", 2, 1)),
              Ev("morning", "b", dates.parse("2020-01-08", None, part_of_day="morning"), Loc("f", 3, 1)),
              Ev("time", "b", dates.parse("2020-01-08T20:00", "America/New_York"), Loc("f", 4, 1))]
    events += [Ev("at-14", "b", dates.parse("2020-01-08T14:00", "America/New_York"), Loc("f", 5, 1)),
               Ev("evening", "b", dates.parse("2020-01-08", None, part_of_day="evening"), Loc("f", 6, 1)),
               Ev("at-6", "b", dates.parse("2020-01-08T06:00", "America/New_York"), Loc("f", 7, 1))]
    groups = zones.groups(events, "America/New_York", event_key)
    # among the day's times by the hours of the part: morning (from 06:00) after a time at 06:00
    # and before 14:00, evening (from 18:00) after 14:00 and before 20:00, night (22:00) after it
    assert [(g.label, [e.id for e in g.events]) for g in groups] == [
        ("Wednesday 8 January 2020", ["at-6", "morning", "at-14", "evening", "time", "night", "late"])]
    with pytest.raises(dates.DateProblem) as caught:
        dates.parse("2020-01-08T09:00", "UTC", part_of_day="morning")
    assert caught.value.message == ("part_of_day is given, but '2020-01-08T09:00' is not one day "
                                    "without a time")


def test_a_planned_event_says_so_and_links_what_happened():
    import json
    html = (golden("two-zones") / "briefs/washington-reply/timeline/index.html").read_text()
    plan = html[html.index('id="address-planned"'):]
    plan = plan[:plan.index("</article>")]
    assert ('<p class="planned"><span class="label">Planned:</span> the source reported this as '
            'planned; what happened: <a href="#trump-address">Trump addresses the nation</a>.</p>') in plan
    assert "Wednesday 8 January 2020, in the morning" in plan
    visit = html[html.index('id="visit-expected"'):]
    assert ("the source reports this as planned or expected, not as done."
            in visit[:visit.index("</article>")])
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    status = {e["identifier"]: e.get("eventStatus") for e in ld["@graph"]}
    assert status["washington-reply.visit-expected"] == "https://schema.org/EventScheduled"
    assert status["washington-reply.address-planned"] is None  # it was superseded
    trump = (golden("two-zones") / "actors/donald-trump/index.html").read_text()
    assert 'Trump plans to address the nation</a> <span class="planned-mark">(planned)</span>' in trump


def test_superseded_by_names_an_event_of_the_brief(tmp_path):
    import shutil
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "two-zones", root)
    events = root / "briefs" / "washington-reply" / "events.yaml"
    events.write_text(events.read_text().replace("superseded_by: trump-address",
                                                 "superseded_by: trump-adress"))
    assert [format_text(d).split("briefs/", 1)[1] for d in check(root).diagnostics] == [
        "washington-reply/events.yaml:70:20: error: unknown event 'trump-adress' [unknown-reference]"
        "\n    hint: did you mean 'trump-address'?"]


# -- the site's zone in mkdocs.yml ---------------------------------------------------------------

def _site_with_timezone(tmp_path, value: str):
    import shutil
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "two-zones", root)
    config = root / "mkdocs.yml"
    text = config.read_text().replace("../../../templates", str(FIXTURES.parent.parent / "templates"))
    config.write_text(text.replace("timezone: Asia/Baghdad", f"timezone: {value}"))
    return root


EST_REFUSED = (
    "briefs: error: mkdocs.yml: the briefs plugin's timezone setting: the time zone abbreviation "
    "'EST' is not an IANA zone name: it names no place and does not follow its daylight saving\n"
    "    hint: EST is UTC-05:00, the time of America/New_York, America/Toronto, ")


@pytest.mark.parametrize("command", [["build", "--site-dir", "{out}"], ["serve", "--dev-addr",
                                                                         "127.0.0.1:8799"]])
def test_a_refused_site_zone_is_a_usage_error_of_build_and_serve(tmp_path, command):
    from tests.sitetools import run_briefs
    root = _site_with_timezone(tmp_path, "EST")
    out = tmp_path / "out"
    args = [a.format(out=out) for a in command]
    result = run_briefs(*args, "--root", str(root), cwd=root, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(EST_REFUSED)
    assert len(result.stderr.splitlines()) == 2  # the message and its hint, nothing of MkDocs'
    assert result.stderr.splitlines()[1].endswith("; write the zone of the place whose clock it was")
    assert not out.exists()


@pytest.mark.parametrize("value, expected", [
    ("Asia/Bagdad", "unknown time zone 'Asia/Bagdad'\n    hint: did you mean 'Asia/Baghdad'?"),
    ("5", "5 is not a time zone name\n    hint: write an IANA zone name such as Asia/Baghdad or "
          "America/New_York, or UTC"),
    ("GMT+3", "the time zone 'GMT+3' is an offset (UTC+03:00), not an IANA zone name: it names "
              "no place\n    hint: zones at UTC+03:00 all year: "),
])
def test_each_refused_site_zone_names_the_setting_and_a_mend(tmp_path, value, expected):
    from tests.sitetools import run_briefs
    root = _site_with_timezone(tmp_path, value)
    result = run_briefs("build", "--root", str(root), "--site-dir", str(tmp_path / "out"),
                        cwd=root, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "briefs: error: mkdocs.yml: the briefs plugin's timezone setting: " + expected)


def test_mkdocs_build_stops_at_a_refused_site_zone_with_a_configuration_error(tmp_path):
    import subprocess
    import sys
    root = _site_with_timezone(tmp_path, "EST")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "out")],
                            cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert ("Config value 'plugins': Plugin 'briefs' option 'timezone': the time zone abbreviation "
            "'EST' is not an IANA zone name") in result.stderr
    assert "\n    hint: EST is UTC-05:00, the time of America/New_York" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
