"""The relations diagrams as a reader sees them, on every page that has one, in the seed site and
both fixture sites: nothing drawn over a label, text never under 12 px nor stretched, a distinct
mark for every actor, former relations dashed; phones get the list instead of a picture too wide."""

from __future__ import annotations

import pytest

from tests.browser.conftest import FIXTURES, Browse, _serve
from tests.sitetools import build

pytestmark = pytest.mark.browser

# every box of every diagram on the page, in CSS px: circles, names, relation labels, arrowheads
MEASURE = """() => [...document.querySelectorAll('svg.network-svg')].map(svg => {
  const frame = svg.closest('figure');
  const shown = frame.getBoundingClientRect().width > 0;
  const box = r => [r.left, r.top, r.right, r.bottom];
  const ctm = svg.getScreenCTM();
  const pt = (x, y) => { const p = svg.createSVGPoint(); p.x = x; p.y = y; return p.matrixTransform(ctm); };
  const arrows = [...svg.querySelectorAll('line.network-edge')].map(l => {
    const x1 = +l.getAttribute('x1'), y1 = +l.getAttribute('y1'), x2 = +l.getAttribute('x2'), y2 = +l.getAttribute('y2');
    const len = Math.hypot(x2 - x1, y2 - y1) || 1, ux = (x2 - x1) / len, uy = (y2 - y1) / len;
    const bx = x2 - ux * 10.5, by = y2 - uy * 10.5, h = 5.25;  // markerWidth 7 x stroke-width 1.5
    const ps = [pt(x2 + uy * h, y2 - ux * h), pt(x2 - uy * h, y2 + ux * h), pt(bx + uy * h, by - ux * h), pt(bx - uy * h, by + ux * h)];
    return [Math.min(...ps.map(p => p.x)), Math.min(...ps.map(p => p.y)), Math.max(...ps.map(p => p.x)), Math.max(...ps.map(p => p.y))];
  });
  const vb = svg.viewBox.baseVal;
  return {
    shown,
    scale: svg.getBoundingClientRect().width / vb.width,
    circles: [...svg.querySelectorAll('circle')].map(c => box(c.getBoundingClientRect())),
    segments: [...svg.querySelectorAll('line.network-edge')].map(l => [pt(+l.getAttribute('x1'), +l.getAttribute('y1')),
                                                                     pt(+l.getAttribute('x2'), +l.getAttribute('y2'))].flatMap(p => [p.x, p.y])),
    names: [...svg.querySelectorAll('.network-name')].map(t => box(t.getBoundingClientRect())),
    labels: [...svg.querySelectorAll('.network-edge-label')].map(t => box(t.getBoundingClientRect())),
    arrows,
    sizes: [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * ctm.a),
    marks: [...svg.querySelectorAll('.network-initials')].map(t => t.textContent),
    fullNames: [...svg.querySelectorAll('.network-node > title')].map(t => t.textContent),
    shownNames: [...svg.querySelectorAll('.network-name')].map(t => [...t.querySelectorAll('tspan')].map(s => s.textContent).join(' ')),
    cutLinked: [...svg.querySelectorAll('.network-name')].every(t => !t.textContent.includes('\u2026') || t.closest('a[href]')),
    former: [...svg.querySelectorAll('line.network-former')].map(l => getComputedStyle(l).strokeDasharray),
    formerLabels: [...svg.querySelectorAll('.network-edge-label.network-former')].map(t => t.textContent),
  };
})"""


def _meet(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _overlaps(d) -> list:
    labels = [("name", b) for b in d["names"]] + [("label", b) for b in d["labels"]]
    solid = [("circle", b) for b in d["circles"]] + [("arrow", b) for b in d["arrows"]]
    found = []
    for i, (kind, a) in enumerate(labels):
        for kind2, b in labels[i + 1:] + solid:
            if _meet(a, b):
                found.append((kind, a, kind2, b))
    circles = d["circles"]
    found += [("circle", a, "circle", b) for i, a in enumerate(circles) for b in circles[i + 1:]
              if _meet(a, b)]
    return found


def _through(d) -> list:
    """Lines that pass through a circle they do not end at (an end is at most 4 px off a circle's
    edge; a line "through" one comes within 18 px of its middle)."""
    import math

    def dist(px, py, x1, y1, x2, y2):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / ((dx * dx + dy * dy) or 1)))
        return math.hypot(px - (x1 + t * dx), py - (y1 + t * dy))

    found = []
    for x1, y1, x2, y2 in d["segments"]:
        for c in d["circles"]:
            cx, cy, r = (c[0] + c[2]) / 2, (c[1] + c[3]) / 2, (c[2] - c[0]) / 2
            if min(math.hypot(x1 - cx, y1 - cy), math.hypot(x2 - cx, y2 - cy)) <= r + 4:
                continue  # one of its ends
            if dist(cx, cy, x1, y1, x2, y2) < r - 2:
                found.append(((round(x1), round(y1), round(x2), round(y2)), (round(cx), round(cy))))
    return found


def _diagram_pages(served) -> list[str]:
    pages = []
    for html in sorted(served.root.rglob("index.html")):
        if 'class="network-svg"' in html.read_text("utf-8"):
            rel = html.parent.relative_to(served.root).as_posix()
            pages.append("" if rel == "." else rel + "/")
    return pages


