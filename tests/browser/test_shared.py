"""Facts shared across briefs, in the browser: the shared-facts fixture at 375 and 1280 px, light and
dark. The fire reported by three briefs lists each brief with its sources and fits the screen; the
relation stated three times is one line with three statements; the unnamed official's card has no
initials and reads in words; the statement given through a spokeswoman names both. Screenshots go to
tests/artifacts/ (shared-*.png) for people to look at."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Browse, _serve
from tests.sitetools import FIXTURES, build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser-shared") / "site"
    build(FIXTURES / "shared-facts", out)
    served = _serve(out)
    yield served
    served.server.shutdown()


@pytest.fixture(scope="module", params=[(375, "light"), (375, "dark"), (1280, "light"), (1280, "dark")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def shared(request, browser, shared_site):
    width, scheme = request.param
    options = {"viewport": {"width": width, "height": 900}, "color_scheme": scheme}
    if width == 375:
        options.update(is_mobile=True, has_touch=True, device_scale_factor=1)
    b = Browse(browser, shared_site, **options)
    b.width, b.scheme = width, scheme
    yield b
    b.close()


def _open(shared, artifacts, path: str, name: str):
    page = shared.open(path).page
    page.screenshot(path=str(artifacts / f"shared-{name}-{shared.width}-{shared.scheme}.png"),
                    full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= shared.width, "scrolls sideways"
    return page


def _inside(box, width: int) -> bool:
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5


@pytest.mark.parametrize("path", ["timeline/", "briefs/fire-inquiry/timeline/"])
def test_the_shared_fire_lists_each_brief_with_its_sources(shared, artifacts, path):
    page = _open(shared, artifacts, path, "timeline" if path == "timeline/" else "brief-timeline")
    fire = page.locator("article.event", has_text="Fire destroys a warehouse on the east quay")
    assert fire.count() == 1
    reports = fire.locator(".reports-list > li")
    assert reports.count() == 3
    titles = [reports.nth(i).locator("a").first.inner_text() for i in range(3)]
    assert titles == ["The east quay fire", "The quay fire inquiry", "The east quay reopens"]
    for i in range(3):
        assert _inside(reports.nth(i).bounding_box(), shared.width)
        assert reports.nth(i).locator("details.cite").count() >= 1
    # the reports read smaller than the event's title, as the other sources lines do
    size = lambda loc: float(loc.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))  # noqa: E731
    assert size(fire.locator(".reports")) < size(fire.locator("h3"))


def test_a_relation_stated_thrice_is_one_line_with_three_statements(shared, artifacts):
    page = _open(shared, artifacts, "actors/lena-varga/", "actor")
    relations = page.locator("ul.relations > li")
    assert relations.count() == 1
    statements = relations.first.locator(".statements > li")
    assert statements.count() == 3
    words = [statements.nth(i).inner_text() for i in range(3)]
    assert [w.split(" in ")[0] for w in words] == ["as \u201cHarbour master\u201d",
                                                   "as \u201charbour-master\u201d",
                                                   "as \u201cHarbour master\u201d"]
    for i in range(3):
        assert _inside(statements.nth(i).bounding_box(), shared.width)


def test_the_unnamed_official_reads_in_words_without_initials(shared, artifacts):
    page = _open(shared, artifacts, "briefs/dock-fire/", "brief")
    card = page.locator("li.card-unnamed")
    assert card.count() == 1
    page.locator("details:has(li.card-unnamed) > summary").click()  # "who is who" opens as a reader opens it
    assert card.locator(".initials").count() == 0 and card.locator("a").count() == 0
    assert card.locator(".card-name").inner_text() == "a port official, unnamed"
    assert "not authorized to speak publicly" in card.locator(".anonymity").inner_text()
    named = page.locator("li.card:not(.card-unnamed)").first
    box, other = card.bounding_box(), named.bounding_box()
    assert _inside(box, shared.width) and box["height"] < 3 * other["height"]
    assert len(card.inner_text().split()) < 25


def test_a_statement_given_through_a_spokeswoman_names_both(shared, artifacts):
    page = _open(shared, artifacts, "actors/ines-moura/", "spokeswoman")
    attribution = page.locator("#actor_quotes ~ figure .attribution").first
    text = " ".join(attribution.inner_text().split())
    assert text.startswith("Port Authority, in a statement by spokeswoman Ines Moura")


def test_the_filter_tells_two_briefs_unnamed_officials_apart(shared, artifacts):
    page = _open(shared, artifacts, "timeline/", "timeline-filter")
    options = page.eval_on_selector_all("#filter_actor option", "os => os.map(o => o.textContent)")
    assert "a port official, unnamed, in The east quay fire (1)" in options
    assert "a port official, unnamed, in The quay fire inquiry (1)" in options
    page.select_option("#filter_actor", "fire-inquiry:port-official")
    shown = page.eval_on_selector_all("article.event", "es => es.filter(e => !e.hidden && "
                                      "e.offsetParent !== null).map(e => e.id)")
    assert shown == ["dock-fire.warehouse-fire"]
