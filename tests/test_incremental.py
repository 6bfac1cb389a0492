"""Incremental builds (builder/pages.py, builder/plan.py): a build with the cache of the last one
gives the same bytes as a clean build, after any edit; it renders only the pages an edit touches;
the plan's inputs name what each page shows; and the cache folder is the cache's own."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from builder.check import check
from builder.link import link
from builder.pages import MARKER, NotACache, PageCache
from builder.plan import plan
from tests.sitetools import FIXTURES, REPO, folders, run_briefs, tree


def build(root: Path, site: Path, *options: str) -> str:
    done = run_briefs("build", "--root", str(root), "--site-dir", str(site), *options,
                      env={"SOURCE_DATE_EPOCH": "1712102400"})
    assert done.returncode == 0, done.stderr
    return done.stderr


def rendered(stderr: str) -> int | None:
    found = re.search(r"\((\d+) rendered, \d+ unchanged", stderr)
    return int(found[1]) if found else None


def _sub_once(path: Path, pattern: str, replace) -> None:
    text = path.read_text("utf-8")
    new, count = re.subn(pattern, replace, text, count=1, flags=re.M)
    assert count == 1, f"{pattern!r} not in {path}"
    path.write_text(new, "utf-8")


def edit_title(root: Path, rng: random.Random) -> str:
    brief = rng.choice(sorted((root / "briefs").iterdir()))
    _sub_once(brief / "events.yaml", r'^    title: "[^"]*"', f'    title: "An edited event {rng.randrange(10**6)}"')
    return f"event title in {brief.name}"


def edit_date(root: Path, rng: random.Random) -> str:
    brief = rng.choice(sorted((root / "briefs").iterdir()))
    # one day earlier: still before the sources that report it
    def earlier(m: re.Match) -> str:
        day = int(m[2])
        return f'{m[1]}{day - 1:02d}' if day > 1 else m[0]
    _sub_once(brief / "events.yaml", r'(value: "\d{4}-\d{2}-)(\d{2})', earlier)
    return f"event date in {brief.name}"


def rename_actor(root: Path, rng: random.Random) -> str:
    brief = rng.choice([b for b in sorted((root / "briefs").iterdir())
                        if re.search(r'^    name: "', (b / "actors.yaml").read_text(), re.M)])
    _sub_once(brief / "actors.yaml", r'^    name: "([^"]*)"', r'    name: "\1 Renamed"')
    return f"actor name in {brief.name}"


def add_brief(root: Path, rng: random.Random) -> str:
    name = f"added-brief-{rng.randrange(10**6)}"
    done = run_briefs("new", name, "--root", str(root))
    assert done.returncode == 0, done.stderr
    return f"brief {name} added"


def delete_brief(root: Path, rng: random.Random) -> str:
    added = sorted((root / "briefs").glob("added-brief-*"))
    if not added:
        return add_brief(root, rng)
    import shutil
    shutil.rmtree(added[0])
    return f"brief {added[0].name} deleted"


def edit_template(root: Path, rng: random.Random) -> str:
    path = root / "templates" / "pages" / "brief.html"
    path.write_text(path.read_text("utf-8") + f"<!-- edited {rng.randrange(10**6)} -->\n", "utf-8")
    return "template edited"


def edit_config(root: Path, rng: random.Random) -> str:
    _sub_once(root / "mkdocs.yml", r"^site_name: .*$", f"site_name: Briefs {rng.randrange(10**6)}")
    return "mkdocs.yml edited"


EDITS = (edit_title, edit_date, rename_actor, add_brief, delete_brief, edit_template, edit_config)
FACT_EDITS = (edit_title, edit_date, rename_actor)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("incremental") / "project"
    subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "--briefs", "12", "--seed", "7",
                    "--out", str(root)], check=True, capture_output=True)
    return root


@pytest.mark.parametrize("seed", [1, 2])
def test_an_incremental_build_equals_a_clean_build_after_every_edit(corpus, tmp_path, seed):
    import shutil
    root = tmp_path / "project"
    shutil.copytree(corpus, root)
    cache = tmp_path / "cache"
    rng = random.Random(seed)
    build(root, tmp_path / "incremental", "--cache-dir", str(cache))
    steps = [rng.choice(EDITS) for _ in range(5)] + [rng.choice(FACT_EDITS)]
    for step in steps:
        what = step(root, rng)
        assert check(root).diagnostics == () or not [
            d for d in check(root).diagnostics if d.severity == "error"], what
        said = build(root, tmp_path / "incremental", "--cache-dir", str(cache))
        for name in ("clean", ".clean.spare"):  # a build into an empty folder, from nothing
            shutil.rmtree(tmp_path / name, ignore_errors=True)
        build(root, tmp_path / "clean", "--no-cache")
        incremental = tree(tmp_path / "incremental", None)
        clean = tree(tmp_path / "clean", None)
        assert sorted(incremental) == sorted(clean), what
        assert folders(tmp_path / "incremental") == folders(tmp_path / "clean"), what
        differ = [name for name in clean if incremental[name] != clean[name]]
        assert not differ, f"after the {what}: {differ[:5]}"
        if step in FACT_EDITS:  # a fact edit renders a part of the site, not all of it
            pages = len([n for n in clean if n.endswith("index.html")])
            assert rendered(said) is not None and rendered(said) < pages / 2, (what, said)


def test_a_build_with_nothing_changed_renders_nothing(corpus, tmp_path):
    cache = tmp_path / "cache"
    build(corpus, tmp_path / "one", "--cache-dir", str(cache))
    said = build(corpus, tmp_path / "two", "--cache-dir", str(cache))
    assert rendered(said) == 0, said
    assert tree(tmp_path / "one", None) == tree(tmp_path / "two", None)


def test_plain_mkdocs_build_with_a_cache_dir_checks_and_renders_only_what_an_edit_changed(corpus,
                                                                                        tmp_path):
    """The plugin's cache_dir setting gives `mkdocs build` the build cache of `briefs build`:
    the check of every unchanged brief and every unchanged page come from it, and the site is the
    same bytes as a clean build's."""
    import shutil

    from builder.cache import RECORDS_MANIFEST
    root = tmp_path / "project"
    shutil.copytree(corpus, root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - briefs\n", "  - briefs:\n      cache_dir: cache\n"))

    def mkdocs_build(site: Path) -> None:
        done = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-d", str(site)],
                              cwd=root, capture_output=True, text=True,
                              env={"SOURCE_DATE_EPOCH": "1712102400", "PATH": "/usr/bin:/bin"})
        assert done.returncode == 0, done.stderr

    mkdocs_build(tmp_path / "first")
    manifest = (root / "cache" / RECORDS_MANIFEST).read_text()
    edit_title(root, random.Random(3))
    mkdocs_build(tmp_path / "second")
    after = (root / "cache" / RECORDS_MANIFEST).read_text()
    assert manifest != after and len(json.loads(after)["briefs"]) == 12
    build(root, tmp_path / "clean", "--no-cache")
    assert tree(tmp_path / "second", None) == tree(tmp_path / "clean", None)


