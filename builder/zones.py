"""One zone per page: the days a timeline is grouped under, and which zone they are days of.

A timeline page names one IANA zone (a brief's reference zone on its own pages, the site's zone on
pages that mix briefs). Each dated event is placed on that page's calendar:

- a time known to the minute falls on the day (and at the clock time) its instant has in the
  page's zone: 17:30 in New York on a Tuesday is 01:30 on Wednesday in Baghdad;
- a day, month or year stays as written, in whatever zone it was written: converting "Tuesday in
  Washington" to Baghdad would claim a time of day nobody knows;
- a range runs from its first to its last point, each point placed by the two rules above.

Groups are then sorted by where they start and end on the page's calendar, so a day heading never
follows a later day, and all the events of one day share one heading.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date as Day, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from . import tznames
from .dates import FuzzyDate, Point, _range_words, _words, about_time

UTC = "UTC"
PARTS = ("morning", "afternoon", "evening", "night")
# the hour each part of the day begins, on the clock of the page it is shown on
PART_HOURS = {"morning": 6, "afternoon": 12, "evening": 18, "night": 22}
_NEVER = datetime.max.replace(tzinfo=timezone.utc)  # sorts after every instant


@dataclass(frozen=True)
class Group:
    """The events under one heading of a timeline page."""

    kind: str  # "day", "week", "month", "year" or "range": what the heading names
    start: datetime  # naive, on the page zone's calendar: where the heading's stretch starts
    end: datetime  # and where it ends (exclusive)
    label: str  # the heading in words: "Wednesday 8 January 2020", "January 2020"
    events: tuple  # the events, in instant order


@lru_cache(maxsize=256)
def _info(name: str) -> ZoneInfo | timezone:
    return timezone.utc if name in ("UTC", "Etc/UTC") else tznames.tz(name)


zone_info = _info  # a zone's tzinfo, by IANA name


def zone_words(name: str) -> str:
    """A zone as a reader says it ('Baghdad time', 'New York time', 'UTC'), on the pages
    (the templates' tz_words) and in the timeline strip's words."""
    return "UTC" if name in ("UTC", "Etc/UTC") else name.split("/")[-1].replace("_", " ") + " time"


def local_point(point: Point, tz: str | None, page_zone: str) -> Point:
    """A point on the page zone's calendar: a minute is converted, anything coarser kept as written."""
    if point.hour is None or tz is None:
        return point
    moment = datetime(point.year, point.month, point.day, point.hour, point.minute,
                      tzinfo=_info(tz)).astimezone(_info(page_zone))
    return Point(moment.year, moment.month, moment.day, moment.hour, moment.minute)


def _naive_bounds(point: Point) -> tuple[datetime, datetime]:
    if point.week is not None:  # a week stays the Monday-to-Sunday it names
        start = point.bounds(None)[0].replace(tzinfo=None)
        return start, start + timedelta(days=7)
    start = datetime(point.year, point.month or 1, point.day or 1, point.hour or 0, point.minute or 0)
    precision = point.precision
    if precision == "year":
        end = datetime(point.year + 1, 1, 1)
    elif precision == "month":
        end = datetime(point.year + (point.month == 12), point.month % 12 + 1, 1)
    elif precision == "day":
        end = start + timedelta(days=1)
    else:  # a minute is shown under its day
        start = datetime(point.year, point.month, point.day)
        end = start + timedelta(days=1)
    return start, end


def placement(date: FuzzyDate, page_zone: str) -> tuple[str, datetime, datetime, str]:
    """Where a date goes on a page in ``page_zone``: (kind, start, end, label)."""
    first = local_point(date.start, date.tz, page_zone)
    if date.open_end:  # since START, continuing: from where it began to the end of the page
        return "range", _naive_bounds(first)[0], datetime.max, date.human().removeprefix("about ")
    if date.end is None:
        start, end = _naive_bounds(first)
        kind = "day" if first.precision in ("day", "minute") else first.precision
        shown = first if first.week is not None else Point(first.year, first.month, first.day,
                                                           None, None)
        return kind, start, end, _words(shown)
    last = local_point(date.end, date.tz, page_zone)
    start, end = _naive_bounds(first)[0], _naive_bounds(last)[1]
    if (first.precision == last.precision == "minute"
            and (first.year, first.month, first.day) == (last.year, last.month, last.day)):
        # both ends on one day of the page's calendar: the day is its heading
        return "day", start, end, _words(Point(first.year, first.month, first.day, None, None))
    return "range", start, end, _range_words(_drop_time(first), _drop_time(last))


def _drop_time(point: Point) -> Point:
    return Point(point.year, point.month, point.day, None, None)


_KIND_ORDER = {"day": 0, "week": 1, "range": 2, "month": 3, "year": 4}


def groups(events, page_zone: str, key) -> list[Group]:
    """The dated ``events`` under their headings on a page in ``page_zone``, in page order.

    ``key`` orders the events of one group (the link stage's instant order)."""
    buckets: dict[tuple, list] = {}
    labels: dict[tuple, str] = {}
    for event in events:
        kind, start, end, label = placement(event.date, page_zone)
        ident = (start, end, _KIND_ORDER[kind])
        buckets.setdefault(ident, []).append(event)
        labels[ident] = label
    kinds = {v: k for k, v in _KIND_ORDER.items()}

    def within(event, kind: str) -> tuple:
        """Under a day: in the order of the day's hours on the page's clock. A time at its instant;
        a part of the day at the hour it begins on that day (morning 06:00, afternoon 12:00,
        evening 18:00, night 22:00), after a time of that same minute; what is known only to the
        day after all of them. Under any other heading: instant order."""
        d = event.date
        if kind != "day":
            return (_NEVER, 0, key(event))
        if d.precision == "minute" or d.end is not None:
            return (d.interval[0], 0, key(event))
        if d.part_of_day:
            begins = datetime(d.start.year, d.start.month, d.start.day, PART_HOURS[d.part_of_day],
                              tzinfo=_info(page_zone))
            return (begins, 1, key(event))
        return (_NEVER, 2, key(event))

    return [Group(kinds[ident[2]], ident[0], ident[1], labels[ident],
                  tuple(sorted(buckets[ident], key=lambda e: within(e, kinds[ident[2]]))))
            for ident in sorted(buckets)]


def reference_zone(events, declared: str | None = None) -> str:
    """A brief's zone: the one it declares, else the zone most of its dated events carry (the
    first such zone in the file on a tie), else UTC."""
    if declared:
        return declared
    counts = Counter(e.date.tz for e in events if e.date is not None and e.date.tz)
    if not counts:
        return UTC
    most = max(counts.values())
    return next(e.date.tz for e in events if e.date is not None and counts.get(e.date.tz) == most)


def in_zone(date: FuzzyDate, page_zone: str) -> str | None:
    """A time known to the minute, in words on the clock of ``page_zone``, when its own zone is
    another one ('about Tuesday 7 January 2020, 22:30'); None when there is nothing to convert."""
    if date.tz is None or same_clock(date.tz, page_zone) or date.start.hour is None or date.open_end:
        return None
    if date.end is not None and date.end.hour is None:
        return None
    first = local_point(date.start, date.tz, page_zone)
    last = local_point(date.end, date.tz, page_zone) if date.end is not None else None
    if (first, last) == (date.start, date.end):  # the two clocks read the same then
        return None
    text = _words(first) if last is None else _range_words(first, last)
    if date.approximate_time:
        return about_time(text)
    return ("about " + text) if date.approximate else text


def same_clock(a: str, b: str) -> bool:
    return a == b or {a, b} <= {"UTC", "Etc/UTC"}


def instant_day(date: FuzzyDate, page_zone: str) -> Day:
    """The day of the page's calendar a minute-precision date's instant falls on."""
    return date.interval[0].astimezone(_info(page_zone)).date()
