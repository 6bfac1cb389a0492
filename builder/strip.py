"""The overview strip above a timeline: when things happened, and the gaps between, at a glance.

A build-time SVG, drawn in CSS pixels with positions in percent of its width, so that it is never
stretched and its 12 px text stays 12 px on any screen. Time runs left to right on a linear scale
from the first event to the last; each event is a dot linked to its place on the page (a span of
days, a month or a year is a bar with its dot at the start). Dots that would sit closer than
``SPACING`` px on a phone (``PHONE_WIDTH``) go onto another lane, so none hides another and each
stays a target of its own. A gap that takes more than a quarter of the strip is named ("11 months
without events"). Past ``MAX_DOTS`` events (the timeline of every brief) the strip shows how many
events fall in each of ``BINS`` periods instead, each bar linked to the first of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from . import zones
from .graph import PHONE_WIDTH
from .model import Event

SPACING = 26  # px between two dots' middles, on a phone: a 24 px target each, never overlapping
LANE = 26  # px between lanes
DOT = 7  # px radius
MAX_DOTS, BINS = 60, 40
TOP, AXIS_GAP, LABEL = 16, 14, 16  # px: above the first lane; lanes to axis; axis to labels
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Mark:
    href: str  # "#event-id"
    at: float  # percent of the width where it starts
    to: float  # percent where it ends (== at for a point in time)
    lane: int
    title: str  # what a hover or a screen reader says: the date and the event
    count: int = 1  # events in a bar of the histogram

    @property
    def y(self) -> float:
        return TOP + self.lane * LANE


@dataclass(frozen=True)
class Tick:
    at: float  # percent
    label: str
    anchor: str  # start, middle or end


@dataclass(frozen=True)
class Strip:
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    gap: tuple[float, float, str] | None  # the longest empty stretch: from, to (percent), words
    lanes: int
    histogram: bool
    events: int

    @property
    def axis_y(self) -> float:
        return TOP + (self.lanes - 1) * LANE + AXIS_GAP

    @property
    def height(self) -> float:
        return self.axis_y + LABEL + 6

    @property
    def bar_height(self) -> float:
        return (self.lanes - 1) * LANE + DOT * 2


# where each part of the day ends, in hours from its day's start (the night runs to 06:00)
PART_ENDS = {"morning": 12, "afternoon": 18, "evening": 22, "night": 30}


def _span(event: Event, zone: str | None) -> tuple[datetime, datetime]:
    """Where an event runs, in instants. A day with a part of the day ("in the night") runs from
    the hour that part begins on the page's clock, as the list below places it (builder/zones.py):
    drawn from midnight, a night's rockets came before the evening's speech they followed."""
    date = event.date
    first, last = date.interval
    if date.part_of_day and date.end is None and date.precision == "day":
        day = date.start
        midnight = datetime(day.year, day.month, day.day,
                            tzinfo=zones.zone_info(zone or date.tz or zones.UTC))
        first = midnight + timedelta(hours=zones.PART_HOURS[date.part_of_day])
        last = midnight + timedelta(hours=PART_ENDS[date.part_of_day])
    if date.open_end or last <= first:
        last = first
    return first, last


def _title(event: Event, zone: str | None) -> str:
    """What a hover or a screen reader says of a mark: the date as the list below shows it, on
    the page's clock with the zone named ("about 19:30 (Baghdad time)"), and the event."""
    date = event.date
    here = zones.in_zone(date, zone) if zone else None
    if here:
        when = f"{here} ({zones.zone_words(zone)})"
    elif date.tz and date.precision in ("minute", "day", "range"):
        when = f"{date.human()} ({zones.zone_words(date.tz)})"
    else:
        when = date.human()
    return f"{when}: {event.title}"


def _duration_words(delta: timedelta) -> str:
    days = delta.total_seconds() / 86400
    for size, one, many in ((365.25, "year", "years"), (30.44, "month", "months"),
                            (7, "week", "weeks"), (1, "day", "days")):
        if days >= size * 1.5 or (size == 1 and days >= 1):
            n = round(days / size)
            return f"{n} {one if n == 1 else many}"
    return "less than a day"


# years between ticks: 1, 2, 5, 10, ... up to spans longer than a date can hold (years 1 to 9999)
YEAR_STEPS = tuple(m * 10 ** e for e in range(5) for m in (1, 2, 5))


