"""Every page type: no console error, no request to another host, and all of it with JavaScript off."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PAGE_TYPES

pytestmark = pytest.mark.browser

# What a page says, piece by piece: the children of <main> (the timeline filter aside, which only
# exists for scripts), and every event, quote, card and section on their own.
TEXT_OF_PAGE = """() => {
  const pieces = [];
  for (const el of document.querySelectorAll(
      "main > :not([data-timeline-filter]), main section, main .event, main .quote, main .card, main h1, main h2, main h3"))
    pieces.push(el.tagName + "." + el.className + ": " + el.innerText.replace(/\\s+/g, " ").trim());
  return pieces;
}"""


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_console_error_and_no_request_leaves_the_site(light, kind):
    visit = light.open(PAGE_TYPES[kind])
    page = visit.page
    with page.expect_response(lambda r: r.url.endswith("/pagefind/pagefind.js")) as response:
        page.locator("#search_input").focus()  # the search box loads Pagefind when it is first used
    assert response.value.ok
    assert visit.offsite == [], f"{kind}: requests to other hosts: {visit.offsite}"
    assert visit.console_errors == [] and visit.page_errors == [], (visit.console_errors, visit.page_errors)
    own = [u for u in visit.requests if u.startswith(light.served.base)]
    assert own == visit.requests
    assert any(u.endswith("/css/site.css") for u in own) and any(u.endswith("/js/site.js") for u in own)
    # nothing the page refers to is missing
    broken = page.evaluate("""() => performance.getEntriesByType('resource')
        .filter(r => r.responseStatus && r.responseStatus >= 400).map(r => r.name)""")
    assert broken == []


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_with_javascript_off_every_page_shows_its_full_content(light, no_js, kind):
    with_js = light.open(PAGE_TYPES[kind]).page
    without = no_js.open(PAGE_TYPES[kind]).page
    # the site's script did not run (it would have unhidden the search form); with JS on it did
    assert without.get_attribute("[data-search]", "hidden") is not None
    assert with_js.get_attribute("[data-search]", "hidden") is None
    expected = with_js.evaluate(TEXT_OF_PAGE)
    assert len(expected) > 3
    assert without.evaluate(TEXT_OF_PAGE) == expected
    # no dead controls: what needs a script is not shown without one
    expect(without.locator("[data-search]")).to_be_hidden()
    expect(with_js.locator("[data-search]")).to_be_visible()
    if with_js.locator("[data-timeline-filter]").count():
        expect(without.locator("[data-timeline-filter]")).to_be_hidden()
        expect(with_js.locator("[data-timeline-filter]")).to_be_visible()
    # and every event is there
    events = without.locator("article.event")
    for i in range(events.count()):
        expect(events.nth(i)).to_be_visible()


@pytest.mark.parametrize("width", [360])  # the wide screens are checked by the screenshots
def test_no_page_scrolls_sideways_on_the_smallest_phone(browser, site, width):
    from tests.browser.conftest import Browse

    browse = Browse(browser, site, viewport={"width": width, "height": 800})
    try:
        wide = {}
        # and the guide's pages of wide tables (the benchmark's, the CLI's)
        for kind, path in {**PAGE_TYPES, "performance": "performance/", "cli": "guide/cli/"}.items():
            page = browse.open(path).page
            wide[kind] = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            # and nothing scrolls inside the page either, unless the keyboard can scroll it too (the
            # guide's code blocks and tables, a wide diagram: each takes focus, tabindex 0)
            wide[kind + " (boxes)"] = page.evaluate("""() => [...document.querySelectorAll('main *')]
                .filter(e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
                .filter(e => e.tabIndex < 0)
                .map(e => e.tagName + '.' + e.className).length""")
            page.close()
        assert all(v <= 0 for v in wide.values()), wide
    finally:
        browse.close()


def test_print_shows_the_facts_without_the_chrome(light):
    page = light.open("briefs/iraq-militias-2020/timeline/").page
    page.emulate_media(media="print")
    try:
        for selector in (".site-header", ".site-footer", ".brief-nav", "[data-timeline-filter]", "[data-search]"):
            assert page.locator(selector).first.is_hidden(), selector
        assert page.locator("article.event").first.is_visible()
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    finally:
        page.emulate_media(media="screen")


def test_the_places_index_gives_each_count_after_its_name(light):
    """Each place reads "Baghdad (3 events, 1 of them at places in Baghdad): The capital of Iraq."
    (the count came after the description: "Baghdad The capital of Iraq. (3 events, ...)")."""
    import re

    visit = light.open("places/")
    items = visit.page.locator(".place-list li").all_inner_texts()
    assert len(items) == 9, items
    shape = re.compile(r"[^()]+ \((\d+) events?(, \d+ of them at places in [^()]+)?\)(: [A-Z].*\.)?")
    assert [i for i in items if not shape.fullmatch(" ".join(i.split()))] == [], items
    assert "Baghdad (3 events, 1 of them at places in Baghdad): The capital of Iraq." in items


@pytest.mark.parametrize("path", ["actors/", "actors/abu-mahdi-al-mohandes/"])
def test_a_persons_three_letters_keep_inside_the_circle(light, path):
    """"AMM" filled its circle's width (43 of 44 px), its corners over the edge; now every
    person's mark is at most 3/4 of the circle's width (inside the inscribed square, 0.71, with
    the letters' height well under it)."""
    visit = light.open(path)
    marks = visit.page.evaluate("""() => [...document.querySelectorAll('.kind-person .initials')].map(e => {
        const r = document.createRange(); r.selectNodeContents(e);
        return [e.textContent.trim(), r.getBoundingClientRect().width / e.getBoundingClientRect().width]; })""")
    assert any(m == "AMM" for m, _ in marks), marks
    assert [(m, round(share, 2)) for m, share in marks if share > 0.75] == [], marks
