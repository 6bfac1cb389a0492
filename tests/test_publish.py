"""Issue 9, "the build cannot be turned against its own repository": where `briefs build` (and
plain `mkdocs build`) may write, the marker, the clamped epoch, the site folder's lock, the atomic
swap under kills, and unwritable folders. Each test runs the real command on a small project (the
two-briefs fixture with its own templates/ and .git) and compares file trees before and after."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from builder import publish
from tests.sitetools import REPO, folders, run_briefs, search_records, small_project, tree

ADVICE = "Choose another site folder (--site-dir, or site_dir in mkdocs.yml)"


@pytest.fixture
def project(tmp_path) -> Path:
    return small_project(tmp_path / "project")


def refused(target: Path, why: str, advice: str = ADVICE) -> str:
    return f"briefs: error: refusing to build the site into {target}: {why}; nothing was changed. {advice}\n"


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def complete(site: Path) -> bool:
    return (site / "index.html").is_file() and (site / publish.MARKER).is_file()


# -- finding 1: a site folder that is part of the project, a file, or someone else's folder ---------

PROJECT_FOLDERS = [
    (".", "it is the project root"),
    ("..", "it holds the project root {project}"),
    ("briefs", "it is briefs/ (the fact files)"),
    ("briefs/alpha-crisis", "it is inside briefs/ (the fact files)"),
    ("briefs/alpha-crisis/sources", "it is inside briefs/ (the fact files)"),
    ("content", "it is content/ (docs_dir, the hand-written pages)"),
    ("templates", "it is templates/ (the theme)"),
    ("templates/pages", "it is inside templates/ (the theme)"),
    (".git", "it is .git (the repository)"),
    (".git/objects", "it is inside .git (the repository)"),
    ("link-to-briefs", "it is briefs/ (the fact files)"),  # a symlink, resolved before the check
]


@pytest.mark.parametrize("site_dir, why", PROJECT_FOLDERS)
def test_build_refuses_a_site_dir_that_is_part_of_the_project(briefs, project, monkeypatch, site_dir, why):
    (project / "link-to-briefs").symlink_to("briefs")
    monkeypatch.chdir(project)
    before = tree(project.parent)
    run = briefs("build", "--site-dir", site_dir)
    assert (run.exit, run.err) == (2, refused((project / site_dir).resolve(), why.format(project=project)))
    assert tree(project.parent) == before


def test_build_refuses_a_file_and_a_folder_that_no_build_made(briefs, project):
    (project / "notes.txt").write_text("my notes\n")
    (project / "mine").mkdir()
    (project / "mine" / "a.txt").write_text("keep me\n")
    (project / "mine" / "index.html").write_text("<p>not a site</p>\n")  # one of the three is not enough
    before = tree(project)
    run = briefs("build", "--root", str(project), "--site-dir", str(project / "notes.txt"))
    assert (run.exit, run.err) == (2, refused(project / "notes.txt", "it is a file, not a folder"))
    run = briefs("build", "--root", str(project), "--site-dir", str(project / "mine"))
    assert (run.exit, run.err) == (2, refused(
        project / "mine", "it holds files that no build made (it has no .briefs-site marker, nor "
        "the index.html, sitemap.xml and 404.html of a site)",
        "Empty it, or choose another site folder (--site-dir, or site_dir in mkdocs.yml)"))
    assert tree(project) == before
    assert names(project) == [".git", "briefs", "content", "mine", "mkdocs.yml", "notes.txt", "templates"]


def test_site_dir_briefs_in_mkdocs_yml_is_refused_by_briefs_build_and_by_mkdocs_build(briefs, project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "site_dir: briefs\n")
    before = tree(project)
    run = briefs("build", "--root", str(project))  # what `make site` runs
    assert (run.exit, run.err) == (2, refused(project / "briefs", "it is briefs/ (the fact files)"))
    assert tree(project) == before
    mkdocs = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "-q"], cwd=project,
                            capture_output=True, text=True, timeout=120)
    assert mkdocs.returncode == 1
    assert (f"refusing to build the site into {project / 'briefs'}: it is briefs/ (the fact files); "
            "nothing was changed.") in mkdocs.stderr
    assert tree(project) == before


def test_every_build_marks_its_site_and_replaces_a_marked_or_older_site(briefs, project, tmp_path):
    site = tmp_path / "site"
    assert briefs("build", "--root", str(project), "--site-dir", str(site)).exit == 0
    assert (site / publish.MARKER).read_text() == publish.MARKER_TEXT
    assert ".briefs-site" not in (site / "sitemap.xml").read_text()  # a marker, not a page
    assert all(".briefs-site" not in json.dumps(r) for r in search_records(site))
    (site / "stale.html").write_text("from the last build")
    assert briefs("build", "--root", str(project), "--site-dir", str(site)).exit == 0
    assert not (site / "stale.html").exists()
    (site / publish.MARKER).unlink()  # a site built before the marker existed
    assert briefs("build", "--root", str(project), "--site-dir", str(site)).exit == 0
    assert complete(site)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert briefs("build", "--root", str(project), "--site-dir", str(empty)).exit == 0
    assert complete(empty)


# -- finding 4: any date the checker accepts builds; the epoch is clamped ---------------------------

def gzip_mtime(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[4:8], "little")


# MkDocs stamps the gzip header with the start of the day of SOURCE_DATE_EPOCH: 4294944000 is
# 2106-02-07T00:00:00Z, the day of the largest epoch (4294967295), 315532800 is 1980-01-01.
@pytest.mark.parametrize("year, env, epoch, note", [
    ("2206", {}, 4294944000,  # 2206-03-14, one typo away from 2006
     "the newest brief's last update (7453641600) is outside 1980-01-01..2106-02-07; "
     "SOURCE_DATE_EPOCH=4294967295 is used"),
    ("1924", {}, 315532800, "the newest brief's last update (-1445385600) is outside "
     "1980-01-01..2106-02-07; SOURCE_DATE_EPOCH=315532800 is used"),
    ("0100", {}, 315532800, "the newest brief's last update (-59005238400) is outside "
     "1980-01-01..2106-02-07; SOURCE_DATE_EPOCH=315532800 is used"),  # the checker's first year
    ("9000", {}, 4294944000, "the newest brief's last update (221851612800) is outside "
     "1980-01-01..2106-02-07; SOURCE_DATE_EPOCH=4294967295 is used"),  # and its last
    ("2024", {"SOURCE_DATE_EPOCH": "99999999999"}, 4294944000, "SOURCE_DATE_EPOCH (99999999999) is "
     "outside 1980-01-01..2106-02-07; SOURCE_DATE_EPOCH=4294967295 is used"),
])
def test_a_date_that_check_accepts_builds_with_the_epoch_clamped(briefs, project, tmp_path, monkeypatch,
                                                                  year, env, epoch, note):
    shutil.rmtree(project / "briefs" / "beta-talks")  # alpha-crisis is then the newest brief
    brief = project / "briefs" / "alpha-crisis" / "brief.yaml"
    brief.write_text(brief.read_text().replace('"2024-03-1', f'"{year}-03-1'))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert briefs("check", str(project)).exit == 0
    run = briefs("build", "--root", str(project), "--site-dir", str(tmp_path / "site"))
    assert run.exit == 0, run.err
    assert f"briefs build: note: {note}\n" in run.err
    assert gzip_mtime(tmp_path / "site" / "sitemap.xml.gz") == epoch
    assert gzip.decompress((tmp_path / "site" / "sitemap.xml.gz").read_bytes()) == \
        (tmp_path / "site" / "sitemap.xml").read_bytes()


def test_a_malformed_source_date_epoch_is_a_usage_error(briefs, project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    run = briefs("build", "--root", str(project), "--site-dir", str(tmp_path / "site"))
    assert run.exit == 2
    assert run.err.endswith("briefs: error: SOURCE_DATE_EPOCH must be a whole number of seconds since "
                            "1970-01-01 (as `date +%s` prints it), not 'soon'\n")
    assert names(tmp_path) == [".site.lock", "project"]


# -- finding 7: kills, the swap, the leftovers, the site folder's lock ------------------------------

def build_env(step: str | None = None) -> dict:
    return {"BRIEFS_TEST_KILL_AT": step} if step else {}


def run_build(project: Path, site: Path, step: str | None = None) -> subprocess.CompletedProcess:
    return run_briefs("build", "--root", str(project), "--site-dir", str(site), env=build_env(step),
                      timeout=120)


def two_versions(project: Path, tmp_path: Path) -> tuple[dict, dict]:
    """The site as built now (at tmp_path/site), and as it is after an edit (built aside)."""
    assert run_build(project, tmp_path / "site").returncode == 0
    old = tree(tmp_path / "site")
    brief = project / "briefs" / "alpha-crisis" / "brief.yaml"
    brief.write_text(brief.read_text().replace("The harbour closure", "The harbour closure, revised"))
    assert run_build(project, tmp_path / "ref").returncode == 0
    new = tree(tmp_path / "ref")
    shutil.rmtree(tmp_path / "ref")
    (tmp_path / ".ref.lock").unlink()
    assert old != new
    return old, new


def test_a_build_killed_at_each_step_leaves_a_complete_site_and_the_next_build_cleans_up(project, tmp_path):
    site = tmp_path / "site"
    old, new = two_versions(project, tmp_path)
    left = set()
    for step, expected in [("locked", old), ("built", old), ("swapped", new), ("cleaned", new)]:
        result = run_build(project, site, step)
        assert result.returncode == -signal.SIGKILL, (step, result.stderr)
        assert tree(site) == expected, step  # the old site or the new one, complete
        left |= {n for n in names(tmp_path) if ".building-" in n or ".old-" in n}
    assert len(left) == 2  # the kills at built and swapped left a full copy each
    assert run_build(project, site).returncode == 0
    assert names(tmp_path) == [".site.lock", ".site.spare", "project", "site"]
    assert tree(site) == new


def test_the_site_path_holds_a_complete_site_while_builds_are_killed_at_random(project, tmp_path):
    """SIGKILL at 12 moments spread over a build (interpreter start, check, MkDocs, swap), while a
    thread watches the site path: it must never lack index.html or the marker. (The kills at the
    named steps between and around the renames are the test above.)"""
    site = tmp_path / "site"
    started = time.monotonic()
    assert run_build(project, site).returncode == 0
    duration = time.monotonic() - started
    gaps, stop = [], threading.Event()

    def watch():
        while not stop.is_set():
            if not complete(site):
                gaps.append(time.monotonic())
            time.sleep(0.0005)
    watcher = threading.Thread(target=watch)
    watcher.start()
    killed = 0
    try:
        for i in range(12):
            proc = subprocess.Popen([sys.executable, "-m", "builder.cli", "build", "--root", str(project),
                                     "--site-dir", str(site)], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            time.sleep(duration * (0.1 + i * 0.065))  # from 10% to 82% of a build
            proc.send_signal(signal.SIGKILL)
            killed += proc.wait() == -signal.SIGKILL
    finally:
        stop.set()
        watcher.join()
    assert gaps == []
    assert killed >= 6, f"only {killed} of 12 kills landed before the build ended"
    assert run_build(project, site).returncode == 0
    assert names(tmp_path) == [".site.lock", ".site.spare", "project", "site"]


@pytest.mark.parametrize("step, sig, expected", [("built", "TERM", "old"), ("swapped", "HUP", "new")])
def test_sigterm_and_sighup_remove_the_builds_own_folders(project, tmp_path, step, sig, expected):
    site = tmp_path / "site"
    versions = dict(zip(("old", "new"), two_versions(project, tmp_path)))
    result = run_build(project, site, f"{step}:{sig}")
    signum = getattr(signal, f"SIG{sig}")
    assert result.returncode == 128 + signum
    assert result.stderr.endswith(f"briefs build: stopped by SIG{sig}; no half-built folder is left, and "
                                  "the site folder holds the previous site or, if it was already in "
                                  "place, the new one\n")
    assert names(tmp_path) == [".site.lock", "project", "site"]  # no leftovers, without a next build
    assert tree(site) == versions[expected]


def test_an_external_sigterm_in_the_middle_of_mkdocs_leaves_nothing(project, tmp_path):
    site = tmp_path / "site"
    assert run_build(project, site).returncode == 0
    before = tree(site)
    proc = subprocess.Popen([sys.executable, "-m", "builder.cli", "build", "--root", str(project),
                             "--site-dir", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not any(any(p.iterdir()) for p in tmp_path.glob(".site.building-*")):  # MkDocs is writing
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.002)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    assert names(tmp_path) == [".site.lock", "project", "site"]
    assert tree(site) == before


def test_only_leftovers_of_dead_builds_of_this_site_are_removed(project, tmp_path):
    site = tmp_path / "site"
    dead = subprocess.Popen(["true"])
    dead.wait()
    for name in (f".site.old-{dead.pid}", f".site.spare-{dead.pid}", f".site.building-{os.getpid()}",
                 ".site.building-x",
                 f".other.old-{dead.pid}"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("a copy")
    (tmp_path / f".site.old-{dead.pid}0").write_text("a file, not a folder a build made")
    assert run_build(project, site).returncode == 0
    assert names(tmp_path) == sorted([f".other.old-{dead.pid}", ".site.building-x",
                                      f".site.building-{os.getpid()}", ".site.lock",
                                      f".site.old-{dead.pid}0", "project", "site"])


def test_the_lock_is_the_site_folders_two_checkouts_cannot_build_into_one(project, tmp_path):
    other = small_project(tmp_path / "other")
    site = tmp_path / "site"
    paused = subprocess.Popen([sys.executable, "-m", "builder.cli", "build", "--root", str(project),
                               "--site-dir", str(site)], env={**os.environ, **build_env("locked:STOP")},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while Path(f"/proc/{paused.pid}/stat").read_text().split(")")[1].split()[0] != "T":
            assert time.monotonic() < deadline
            time.sleep(0.01)
        result = run_build(other, site)  # the other checkout, the same folder: refused
        assert result.returncode == 1
        assert result.stderr == (f"briefs build: another build is writing {site} (it holds "
                                 f"{tmp_path / '.site.lock'}); try again when it has finished\n")
        assert not site.exists()
        assert run_build(project, tmp_path / "elsewhere").returncode == 0  # not a lock per project
    finally:
        paused.send_signal(signal.SIGCONT)
    assert paused.wait(timeout=60) == 0
    assert complete(site)


def test_gitignore_covers_the_lock_and_the_temporary_folders():
    paths = [".site.lock", ".site.building-123/index.html", ".site.old-123/index.html", "site/index.html",
             ".public.building-9/x", ".public.lock", ".site.spare/briefs", ".site.spare-123/briefs"]
    result = subprocess.run(["git", "check-ignore", "--no-index", *paths], cwd=REPO, capture_output=True,
                            text=True)
    assert result.stdout.split() == paths


def test_without_rename_exchange_two_renames_swap_and_a_kill_between_them_is_repaired(tmp_path, monkeypatch):
    def site(name: str, text: str) -> Path:
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(text)
        publish.write_marker(tmp_path / name)
        return tmp_path / name
    target = site("site", "old")
    new = site(".site.building-1", "new")
    monkeypatch.setattr(publish, "renameat2", lambda src, dst, flags: False)  # as on macOS, or old NFS
    publish.swap_in(new, target, tmp_path / ".site.old-1")
    assert (target / "index.html").read_text() == "new"
    assert (tmp_path / ".site.old-1" / "index.html").read_text() == "old"
    # killed between the two renames: the old site aside, the new one beside it, nothing at the path
    dead = subprocess.Popen(["true"])
    dead.wait()
    target.rename(tmp_path / f".site.building-{dead.pid}")
    (tmp_path / ".site.old-1").rename(tmp_path / f".site.old-{dead.pid}")
    os.utime(tmp_path / f".site.old-{dead.pid}" / "index.html", (0, 0))  # the older of the two
    assert not target.exists()
    publish.clean_leftovers(target)
    assert (target / "index.html").read_text() == "new"
    assert names(tmp_path) == ["site"]


# -- issue 13: the previous site's folders, kept empty for the next build ---------------------------

def test_a_rebuild_moves_the_previous_site_s_folders_in_and_removes_those_it_leaves_empty(project,
                                                                                          tmp_path):
    site, spare = tmp_path / "site", tmp_path / ".site.spare"
    assert run_build(project, site).returncode == 0
    assert not spare.exists()  # the first build replaced nothing
    assert run_build(project, site).returncode == 0
    assert folders(spare) == folders(site) and not [p for p in spare.rglob("*") if not p.is_dir()]
    shutil.rmtree(project / "briefs" / "beta-talks")  # its folders are in the spare
    reused = (spare / "briefs" / "alpha-crisis").stat().st_ino
    assert run_build(project, site).returncode == 0
    assert (site / "briefs" / "alpha-crisis").stat().st_ino == reused  # moved in, not made again
    assert not (site / "briefs" / "beta-talks").exists()
    assert run_build(project, tmp_path / "clean").returncode == 0
    assert folders(site) == folders(tmp_path / "clean")
    assert tree(site) == tree(tmp_path / "clean")
    assert names(tmp_path) == [".clean.lock", ".site.lock", ".site.spare", "clean", "project", "site"]


@pytest.mark.parametrize("kind", ["a file in it", "a symlink to a folder"])
def test_a_spare_folder_that_holds_anything_but_folders_is_left_alone(project, tmp_path, kind):
    site, spare = tmp_path / "site", tmp_path / ".site.spare"
    if kind == "a file in it":
        (spare / "briefs").mkdir(parents=True)
        (spare / "briefs" / "notes.txt").write_text("mine")
    else:
        (tmp_path / "mine").mkdir()
        (tmp_path / "mine" / "briefs").mkdir()
        spare.symlink_to(tmp_path / "mine")
    before = tree(tmp_path)
    for _ in range(2):  # the second replaces a site, whose folders are not kept: the name is taken
        assert run_build(project, site).returncode == 0
        assert complete(site)
        assert tree(spare) == {k[len(".site.spare/"):]: v for k, v in before.items()
                               if k.startswith(".site.spare/")}
    assert spare.is_symlink() == (kind == "a symlink to a folder")
    assert folders(tmp_path / "mine" if spare.is_symlink() else spare) == ["briefs"]


# -- finding 9: an unwritable project root or site parent ------------------------------------------

def read_only(folder: Path, command: list[str]) -> tuple[list[str], str]:
    """COMMAND with FOLDER unwritable, and the reason the system gives. Root writes through any
    mode, so as root FOLDER is bind-mounted read-only in a mount namespace of the command's own."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return command, "Permission denied"
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && shift && exec "$@"'
    return ["unshare", "--mount", "sh", "-c", script, "sh", str(folder), *command], "Read-only file system"