def _ticks(start: datetime, end: datetime, pct: Callable[[datetime], float]) -> list[Tick]:
    """Month or year boundaries, as many as a phone's width has room for (60 px apart)."""
    years = (end - start).days / 365.25
    points: list[tuple[datetime, str]] = []
    if years <= 2.5:
        y, m = start.year, start.month
        while True:
            point = start.replace(year=y, month=m, day=1, hour=0, minute=0, second=0, microsecond=0)
            if point > end:
                break
            if point >= start:
                points.append((point, f"{MONTHS[m - 1]} {y}" if m == 1 or not points else MONTHS[m - 1]))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        step = next(s for s in YEAR_STEPS if years / s <= 8)
        y = max(start.year - start.year % step, step)  # a datetime has no year 0
        while y <= end.year:
            point = start.replace(year=y, month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
            if start <= point <= end:
                points.append((point, str(y)))
            y += step
    room = 60 / PHONE_WIDTH * 100
    ticks: list[Tick] = []
    for point, label in points:
        at = pct(point)
        if ticks and at - ticks[-1].at < room:
            continue
        if at > 100 - room / 2:
            continue
        ticks.append(Tick(round(at, 2), label, "start" if at < room / 2 else "middle"))
    return ticks


def timeline_strip(events, anchor: Callable[[Event], str], zone: str | None = None
                   ) -> Strip | None:
    """The strip for a timeline's dated events (in date order), or None when fewer than two.
    ZONE: the page's (its list's days and clock), which the marks' words follow."""
    dated = [e for e in events if e.date is not None]
    if len(dated) < 2:
        return None
    spans = [_span(e, zone) for e in dated]
    start = min(s for s, _ in spans)
    end = max(max(e for _, e in spans), max(s for s, _ in spans))
    total = (end - start).total_seconds() or 1.0

    def pct(moment: datetime) -> float:
        return max(0.0, min(100.0, (moment - start).total_seconds() / total * 100))

    if len(dated) > MAX_DOTS:
        marks = _histogram(dated, spans, start, total, anchor, zone)
        lanes, histogram = 1, True
    else:
        marks, lanes = _lanes(dated, spans, pct, anchor, zone), 1
        lanes = 1 + max(m.lane for m in marks)
        histogram = False
    # the longest stretch with no event in it
    covered = sorted((pct(s), pct(e)) for s, e in spans)
    gap, reach = None, covered[0][1]
    for a, b in covered[1:]:
        if a - reach > 25 and (gap is None or a - reach > gap[1] - gap[0]):
            gap = (reach, a)
        reach = max(reach, b)
    gap_words = None
    if gap:
        delta = timedelta(seconds=(gap[1] - gap[0]) / 100 * total)
        gap_words = (round(gap[0], 2), round(gap[1], 2), f"{_duration_words(delta)} without events")
    return Strip(tuple(marks), tuple(_ticks(start, end, pct)), gap_words, lanes, histogram,
                 len(dated))


def _lanes(dated, spans, pct, anchor, zone) -> list[Mark]:
    room = SPACING / PHONE_WIDTH * 100
    ends: list[float] = []  # per lane, where its last mark ends
    marks = []
    for event, (first, last) in zip(dated, spans):
        at, to = round(pct(first), 2), round(pct(last), 2)
        lane = next((i for i, e in enumerate(ends) if at >= e + room), len(ends))
        if lane == len(ends):
            ends.append(0.0)
        ends[lane] = max(at, to)
        marks.append(Mark("#" + anchor(event), at, to, lane, _title(event, zone)))
    return marks


def _histogram(dated, spans, start, total, anchor, zone) -> list[Mark]:
    bins: dict[int, list[Event]] = {}
    for event, (first, _) in zip(dated, spans):
        index = min(BINS - 1, int((first - start).total_seconds() / total * BINS))
        bins.setdefault(index, []).append(event)
    marks = []
    for index, events in sorted(bins.items()):
        first, last = events[0], events[-1]
        words = (f"{len(events)} events, {first.date.human()} to {last.date.human()}"
                 if len(events) > 1 else _title(first, zone))
        marks.append(Mark("#" + anchor(first), round(index * 100 / BINS, 2),
                          round((index + 1) * 100 / BINS, 2), 0, words, len(events)))
    return marks
