"""Which time zone names a fact file may use, and what to suggest for the others.

Only IANA ``Region/City`` names are accepted (and ``UTC``). The database also holds legacy names
for old systems: abbreviations (``EST``, ``CET``), rules (``EST5EDT``), countries (``Japan``),
old groupings (``US/Eastern``) and fixed offsets whose sign is reversed (``Etc/GMT+5`` is five hours
*behind* UTC). None of them says where a clock was, and most do not follow the place's daylight
saving, so they are refused. Editors also write offsets such as ``GMT+3`` or ``UTC-05:00``.

The hint names zones that keep that clock, never a zone at another offset:

- an abbreviation: the zones that use it, grouped by the offset it stands for there
  (``EST`` at UTC-05:00: America/New_York, America/Toronto, ...; ``IST`` is three offsets);
- a legacy rule or name: the zones whose clock matched it at every sample of the last ten years;
- an offset: the zones at that offset all year.

Every name, rule and clock here comes from the ``tzdata`` package pinned in constraints.txt, never
from the machine's /usr/share/zoneinfo: a fact file is accepted or refused, a hint worded and a
time converted the same way on every machine (``tz`` is what dates.py and zones.py convert with).
Only where the package is missing does zoneinfo's own search (the system first) stand in.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from io import BytesIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

ACCEPTED_ALONE = ("UTC", "Etc/UTC")
LEGACY_AREAS = ("Etc/", "US/", "Canada/", "Mexico/", "Brazil/", "Chile/", "SystemV/")
# zones most stories are told in, suggested first; the rest follow in alphabetical order
MAJOR = (
    "UTC", "America/New_York", "America/Toronto", "America/Chicago", "America/Denver",
    "America/Los_Angeles", "America/Mexico_City", "America/Bogota", "America/Sao_Paulo",
    "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin",
    "Europe/Madrid", "Europe/Rome", "Europe/Athens", "Europe/Kyiv", "Europe/Istanbul",
    "Europe/Moscow", "Africa/Lagos", "Africa/Cairo", "Africa/Johannesburg", "Africa/Nairobi",
    "Asia/Jerusalem", "Asia/Beirut", "Asia/Baghdad", "Asia/Riyadh", "Asia/Tehran", "Asia/Dubai",
    "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Jakarta",
    "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Singapore", "Asia/Manila", "Asia/Seoul",
    "Asia/Tokyo", "Australia/Perth", "Australia/Adelaide", "Australia/Brisbane",
    "Australia/Sydney", "Australia/Melbourne", "Pacific/Auckland", "Pacific/Honolulu",
)
SHOWN = 4  # zones named per offset in a hint
_OFFSET = re.compile(r"(?:GMT|UTC|UT)\s*([+-\u2212])\s*(\d{1,2})(?::?(\d{2}))?", re.I)


def _package():
    """The tzdata package's files, or None when it is not installed."""
    try:
        from importlib.resources import files
        return files("tzdata")
    except (ImportError, ModuleNotFoundError):
        return None


@lru_cache(maxsize=1)
def version() -> str | None:
    """The IANA release the names and clocks come from ('2025b'); None without the package."""
    try:
        import tzdata
        return tzdata.IANA_VERSION
    except ImportError:
        return None


@lru_cache(maxsize=1)
def names() -> frozenset[str]:
    """Every name of the database, legacy ones included: the package's list of its zones."""
    package = _package()
    if package is None:
        return frozenset(available_timezones())
    listed = package.joinpath("zones").read_text("utf-8").split()
    return frozenset(listed)


@lru_cache(maxsize=None)
def accepted() -> frozenset[str]:
    return frozenset(z for z in names()
                     if z in ACCEPTED_ALONE or ("/" in z and not z.startswith(LEGACY_AREAS)))


def _database_file(name: str) -> bytes | None:
    """A file of the time zone database (a zone, or zone.tab), from the tzdata package."""
    package = _package()
    if package is None or ".." in name.split("/") or name.startswith("/"):
        return None
    try:
        resource = package.joinpath("zoneinfo", *name.split("/"))
        return resource.read_bytes() if resource.is_file() else None
    except (OSError, ValueError):
        return None


@lru_cache(maxsize=None)
def tz(name: str) -> ZoneInfo:
    """The zone of that name, read from the tzdata package (the same on every machine); raises
    ZoneInfoNotFoundError for a name it does not hold."""
    if _package() is None:
        return ZoneInfo(name)
    data = _database_file(name) if name in names() else None
    if data is None:
        raise ZoneInfoNotFoundError(f"No time zone found with key {name}")
    return ZoneInfo.from_file(BytesIO(data), key=name)


@lru_cache(maxsize=1)
def suggestible() -> tuple[str, ...]:
    """The zones a hint may name: one per region of a country (zone.tab) and UTC, not the
    database's aliases (Asia/Calcutta for Asia/Kolkata); every accepted zone if zone.tab is absent."""
    table = _database_file("zone.tab")
    names = set()
    if table:
        for line in table.decode("utf-8", "replace").splitlines():
            fields = line.split("\t")
            if len(fields) >= 3 and not line.startswith("#"):
                names.add(fields[2])
    names = {n for n in names if n in accepted()} or set(accepted())
    return tuple(sorted(names | {"UTC"}))