@pytest.fixture(scope="module")
def sites(site, zones_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("browser-two-briefs") / "site"
    build(FIXTURES / "two-briefs", out)
    two = _serve(out)
    yield {"seed": site, "two-briefs": two, "two-zones": zones_site}
    two.server.shutdown()


@pytest.mark.parametrize("width", [1280, 375])
def test_every_diagram_reads(browser, sites, width):
    measured = 0
    report = []
    for name, served in sites.items():
        b = Browse(browser, served, viewport={"width": width, "height": 900},
                   device_scale_factor=1, is_mobile=width < 500, has_touch=width < 500)
        try:
            pages = _diagram_pages(served)
            assert pages, name
            for path in pages:
                visit = b.open(path)
                for d in visit.page.evaluate(MEASURE):
                    report.append((name, path, d["shown"], round(d["scale"], 3), len(d["circles"]),
                                   len(d["labels"])))
                    assert len(set(d["marks"])) == len(d["marks"]), (path, d["marks"])
                    if not d["shown"]:
                        assert width < 500, (path, "a diagram hidden on a wide screen")
                        continue
                    measured += 1
                    assert d["scale"] <= 1.001, (path, d["scale"])  # never stretched
                    assert min(d["sizes"]) >= 11.99, (path, min(d["sizes"]))  # 12 px, less sub-pixel rounding
                    assert _overlaps(d) == [], (path, _overlaps(d)[:3])
                    # a line never runs through an actor it does not join (the seed's Pence ->
                    # United States ran through the militias' circle in the middle)
                    assert _through(d) == [], (path, _through(d)[:3])
                    # a name is shown whole, or cut with its full name a tap away (title and link)
                    for full, shown in zip(d["fullNames"], d["shownNames"]):
                        assert full.startswith(shown.rstrip("\u2026") + ("" if shown.endswith("\u2026") else " (")), (full, shown)
                    assert d["cutLinked"]
                    assert all(dash not in ("none", "") for dash in d["former"])
                    assert all("until " in t for t in d["formerLabels"])
        finally:
            b.close()
    print("diagrams", width, report)
    assert measured


def test_phones_get_the_list_when_the_picture_is_too_wide(phone):
    visit = phone.open("briefs/iraq-militias-2020/")
    page = visit.page
    page.locator("details:has(.relation-list) > summary").first.click()  # the reader opens "who is who"
    figure = page.locator("figure.network")
    if "network-wide" in (figure.get_attribute("class") or ""):
        assert not figure.is_visible()
    items = page.locator(".relation-list li")
    assert items.count() >= 10
    assert items.first.is_visible()


def test_former_relations_are_dashed_and_say_until(browser, sites):
    b = Browse(browser, sites["two-zones"], viewport={"width": 1280, "height": 900})
    try:
        pages = _diagram_pages(sites["two-zones"])
        formers = []
        for path in pages:
            for d in b.open(path).page.evaluate(MEASURE):
                formers += d["formerLabels"]
        assert formers and all("until" in f for f in formers), formers
    finally:
        b.close()


STRIP = """() => { const s = document.querySelector('figure.strip svg'); if (!s) return null;
  const dots = [...s.querySelectorAll('a.strip-mark')].map(a => {
    const r = (a.querySelector('circle') || a.querySelector('rect')).getBoundingClientRect();
    return {href: a.getAttribute('href'), title: a.querySelector('title').textContent,
            box: [r.left, r.top, r.right, r.bottom], x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2}; });
  return {dots, sizes: [...s.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize)),
          width: s.getBoundingClientRect().width, right: s.getBoundingClientRect().right,
          labels: [...s.querySelectorAll('text')].map(t => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }),
          page: document.documentElement.scrollWidth}; }"""


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", ["briefs/iraq-militias-2020/timeline/", "timeline/"])
def test_the_timeline_strip_links_every_dated_event_and_reads_on_a_phone(browser, site, path, width,
                                                                        artifacts):
    b = Browse(browser, site, viewport={"width": width, "height": 900}, device_scale_factor=1)
    try:
        page = b.open(path).page
        strip = page.evaluate(STRIP)
        assert strip is not None
        dated = page.eval_on_selector_all("[data-timeline] article.event", "es => es.map(e => e.id)")
        assert sorted(d["href"][1:] for d in strip["dots"]) == sorted(dated)
        assert min(strip["sizes"]) >= 12
        assert strip["right"] <= width and strip["page"] <= width
        dots = strip["dots"]
        for i, a in enumerate(dots):  # each dot its own target: 24 px apart, none over another
            for c in dots[i + 1:]:
                assert max(abs(a["x"] - c["x"]), abs(a["y"] - c["y"])) >= 24, (a["title"], c["title"])
        labels = strip["labels"]
        assert all(not _meet(p, q) for i, p in enumerate(labels) for q in labels[i + 1:])
        if path.startswith("briefs"):
            page.locator("figure.strip").screenshot(path=str(artifacts / f"strip-{width}.png"))
            first = page.locator("a.strip-mark").first
            href = first.get_attribute("href")
            first.click()
            assert page.evaluate("location.hash") == href
    finally:
        b.close()
