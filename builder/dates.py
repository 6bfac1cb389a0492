"""Dates as precisely as they are known: a year, a month, a day, a minute, or a range of them.

A fact file writes ``2020``, ``2020-01``, ``2020-01-03``, ``2020-01-08T23:30`` (a time needs an IANA
time zone) or ``2020-01-09/2020-01-10``. ``FuzzyDate`` keeps what was written and the interval it
covers, so mixed precisions sort by when they start and are shown never more precisely than known.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date as date_cls, datetime, timedelta, timezone
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

from . import tznames
from .diagnostics import escape, show

MIN_YEAR, MAX_YEAR = 100, 9000  # far enough for any story; clear of datetime's limits in any zone
_POINT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2}))?)?)?")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")  # an ISO week: 2020-W01 runs from Monday 30 December 2019
OPEN = ".."  # the end of an open span: 2003/.. is "since 2003, continuing"
MONTHS = [calendar.month_name[i] for i in range(13)]
WEEKDAYS = list(calendar.day_name)


class DateProblem(Exception):
    """A date that cannot be read or does not exist; carries a diagnostic code and a hint."""

    def __init__(self, code: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


@dataclass(frozen=True, slots=True)
class Point:
    """One end of a date: the fields known, the rest None."""

    year: int
    month: int | None
    day: int | None
    hour: int | None
    minute: int | None
    week: int | None = None  # an ISO week of the ISO year ``year`` (then month and day are None)

    @property
    def precision(self) -> str:
        if self.week is not None:
            return "week"
        if self.month is None:
            return "year"
        if self.day is None:
            return "month"
        return "day" if self.hour is None else "minute"

    def bounds(self, tz: ZoneInfo | None) -> tuple[datetime, datetime]:
        """The instants (UTC) this point starts and ends at; a date with no zone is read as UTC."""
        if self.week is not None:
            monday = date_cls.fromisocalendar(self.year, self.week, 1)
            start = datetime(monday.year, monday.month, monday.day)
            return _utc(start, tz), _utc(start + timedelta(days=7), tz)
        start = datetime(self.year, self.month or 1, self.day or 1, self.hour or 0, self.minute or 0)
        if self.precision == "year":
            end = start.replace(year=self.year + 1) if self.year < 9999 else datetime.max
        elif self.precision == "month":
            end = (start.replace(year=self.year + 1, month=1) if self.month == 12
                   else start.replace(month=self.month + 1))
        elif self.precision == "day":
            end = start + timedelta(days=1)
        else:
            end = start + timedelta(minutes=1)
        return _utc(start, tz), _utc(end, tz)

    def iso(self) -> str:
        if self.week is not None:
            return f"{self.year:04d}-W{self.week:02d}"
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.hour is not None:
            text += f"T{self.hour:02d}:{self.minute:02d}"
        return text


def _utc(moment: datetime, tz: ZoneInfo | None) -> datetime:
    if moment == datetime.max:
        return moment.replace(tzinfo=timezone.utc)
    return moment.replace(tzinfo=tz or timezone.utc).astimezone(timezone.utc)


@dataclass(frozen=True)
class FuzzyDate:
    written: str
    start: Point
    end: Point | None  # the last point of a range
    tz: str | None
    approximate: bool = False
    as_written: str | None = None
    note: str | None = None
    local_tz: str | None = None  # where it happened, when the time was read from another clock
    open_end: bool = False  # START/..: it began then and goes on
    approximate_time: bool = False  # the day is known, the time only roughly: "about 17:30"
    part_of_day: str | None = None  # morning, afternoon, evening or night of a day: no time known

    @property
    def precision(self) -> str:
        return "range" if self.end is not None or self.open_end else self.start.precision

    @cached_property  # read for every sort of events, every round of a live preview: worked out once
    def interval(self) -> tuple[datetime, datetime]:
        zone = tznames.tz(self.tz) if self.tz else None
        first, last = self.start.bounds(zone)
        if self.end is not None:
            last = self.end.bounds(zone)[1]
        if self.open_end:
            last = datetime.max.replace(tzinfo=timezone.utc)
        return first, last

    @property
    def sort_key(self) -> tuple:
        return self.interval

    def iso(self) -> str:
        return self.start.iso() + (f"/{self.end.iso()}" if self.end else "/.." if self.open_end else "")

    def human(self) -> str:
        """The date in words, never more precise than known: 'January 2020', '9-10 January 2020'."""
        if self.open_end:
            text = f"since {_words(self.start, False)}, continuing"
        elif self.approximate_time and self.end is None:
            return about_time(_words(self.start))
        elif self.part_of_day:
            text = f"{_words(self.start)}, in the {self.part_of_day}"
        else:
            text = _range_words(self.start, self.end) if self.end else _words(self.start)
        return ("about " + text) if self.approximate else text


def about_time(words: str) -> str:
    """'Tuesday 7 January 2020, 17:30' -> 'Tuesday 7 January 2020, about 17:30': the day is known."""
    day, _, time = words.rpartition(", ")
    return f"{day}, about {time}"


def _words(p: Point, with_weekday: bool = True) -> str:
    if p.week is not None:
        first, _ = p.bounds(None)
        last = first + timedelta(days=6)
        return (f"the week of {_words(Point(first.year, first.month, first.day, None, None), False)}"
                f" to {_words(Point(last.year, last.month, last.day, None, None), False)}")
    if p.month is None:
        return str(p.year)
    if p.day is None:
        return f"{MONTHS[p.month]} {p.year}"
    day = f"{p.day} {MONTHS[p.month]} {p.year}"
    if with_weekday:
        day = f"{WEEKDAYS[calendar.weekday(p.year, p.month, p.day)]} {day}"
    if p.hour is not None:
        day += f", {p.hour:02d}:{p.minute:02d}"
    return day


def _range_words(a: Point, b: Point) -> str:
    if a.precision == b.precision == "day" and (a.year, a.month) == (b.year, b.month):
        return f"{a.day}\u2013{b.day} {MONTHS[a.month]} {a.year}"
    if a.precision == b.precision == "month" and a.year == b.year:
        return f"{MONTHS[a.month]}\u2013{MONTHS[b.month]} {a.year}"
    return f"{_words(a, False)} \u2013 {_words(b, False)}"


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The IANA zone of that name, or a DateProblem: an abbreviation, legacy name or offset is
    refused with the zones that keep that clock (builder/tznames.py), a misspelling with the
    nearest real name."""
    if name in tznames.accepted():
        return tznames.tz(name)
    found = tznames.problem(name)
    if found:
        raise DateProblem("unknown-timezone", *found)
    guess = tznames.close_name(name)
    raise DateProblem(
        "unknown-timezone",
        f"unknown time zone {show(name)}",
        f"did you mean {show(guess)}?" if guess else "use an IANA name such as Asia/Baghdad or Australia/Sydney",
    )