def _rank(zone: str) -> tuple:
    return (MAJOR.index(zone), "") if zone in MAJOR else (len(MAJOR), zone)


@lru_cache(maxsize=1)
def _samples() -> tuple[datetime, ...]:
    return tuple(datetime(year, month, day, 12, tzinfo=timezone.utc)
                 for year in range(2021, 2026) for month in range(1, 13) for day in (1, 15))


@lru_cache(maxsize=None)
def _profile(name: str) -> tuple[tuple[timedelta, str], ...]:
    zone = tz(name)
    return tuple((s.astimezone(zone).utcoffset(), s.astimezone(zone).tzname()) for s in _samples())


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, dict[timedelta, list[str]]]:
    """Each abbreviation in use over the samples, with the zones using it at each offset."""
    index: dict[str, dict[timedelta, set[str]]] = defaultdict(lambda: defaultdict(set))
    for zone in suggestible():
        for offset, abbreviation in _profile(zone):
            if abbreviation and abbreviation[0].isalpha():  # "-05" is no abbreviation
                index[abbreviation.upper()][offset].add(zone)
    return {a: {o: sorted(zs, key=_rank) for o, zs in by.items()} for a, by in index.items()}


def _offset_words(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _names(zones: list[str]) -> str:
    return ", ".join(zones[:SHOWN]) + (", ..." if len(zones) > SHOWN else "")


def _all_year(offset: timedelta) -> list[str]:
    return sorted((z for z in suggestible() if all(o == offset for o, _ in _profile(z))), key=_rank)


def _same_clock(name: str) -> list[str]:
    """The zones whose clock matched ``name``'s at every sample; first the one it is an alias
    of (the same database file), if any: Japan -> Asia/Tokyo."""
    offsets = tuple(o for o, _ in _profile(name))
    own = _database_file(name)
    return sorted((z for z in suggestible() if tuple(o for o, _ in _profile(z)) == offsets),
                  key=lambda z: (own is None or _database_file(z) != own, _rank(z)))


def problem(name: str) -> tuple[str, str] | None:
    """None for an accepted name; else (message, hint) saying what the name is and which zones
    keep that clock."""
    if name in accepted():
        return None
    stripped = name.strip()
    upper = stripped.upper()
    if re.fullmatch(r"[A-Za-z]{2,6}", stripped) and upper in _abbreviations():
        by_offset = _abbreviations()[upper]
        offsets = sorted(by_offset)
        if len(offsets) == 1:
            hint = (f"{upper} is {_offset_words(offsets[0])}, the time of "
                    f"{_names(by_offset[offsets[0]])}")
        else:
            hint = f"{upper} stands for {len(offsets)} offsets: " + "; ".join(
                f"{_offset_words(o)} in {_names(by_offset[o])}" for o in offsets)
        return (f"the time zone abbreviation {_show(name)} is not an IANA zone name: it names no "
                "place and does not follow its daylight saving",
                hint + "; write the zone of the place whose clock it was")
    match = re.fullmatch(r"Etc/GMT([+-])(\d{1,2})", stripped)
    if match and stripped in names():
        hours = int(match.group(2))
        offset = timedelta(hours=-hours if match.group(1) == "+" else hours)
        zones = _all_year(offset)
        return (f"the time zone {_show(name)} is a fixed offset, {_offset_words(offset)} (its sign "
                "is reversed), not a place",
                (f"zones at {_offset_words(offset)} all year: {_names(zones)}; " if zones else "")
                + "or give the time in UTC and write tz: UTC")
    match = _OFFSET.fullmatch(stripped)
    if match:
        sign = -1 if match.group(1) in "-\u2212" else 1
        offset = sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
        if timedelta(hours=-14) <= offset <= timedelta(hours=14):
            zones = _all_year(offset)
            return (f"the time zone {_show(name)} is an offset ({_offset_words(offset)}), not an "
                    "IANA zone name: it names no place",
                    (f"zones at {_offset_words(offset)} all year: {_names(zones)}; " if zones
                     else "") + "write the zone of the place whose clock it was")
    if stripped in names():  # a legacy name: EST5EDT, US/Eastern, Japan, GMT0
        zones = _same_clock(stripped)
        return (f"the time zone {_show(name)} is a legacy name, kept in the IANA database for old "
                "systems: it names no place",
                (f"it keeps the clock of {_names(zones)}; " if zones else "")
                + "write the zone of the place whose clock it was")
    return None


def close_name(name: str) -> str | None:
    """The accepted name closest to a misspelt one ('Asia/Bagdad' -> 'Asia/Baghdad')."""
    names = sorted(accepted())
    lower = {z.lower(): z for z in names}
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return lower.get(name.lower()) or (close[0] if close else None)


def _show(name: str) -> str:
    from .diagnostics import show
    return show(name)
