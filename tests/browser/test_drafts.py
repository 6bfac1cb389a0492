"""A draft under `briefs serve`, as an editor sees it in Chromium: the note above the headline and
the label on the home page are readable and fit a phone, in light and dark, and pass axe."""

from __future__ import annotations

import pytest
from axe_playwright_python.base import AxeResults

from tests.browser.conftest import Browse, Served
from tests.browser.test_accessibility import AXE, AXE_OPTIONS, _report
from tests.test_drafts import DRAFT, _with_draft
from tests.test_serve import serving, wait_for

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """`briefs serve` on the project with a fresh draft."""
    project = _with_draft(tmp_path_factory.mktemp("draft-preview"))
    with serving(project) as base:
        wait_for(f"{base}/briefs/{DRAFT}/", "draft-note")
        yield Served(project, base + "/", None)


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_draft_note_and_label_are_read_first_and_fit(browser, preview, width, scheme):
    view = Browse(browser, preview, viewport={"width": width, "height": 800}, color_scheme=scheme)
    try:
        page = view.open(f"briefs/{DRAFT}/").page
        note = page.locator(".draft-note").bounding_box()
        title = page.locator("h1").bounding_box()
        assert note["y"] + note["height"] <= title["y"]  # above the headline
        assert 0 <= note["x"] and note["x"] + note["width"] <= width  # no sideways scrolling
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.locator(".draft-note").inner_text().startswith("Draft.")
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.draft-note')).fontSize)")
        assert size >= 14
        page.evaluate(AXE.axe_script)
        results = AxeResults(page.evaluate("options => axe.run(document, options)", AXE_OPTIONS))
        assert results.violations_count == 0, _report(results)

        home = view.open("").page
        labels = home.locator(".draft-label")
        assert labels.count() == 1
        label = labels.bounding_box()
        heading = home.locator(".brief-item h3", has=labels).bounding_box()
        assert heading["x"] <= label["x"] and label["x"] + label["width"] <= width
        assert home.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.draft-label')).fontSize)") >= 11
        assert home.locator(".brief-item").count() == 2  # the draft and the published brief
    finally:
        view.close()
