"""What a reader does: follow a story from the home page to a source, filter the timeline, search."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BRIEF

pytestmark = pytest.mark.browser


def test_home_to_brief_to_actor_to_event_to_its_source(light):
    visit = light.open("")
    page = visit.page
    page.get_by_role("link", name=re.compile("Iraq's militias")).first.click()
    expect(page).to_have_url(re.compile(f"/briefs/{BRIEF}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Iraq's militias")

    page.locator("summary:has(#key_actors)").click()  # who is who: a section the reader opens
    page.locator(".cards").get_by_role("link", name="Qais al-Khazali").click()
    expect(page).to_have_url(re.compile("/actors/qais-al-khazali/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Qais al-Khazali")
    expect(page.locator(".profile-head .kind")).to_have_text("Person")

    event_link = page.locator(".actor-events a").first
    title = event_link.inner_text()
    event_link.click()
    expect(page).to_have_url(re.compile(f"/briefs/{BRIEF}/timeline/#[a-z0-9-]+$"))
    event_id = urlsplit(page.url).fragment
    event = page.locator(f"article.event[id='{event_id}']")
    expect(event.get_by_role("heading", level=3)).to_have_text(title)
    expect(event).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == event_id

    event.locator("details.cite summary").click()  # the claim's one mark opens its passages
    source = event.locator("details.cite .passage a").first
    href = source.get_attribute("href")
    assert href.startswith("https://") and "#:~:text=" in href, href  # not followed: it is off-site
    assert visit.offsite == [] and visit.console_errors == [] and visit.page_errors == []


def _shown_events(page) -> list[str]:
    return page.eval_on_selector_all("article.event", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)")


def test_the_actor_filter_narrows_the_timeline_keeps_the_url_and_survives_a_reload(light):
    page = light.open(f"briefs/{BRIEF}/timeline/").page
    every = _shown_events(page)
    assert len(every) >= 10
    status = page.locator("[data-filter-status]")
    expect(status).to_have_text(f"Showing all {len(every)} events.")

    page.get_by_label("Actor", exact=True).select_option("qassem-soleimani")
    shown = _shown_events(page)
    assert 0 < len(shown) < len(every)
    for event_id in shown:  # every event left involves him, and every event hidden does not
        assert "qassem-soleimani" in page.get_attribute(f"[id='{event_id}']", "data-actors").split()
    for event_id in set(every) - set(shown):
        assert "qassem-soleimani" not in page.get_attribute(f"[id='{event_id}']", "data-actors").split()
    expect(status).to_contain_text(f"Showing {len(shown)} of {len(every)} events, with Qassem Soleimani")
    assert parse_qs(urlsplit(page.url).query) == {"actor": ["qassem-soleimani"]}
    # a date with no event left is hidden with its events
    assert page.eval_on_selector_all(".timeline-group", "gs => gs.filter(g => !g.hidden).length") < \
        page.eval_on_selector_all(".timeline-group", "gs => gs.length")

    page.reload()
    expect(page.get_by_label("Actor", exact=True)).to_have_value("qassem-soleimani")
    assert _shown_events(page) == shown

    # keyboard only: the select and the reset button are reached and worked with keys
    page.get_by_label("Actor", exact=True).focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show every event")).to_be_focused()
    page.keyboard.press("Enter")
    assert _shown_events(page) == every
    assert urlsplit(page.url).query == ""
    page.get_by_label("Actor", exact=True).focus()
    page.keyboard.press("ArrowDown")  # Chromium changes a closed select's value with the arrow keys
    assert urlsplit(page.url).query.startswith("actor=")
    assert len(_shown_events(page)) < len(every)


def test_the_global_timeline_filters_by_actor_and_brief_from_a_shared_address(light):
    page = light.open(f"timeline/?actor=moqtada-al-sadr&brief={BRIEF}").page
    expect(page.get_by_label("Actor", exact=True)).to_have_value("moqtada-al-sadr")
    expect(page.get_by_label("Brief", exact=True)).to_have_value(BRIEF)
    shown = _shown_events(page)
    assert shown and all(i.startswith(f"{BRIEF}.") for i in shown)
    for event_id in shown:
        assert "moqtada-al-sadr" in page.get_attribute(f"[id='{event_id}']", "data-actors").split()

    # an actor nobody on the page has: said so, and everything is shown
    page = light.open("timeline/?actor=nobody-at-all").page
    expect(page.locator("[data-filter-status]")).to_contain_text("Nothing on this timeline matches")
    assert len(_shown_events(page)) == page.locator("article.event").count()


def test_the_profile_links_to_its_events_on_the_filtered_timeline(light):
    page = light.open("actors/moqtada-al-sadr/").page
    events = page.locator(".actor-events li").count()
    page.get_by_role("link", name="Moqtada al-Sadr on the timeline of every brief").click()
    expect(page.get_by_label("Actor", exact=True)).to_have_value("moqtada-al-sadr")
    assert len(_shown_events(page)) == events > 0


def test_a_link_to_an_event_hidden_by_the_filter_still_shows_it(light):
    page = light.open(f"briefs/{BRIEF}/timeline/?actor=mike-pence#contractor-killed-in-rocket-attack").page
    expect(page.locator("#contractor-killed-in-rocket-attack")).to_be_visible()
    expect(page.locator("[data-filter-status]")).to_contain_text("cleared")


@pytest.mark.parametrize("query, expected", [
    ("Khazali", "actors/qais-al-khazali/"),
    ("standing down", f"briefs/{BRIEF}/quotes/"),
])
def test_search_from_the_header_finds_actors_and_quotes(light, query, expected):
    visit = light.open("")
    page = visit.page
    box = page.get_by_role("searchbox", name="Search actors, quotes and events")
    box.fill(query)
    results = page.locator("[data-search-results] a")
    expect(results.first).to_be_visible()
    hrefs = [urlsplit(page.evaluate("a => a.href", a)).path for a in results.element_handles()]
    assert any(h.startswith("/" + expected) for h in hrefs), hrefs
    expect(page.locator("[data-search-results] mark").first).to_have_text(re.compile(query, re.I))
    # keyboard: down to the first result, Escape back to the box with the results closed
    box.press("ArrowDown")
    expect(results.first).to_be_focused()
    page.keyboard.press("Escape")
    expect(box).to_be_focused()
    expect(page.locator("[data-search-results] a")).to_have_count(0)
    assert visit.offsite == [] and visit.console_errors == []
