"""The hostile fixture (markup and script in every field) in a real browser: nothing runs."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Browse

pytestmark = pytest.mark.browser

# Markup the payloads would leave in the live DOM if any of them had become HTML.
INJECTED = """() => ({
  scripts: [...document.scripts].filter(s => s.type !== "application/ld+json" && !/js\\/site\\.js$/.test(s.src))
                                .map(s => s.outerHTML.slice(0, 120)),
  elements: [...document.querySelectorAll("img, iframe, object, embed, math, style, main svg:not(.network-svg, .strip-svg), main svg:not(.network-svg, .strip-svg) *")]
                                .map(e => e.outerHTML.slice(0, 120)),
  handlers: [...document.querySelectorAll("*")].flatMap(e => [...e.attributes]
                                .filter(a => /^on/i.test(a.name) || a.name === "style").map(a => e.tagName + " " + a.name)),
  links: [...document.querySelectorAll("[href], [src]")].map(e => e.getAttribute("href") || e.getAttribute("src"))
                                .filter(u => /^\\s*(javascript|data|vbscript):/i.test(u)),
  calls: window.__calls,
})"""


def _pages(root):
    return sorted(p.relative_to(root).parent.as_posix() + "/" for p in root.rglob("index.html"))


def _assert_inert(visit, where):
    found = visit.page.evaluate(INJECTED)
    assert visit.dialogs == [], (where, visit.dialogs)
    assert visit.page_errors == [], (where, visit.page_errors)
    assert found == {"scripts": [], "elements": [], "handlers": [], "links": [], "calls": []}, (where, found)


def test_no_hostile_page_fires_a_dialog_or_runs_a_script(hostile, hostile_site):
    pages = [p.removeprefix("./") for p in _pages(hostile_site.root)] + ["404.html"]
    assert len(pages) >= 10 and "briefs/hostile-brief/" in pages
    for path in pages:
        visit = hostile.open(path)
        visit.page.wait_for_timeout(50)  # let anything queued (onerror of a broken image) fire
        _assert_inert(visit, path)
        # the payloads are on the page, as text
        if path == "briefs/hostile-brief/":
            assert "<script>alert(1)</script> title" in visit.page.locator("h1").inner_text()
        visit.page.close()


def test_no_hostile_page_is_wider_than_a_phone(browser, hostile_site):
    """Names of 100+ characters without a space (an actor's profile heading, a place, an event
    in the strip and the diagram) wrap inside 375 px: the profile's heading widened its page
    to 652 px."""
    phone = Browse(browser, hostile_site, viewport={"width": 375, "height": 800}, is_mobile=True)
    try:
        pages = [p.removeprefix("./") for p in _pages(hostile_site.root)]
        wide = {}
        for path in pages:
            visit = phone.open(path)
            width = visit.page.evaluate("document.documentElement.scrollWidth")
            if width > 375:
                wide[path] = width
            if path == "actors/long-name/":
                box = visit.page.locator("h1").bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= 375 - 15, box
                assert box["height"] > 4 * 30, box  # wrapped, on several lines
            visit.page.close()
        assert len(pages) >= 15 and wide == {}, wide
    finally:
        phone.close()


@pytest.mark.parametrize("query", ["script", "alert", "onerror", "injected"])
def test_hostile_text_in_search_results_stays_text(hostile, query):
    visit = hostile.open("briefs/hostile-brief/")
    page = visit.page
    page.locator("#search_input").fill(query)
    results = page.locator("[data-search-results] li")
    results.first.wait_for()
    assert results.count() >= 1
    texts = page.locator("[data-search-results]").inner_text()
    assert query in texts.lower()
    page.wait_for_timeout(50)
    _assert_inert(visit, f"search {query!r}")
    # every result is a link into the site and nothing else
    hrefs = page.eval_on_selector_all("[data-search-results] a", "as => as.map(a => a.href)")
    assert hrefs and all(h.startswith(hostile.served.base) for h in hrefs), hrefs


def test_the_traps_do_catch_an_injected_script(hostile):
    """The checks above would see a payload that ran: here one is injected on purpose."""
    visit = hostile.open("")
    visit.page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(9)>')")
    visit.page.wait_for_function("window.__calls.length > 0")
    found = visit.page.evaluate(INJECTED)
    assert visit.dialogs == [("alert", "9")] and found["calls"] == [["alert", "9"]]
    assert found["elements"] and found["handlers"] == ["IMG onerror"]
