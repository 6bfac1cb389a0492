"""Screenshots for people to look at (tests/artifacts/, git-ignored): the brief page and an actor
profile on a phone and on a wide screen, in light and dark."""

from __future__ import annotations

import pytest

from tests.browser.conftest import BRIEF

pytestmark = pytest.mark.browser

PAGES = {"brief": f"briefs/{BRIEF}/", "actor": "actors/qassem-soleimani/", "timeline": f"briefs/{BRIEF}/timeline/"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", list(PAGES))
def test_screenshot(light, phone, artifacts, name, width, scheme):
    page = (phone if width == 375 else light).open(PAGES[name]).page
    page.emulate_media(color_scheme=scheme)
    suffix = "" if scheme == "light" else "-dark"
    path = artifacts / f"{name}-{width}{suffix}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    # nothing sticks out sideways at either width
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
