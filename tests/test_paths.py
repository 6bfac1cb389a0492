"""Paths the builder reads and ids it writes cannot be turned against the project: links out of a
brief or out of the project are refused, folders it cannot read are named (never a traceback), a
broken check cache is set aside, a brief cannot take a site path's name, and no fact id can take
an element id of the theme."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from tests.sitetools import REPO, copy_project, crawl, run_briefs
from tests.test_check_cases import CLEAN

BRIEF = "briefs/baghdad-rockets"
SECRET = "token: ghp_do-not-publish-me"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """The clean case (one brief that checks clean), to break in one way."""
    root = tmp_path / "project"
    shutil.copytree(CLEAN / "briefs", root / "briefs")
    (tmp_path / "secret.txt").write_text(SECRET + "\n")
    monkeypatch.chdir(root)
    return root


# -- links out of a brief --------------------------------------------------------------------------


def test_a_fact_file_linking_outside_its_brief_is_not_read(project, briefs):
    actors = project / BRIEF / "actors.yaml"
    outside = project.parent / "actors.yaml"
    shutil.move(actors, outside)
    actors.symlink_to(outside)
    run = briefs("check")
    assert run.exit == 1
    assert run.out == (
        f"{BRIEF}/actors.yaml:1:1: error: 'actors.yaml' links to a file outside this brief's "
        "folder [invalid-path]\n"
        "    hint: copy the file into the brief's folder instead of linking to it\n")
    assert run.err == "1 error, 0 warnings in 5 files\n"


def test_a_brief_folder_linking_outside_briefs_is_not_read(project, briefs):
    elsewhere = project.parent / "elsewhere"
    shutil.copytree(project / BRIEF, elsewhere)
    (elsewhere / "sources.yaml").write_text(f"# {SECRET}\nsources: [\n")  # broken, and secret
    (project / "briefs" / "linked-brief").symlink_to(elsewhere)
    run = briefs("check")
    assert run.exit == 1
    assert run.out == (
        "briefs/linked-brief/:1:1: error: the brief folder 'linked-brief' links to a folder "
        "outside briefs/ [invalid-path]\n"
        "    hint: move the brief into briefs/ instead of linking to it\n")
    assert SECRET not in run.out + run.err


def test_a_brief_folder_linking_to_another_brief_inside_briefs_is_read_as_a_brief(project, briefs):
    (project / "briefs" / "alias-brief").symlink_to(project / BRIEF)
    run = briefs("check")
    assert "[actor-redefined]" in run.out  # the same actors twice: read, and caught as such
    assert "[invalid-path]" not in run.out


# -- what cannot be read -----------------------------------------------------------------------


def _unprivileged(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """`briefs ARGS` as a user without root's power to read anything (nobody, when run as root)."""
    command = [sys.executable, "-m", "builder.cli", *args]
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def open_project():
    """The clean case in a folder any user may read, under /tmp (pytest's own is root's only)."""
    base = Path(tempfile.mkdtemp(prefix="briefs-perm-"))
    root = base / "project"
    shutil.copytree(CLEAN / "briefs", root / "briefs")
    for path in [base, *base.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    yield root
    for path in [base, *base.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(base)


@pytest.mark.parametrize("folder, expected", [
    (BRIEF, f"{BRIEF}/:1:1: error: cannot read the brief folder: Permission denied [unreadable-file]\n"
            "    hint: make the folder readable (and searchable) by the user running briefs\n"),
    (f"{BRIEF}/sources",
     f"{BRIEF}/sources.yaml:8:11: error: cannot read the source text 'sources/wsj-article.txt': "
     "Permission denied [missing-source-text]\n"
     "    hint: make the brief's sources/ folder readable\n"),
    ("briefs", "briefs/:1:1: error: cannot list the briefs folder: Permission denied [unreadable-file]\n"
               "    hint: make briefs/ readable (and searchable) by the user running briefs\n"),
], ids=["brief-folder", "sources-folder", "briefs-folder"])
def test_an_unreadable_folder_is_named_not_a_traceback(open_project, folder, expected):
    (open_project / folder).chmod(0)
    run = _unprivileged(["check", "--no-cache"], open_project)
    assert run.stdout == expected
    assert run.returncode == 1
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("content", ["[]", "{\"briefs\": []}", "{", "\"text\"", "{\"briefs\": {\"baghdad-rockets\": 7}}"])
def test_a_broken_check_cache_is_set_aside_and_rewritten(project, briefs, monkeypatch, content):
    monkeypatch.delenv("CI", raising=False)  # CI checks without the cache
    cache = project / ".briefs-cache" / "check.json"
    cache.parent.mkdir()
    cache.write_text(content)
    run = briefs("check")
    assert run.exit == 0 and run.out == ""
    note = ("briefs: ignored the check cache '.briefs-cache/check.json': "
            + ("cannot read it (not JSON)" if content == "{" else "it is not a check cache")
            + "; it has been written afresh\n")
    quietly = content.startswith("{\"briefs\": {")  # a cache of the right shape with a bad entry
    assert run.err == ("" if quietly else note) + "checked 5 files: no problems\n"
    assert cache.read_text().startswith("{\"builder\":")
    assert briefs("check").err == "checked 5 files: no problems\n"  # and now it is used


# -- names the site keeps for itself ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["timeline", "actors", "search", "pagefind", "404"])
def test_a_brief_cannot_take_the_name_of_a_site_path(project, briefs, name):
    (project / BRIEF).rename(project / "briefs" / name)
    run = briefs("check")
    assert run.exit == 1
    assert run.out.startswith(
        f"briefs/{name}/brief.yaml:1:1: error: the brief folder name '{name}' is reserved for the "
        f"site's own pages [reserved-id]\n"
        f"    hint: rename the folder, for example to '{name}-brief'; reserved: 404, about, actors,")


THEME_IDS = ["main", "search-input", "search-help", "filter-actor", "filter-brief", "relations",
             "quotes", "events", "what-happened", "why-it-matters", "key-actors", "in-briefs",
             "network-arrow", "updates-heading"]


def test_fact_ids_never_collide_with_the_themes_element_ids(tmp_path):
    """Event, quote and source anchors are the ids editors write (the URL contract); every id the
    theme owns holds an underscore, which no fact id can, so a fact named like a part of the
    page ("main", "filter-actor") never duplicates an element id."""
    project = copy_project(tmp_path / "project")
    brief = project / "briefs" / "iraq-militias-2020"
    events = (brief / "events.yaml").read_text()
    prose = (brief / "brief.yaml").read_text()
    for old, new in zip(re.findall(r"^  - id: (\S+)", events, re.M), THEME_IDS):
        events = events.replace(f"  - id: {old}\n", f"  - id: {new}\n")
        prose = prose.replace(f"[^{old}]", f"[^{new}]")  # the prose cites events by id
    (brief / "events.yaml").write_text(events)
    (brief / "brief.yaml").write_text(prose)
    for path in (brief / "quotes.yaml", brief / "brief.yaml", brief / "events.yaml"):
        path.write_text(path.read_text().replace("boyd-longer-response", "speaker-henry-boyd"))
    site = tmp_path / "site"
    result = run_briefs("build", "--root", str(project), "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    pages = crawl(site)
    for path, page in pages.items():
        ids = Counter(attrs["id"] for _, attrs in page.elements if "id" in attrs)
        assert [i for i, n in ids.items() if n > 1] == [], path
    timeline = pages["briefs/iraq-militias-2020/timeline/index.html"]
    main = [attrs for tag, attrs in timeline.elements if attrs.get("id") == "main"]
    assert main and all(attrs.get("class", "").startswith("event") for attrs in main)
    theme = {attrs["id"] for page in pages.values() for _, attrs in page.elements
             if "id" in attrs and "_" in attrs["id"]}
    assert {"main_content", "search_input", "filter_actor"} <= theme


# -- content/ and templates/ ----------------------------------------------------------------------


@pytest.mark.parametrize("where", ["content/leak.md", "content/guide", "templates/css/extra.css"])
def test_a_link_out_of_the_project_in_content_or_templates_stops_the_build(tmp_path, where):
    project = copy_project(tmp_path / "project")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n")
    link = project / where
    if link.is_dir():
        shutil.rmtree(link)
    link.symlink_to(secret)
    site = tmp_path / "site"
    result = run_briefs("build", "--root", str(project), "--site-dir", str(site))
    assert result.returncode == 1
    assert (f"refusing to build: these links lead outside the project, and what they point at "
            f"would be published: {where} -> {secret}; copy the files into the project instead "
            "of linking to them") in result.stderr
    assert not site.exists()
    assert SECRET not in result.stdout + result.stderr


def test_a_link_inside_the_project_in_content_is_fine(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content" / "about-again.md").symlink_to(project / "content" / "about.md")
    site = tmp_path / "site"
    result = run_briefs("build", "--root", str(project), "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert (site / "about-again" / "index.html").exists()
