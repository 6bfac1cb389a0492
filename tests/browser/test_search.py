"""Search (Pagefind, builder/search.py) as a reader uses it: the fact first, one result per fact,
filters by kind and brief, aliases, any base path, few bytes per query, links without JavaScript;
and from an index made in shards and merged at build time, the very answers of Pagefind's own."""

from __future__ import annotations

import functools
import html
import http.server
import re
import shutil
import threading
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from builder import search
from builder.check import check
from tests.browser.conftest import BRIEF, REPO, Browse, Served, _Quiet, _serve

pytestmark = pytest.mark.browser


def _search(visit, query: str) -> list[dict]:
    page = visit.page
    page.locator("#search_input").fill(query)
    expect(page.locator("[data-search-results] .search-status")).to_be_visible()
    expect(page.locator("[data-search-results] a").first).to_be_visible()
    return page.eval_on_selector_all(
        "[data-search-results] a",
        "as => as.map(a => ({href: a.href, kind: a.querySelector('.result-kind').textContent,"
        " title: a.querySelector('.result-title').textContent}))")


@pytest.mark.parametrize("query, first, kind", [
    ("standing down", f"briefs/{BRIEF}/quotes/#trump-standing-down", "Quote"),
    ("Khazali", "actors/qais-al-khazali/", "Actor"),
    ("kataib", "actors/kataeb-hezbollah/", "Actor"),  # an alias: "Kataib Hezbollah"
    ("Soleimani drone strike", f"briefs/{BRIEF}/timeline/#", "Event"),
    # a source by its publisher: a fact-checker looks for the outlet (found by a reader's audit)
    ("Wall Street Journal", f"briefs/{BRIEF}/sources/#", "Source"),
    ("CBS News", f"briefs/{BRIEF}/sources/#cbs-pence-interview", "Source"),
])
def test_the_fact_comes_first(light, site, query, first, kind):
    visit = light.open("")
    found = _search(visit, query)
    assert found[0]["href"].startswith(site.url(first)), found[:3]
    assert found[0]["kind"].startswith(kind)
    # one result per fact: no address twice, and the editor's guide never above a fact
    hrefs = [r["href"] for r in found]
    assert len(hrefs) == len(set(hrefs))
    kinds = [r["kind"] for r in found]
    guide = [i for i, k in enumerate(kinds) if k.startswith("Editor")]
    facts = [i for i, k in enumerate(kinds) if not k.startswith(("Editor", "About"))]
    assert not guide or not facts or max(facts) < min(guide), kinds
    assert visit.console_errors == [] and visit.offsite == []


def test_a_result_opens_the_fact(light, site):
    visit = light.open("")
    _search(visit, "standing down")
    visit.page.locator("[data-search-results] a").first.click()
    visit.page.wait_for_url(site.url(f"briefs/{BRIEF}/quotes/#trump-standing-down"))
    expect(visit.page.locator("#trump-standing-down")).to_be_visible()


def test_filters_by_kind_and_brief(light):
    visit = light.open("")
    page = visit.page
    everything = _search(visit, "Iran")
    kinds = {r["kind"].split(" \u00b7 ")[0] for r in everything}
    assert {"Actor", "Event"} <= kinds, kinds
    select = page.locator("#search_kind")
    expect(select).to_be_visible()
    options = select.locator("option").all_inner_texts()
    assert options[0] == "Every kind" and any(o.startswith("Quote (") for o in options), options
    select.select_option("Event")
    expect(page.locator("[data-search-results] .result-kind").first).to_have_text(
        "Event \u00b7 Iraq's militias: the wildcard in the US-Iran confrontation")
    events = page.locator("[data-search-results] .result-kind").all_inner_texts()
    assert events and all(k.lower().startswith("event") for k in events), events
    # one brief: the brief filter has nothing to choose between, so it is not offered
    expect(page.locator("#search_brief")).to_be_hidden()


def test_query_fetches_a_fraction_of_the_index(light, site):
    """Pagefind fetches its entry, meta, the word chunk and the result fragments: not the index."""
    visit = light.open("")
    page = visit.page
    sizes: dict[str, int] = {}

    def on_response(response):
        if "/pagefind/" in response.url:
            sizes[response.url] = len(response.body())

    page.on("response", on_response)
    _search(visit, "Khazali")
    page.wait_for_load_state("networkidle")
    total = sum(p.stat().st_size for p in (site.root / "pagefind").rglob("*") if p.is_file())
    data = {u: n for u, n in sizes.items() if "/fragment/" in u or "/index/" in u
            or u.endswith((".pf_meta", ".pf_filter"))}
    assert data, sizes
    fragments = sum(1 for u in sizes if "/fragment/" in u)
    assert fragments <= 20  # only the shown results
    index_files = sum(1 for p in (site.root / "pagefind").glob("**/fragment/*"))
    assert fragments < index_files
    assert sum(sizes.values()) < total


