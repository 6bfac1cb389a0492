"""Zone names the guide refuses (builder/tznames.py): abbreviations, legacy names and offsets are
refused with a hint that names only zones keeping that clock, never a zone at another offset."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from builder import dates, tznames


def _hint(name: str) -> str:
    with pytest.raises(dates.DateProblem) as caught:
        dates.zone(name)
    assert caught.value.code == "unknown-timezone"
    return caught.value.hint


def _offsets(zone: str) -> set[timedelta]:
    return {o for o, _ in tznames._profile(zone)}


@pytest.mark.parametrize("name, first", [
    ("EST", "America/New_York"), ("EDT", "America/New_York"), ("CET", "Europe/Paris"),
    ("EST5EDT", "America/New_York"), ("US/Eastern", "America/New_York"), ("Japan", "Asia/Tokyo"),
    ("Etc/GMT+5", "America/Bogota"), ("GMT+3", "Europe/Istanbul"), ("UTC+05:30", "Asia/Kolkata"),
    ("AEDT", "Australia/Sydney"), ("BST", "Europe/London"), ("GMT0", "UTC"), ("est", "America/New_York"),
])
def test_a_refused_name_suggests_a_zone_of_its_clock_first(name, first):
    assert tznames.problem(name) is not None
    named = re.findall(r"[A-Z][A-Za-z_]+/[A-Za-z_/+-]+|\bUTC\b(?![+-])", _hint(name))
    assert named[0] == first, named


def test_every_abbreviation_hint_names_only_zones_at_its_offset():
    """All abbreviations of the database: each zone named for an offset uses the abbreviation at
    that offset (EDT never suggests WET, as it once did)."""
    checked = 0
    for abbreviation, by_offset in tznames._abbreviations().items():
        for offset, zones in by_offset.items():
            for zone in zones[:tznames.SHOWN]:
                assert (offset, abbreviation) in {(o, a.upper()) for o, a in tznames._profile(zone)}
                checked += 1
    assert checked > 100  # 144 with tzdata 2025b


@pytest.mark.parametrize("name, offset", [("Etc/GMT+5", -5), ("Etc/GMT-3", 3), ("GMT+3", 3),
                                          ("UTC-05:00", -5), ("UTC+09:30", 9.5)])
def test_an_offset_suggests_only_zones_at_that_offset_all_year(name, offset):
    hint = _hint(name)
    zones = re.findall(r"[A-Z][A-Za-z_]+(?:/[A-Za-z_]+)+", hint)
    assert zones
    for zone in zones:
        assert _offsets(zone) == {timedelta(hours=offset)}, (zone, hint)


def test_a_legacy_rule_suggests_zones_with_the_same_clock_all_year():
    for name in ("EST5EDT", "CST6CDT", "PST8PDT", "US/Pacific", "Canada/Atlantic", "Eire"):
        zones = re.findall(r"[A-Z][A-Za-z_]+(?:/[A-Za-z_]+)+", _hint(name))
        assert zones, name
        own = [o for o, _ in tznames._profile(name)]
        for zone in zones:
            assert [o for o, _ in tznames._profile(zone)] == own, (name, zone)


def test_region_city_names_and_utc_are_accepted():
    for name in ("UTC", "Etc/UTC", "Asia/Baghdad", "America/New_York", "Asia/Calcutta"):
        assert tznames.problem(name) is None
        dates.zone(name)


def test_the_exact_hint_for_est():
    with pytest.raises(dates.DateProblem) as caught:
        dates.zone("EST")
    assert caught.value.message == ("the time zone abbreviation 'EST' is not an IANA zone name: it "
                                    "names no place and does not follow its daylight saving")
    assert caught.value.hint.startswith("EST is UTC-05:00, the time of America/New_York, "
                                        "America/Toronto, ")