def _point(text: str, whole: str) -> Point:
    week = _WEEK.fullmatch(text.strip())
    if week:
        year, number = int(week.group(1)), int(week.group(2))
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise DateProblem("invalid-date", f"the date {show(whole)} is out of range",
                              f"years run from {MIN_YEAR} to {MAX_YEAR}")
        try:
            date_cls.fromisocalendar(year, number, 1)
        except ValueError:
            raise DateProblem("invalid-date", f"the date {show(whole)} does not exist (week {number})",
                              f"ISO weeks of {year} run from W01 to "
                              f"W{date_cls(year, 12, 28).isocalendar()[1]:02d}") from None
        return Point(year, None, None, None, None, number)
    match = _POINT.fullmatch(text.strip())
    if not match:
        raise DateProblem(
            "invalid-date",
            f"cannot read the date {show(whole)}",
            "write YYYY, YYYY-MM, YYYY-Www, YYYY-MM-DD or YYYY-MM-DDTHH:MM, or a range START/END "
            "(START/.. when it goes on)",
        )
    year, month, day, hour, minute = (int(g) if g is not None else None for g in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateProblem("invalid-date", f"the date {show(whole)} is out of range",
                          f"years run from {MIN_YEAR} to {MAX_YEAR}")
    if month is not None and not 1 <= month <= 12:
        raise DateProblem("invalid-date", f"the date {show(whole)} does not exist (month {month})")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateProblem(
                "invalid-date",
                f"the date {show(whole)} does not exist ({MONTHS[month]} {year} has {last} days)",
            )
    if hour is not None and (hour > 23 or minute > 59):
        raise DateProblem("invalid-date", f"the time in {show(whole)} does not exist",
                          "write the time as HH:MM on a 24-hour clock, 00:00 to 23:59")
    return Point(year, month, day, hour, minute)


def parse(value: str, tz: str | None = None, approximate: bool | str = False,
          as_written: str | None = None, note: str | None = None,
          local_tz: str | None = None, part_of_day: str | None = None) -> FuzzyDate:
    """Read a written date, or raise DateProblem saying what is wrong with it."""
    parts = value.split("/")
    if len(parts) > 2:
        raise DateProblem("invalid-date", f"cannot read the date {show(value)}",
                          "a range has exactly one '/': START/END")
    start = _point(parts[0], value)
    open_end = len(parts) == 2 and parts[1].strip() == OPEN
    end = _point(parts[1], value) if len(parts) == 2 and not open_end else None
    zone_info = zone(tz) if tz is not None else None
    for point in (start, end):
        if point is None or point.hour is None:
            continue
        if zone_info is None:
            raise DateProblem(
                "missing-timezone",
                f"the time in {show(value)} has no time zone",
                "write the date as a mapping with value and tz, e.g. {value: "
                f"{escape(value)}, tz: Asia/Baghdad}}",
            )
        _check_wall_clock(point, zone_info, value)
    if local_tz is not None:
        zone(local_tz)
        if start.hour is None or (end is not None and end.hour is None):
            raise DateProblem(
                "local-tz-without-time",
                f"local_tz is given, but {show(value)} has no time to show on another clock",
                "a day, month or year cannot be converted: leave local_tz out, or give the time "
                "with tz")
    approximate_time = approximate == "time"
    if approximate_time and (start.hour is None or end is not None or open_end):
        raise DateProblem(
            "invalid-date",
            f"approximate: time is given, but {show(value)} is not one time of day",
            "write approximate: true for an approximate day, month, year or span")
    if part_of_day is not None and (start.precision != "day" or end is not None or open_end):
        raise DateProblem(
            "invalid-date",
            f"part_of_day is given, but {show(value)} is not one day without a time",
            "give the day alone (YYYY-MM-DD) with part_of_day, or the time without it")
    date = FuzzyDate(value, start, end, tz, bool(approximate), as_written, note, local_tz, open_end,
                     approximate_time, part_of_day)
    if end is not None:
        (first, _), (second, _) = start.bounds(zone_info), end.bounds(zone_info)
        if second < first:
            raise DateProblem("invalid-date-range", f"the range {show(value)} ends before it starts",
                              "write the earlier date first: START/END")
        if second == first:
            raise DateProblem("invalid-date-range", f"the range {show(value)} starts and ends at once",
                              "write the date alone, without '/'")
    return date


def _check_wall_clock(p: Point, tz: ZoneInfo, written: str) -> None:
    naive = datetime(p.year, p.month, p.day, p.hour, p.minute)
    early, late = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    if early.utcoffset() == late.utcoffset():
        return
    back = early.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None)
    if back != naive:
        raise DateProblem(
            "nonexistent-time",
            f"the time {show(written)} does not exist in {tz.key}: the clocks skip it",
            "check the time; if it is right, it was given in another zone",
        )
    raise DateProblem(
        "ambiguous-time",
        f"the time {show(written)} happens twice in {tz.key}: the clocks go back over it",
        "give the time in UTC instead (tz: UTC), so it names one moment",
    )
