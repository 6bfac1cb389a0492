"""Two sources of one publisher in one citation mark (the shared-facts fixture's 'The east quay
reopens' reports the fire from two Harbour Gazette articles): opened, the mark shows two links that
read apart by title, each within the mark's body, on a phone and a desktop, light and dark."""

from __future__ import annotations

import pytest

from tests.browser.conftest import FIXTURES, Browse, _serve
from tests.sitetools import build

pytestmark = pytest.mark.browser

LABELS = ["The Harbour Gazette, \u201cEast quay reopens\u201d",
          "The Harbour Gazette, \u201cFire destroys harbour warehouse\u201d"]


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser-shared") / "site"
    build(FIXTURES / "shared-facts", out)
    served = _serve(out)
    yield served
    served.server.shutdown()


@pytest.mark.parametrize("width,scheme", [(375, "light"), (375, "dark"), (1280, "light"),
                                          (1280, "dark")])
def test_two_gazette_articles_read_apart_in_one_mark(browser, shared_site, artifacts, width,
                                                     scheme):
    b = Browse(browser, shared_site, viewport={"width": width, "height": 900},
               color_scheme=scheme)
    try:
        page = b.open("briefs/port-reopens/timeline/").page
        page.evaluate("document.querySelectorAll('details.cite').forEach(d => d.open = true)")
        body = page.locator("span.cite-body", has_text="East quay reopens").first
        body.scroll_into_view_if_needed()
        links = body.locator("a")
        assert [links.nth(i).inner_text() for i in range(links.count())] == LABELS
        outer = body.bounding_box()
        for i in range(links.count()):
            box = links.nth(i).bounding_box()
            assert box["width"] > 0 and box["height"] > 0
            assert outer["x"] - 1 <= box["x"] and box["x"] + box["width"] <= outer["x"] + outer["width"] + 1
        size = float(links.first.evaluate("a => getComputedStyle(a).fontSize")[:-2])
        assert 13 <= size <= 15  # 13.6 px on the phone, 14.4 px on the desktop
        assert outer["x"] + outer["width"] <= width  # no sideways scroll for the longer labels
        page.screenshot(path=str(artifacts / f"source-labels-{width}-{scheme}.png"))
    finally:
        b.close()
