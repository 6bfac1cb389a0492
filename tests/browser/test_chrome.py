"""The site's chrome (issue 12, item 8): a /briefs/ index, "Facts as JSON" out of the reader's tab
row, guide code that keeps its lines on a phone, and tables whose ids are never broken."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BRIEF

pytestmark = pytest.mark.browser


def test_the_briefs_index_lists_every_brief(light, site):
    visit = light.open("briefs/")
    page = visit.page
    expect(page.locator("h1")).to_have_text("Briefs")
    items = page.locator(".brief-list .brief-item")
    assert items.count() == len([p for p in (site.root / "briefs").iterdir() if p.is_dir()])
    link = items.first.locator("h2 a")
    assert link.get_attribute("href") == f"{BRIEF}/"
    expect(items.first.locator(".brief-counts")).to_contain_text("actors")
    nav = page.locator(".site-nav a", has_text="Briefs")
    assert nav.get_attribute("aria-current") == "page"


def test_facts_as_json_is_in_the_footer_not_the_tab_row(light):
    visit = light.open(f"briefs/{BRIEF}/timeline/")
    page = visit.page
    expect(page.locator(".brief-nav a")).to_have_count(4)  # the brief, timeline, quotes, sources
    assert "JSON" not in page.locator(".brief-nav").inner_text()
    json_link = page.locator(".site-footer .facts-json a")
    expect(json_link).to_have_text("this brief's facts as JSON")
    assert json_link.get_attribute("href") == "../brief.json"
    assert light.open("actors/").page.locator(".facts-json").count() == 0


def test_guide_code_keeps_its_lines_and_scrolls_on_a_phone(phone, artifacts):
    visit = phone.open("guide/actors/")
    page = visit.page
    blocks = page.eval_on_selector_all("article.prose pre", """ps => ps.map(p => ({
        ws: getComputedStyle(p).whiteSpace, overflow: getComputedStyle(p).overflowX,
        wider: p.scrollWidth > p.clientWidth, focusable: p.tabIndex === 0,
        right: p.getBoundingClientRect().right }))""")
    assert blocks
    assert all(b["ws"] == "pre" and b["overflow"] == "auto" and b["focusable"] for b in blocks)
    assert any(b["wider"] for b in blocks)  # the YAML is wider than a phone: it scrolls, unwrapped
    assert all(b["right"] <= 375 for b in blocks)  # the box itself stays on the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("article.prose pre").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "guide-code-375-light.png"))


@pytest.mark.parametrize("path", ["guide/diagnostics/", "guide/events/", "guide/actors/"])
def test_an_id_in_a_table_is_never_broken(phone, path):
    page = phone.open(path).page
    codes = page.eval_on_selector_all(
        "article.prose td code",
        "cs => cs.map(c => [c.textContent, c.getClientRects().length])")
    assert codes
    broken = [text for text, lines in codes if lines != 1]
    assert broken == [], broken
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
