"""WCAG 2.2 AA in a real browser: axe-core on every page type in both colour schemes, and what axe
cannot judge alone (heading order, the skip link, visible focus, the kind marker in words)."""

from __future__ import annotations

import pytest
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import PAGE_TYPES

pytestmark = pytest.mark.browser

AXE = Axe()
# every rule axe runs by default (WCAG 2.0-2.2 A and AA, and best practices such as heading order
# and landmarks), plus the WCAG 2.2 AA target-size rule; none is turned off
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


def _report(results) -> str:
    lines = []
    for v in results.response["violations"]:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary']}".replace("\n", " "))
    return "\n".join(lines)


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_axe_finds_no_violation_in_light_or_dark(light, kind):
    """axe-core is injected once per page; the page is then checked in each colour scheme."""
    page = light.open(PAGE_TYPES[kind]).page
    page.evaluate(AXE.axe_script)
    problems = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
        results = AxeResults(page.evaluate("options => axe.run(document, options)", AXE_OPTIONS))
        if results.violations_count:
            problems.append(f"{kind} ({scheme}):\n{_report(results)}")
    page.emulate_media(color_scheme="light")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("kind", ["timeline", "guide"])
def test_axe_finds_no_violation_on_a_phone(phone, kind):
    """The narrow layout too (target sizes, nothing scrolling that needs focus), on the pages with
    the most controls and the widest tables."""
    results = AXE.run(phone.open(PAGE_TYPES[kind]).page, options=AXE_OPTIONS)
    assert results.violations_count == 0, _report(results)


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_language_landmarks_and_headings_in_order(light, kind):
    page = light.open(PAGE_TYPES[kind]).page
    assert page.get_attribute("html", "lang") == "en"
    for role in ("banner", "main", "contentinfo"):
        expect(page.get_by_role(role)).to_have_count(1)
    expect(page.get_by_role("navigation", name="Site")).to_have_count(1)
    levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "hs => hs.map(h => +h.tagName[1])")
    assert levels.count(1) == 1 and levels[0] == 1, levels
    skipped = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert skipped == [], f"{kind}: heading levels skip {skipped} in {levels}"


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(light):
    page = light.open("briefs/iraq-militias-2020/").page
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main_content"
    page.keyboard.press("Tab")  # the next stop is inside the content, not the header
    assert page.evaluate("!!document.activeElement.closest('main')")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_focus_is_visible(request, scheme):
    page = request.getfixturevalue(scheme).open("briefs/iraq-militias-2020/timeline/").page
    targets = ["a.site-name", "#search_input", "#filter_actor", "[data-filter-clear]",
               "article.event details.cite summary"]
    for selector in targets:
        page.locator(selector).first.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
        style = page.eval_on_selector(
            ":focus", "e => { const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
        assert style[0] != "none" and style[1] >= 2, (selector, style)


def test_the_kind_of_an_actor_is_said_in_words_not_colour_alone(light):
    page = light.open("actors/").page
    cards = page.locator(".card")
    assert cards.count() > 5
    for i in range(cards.count()):
        card = cards.nth(i)
        kind = card.locator(".kind").text_content().strip()
        assert kind in {"Person", "Organisation", "State", "Group"}
        expect(card.locator(".kind")).to_be_visible()
        assert card.locator(".initials").get_attribute("aria-hidden") == "true"


def test_timeline_precision_is_said_in_words_as_well_as_drawn(light):
    page = light.open("briefs/iraq-militias-2020/timeline/").page
    month = page.locator(".timeline-group.precision-month").first
    expect(month.locator(".precision")).to_have_text("(some day in the month)")
    approx = page.locator(".timeline-group.is-approx").first
    expect(approx.locator(".timeline-date")).to_contain_text("about")
    expect(approx.locator(".precision")).to_contain_text("approximate")
    # the bracket of a month spans all of that month's events
    box = month.bounding_box()
    mark = month.evaluate("g => { const s = getComputedStyle(g, '::before'); return [s.top, s.bottom, s.borderLeftStyle]; }")
    assert mark[2] == "solid" and box["height"] > 200, (mark, box)
    tz = page.locator(".event .tz").first
    expect(tz).to_have_text("(Baghdad time)")
    assert tz.get_attribute("title") == "Asia/Baghdad"