def test_the_plan_names_what_each_page_shows():
    result = check(FIXTURES / "shared-facts")
    jobs = {job.url: job for job in plan(link(result.site), "UTC")}
    for url in ("", "briefs/", "actors/", "timeline/", "places/"):
        assert jobs[url].inputs is None  # a page of the whole site: every unit
    # the inquiry reuses the fire, defined in dock-fire: its pages show dock-fire's files too
    inquiry = jobs["briefs/fire-inquiry/timeline/"].inputs
    assert {"fire-inquiry/", "dock-fire/"} <= inquiry
    # a profile shows every brief its actor is in, and the file that defines the actor
    guard = jobs["actors/harbour-guard/"].inputs
    defined_in = link(result.site).actors["harbour-guard"].defined_in
    assert f"{defined_in}/actors.yaml" in guard
    assert {"dock-fire/", "fire-inquiry/"} <= guard
    assert not [url for url in jobs if "port-official" in url]  # unnamed: no profile, no job


def test_a_folder_that_no_build_made_is_never_used_as_the_cache(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("an editor's notes")
    with pytest.raises(NotACache):
        PageCache(folder)
    assert (folder / "mine.txt").read_text() == "an editor's notes"
    fresh = PageCache(tmp_path / "cache")
    assert (tmp_path / "cache" / MARKER).is_file() and fresh.manifest == {}


@pytest.mark.parametrize("where", ["briefs", "content", "site"])
def test_briefs_build_refuses_a_cache_in_the_project_s_own_folders(corpus, tmp_path, where):
    import shutil
    root = tmp_path / "project"
    shutil.copytree(corpus, root)
    before = {p: p.read_bytes() for p in (root / "briefs").rglob("*") if p.is_file()}
    target = tmp_path / "site" if where == "site" else root / where
    done = run_briefs("build", "--root", str(root), "--site-dir", str(tmp_path / "site"),
                      "--cache-dir", str(target))
    assert done.returncode == 2 and "refusing to use" in done.stderr, done.stderr
    assert {p: p.read_bytes() for p in (root / "briefs").rglob("*") if p.is_file()} == before


def _preview_build(project: Path, site: Path):
    """A live preview's first build (MkDocs with the plugin, drafts shown); returns the config."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.site_dir = str(site)
    config.plugins["briefs"].serving = True
    mkdocs_build(config)
    return config


def test_a_preview_round_renders_what_an_edit_touches_and_leaves_the_rest(tmp_path, monkeypatch):
    from tests.sitetools import small_project

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1712102400")
    project = small_project(tmp_path / "project")
    site = tmp_path / "site"
    config = _preview_build(project, site)
    plugin = config.plugins["briefs"]
    untouched = site / "briefs" / "beta-talks" / "quotes" / "index.html"
    before = untouched.stat()
    events = project / "briefs" / "alpha-crisis" / "events.yaml"
    events.write_text(events.read_text().replace("title: Repairs begin", "title: Repairs start"))
    seen = []
    rendered = plugin.update(check(project), first=["briefs/alpha-crisis/timeline/"],
                             shown=seen.append)
    assert seen == [["briefs/alpha-crisis/timeline/"]]  # the open page, before any other
    assert rendered[0] == "briefs/alpha-crisis/timeline/" and "briefs/beta-talks/quotes/" not in rendered
    assert "Repairs start" in (site / "briefs" / "alpha-crisis" / "timeline" / "index.html").read_text()
    after = untouched.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not rewritten
    assert not [url for url in rendered if url.startswith("briefs/beta-talks/")]  # it shares only a name
    clean = tmp_path / "clean"
    _preview_build(project, clean)
    ours = {k: v for k, v in tree(site, None).items() if not k.startswith("pagefind/")}
    theirs = {k: v for k, v in tree(clean, None).items() if not k.startswith("pagefind/")}
    assert sorted(ours) == sorted(theirs)
    assert [k for k in theirs if ours[k] != theirs[k]] == []


def test_a_broken_edit_changes_no_page_of_a_preview(tmp_path, monkeypatch):
    from tests.sitetools import small_project

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1712102400")
    project = small_project(tmp_path / "project")
    site = tmp_path / "site"
    plugin = _preview_build(project, site).plugins["briefs"]
    before = tree(site, None)
    events = project / "briefs" / "alpha-crisis" / "events.yaml"
    events.write_text(events.read_text().replace("title: Repairs begin", "title: [unclosed"))
    assert plugin.update(check(project)) == [] and plugin.problems
    assert tree(site, None) == before


def test_a_page_rewritten_in_place_after_a_build_does_not_poison_the_cache(corpus, tmp_path):
    cache = tmp_path / "cache"
    build(corpus, tmp_path / "first", "--cache-dir", str(cache))
    build(corpus, tmp_path / "site", "--cache-dir", str(cache))  # its pages are the cache's files
    page = next((tmp_path / "site" / "briefs").glob("*/quotes/index.html"))
    assert page.stat().st_nlink == 2
    good = page.read_bytes()
    with open(page, "r+b") as f:  # in place, through the link to the cache entry
        f.write(b"<!-- rewritten by some other tool -->")
    said = build(corpus, tmp_path / "again", "--cache-dir", str(cache))
    assert rendered(said) == 1, said
    assert (tmp_path / "again" / page.relative_to(tmp_path / "site")).read_bytes() == good


def test_a_preview_s_unit_digests_look_only_at_the_touched_folders(tmp_path):
    """With TOUCHED and the last round's units, unit_digests reads the touched folders again and
    keeps every other folder's units as they were: the same units as reading every folder."""
    from builder.pages import unit_digests

    briefs = tmp_path / "briefs"
    for name in ("alpha", "beta", "gamma"):
        (briefs / name / "sources").mkdir(parents=True)
        for file in ("brief.yaml", "actors.yaml", "events.yaml"):
            (briefs / name / file).write_text(f"{name} {file}\n", "utf-8")
        (briefs / name / "sources" / "a.txt").write_text(name, "utf-8")
    known = unit_digests(briefs, {})
    assert sorted(known) == [f"{n}/{f}" for n in ("alpha", "beta", "gamma")
                             for f in ("", "actors.yaml", "brief.yaml")]
    (briefs / "beta" / "actors.yaml").write_text("beta edited\n", "utf-8")
    (briefs / "gamma" / "events.yaml").write_text("gamma edited, not said to be touched\n", "utf-8")
    fresh = unit_digests(briefs, {})
    assert sorted(k for k in known if fresh[k] != known[k]) == ["beta/", "beta/actors.yaml", "gamma/"]
    # beta read again; gamma, not said to be touched, as KNOWN said
    assert unit_digests(briefs, {}, touched={"beta"}, known=known) == {**fresh, "gamma/": known["gamma/"]}


def test_a_build_reads_again_only_the_fact_files_changed_since_the_last_build(tmp_path):
    """The file digests by stamp are kept in the build cache (pages.save_digests): the next build
    takes an unchanged file's digest from there, and reads a changed or new file. A stamp is
    size, mtime, ctime and inode: a file replaced by another (an editor's save, a checkout) is
    read, and so is one edited in place to the same length with its mtime set back."""
    import os
    from builder.pages import DIGEST_MEMO, load_digests, save_digests, unit_digests

    briefs = tmp_path / "briefs"
    for name in ("alpha", "beta"):
        (briefs / name / "sources").mkdir(parents=True)
        for file in ("brief.yaml", "events.yaml", "sources/a.txt"):
            (briefs / name / file).write_text(f"{name} {file}\n", "utf-8")
    cache, memo = PageCache(tmp_path / "cache"), {}
    units = unit_digests(briefs, memo)
    save_digests(cache, memo, units, briefs)
    kept = json.loads((cache.folder / DIGEST_MEMO).read_text("utf-8"))["files"]
    assert sorted(kept) == sorted(str(p) for p in briefs.rglob("*") if p.is_file())
    # poisoned: a digest the next build can only have from the memo
    kept[str(briefs / "alpha" / "events.yaml")][4] = "from the memo"
    kept[str(briefs / "beta" / "events.yaml")][4] = "from the memo"
    (cache.folder / DIGEST_MEMO).write_text(json.dumps({"files": kept}), "utf-8")
    edited = briefs / "beta" / "events.yaml"
    edited.write_text("beta edited\n", "utf-8")
    os.utime(edited, ns=(0, 0))
    (briefs / "alpha" / "sources" / "b.txt").write_text("new\n", "utf-8")
    loaded: dict = {}
    load_digests(cache, loaded)
    again = unit_digests(briefs, loaded)
    fresh = unit_digests(briefs, {})
    assert again["beta/"] == fresh["beta/"]  # read again: its stamp changed
    assert again["alpha/"] != fresh["alpha/"]  # alpha's events.yaml taken from the memo
    (briefs / "alpha" / "events.yaml").write_text("alpha events.yaml\n", "utf-8")  # a new mtime
    assert unit_digests(briefs, loaded)["alpha/"] == unit_digests(briefs, {})["alpha/"]
    same = briefs / "alpha" / "brief.yaml"  # in place, as long, its mtime set back
    before = same.stat()
    with open(same, "r+b") as fh:
        fh.write(b"ALPHA")
    os.utime(same, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (same.stat().st_size, same.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert unit_digests(briefs, loaded)["alpha/brief.yaml"] == unit_digests(briefs, {})[
        "alpha/brief.yaml"]
    for junk in ("not json", "[]", '{"files": {"x": [1, 2]}}', '{"files": {"x": ["a", 2, 3, "d"]}}'):
        (cache.folder / DIGEST_MEMO).write_text(junk, "utf-8")
        loaded = {}
        load_digests(cache, loaded)
        assert loaded == {}, junk


def test_a_preview_round_writes_the_sitemap_only_when_its_pages_change(tmp_path, monkeypatch):
    from tests.sitetools import small_project

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1712102400")
    project = small_project(tmp_path / "project")
    site = tmp_path / "site"
    plugin = _preview_build(project, site).plugins["briefs"]
    sitemap = site / "sitemap.xml"
    before = sitemap.stat()
    events = project / "briefs" / "alpha-crisis" / "events.yaml"
    events.write_text(events.read_text().replace("title: Repairs begin", "title: Repairs start"))
    assert plugin.update(check(project))
    after = sitemap.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    brief = project / "briefs" / "alpha-crisis" / "brief.yaml"  # a page's last update moves
    brief.write_text(brief.read_text().replace('updated: "2024-03-14"', 'updated: "2024-03-15"'))
    assert plugin.update(check(project))
    assert "<lastmod>2024-03-15</lastmod>" in sitemap.read_text()
    clean = tmp_path / "clean"
    _preview_build(project, clean)
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        assert (site / name).read_bytes() == (clean / name).read_bytes(), name


def test_a_preview_round_shows_the_open_page_before_it_plans_the_others(tmp_path, monkeypatch):
    """The page open in the browser is rendered from the new facts and shown before the round
    plans every page and digests their inputs (at 1,000 briefs that is 0.4 s of waiting); what
    the round leaves is still what a clean build writes."""
    import builder.render
    from tests.sitetools import small_project

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1712102400")
    project = small_project(tmp_path / "project")
    site = tmp_path / "site"
    plugin = _preview_build(project, site).plugins["briefs"]
    steps = []
    real_plan = builder.render.Renderer.plan
    monkeypatch.setattr(builder.render.Renderer, "plan",
                        lambda *a: steps.append("plan") or real_plan(*a))
    page = site / "briefs" / "alpha-crisis" / "timeline" / "index.html"

    def shown(urls):
        steps.append(("shown", urls, "Repairs start" in page.read_text()))

    events = project / "briefs" / "alpha-crisis" / "events.yaml"
    events.write_text(events.read_text().replace("title: Repairs begin", "title: Repairs start"))
    rendered = plugin.update(check(project), first=["briefs/alpha-crisis/timeline/"], shown=shown,
                             touched={"alpha-crisis"})
    assert steps == [("shown", ["briefs/alpha-crisis/timeline/"], True), "plan"]
    assert rendered[0] == "briefs/alpha-crisis/timeline/"
    assert rendered.count("briefs/alpha-crisis/timeline/") == 1  # not rendered again after the plan
    clean = tmp_path / "clean"
    _preview_build(project, clean)
    ours = {k: v for k, v in tree(site, None).items() if not k.startswith("pagefind/")}
    theirs = {k: v for k, v in tree(clean, None).items() if not k.startswith("pagefind/")}
    assert [k for k in sorted(set(ours) | set(theirs)) if ours.get(k) != theirs.get(k)] == []


def test_an_open_page_the_edit_does_not_touch_is_not_rendered_nor_reloaded(tmp_path, monkeypatch):
    from tests.sitetools import small_project

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1712102400")
    project = small_project(tmp_path / "project")
    site = tmp_path / "site"
    plugin = _preview_build(project, site).plugins["briefs"]
    open_page = site / "briefs" / "beta-talks" / "quotes" / "index.html"
    before = open_page.stat()
    events = project / "briefs" / "alpha-crisis" / "events.yaml"
    events.write_text(events.read_text().replace("title: Repairs begin", "title: Repairs start"))
    from builder.render import Renderer

    made = []
    real_page_of = Renderer.page_of
    monkeypatch.setattr(Renderer, "page_of", lambda self, linked, job: made.append(job.url)
                        or real_page_of(self, linked, job))
    seen = []
    rendered = plugin.update(check(project), first=["briefs/beta-talks/quotes/"], shown=seen.append,
                             touched={"alpha-crisis"})
    assert "briefs/alpha-crisis/timeline/" in rendered and "briefs/beta-talks/quotes/" not in rendered
    assert "briefs/beta-talks/quotes/" not in made  # its inputs name no touched brief
    assert [urls for urls in seen if urls] == []  # nothing to reload in that browser
    after = open_page.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_preview_s_link_memo_makes_again_only_the_links_of_briefs_an_edit_changed(tmp_path):
    """link(site, memo) is link(site); between two rounds, a brief the edit did not change keeps
    its links, unless an actor it names was renamed in another brief."""
    from builder.link import link
    from builder.serve import Facts
    from tests.sitetools import small_project

    project = small_project(tmp_path / "project")
    facts = Facts(project, project)
    memo: dict = {}
    site = facts.refresh().site
    assert link(site, memo) == link(site)
    before = {brief: entry[3] for brief, entry in memo.items()}
    assert sorted(before) == ["alpha-crisis", "beta-talks"]

    events = project / "briefs" / "alpha-crisis" / "events.yaml"
    events.write_text(events.read_text().replace("title: Repairs begin", "title: Repairs start"))
    site = facts.refresh({"alpha-crisis"}).site
    assert link(site, memo) == link(site)
    assert memo["beta-talks"][3] is before["beta-talks"]  # not made again
    assert memo["alpha-crisis"][3] is not before["alpha-crisis"]
    assert "Repairs start" in {use.label for _, use in memo["alpha-crisis"][3].uses}

    before = {brief: entry[3] for brief, entry in memo.items()}
    actors = project / "briefs" / "alpha-crisis" / "actors.yaml"  # a name beta-talks shows too
    actors.write_text(actors.read_text().replace("name: Ana Ruiz", "name: Ana Maria Ruiz"))
    site = facts.refresh({"alpha-crisis"}).site
    linked = link(site, memo)
    assert linked == link(site)
    assert memo["beta-talks"][3] is not before["beta-talks"]
    assert any(u.label.startswith("Ana Maria Ruiz: ") for (brief, _), told in linked.uses.items()
               if brief == "beta-talks" for u in told)  # the quote's label, with the new name


def test_a_preview_refreshes_the_search_index_of_the_edited_brief_s_shards_alone(tmp_path,
                                                                               monkeypatch):
    """Under a live preview the index's shards are kept in a private folder (the plugin's
    search_cache), so that refreshing the index after an edit indexes the edited brief's shard
    and merges it with the others, the same bytes as a whole index of the new facts."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from builder import search
    from tests.sitetools import small_project, tree

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1712102400")
    monkeypatch.setattr(search, "RECORDS_PER_SHARD", 1)
    monkeypatch.setattr(search, "SHARDS", 8)
    project = small_project(tmp_path / "project")
    site = tmp_path / "site"
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.site_dir = str(site)
    plugin = config.plugins["briefs"]
    plugin.serving = True
    plugin.search_cache = tmp_path / "search-cache"
    mkdocs_build(config)
    first = plugin.search_report
    assert len(first.shards) >= 3 and not first.reused  # of the 8, those that hold records
    events = project / "briefs" / "alpha-crisis" / "events.yaml"
    events.write_text(events.read_text().replace("title: Repairs begin", "title: Repairs start"))
    plugin.update(check(project))
    plugin.update_search()
    report = plugin.search_report
    brief = search.shard_of("briefs/alpha-crisis/", 8)
    assert [s.number for s in report.indexed] == [brief]
    assert len(report.reused) == len(first.shards) - 1
    clean = tmp_path / "clean"
    clean.mkdir()
    search.build_index(clean, plugin.records, plugin.hand_written)
    assert tree(site / "pagefind") == tree(clean / "pagefind")


def test_the_cache_keeps_the_markdown_conversions_of_the_search_records(corpus, tmp_path):
    """The search index is made in a forked process, whose Markdown conversions (every summary,
    for the records) would die with it: the build keeps them in the cache's memo, or the next
    build converts every summary again (5.7 s at 1,000 briefs instead of 0.8 s)."""
    import hashlib

    from builder.pages import HTML_MEMO
    cache = tmp_path / "cache"
    build(corpus, tmp_path / "site", "--cache-dir", str(cache))
    memo = json.loads((cache / HTML_MEMO).read_text("utf-8"))["html"]
    site = check(corpus).site
    from builder import citations
    # as the records convert them: without their citation marks
    texts = [citations.strip(t) for b in site.briefs
             for t in (b.summary, b.why_it_matters, *(e.summary for e in b.events)) if t]
    assert texts and all(hashlib.sha256(t.encode("utf-8")).hexdigest() in memo for t in texts)


def test_a_rebuild_takes_the_events_of_unchanged_briefs_from_the_cache(corpus, tmp_path,
                                                                        monkeypatch):
    """Each brief's events' fragments are kept under the digest of its timeline page
    (pages.Stored): after a one-brief edit, the pages re-rendered show the other briefs'
    events from there, and the site is still the one a clean build makes."""
    import shutil

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from builder import fragments

    root = tmp_path / "project"
    shutil.copytree(corpus, root)
    cache = tmp_path / "cache"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1712102400")  # as build() runs the CLI

    def in_process(site: Path) -> None:
        config = load_config(config_file=str(root / "mkdocs.yml"))
        config.site_dir = str(site)
        config.plugins["briefs"].cache_dir = cache
        config.plugins["briefs"].workers = 1  # rendered here, where the calls are counted
        mkdocs_build(config)

    in_process(tmp_path / "first")
    briefs = check(root).site.briefs
    kept = sorted(p.name for p in (cache / "events").iterdir())
    assert len(kept) == len(briefs)  # one file a brief
    taken = []
    real = fragments.retokened
    monkeypatch.setattr(fragments, "retokened", lambda html, marks: taken.append(html) or real(html, marks))
    edit_title(root, random.Random(3))
    in_process(tmp_path / "second")
    assert taken, "no event came from the cache"
    assert len(sorted(p.name for p in (cache / "events").iterdir())) == len(briefs)  # pruned
    assert sorted((cache / "events").iterdir()) != kept
    build(root, tmp_path / "clean", "--no-cache")
    assert tree(tmp_path / "second", None) == tree(tmp_path / "clean", None)


def test_stored_fragments_are_a_miss_when_unreadable_and_their_marks_are_drawn_again(tmp_path):
    from builder import fragments
    from builder.pages import Stored

    digests = {"alpha": "a" * 64, "beta": None}
    stored = Stored(tmp_path / "events", digests.get)
    marks = fragments.Marks()
    body = f"<p>one{marks()}{marks()}</p>".replace("\x041\x05", "\x041\x05\x041\x05")
    stored.keep("alpha", {"e1": body})
    stored.keep("beta", {"e1": body})  # no timeline page: nowhere to keep it
    assert [p.name for p in (tmp_path / "events").iterdir()] == ["a" * 64 + ".json"]
    again = Stored(tmp_path / "events", digests.get)
    found = again.get("alpha", "e1")
    assert found == body and again.get("alpha", "e2") is None and again.get("beta", "e1") is None
    later = fragments.Marks()
    for _ in range(5):
        later()
    drawn = fragments.retokened(found, later)
    assert drawn == "<p>one\x046\x05\x046\x05\x047\x05</p>"  # the same marks, new tokens
    assert fragments.finish("x/", drawn) == "<p>one112</p>"
    (tmp_path / "events" / ("a" * 64 + ".json")).write_text("not json", "utf-8")
    assert Stored(tmp_path / "events", digests.get).get("alpha", "e1") is None
    (tmp_path / "events" / "old.json").write_text("{}", "utf-8")
    again.prune({"a" * 64})
    assert [p.name for p in (tmp_path / "events").iterdir()] == ["a" * 64 + ".json"]


def test_compiled_templates_are_kept_in_the_cache_and_a_damaged_one_is_compiled_again(corpus,
                                                                                      tmp_path):
    import shutil
    root = tmp_path / "project"
    shutil.copytree(corpus, root)
    cache = tmp_path / "cache"
    build(root, tmp_path / "site", "--cache-dir", str(cache))
    kept = {folder.name.rsplit("-", 1)[0]: sorted(folder.iterdir())
            for folder in cache.glob("jinja-*")}
    templates = len(list((root / "templates" / "pages").glob("*.html")))
    assert sorted(kept) == ["jinja-pages", "jinja-theme"]
    assert len(kept["jinja-pages"]) == templates and kept["jinja-theme"], kept
    for entry in kept["jinja-pages"] + kept["jinja-theme"]:
        entry.write_bytes(b"damaged")
    edit_template(root, random.Random(3))  # every page is rendered again, from damaged entries
    build(root, tmp_path / "site", "--cache-dir", str(cache))
    build(root, tmp_path / "clean", "--no-cache")
    assert tree(tmp_path / "site", None) == tree(tmp_path / "clean", None)
    assert all(entry.read_bytes() != b"damaged" for entry in kept["jinja-pages"])


def test_compiled_templates_of_other_options_are_not_used_and_are_removed(tmp_path):
    import jinja2
    from builder.pages import keep_compiled
    cache = PageCache(tmp_path / "cache")
    loader = jinja2.DictLoader({"a.html": "{% if x %}\n  {{ x }}\n{% endif %}\n"})
    env = jinja2.Environment(loader=loader, autoescape=True)
    keep_compiled(env, cache, "pages")
    assert env.get_template("a.html").render(x="<b>") == "\n  &lt;b&gt;\n"
    (first,) = cache.folder.glob("jinja-pages-*")
    trimmed = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True,
                                 lstrip_blocks=True)
    keep_compiled(trimmed, cache, "pages")
    assert trimmed.get_template("a.html").render(x="<b>") == "  &lt;b&gt;\n"
    assert not first.exists() and len(list(cache.folder.glob("jinja-pages-*"))) == 1
    chosen = jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape())
    keep_compiled(chosen, cache, "theme")  # escaping chosen per template: not kept
    assert chosen.bytecode_cache is None
    keep_compiled(env, None, "pages")  # no cache, nothing