def test_an_actors_excerpt_reads_as_sentences(light):
    """The result under "Khazali" reads "... of Mohandes. Member of ..." (it read "member of")."""
    visit = light.open("")
    _search(visit, "Khazali")
    first = visit.page.locator("[data-search-results] li").first.inner_text()
    assert "Mohandes. Member of Iraqi militia groups aligned with Iran." in " ".join(first.split()), first


def test_without_javascript_the_box_is_links_to_the_indexes(no_js, site):
    visit = no_js.open("actors/")
    page = visit.page
    expect(page.locator("[data-search]")).to_be_hidden()
    fallback = page.locator("[data-search-fallback]")
    expect(fallback).to_be_visible()
    hrefs = [urlsplit(h).path for h in fallback.locator("a").evaluate_all("as => as.map(a => a.href)")]
    assert hrefs == ["/briefs/", "/actors/"]


def test_with_javascript_the_links_give_way_to_the_box(light):
    visit = light.open("")
    expect(visit.page.locator("[data-search-fallback]")).to_be_hidden()
    expect(visit.page.locator("#search_input")).to_be_visible()


@pytest.fixture(scope="module")
def under_sub(site, tmp_path_factory) -> Served:
    """The same site served under /sub/, as on a host that gives it a folder."""
    root = tmp_path_factory.mktemp("sub-path")
    shutil.copytree(site.root, root / "sub")
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Served(root, f"http://127.0.0.1:{server.server_port}/sub/", server)
    server.shutdown()


def test_search_works_under_a_base_path(browser, under_sub):
    b = Browse(browser, under_sub, viewport={"width": 1280, "height": 900})
    try:
        visit = b.open(f"briefs/{BRIEF}/timeline/")  # a page three folders down
        found = _search(visit, "kataib")
        assert found[0]["href"] == under_sub.url("actors/kataeb-hezbollah/")
        requests = [urlsplit(u).path for u in visit.requests if "/pagefind/" in u]
        assert requests and all(p.startswith("/sub/pagefind/") for p in requests), requests
        assert visit.offsite == [] and visit.console_errors == []
    finally:
        b.close()


