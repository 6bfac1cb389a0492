"""`briefs serve` in Chromium: a page left open reloads by itself when an edit is saved (the
script the preview adds long-polls /.briefs/reload), and shows the problems of a broken edit."""

from __future__ import annotations

import pytest

from tests.sitetools import small_project
from tests.test_serve import serving, wait_for

pytestmark = pytest.mark.browser

ALPHA = "alpha-crisis"


@pytest.fixture
def preview(tmp_path):
    project = small_project(tmp_path / "project")
    with serving(project, tmp_path / "tmp", tmp_path / "serve.log") as base:
        wait_for(f"{base}/briefs/{ALPHA}/timeline/", "A storm damages two cranes")
        yield project, base


def test_an_open_page_reloads_after_an_edit_and_shows_a_broken_edits_problems(browser, preview):
    project, base = preview
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        offsite: list[str] = []
        page.on("request", lambda r: offsite.append(r.url) if not r.url.startswith(base) else None)
        page.goto(f"{base}/briefs/{ALPHA}/timeline/", wait_until="load")
        page.evaluate("window.__notReloaded = true")
        events = project / "briefs" / ALPHA / "events.yaml"
        text = events.read_text()

        events.write_text(text.replace("A storm damages two cranes", "Edited in the browser test", 1))
        page.wait_for_function("document.body.innerText.includes('Edited in the browser test')",
                               timeout=30_000)
        assert page.evaluate("window.__notReloaded === undefined")  # reloaded, not patched

        events.write_text(text + "  - id: broken-event\n    title: No sources\n")
        page.wait_for_selector(".build-problems", timeout=30_000)
        box = page.inner_text(".build-problems")
        assert "The briefs have errors" in box and "[missing-field]" in box
        assert "Edited in the browser test" in page.content()  # the last good page, kept

        events.write_text(text)
        page.wait_for_function("!document.querySelector('.build-problems') && "
                               "document.body.innerText.includes('A storm damages two cranes')",
                               timeout=30_000)
        assert errors == [] and offsite == []
    finally:
        context.close()