@pytest.mark.parametrize("where", ["project root", "site parent"])
def test_an_unwritable_folder_is_a_usage_error_that_names_it(project, tmp_path, where):
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    command = [sys.executable, "-m", "builder.cli", "build", "--root", str(project)]
    target, folder = project / "site", project  # the default site_dir: site/ in the project root
    if where == "site parent":
        target, folder = readonly / "deeper" / "site", readonly
        command += ["--site-dir", str(target)]
    before = tree(tmp_path)
    command, reason = read_only(folder, command)
    try:
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2
    assert result.stderr == (f"briefs: error: cannot build the site into {target}: cannot write in "
                             f"{folder} ({reason}); nothing was changed\n")
    assert tree(tmp_path) == before


def test_a_fallback_swap_killed_between_its_renames_is_repaired_by_the_next_build(project, tmp_path):
    """Where renameat2 cannot exchange, a kill between the two renames leaves no site at the path
    (the documented window); the next build first puts back the newest complete leftover: here the
    killed build's finished site, whose old one it then removes."""
    site = tmp_path / "site"
    old, new = two_versions(project, tmp_path)
    no_exchange = ("import sys; from builder import cli, publish; "
                   "publish.renameat2 = lambda src, dst, flags: False; sys.exit(cli.main(sys.argv[1:]))")
    killed = subprocess.run([sys.executable, "-c", no_exchange, "build", "--root", str(project),
                             "--site-dir", str(site)], env={**os.environ, **build_env("moved-old")},
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not site.exists()
    assert [n for n in names(tmp_path) if n.startswith(".site.old-")]
    assert run_build(project, site, "locked").returncode == -signal.SIGKILL  # right after the repair
    assert tree(site) == new
    assert names(tmp_path) == [".site.lock", "project", "site"]
    assert run_build(project, site).returncode == 0
    assert tree(site) == new
    assert names(tmp_path) == [".site.lock", ".site.spare", "project", "site"]
