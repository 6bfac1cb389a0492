"""A site of many briefs (bench/corpus.py): the timeline of every brief splits by year, every
event is on exactly one of its pages, and nothing links to a page that does not exist."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from builder.plan import TIMELINE_PAGE
from tests.sitetools import REPO, broken_links, build, crawl


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("big") / "project"
    subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "--briefs", "40", "--seed", "3",
                    "--out", str(root)], check=True, capture_output=True)
    site = root.parent / "site"
    build(root, site)
    return site


def test_the_timeline_of_every_brief_is_split_by_year(big_site):
    briefs = [json.loads(p.read_text()) for p in sorted(big_site.glob("briefs/*/brief.json"))]
    events = {f"{b['id']}.{e['id']}" for b in briefs for e in b["events"]}
    assert len(events) > TIMELINE_PAGE
    pages = crawl(big_site)
    index = pages["timeline/index.html"]
    years = [href for tag, _, href in index.links if tag == "a" and href.rstrip("/").split("/")[-1].isdigit()]
    assert len(years) >= 2
    seen: list[str] = []
    for path, page in pages.items():
        if path.startswith("timeline/") and path != "timeline/index.html":
            seen += [i for i in page.ids if "." in i]
    assert sorted(seen) == sorted(events)  # each event once, on the page of its year or undated


def test_a_big_site_has_no_broken_link(big_site):
    assert broken_links(big_site) == []


def test_the_benchmark_corpus_checks_clean_under_strict(tmp_path):
    """bench/run.py measures `briefs check --strict` and builds of this corpus: a rule the corpus
    breaks (every prose paragraph cites, since issue 12) would stop the benchmark, not measure it."""
    root = tmp_path / "project"
    subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "--briefs", "60", "--seed", "5",
                    "--out", str(root)], check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-m", "builder.cli", "check", "--strict", str(root)],
                          capture_output=True, text=True, cwd=REPO, env={**os.environ, "CI": "1"})  # CI: no check cache
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def test_checking_a_brief_leaves_no_garbage_for_the_collector():
    """What checking a brief no longer needs is freed at once (by reference counting), not kept
    until the garbage collector's next full pass: a reference cycle per fact file (a nested
    function calling itself, holding the file's located tree) kept 1.5 million objects for 1,000
    briefs, and the full passes over them were a quarter of a build's check."""
    import gc

    from builder.check import check_brief

    folder = REPO / "briefs" / "iraq-militias-2020"
    check_brief(folder, REPO)  # the first check builds the caches that live on (schemas, ...)
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            check_brief(folder, REPO)
        left = gc.collect()
    finally:
        gc.enable()
    assert left < 50, left


def test_a_build_checks_in_parallel_with_the_same_records(tmp_path):
    from builder.check import check

    root = tmp_path / "project"
    subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "--briefs", "60", "--seed",
                    "5", "--out", str(root)], check=True, capture_output=True)
    one, two = check(root, cwd=root), check(root, cwd=root, jobs=2)
    assert len(two.site.briefs) == 60 and one.diagnostics == two.diagnostics
    for a, b in zip(one.site.briefs, two.site.briefs):
        assert a == b, a.id
    assert one.site == two.site
    assert {k: t.raw for k, t in one.texts.items()} == {k: t.raw for k, t in two.texts.items()}
