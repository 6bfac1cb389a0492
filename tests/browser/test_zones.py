"""One zone per page, in the browser: the two-zone fixture's timelines at 375 and 1280 px, light and
dark. Every day heading names the page's zone, the headings read in date order with no day twice,
the cross-midnight strike shows both clocks, nothing scrolls sideways, and the filter still works.
Screenshots go to tests/artifacts/ (zones-*.png) for people to look at."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.browser.conftest import Browse

pytestmark = pytest.mark.browser

PAGES = {
    "timeline": ("timeline/", "Baghdad time"),
    "washington": ("briefs/washington-reply/timeline/", "New York time"),
    "actor": ("actors/donald-trump/", "Baghdad time"),
    "place": ("places/ain-al-asad/", "Baghdad time"),
    "country": ("places/iraq/", "Baghdad time"),
    "actor-iran": ("actors/iran/", "Baghdad time"),
}


@pytest.fixture(scope="module", params=[(375, "light"), (375, "dark"), (1280, "light"), (1280, "dark")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def zones(request, browser, zones_site):
    width, scheme = request.param
    options = {"viewport": {"width": width, "height": 900}, "color_scheme": scheme}
    if width == 375:
        options.update(is_mobile=True, has_touch=True, device_scale_factor=1)
    b = Browse(browser, zones_site, **options)
    b.width, b.scheme = width, scheme
    yield b
    b.close()


def _days(page) -> list[str]:
    return page.eval_on_selector_all(
        ".timeline-date, .ts-day", "hs => hs.map(h => h.textContent.replace(/\\s+/g, ' ').trim())")


@pytest.mark.parametrize("name", list(PAGES))
def test_day_headings_name_the_zone_and_go_forward(zones, artifacts, name):
    path, zone = PAGES[name]
    visit = zones.open(path)
    page = visit.page
    page.screenshot(path=str(artifacts / f"zones-{name}-{zones.width}-{zones.scheme}.png"), full_page=True)
    headings = _days(page)
    days = [h for h in headings if h.endswith(zone)]
    assert days, headings
    dates = [datetime.strptime(h[:-len(zone)].strip().split(" ", 1)[1], "%d %B %Y") for h in days]
    assert dates == sorted(set(dates)), headings
    # a heading that names a weekday is a day heading, and names the zone
    for h in headings:
        if h.split(" ")[0] in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                               "Sunday"):
            assert h.endswith(zone), h
    # the key says which zone the days are
    assert zone in page.inner_text(".timeline-zone")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} at {zones.width}px scrolls sideways by {overflow}px"
    assert visit.console_errors == [] and visit.page_errors == []


def test_the_strike_shows_wednesday_in_baghdad_and_tuesday_in_new_york(zones):
    page = zones.open("timeline/").page
    strike = page.locator('[id="washington-reply.strike-reported"] .event-when')
    text = " ".join(strike.inner_text().split())
    assert text.startswith("Wednesday 8 January 2020, about 01:30 (Baghdad time) given as "
                           "Tuesday 7 January 2020, about 17:30 New York time"), text
    assert strike.locator("time").get_attribute("datetime") == "2020-01-07T22:30Z"
    # it sits under Wednesday, before the rockets of late Wednesday in Baghdad
    order = page.eval_on_selector_all(".event", "es => es.map(e => e.id)")
    assert order.index("washington-reply.strike-reported") < order.index("baghdad-night.rockets-in-baghdad")


def test_the_new_york_page_shows_the_baghdad_clock_beside_the_strike(zones, artifacts):
    page = zones.open("briefs/washington-reply/timeline/").page
    strike = page.locator("#strike-reported .event-when")
    text = " ".join(strike.inner_text().split())
    assert text.startswith("Tuesday 7 January 2020, about 17:30 (New York time); in Baghdad, where "
                           "it happened: Wednesday 8 January 2020, about 01:30"), text
    box = strike.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= zones.width
    strike.screenshot(path=str(artifacts / f"zones-both-clocks-{zones.width}-{zones.scheme}.png"))


def test_the_places_page_links_every_place_and_fits(zones, artifacts):
    visit = zones.open("places/")
    page = visit.page
    page.screenshot(path=str(artifacts / f"zones-places-{zones.width}-{zones.scheme}.png"), full_page=True)
    links = page.eval_on_selector_all(".place-list a", "as => as.map(a => a.textContent)")
    assert links == ["Iraq", "Baghdad", "Ain al-Asad air base", "The White House"]
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.click("text=Ain al-Asad air base")
    page.wait_for_load_state()
    assert page.url.endswith("/places/ain-al-asad/")
    assert visit.console_errors == [] and visit.page_errors == []


def test_a_country_page_counts_and_lists_the_events_of_the_places_in_it(zones, artifacts):
    visit = zones.open("places/iraq/")
    page = visit.page
    page.screenshot(path=str(artifacts / f"zones-iraq-{zones.width}-{zones.scheme}.png"), full_page=True)
    assert page.inner_text(".place-total") == "5 events, 4 of them at places in Iraq."
    rows = page.eval_on_selector_all(
        ".place-events li", "ls => ls.map(l => l.querySelector('.at-place a')?.textContent || '')")
    assert rows == ["", "Ain al-Asad air base", "Ain al-Asad air base", "Baghdad", "Baghdad"]
    # the "at" place is set like the brief it is in (small, muted), below the title's size
    sizes = page.eval_on_selector_all(
        ".place-events li:has(.at-place)", "ls => ls.map(l => [l.querySelector('.at-place'), "
        "l.querySelector('.in-brief'), l.querySelector(':scope > a')].map(e => "
        "parseFloat(getComputedStyle(e).fontSize)))")
    assert len(sizes) == 4
    for at, brief, title in sizes:
        assert at == brief < title, sizes
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    for box in page.eval_on_selector_all(".at-place", "as => as.map(a => a.getBoundingClientRect().right)"):
        assert box <= zones.width
    page.click(".at-place >> text=Baghdad")
    page.wait_for_load_state()
    assert page.url.endswith("/places/baghdad/")
    assert visit.console_errors == [] and visit.page_errors == []


def test_the_filter_keeps_the_days_in_order(zones):
    page = zones.open("timeline/").page
    page.wait_for_selector("body[data-filter-ready]", state="attached")
    page.select_option("#filter_actor", "donald-trump")
    visible = page.eval_on_selector_all(
        ".timeline-group:not([hidden]) .timeline-date",
        "hs => hs.map(h => h.textContent.replace(/\\s+/g, ' ').trim())")
    assert visible == ["the week of 30 December 2019 to 5 January 2020 (some day in the week)",
                       "2020 (some time in the year)",
                       "about 6–8 January 2020 (some time in this span, approximate)",
                       "Wednesday 8 January 2020 Baghdad time",
                       "February 2020 (some day in the month)"], visible
    events = page.eval_on_selector_all(".event:not([hidden])", "es => es.map(e => e.id)")
    # the place of an event is a link, and filtering leaves it in place
    assert page.locator('[id="washington-reply.trump-address"] .place a').inner_text() == "The White House"
    assert events == ["washington-reply.sanctions-drafted", "washington-reply.in-2020",
                      "washington-reply.week-of-talks",
                      "washington-reply.trump-tweets", "washington-reply.aides-meet",
                      "washington-reply.address-planned", "washington-reply.trump-address",
                      "washington-reply.visit-expected"]


def test_current_relations_come_before_former_ones(zones):
    page = zones.open("actors/iran/").page
    headings = page.eval_on_selector_all("#actor_relations ~ h3, section h3[id$=relations]",
                                         "hs => hs.map(h => h.textContent)")
    assert headings == ["Current relations", "Former relations"]
    former = " ".join(page.locator(".relations-former li").first.inner_text().split())
    assert former.startswith("Opposed by Iraq (at war) from September 1980 to August 1988"), former


SEED = "briefs/iraq-militias-2020/timeline/"


@pytest.fixture(scope="module")
def phone_dark(browser, site):
    b = Browse(browser, site, viewport={"width": 375, "height": 800}, color_scheme="dark",
               device_scale_factor=1, is_mobile=True, has_touch=True)
    yield b
    b.close()


@pytest.mark.parametrize("view", ["phone", "phone_dark", "light", "dark"])
def test_the_seeds_washington_declaration_shows_both_clocks_and_its_place(request, view, artifacts):
    """Trump's declaration, made in Washington: on the brief's Baghdad days, the Baghdad time with
    the Washington time it was given in beside it, and Washington as its place (375 and 1280 px,
    light and dark)."""
    browse = request.getfixturevalue(view)
    visit = browse.open(SEED)
    page = visit.page
    event = page.locator('[id="trump-declares-backing-away"]')
    event.screenshot(path=str(artifacts / f"zones-seed-declaration-{view}.png"))
    when = " ".join(event.locator(".event-when").inner_text().split())
    assert when == ("Wednesday 8 January 2020, about 19:30 (Baghdad time) given as Wednesday 8 "
                    "January 2020, about 11:30 New York time")
    assert event.locator("time").get_attribute("datetime") == "2020-01-08T16:30Z"
    assert event.locator(".place a").inner_text() == "Washington"
    # the day of Baghdad it is under: the rockets of that night come after it
    order = page.eval_on_selector_all(".event", "es => es.map(e => e.id)")
    assert order.index("trump-declares-backing-away") < order.index("rockets-fired-in-baghdad")
    note = event.locator(".date-note").inner_text()
    assert note.startswith("How this date is known: Made in Washington") and len(note.split()) < 140
    width = page.evaluate("document.documentElement.clientWidth")
    box = event.locator(".event-when").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert visit.console_errors == [] and visit.page_errors == []
