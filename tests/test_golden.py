"""Golden pages: the fixture site of two briefs sharing an actor, byte for byte.

When a change to templates or rendering is intended, regenerate with `make golden` and review the
diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import difflib

import pytest

from tests.golden import FIXTURE_NAMES, GOLDEN, build_fixture, golden
from tests.sitetools import tree


@pytest.mark.parametrize("fixture", FIXTURE_NAMES)
def test_fixture_site_matches_the_golden_pages(tmp_path, fixture):
    built = build_fixture(tmp_path / "site", fixture)
    expected = tree(golden(fixture))
    assert sorted(built) == sorted(expected), "the set of pages changed: run `make golden` and review"
    for name in sorted(expected):
        if built[name] != expected[name]:
            diff = "\n".join(difflib.unified_diff(
                expected[name].decode().splitlines(), built[name].decode().splitlines(),
                f"golden/{name}", f"built/{name}", lineterm="", n=2))
            raise AssertionError(f"{name} differs from the golden page (run `make golden` if "
                                 f"intended):\n{diff[:4000]}")


def test_golden_pages_cover_the_url_contract():
    for page in ("index.html", "actors/index.html", "timeline/index.html",
                 "actors/ana-ruiz/index.html", "briefs/alpha-crisis/index.html",
                 "briefs/alpha-crisis/timeline/index.html", "briefs/alpha-crisis/quotes/index.html",
                 "briefs/alpha-crisis/sources/index.html", "briefs/beta-talks/index.html",
                 "briefs/alpha-crisis/brief.json", "feed.xml", "sitemap.xml"):
        assert (GOLDEN / page).is_file(), page


def test_a_pages_zone_is_named_once():
    """'Days are those of Baghdad time (Asia/Baghdad).', but 'Days are those of UTC.', not
    'UTC (UTC)': the IANA name is added only where the words differ from it."""
    pages = [p.read_text("utf-8") for p in GOLDEN.parent.rglob("*.html")]  # every fixture
    named = [line.strip() for page in pages for line in page.splitlines() if "Days are those of" in line]
    assert named
    assert not [n for n in named if '<span title="IANA time zone">UTC</span>' in n]
    assert any("Days are those of <strong>Baghdad time</strong> (<span title=\"IANA time zone\">"
               "Asia/Baghdad</span>)." in n for n in named)