def test_phone_results_fit_the_screen(phone, artifacts):
    visit = phone.open("")
    _search(visit, "Iran")
    page = visit.page
    box = page.locator("[data-search-panel]").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    sizes = page.eval_on_selector_all("[data-search-results] a *",
                                      "es => es.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert min(sizes) >= 12
    page.screenshot(path=str(artifacts / "search-375-light.png"))


def test_axe_finds_nothing_with_the_results_open(light):
    """The open panel (filters and results) in both colour schemes, and on a phone."""
    from axe_playwright_python.base import AxeResults

    from tests.browser.test_accessibility import AXE, AXE_OPTIONS, _report

    visit = light.open(f"briefs/{BRIEF}/")
    page = visit.page
    _search(visit, "Iran")
    expect(page.locator("#search_kind")).to_be_visible()
    page.evaluate(AXE.axe_script)
    problems = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        results = AxeResults(page.evaluate("options => axe.run(document, options)", AXE_OPTIONS))
        if results.violations_count:
            problems.append(f"{scheme}:\n{_report(results)}")
    page.emulate_media(color_scheme="light")
    assert not problems, "\n".join(problems)


# -- an index made in shards ---------------------------------------------------------------------
# The seed has 59 records, one shard's worth; these tests write its records and hand-written pages
# over two copies of the site: once as Pagefind indexes them in one run (its own files, not merged)
# and once split into 8 shards (as a site of 8,000 records or more is) merged by the builder
# (builder/search_merge.py). A reader must not be able to tell them apart: the same results, in
# the same order, with the same scores, the same filters and counts.

def _hand_written(root) -> list[tuple[str, str, str]]:
    """The hand-written pages, much as the plugin hands them over: (url, title, article HTML)."""
    pages = []
    for path in sorted(root.glob("*/**/index.html")):
        url = path.parent.relative_to(root).as_posix() + "/"
        if url.split("/")[0] in ("briefs", "actors", "places", "timeline", "pagefind"):
            continue
        text = path.read_text("utf-8")
        article = re.search(r'<article class="prose">(.*)</article>', text, re.S)
        title = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
        if article and title:
            name = html.unescape(re.sub("<[^>]+>", "", title.group(1)))
            pages.append((url, name, article.group(1)))
    return pages


def _copy(site: Served, tmp_path_factory, name: str):
    root = tmp_path_factory.mktemp(name) / "site"
    shutil.copytree(site.root, root)
    shutil.rmtree(root / search.INDEX_FOLDER)
    return root


@pytest.fixture(scope="module")
def pair(site, tmp_path_factory):
    """(Pagefind's own index, the same records indexed in 8 shards and merged), each a served
    copy of the site."""
    records = search.fact_records(check(REPO).site.published())
    pages = _hand_written(site.root)
    one = _copy(site, tmp_path_factory, "one-run")
    scratch = tmp_path_factory.mktemp("documents")
    for i, (_, document) in enumerate(search.documents(records, pages)):
        (scratch / f"{i:04d}.html").write_text(document, "utf-8")
    search._run_pagefind(scratch, one / search.INDEX_FOLDER)
    many = _copy(site, tmp_path_factory, "sharded")
    patch = pytest.MonkeyPatch()
    patch.setattr(search, "RECORDS_PER_SHARD", 1)
    patch.setattr(search, "SHARDS", 8)
    try:
        report = search.build_index(many, records, pages)
    finally:
        patch.undo()
    assert len(report.shards) == 8, report.summary()
    served = _serve(one), _serve(many)
    yield served
    for s in served:
        s.server.shutdown()


@pytest.fixture(scope="module")
def browsers(browser, pair):
    both = [Browse(browser, served, viewport={"width": 1280, "height": 900}) for served in pair]
    yield both
    for b in both:
        b.close()


EVERY_RESULT = """async (query) => {
  const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
  const found = await pagefind.search(query);
  const data = await Promise.all(found.results.map((r) => r.data()));
  return data.map((d, i) => [d.meta.href, found.results[i].score, d.meta.title, d.excerpt,
                             d.sub_results.map((s) => [s.title, s.url.replace(/^[^#]*/, ""),
                                                       s.excerpt])]);
}"""


@pytest.mark.parametrize("query", ["Khazali", "standing down", "Iran", "kataib", "verbatim",
                                   "sol", "strike", "zzyzx", "US Iran escalation"])
def test_a_merged_index_answers_as_pagefinds_own(browsers, query):
    """Every result, with its score, title, excerpt and sub-results (a guide page's sections, by
    their anchors: the page's own address is the scratch file it was indexed from), in the same
    order: the merged index holds Pagefind's own word statistics. (Two results of one score may
    come in either order: each index numbers its pages its own way.)"""
    answers = []
    for b in browsers:
        visit = b.open("")
        found = visit.page.evaluate(EVERY_RESULT, query)
        assert visit.console_errors == [] and visit.offsite == []
        answers.append(found)
    one, many = answers
    assert [round(r[1], 5) for r in one] == [round(r[1], 5) for r in many]
    key = lambda r: (-round(r[1], 5), r[0])  # noqa: E731
    assert sorted(one, key=key) == sorted(many, key=key)
    if query != "zzyzx":
        assert one
    else:
        assert one == []


def test_a_merged_index_is_one_index(pair):
    root = pair[1].root / search.INDEX_FOLDER
    assert sorted(p.name for p in root.iterdir() if p.is_dir()) == ["filter", "fragment", "index"]
    assert not (root / "shards.json").exists() and len(list(root.glob("*.pf_meta"))) == 1
    # Pagefind's runtime once, and none of its own search UIs
    assert sorted(p.name for p in root.iterdir() if p.is_file() and not p.name.endswith(
        (".pf_meta", ".json"))) == sorted(search.RUNTIME)


def test_a_merged_index_keeps_the_alias_first_and_the_address(browsers, pair):
    visit = browsers[1].open(f"briefs/{BRIEF}/timeline/")
    found = _search(visit, "kataib")
    assert found[0]["href"] == pair[1].url("actors/kataeb-hezbollah/")
    visit.page.locator("[data-search-results] a").first.click()
    visit.page.wait_for_url(pair[1].url("actors/kataeb-hezbollah/"))


def test_a_merged_index_counts_and_filters_as_one_index(browsers):
    def options(visit):
        _search(visit, "Iran")
        expect(visit.page.locator("#search_kind")).to_be_visible()
        return visit.page.locator("#search_kind option").all_inner_texts()

    one, visit = options(browsers[0].open("")), browsers[1].open("")
    assert options(visit) == one  # every kind, with its count over every shard
    visit.page.locator("#search_kind").select_option("Event")
    expect(visit.page.locator("[data-search-results] .result-kind").first).to_have_text(
        "Event \u00b7 Iraq's militias: the wildcard in the US-Iran confrontation")
    kinds = visit.page.locator("[data-search-results] .result-kind").all_inner_texts()
    assert kinds and all(k.lower().startswith("event") for k in kinds), kinds
