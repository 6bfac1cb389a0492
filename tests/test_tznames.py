"""Zone names the guide refuses (builder/tznames.py): abbreviations, legacy names and offsets are
refused with a hint that names only zones keeping that clock, never a zone at another offset."""

from __future__ import annotations

import re
from pathlib import Path
from datetime import datetime, timedelta

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


def _clear_caches():
    for fn in (tznames.names, tznames.accepted, tznames.suggestible, tznames._profile,
               tznames._abbreviations, tznames.tz, dates.zone):
        fn.cache_clear()
    from builder import zones
    zones._info.cache_clear()


def test_names_hints_and_clocks_come_from_the_pinned_tzdata_package(tmp_path):
    """A machine's own zoneinfo (here a false one: New York's file holds Tokyo's clock, Baghdad's is
    missing, and it has a zone of its own) changes nothing: what is accepted, every hint, and every
    conversion come from the tzdata package of constraints.txt."""
    import shutil
    import zoneinfo
    from importlib.resources import files

    import tzdata

    pinned = next(line.split("==")[1].strip() for line in
                  (Path(__file__).parent.parent / "constraints.txt").read_text().splitlines()
                  if line.startswith("tzdata=="))
    assert tzdata.__version__ == pinned
    assert tznames.version() == tzdata.IANA_VERSION

    def everything():
        hints = {n: tznames.problem(n) for n in ("EST", "EDT", "IST", "CET", "GMT+3", "EST5EDT",
                                                  "US/Eastern", "Etc/GMT+5", "Japan")}
        strike = dates.parse("2020-01-07T17:30", "America/New_York")
        return (tznames.accepted(), tznames.suggestible(), hints, strike.interval,
                tznames.close_name("Asia/Bagdad"), datetime(2020, 1, 8, tzinfo=dates.zone("Asia/Baghdad")).utcoffset())

    _clear_caches()
    before = everything()
    false = tmp_path / "zoneinfo"
    (false / "America").mkdir(parents=True)
    (false / "Mars").mkdir()
    tokyo = files("tzdata").joinpath("zoneinfo", "Asia", "Tokyo").read_bytes()
    (false / "America" / "New_York").write_bytes(tokyo)
    (false / "Mars" / "Olympus_Mons").write_bytes(tokyo)
    shutil.copy(Path(files("tzdata").joinpath("zoneinfo", "zone.tab")), false / "zone.tab")
    zoneinfo.reset_tzpath([str(false)])
    try:
        _clear_caches()
        # the machine's zoneinfo would put New York on Tokyo's clock
        assert datetime(2020, 1, 7, tzinfo=zoneinfo.ZoneInfo.no_cache("America/New_York")
                        ).utcoffset() == timedelta(hours=9)
        assert everything() == before
        assert before[3][0].isoformat() == "2020-01-07T22:30:00+00:00"  # New York's clock, not Tokyo's
        assert "Mars/Olympus_Mons" not in tznames.accepted()
        with pytest.raises(dates.DateProblem):
            dates.zone("Mars/Olympus_Mons")
    finally:
        zoneinfo.reset_tzpath()
        _clear_caches()
