"""`briefs serve`: the live preview (builder/serve.py) re-renders what an edit touches, and shows
the problems of a broken edit on the page instead of going blank.

Speed is the benchmark's business (bench/run.py, serve-edit); these tests pin what an edit does:
the page it touches is rewritten, a page it does not touch keeps its file (inode and mtime), a
broken edit keeps every page and shows its problems, and an edit of a template, of content/ or of
mkdocs.yml rebuilds the site."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.sitetools import copy_project, small_project

FIRST = "iraq-militias-2020"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, needle: str, seconds: float = 60, present: bool = True) -> str:
    """The page once the needle is in it (or, with present=False, once it has gone)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            page = fetch(url)
            if (needle in page) == present:
                return page
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{needle!r} did not {'appear' if present else 'go'} at {url} in {seconds} s")


@contextlib.contextmanager
def serving(project, temp: Path | None = None, log: Path | None = None):
    """`briefs serve` on PROJECT in its own process, on a free port; yields its base URL (no
    trailing slash) and stops it afterwards. With TEMP, the serve's temporary folder (and so the
    site it serves, TEMP/briefs-serve-*/site) is made in TEMP; with LOG, its terminal goes there."""
    port = free_port()
    env = os.environ.copy()
    if temp is not None:
        temp.mkdir(parents=True, exist_ok=True)
        env["TMPDIR"] = str(temp)
    out = open(log, "wb") if log is not None else subprocess.DEVNULL
    proc = subprocess.Popen([sys.executable, "-m", "builder.cli", "serve", "--root", str(project),
                             "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                            stdout=out, stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
                            env=env)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if log is not None:
            out.close()
        if temp is not None:  # SIGTERM lets it clean up after itself
            assert list(temp.glob("briefs-serve-*")) == []


@pytest.fixture
def server(tmp_path):
    project = copy_project(tmp_path / "project")
    with serving(project) as base:
        yield project, base


def test_an_edit_is_shown_and_a_broken_edit_shows_its_problems(server):
    project, base = server
    timeline = f"{base}/briefs/{FIRST}/timeline/"
    wait_for(timeline, "US drone strike in Baghdad")
    events = project / "briefs" / FIRST / "events.yaml"
    text = events.read_text()
    events.write_text(text.replace("US drone strike in Baghdad", "EDITED: US drone strike in Baghdad", 1))
    wait_for(timeline, "EDITED: US drone strike in Baghdad")

    events.write_text(text.replace("US drone strike in Baghdad", "EDITED: US drone strike in Baghdad", 1)
                      + "  - id: broken-event\n    title: No sources\n")
    page = wait_for(timeline, "The briefs have errors")
    assert f"briefs/{FIRST}/events.yaml" in page and "[missing-field]" in page
    assert "EDITED: US drone strike in Baghdad" in page  # the last good pages stay in view

    events.write_text(text)
    page = wait_for(timeline, "The briefs have errors", present=False)
    assert "EDITED" not in page and "US drone strike in Baghdad" in page


def test_a_path_with_a_nul_byte_is_a_404_like_every_other_path_outside_the_site(tmp_path):
    """MkDocs' server answered /etc/passwd%00.html with a 500 (its open() raises ValueError)."""
    project = small_project(tmp_path / "project")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "builder.cli", "serve", "--root", str(project),
                             "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/", "The harbour closure")
        answers = {}
        for path in ("/etc/passwd%00.html", "/%00", "/index.html%00", "/briefs/%00/",
                     "/../../etc/passwd", "/..%2f..%2fetc%2fpasswd", "/index.html"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            response = connection.getresponse()
            answers[path] = (response.status, b"Page not found" in response.read())
            connection.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert answers == {"/etc/passwd%00.html": (404, True), "/%00": (404, True),
                       "/index.html%00": (404, True), "/briefs/%00/": (404, True),
                       "/../../etc/passwd": (404, True), "/..%2f..%2fetc%2fpasswd": (404, True),
                       "/index.html": (200, False)}


# -- what an edit rewrites ---------------------------------------------------------------------------

ALPHA, BETA = "alpha-crisis", "beta-talks"


def stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


@pytest.fixture
def small(tmp_path):
    """The two-briefs fixture served, with the folder it serves: (project, base URL, site)."""
    project = small_project(tmp_path / "project")
    with serving(project, tmp_path / "tmp", tmp_path / "serve.log") as base:
        wait_for(f"{base}/briefs/{ALPHA}/timeline/", "A storm damages two cranes")
        yield project, base, next((tmp_path / "tmp").glob("briefs-serve-*")) / "site"


def test_an_edit_rewrites_its_pages_and_leaves_the_pages_it_does_not_touch(small):
    project, base, site = small
    untouched = site / "briefs" / BETA / "timeline" / "index.html"
    touched = site / "briefs" / ALPHA / "timeline" / "index.html"
    before = stamp(untouched), stamp(touched)
    index = site / "pagefind" / "pagefind-entry.json"
    index_before = index.read_bytes()
    events = project / "briefs" / ALPHA / "events.yaml"
    text = events.read_text()
    events.write_text(text.replace("A storm damages two cranes", "EDITED a storm", 1))
    wait_for(f"{base}/briefs/{ALPHA}/timeline/", "EDITED a storm")
    assert "EDITED a storm" in touched.read_text()
    assert stamp(untouched) == before[0]  # not rewritten: same inode, same mtime
    assert stamp(touched) != before[1]
    assert "EDITED" not in fetch(f"{base}/briefs/{BETA}/timeline/")
    deadline = time.monotonic() + 30  # the search index follows once the edits pause

    def entry() -> bytes | None:
        try:
            return index.read_bytes()
        except FileNotFoundError:  # being written
            return None

    while entry() in (index_before, None):
        assert time.monotonic() < deadline, "the search index was not refreshed"
        time.sleep(0.1)


def test_a_broken_edit_keeps_every_page_on_disk_and_fixing_it_clears_the_problems(small):
    project, base, site = small
    page = site / "briefs" / ALPHA / "timeline" / "index.html"
    before = page.read_bytes(), stamp(page)
    events = project / "briefs" / ALPHA / "events.yaml"
    text = events.read_text()
    events.write_text(text + "  - id: broken-event\n    title: No <b>sources</b>\n")
    shown = wait_for(f"{base}/briefs/{BETA}/", "The briefs have errors")  # on every page
    assert f"briefs/{ALPHA}/events.yaml" in shown and "[missing-field]" in shown
    assert (page.read_bytes(), stamp(page)) == before  # the last good page, untouched on disk
    assert "<b>sources</b>" not in fetch(f"{base}/briefs/{ALPHA}/timeline/")
    events.write_text(text)
    wait_for(f"{base}/briefs/{BETA}/", "The briefs have errors", present=False)
    wait_for(f"{base}/briefs/{ALPHA}/timeline/", "The briefs have errors", present=False)


def test_an_edit_of_a_template_content_or_mkdocs_yml_rebuilds_the_site(small):
    project, base, site = small
    main = project / "templates" / "main.html"
    text = main.read_text()
    main.write_text(text.replace("every fact links to its source", "TEMPLATE EDITED"))
    for path in ("/", f"/briefs/{ALPHA}/", f"/briefs/{BETA}/timeline/", "/about/"):
        wait_for(base + path, "TEMPLATE EDITED")
    about = project / "content" / "about.md"
    about.write_text(about.read_text() + "\nCONTENT EDITED.\n")
    wait_for(f"{base}/about/", "CONTENT EDITED.")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name: Fixture briefs", "site_name: RENAMED"))
    wait_for(f"{base}/briefs/{BETA}/", "RENAMED")


def test_a_broken_template_or_mkdocs_yml_keeps_the_pages_and_says_where(small):
    project, base, site = small
    main = project / "templates" / "main.html"
    text = main.read_text()
    main.write_text(text.replace("<footer", "{% if %}<footer", 1))
    shown = wait_for(f"{base}/briefs/{ALPHA}/", "The briefs have errors")
    assert "main.html:" in shown and "[template-error]" in shown and "Traceback" not in shown
    assert "A storm damages two cranes" in fetch(f"{base}/briefs/{ALPHA}/timeline/")
    main.write_text(text)
    wait_for(f"{base}/briefs/{ALPHA}/", "The briefs have errors", present=False)
    config = project / "mkdocs.yml"
    settings = config.read_text()
    config.write_text(settings.replace("      templates: templates\n",
                                       "      templates: templates\n      timezone: EST\n"))
    shown = wait_for(f"{base}/briefs/{ALPHA}/", "The briefs have errors")
    assert "the briefs plugin&#x27;s timezone setting" in shown and "Traceback" not in shown
    config.write_text(settings)
    wait_for(f"{base}/briefs/{ALPHA}/", "The briefs have errors", present=False)


def test_the_server_serves_the_site_folder_and_nothing_else(small):
    project, base, site = small
    port = int(base.rsplit(":", 1)[1])

    def get(path: str, method: str = "GET"):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request(method, path)
        response = connection.getresponse()
        answer = response.status, dict(response.getheaders()), response.read()
        connection.close()
        return answer

    status, headers, body = get("/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert body.count(b"/.briefs/reload?since=") == 1 and body.index(b"/.briefs/reload") < body.rindex(b"</body>")
    assert get("/css/site.css")[1]["Content-Type"].startswith("text/css")
    assert get("/js/site.js")[1]["Content-Type"].startswith("text/javascript")
    assert get("/favicon.svg")[1]["Content-Type"] == "image/svg+xml"
    status, headers, body = get("/css/")  # a folder without index.html: no listing
    assert status == 404 and b"Page not found" in body and b"Directory listing" not in body
    status, headers, _ = get(f"/briefs/{ALPHA}")
    assert status == 301 and headers["Location"] == f"/briefs/{ALPHA}/"
    assert get("/", "HEAD")[2] == b""
    outside = site.parent / "secret.txt"
    outside.write_text("secret")
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%ff"):
        status, _, body = get(path)
        assert (status, b"secret" in body) == (404, False), path
    assert get("/.briefs/reload?since=999", "HEAD")[0] == 200


def test_the_reload_endpoint_answers_when_the_site_changes_the_open_page_first(small, tmp_path):
    """The page's script names itself (page=): the plugin renders it before the other pages the
    edit touches, and the poll is answered as soon as it is written."""
    import threading

    project, base, site = small
    page = f"/briefs/{ALPHA}/timeline/"
    version = json.loads(fetch(f"{base}/.briefs/reload?since=-1"))["version"]
    answers = []
    poll = threading.Thread(target=lambda: answers.append(json.loads(
        fetch(f"{base}/.briefs/reload?since={version}&page={page}"))))
    poll.start()
    time.sleep(0.5)  # the poll is waiting
    events = project / "briefs" / ALPHA / "events.yaml"
    events.write_text(events.read_text().replace("A storm damages two cranes", "RELOADED", 1))
    started = time.monotonic()
    poll.join(timeout=60)
    assert answers and answers[0]["version"] > version
    assert time.monotonic() - started < 20  # it answered the change, not its poll timeout
    assert "RELOADED" in fetch(base + page)
    log = tmp_path / "serve.log"
    deadline = time.monotonic() + 30
    while "rebuilt" not in log.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.1)
    told = log.read_text()
    assert f"showed {page} " in told and told.index(f"showed {page} ") < told.index("rebuilt")


# -- the parts, in process ----------------------------------------------------------------------------

def test_rechecking_one_brief_gives_the_same_result_as_checking_them_all(tmp_path):
    from builder.check import check
    from builder.serve import Facts

    project = copy_project(tmp_path / "project", parts=("briefs",))
    facts = Facts(project, project)
    first = facts.refresh()
    whole = check(project, project)
    assert first.diagnostics == whole.diagnostics and first.site == whole.site
    assert first.texts.keys() == whole.texts.keys() and first.files == whole.files
    events = project / "briefs" / FIRST / "events.yaml"
    events.write_text(events.read_text().replace("US drone strike in Baghdad", "EDITED strike", 1))
    kept = {name: c for name, c in facts.checks.items() if name != FIRST}
    again = facts.refresh({FIRST})
    assert all(facts.checks[name] is c for name, c in kept.items())  # not read again
    assert again.site == check(project, project).site
    assert any(e.title.startswith("EDITED strike") for b in again.site.briefs for e in b.events)


def test_the_problems_box_is_the_templates_markup_escaped():
    from builder.serve import BANNER, decorate
    from tests.sitetools import REPO

    template = (REPO / "templates" / "main.html").read_text()
    block = template.split("{% if briefs_problems %}\n", 1)[1].split("{% endif %}", 1)[0]
    assert BANNER == block.replace("{{ briefs_problems|join('\\n') }}", "{problems}")
    page = b'<body><main id="main_content" class="content">\n<p>x</p></main></body>'
    shown = decorate(page, 3, ["a.yaml:1:1: error: <script>alert(1)</script> [x]", "second"])
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in shown and b"<script>alert" not in shown
    assert shown.index(b"build-problems") < shown.index(b"<p>x</p>")
    assert b"a.yaml:1:1: error: &lt;script&gt;alert(1)&lt;/script&gt; [x]\nsecond</pre>" in shown
    assert b"var since = 3;" in shown and shown.endswith(b"</script>\n</body>")
    assert b"build-problems" not in decorate(page, 3, [])


def test_which_edits_ask_for_what(tmp_path):
    from builder.serve import Watched, classify

    w = Watched(tmp_path / "briefs", (tmp_path / "templates", tmp_path / "content"),
                tmp_path / "mkdocs.yml")
    assert classify([str(tmp_path / "briefs/a/events.yaml"), str(tmp_path / "briefs/b/sources/x.txt"),
                     str(tmp_path / "briefs/a/.events.yaml.swp"), str(tmp_path / "briefs/c"),
                     str(tmp_path / "briefs/.hidden/x")], w) == ({"a", "b", "c"}, [])
    assert classify([str(tmp_path / "templates/main.html"), str(tmp_path / "mkdocs.yml"),
                     str(tmp_path / "content/about.md"), str(tmp_path / "other.txt")], w) \
        == (set(), ["templates/", "mkdocs.yml", "content/"])


def test_a_full_rebuild_moves_in_only_the_files_that_changed(tmp_path):
    from builder.serve import sync_folder

    target, new = tmp_path / "site", tmp_path / "new"
    for root, files in ((target, {"same.html": "x", "changed.html": "old", "gone/a.html": "a",
                                  "gone.txt": "g"}),
                        (new, {"same.html": "x", "changed.html": "new", "added/b.html": "b"})):
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
    before = stamp(target / "same.html")
    assert sync_folder(new, target) == 2
    assert {p.relative_to(target).as_posix() for p in target.rglob("*")} == {
        "same.html", "changed.html", "added", "added/b.html"}
    assert stamp(target / "same.html") == before and (target / "changed.html").read_text() == "new"
    assert not new.exists()


@pytest.mark.parametrize("addr", ["0.0.0.0:8000", "192.168.1.2:8000", "example.org:80", "8000",
                                  "127.0.0.1:http"])
def test_the_preview_serves_only_this_computer(addr):
    from builder.exceptions import UsageError
    from builder.serve import parse_addr

    with pytest.raises(UsageError):
        parse_addr(addr)
    assert parse_addr("127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert parse_addr("localhost:0") == ("localhost", 0)


def test_a_preview_started_on_broken_briefs_shows_their_problems_then_the_fixed_site(tmp_path):
    project = small_project(tmp_path / "project")
    events = project / "briefs" / ALPHA / "events.yaml"
    text = events.read_text()
    events.write_text(text + "  - id: broken-event\n    title: No sources\n")
    with serving(project, tmp_path / "tmp", tmp_path / "serve.log") as base:
        home = wait_for(f"{base}/", "The briefs have errors")
        assert "[missing-field]" in home
        events.write_text(text)
        page = wait_for(f"{base}/briefs/{ALPHA}/timeline/", "A storm damages two cranes")
        assert "The briefs have errors" not in page
        assert "The briefs have errors" not in fetch(f"{base}/")


def test_deleting_a_brief_removes_its_pages_and_bringing_it_back_restores_them(small, tmp_path):
    import shutil

    project, base, site = small
    beta = project / "briefs" / BETA
    kept = tmp_path / "kept-beta"
    shutil.copytree(beta, kept)
    alpha_page = site / "briefs" / ALPHA / "timeline" / "index.html"
    shutil.rmtree(beta)
    deadline = time.monotonic() + 60
    while (site / "briefs" / BETA / "index.html").exists():
        assert time.monotonic() < deadline, "the deleted brief's page stayed"
        time.sleep(0.1)
    wait_for(f"{base}/", f'href="briefs/{BETA}/"', present=False)  # nor a link to them
    with pytest.raises(urllib.error.HTTPError) as gone:
        fetch(f"{base}/briefs/{BETA}/")
    assert gone.value.code == 404
    assert "A storm damages two cranes" in alpha_page.read_text()
    shutil.copytree(kept, beta)
    wait_for(f"{base}/briefs/{BETA}/timeline/", "First meeting of the talks")
    wait_for(f"{base}/", f'href="briefs/{BETA}/"')


def test_a_recheck_after_the_first_leaves_the_frozen_site_frozen_without_counting_it(tmp_path,
                                                                                   monkeypatch):
    """Counting what is out of the collector's sight walks all of it (a preview's whole site:
    0.27 s of each round at 1,000 briefs). A preview's later re-checks know the site is frozen
    and neither count it nor thaw it."""
    import gc

    from builder.serve import Facts

    project = copy_project(tmp_path / "project", parts=("briefs",))
    facts = Facts(project, project)
    facts.refresh()
    site = [facts.checks]  # stands for the site the preview's first build leaves frozen
    gc.freeze()
    try:

        def counted() -> int:
            raise AssertionError("the frozen objects were counted")
        monkeypatch.setattr(gc, "get_freeze_count", counted)
        events = project / "briefs" / FIRST / "events.yaml"
        events.write_text(events.read_text().replace("US drone strike in Baghdad", "EDITED", 1))
        again = facts.refresh({FIRST})
        monkeypatch.undo()
        assert any(e.title.startswith("EDITED") for b in again.site.briefs for e in b.events)
        assert not any(o is site for o in gc.get_objects())  # still out of sight: not thawed
    finally:
        gc.unfreeze()


def test_a_pause_collects_what_the_rounds_left_and_puts_the_rest_out_of_the_collector_s_sight(tmp_path):
    """A round puts its facts out of the garbage collector's sight without a full collection
    (plugin.long_lived), which would cost a round at 1,000 briefs most of a second; when the
    editor pauses, the preview collects what earlier rounds left behind (settle)."""
    import gc
    import weakref

    from builder.plugin import long_lived
    from builder.serve import Preview

    class Node:
        pass

    preview = Preview(tmp_path, tmp_path / "mkdocs.yml", "http://127.0.0.1:1/", tmp_path / "site")
    garbage = Node()
    garbage.itself = garbage  # a cycle: only a collection frees it
    gone = weakref.ref(garbage)
    try:
        long_lived()  # as a round does
        del garbage
        gc.collect()
        assert gone() is not None  # out of sight: left for now
        preview.unsettled = True
        preview.settle()
        assert gone() is None and not preview.unsettled
        assert gc.get_freeze_count() > 0  # what lives on is out of sight again
    finally:
        gc.unfreeze()


def test_a_preview_s_recheck_finds_the_likely_duplicates_a_whole_check_finds(tmp_path):
    """The live preview's cross-brief step keeps each actor's overlapping events between re-checks
    (shared.likely_duplicates' memo): after each edit it warns of what a whole check warns of,
    and an actor the edit left alone is not swept again."""
    from builder.check import check
    from builder.serve import Facts

    case = Path(__file__).parent / "cases" / "is-an-event-told-in-two-briefs-flagged-as-a-likely-duplicate"
    project = copy_project(tmp_path / "project", ("briefs",), source=case)
    facts = Facts(project, project)

    def duplicates(result):
        return [(d.loc, d.message) for d in result.diagnostics if d.code == "likely-duplicate"]

    first = facts.refresh()
    assert len(duplicates(first)) == 1 and duplicates(first) == duplicates(check(project, project))
    kept = {actor: found for actor, (_, found) in facts.memo.items()}
    events = project / "briefs" / "soleimani-strike" / "events.yaml"
    told = events.read_text()
    events.write_text(told.replace("title: Mike Pence says on CBS that Iran is telling the militias not to attack",
                                   "title: Drone strike at the airport"))
    again = facts.refresh({"soleimani-strike"})
    assert duplicates(again) == [] == duplicates(check(project, project))
    events.write_text(told.replace("      - actor: iran\n        part: advising the militias to stand down\n", ""))
    again = facts.refresh({"soleimani-strike"})
    assert duplicates(again) == [] == duplicates(check(project, project))  # one actor in common now
    assert sorted(kept) == ["iran", "mike-pence"] and facts.memo["iran"][1] is not kept["iran"]
    events.write_text(told)
    back = facts.refresh({"soleimani-strike"})
    assert duplicates(back) == duplicates(first)

    # an actor whose events are the same entries as last time is not swept again
    from dataclasses import replace

    from builder.shared import likely_duplicates

    entries = [e for c in facts.checks.values() for e in c.events]
    other = replace(next(e for e in entries if e.brief == "baghdad-rockets"), id="other",
                    actors=("kataib-hezbollah",))
    memo: dict = {}
    said = likely_duplicates([*entries, other], memo)
    swept = {actor: found for actor, (_, found) in memo.items()}
    told_again = [replace(e) if e.brief == "soleimani-strike" else e for e in entries]
    assert likely_duplicates([*told_again, other], memo) == said
    assert memo["kataib-hezbollah"][1] is swept["kataib-hezbollah"]
    assert memo["iran"][1] is not swept["iran"] and memo["iran"][1] == swept["iran"]


def test_an_edit_saved_while_the_search_index_is_refreshed_is_shown_without_waiting_for_it(
        tmp_path, monkeypatch):
    """The search index is refreshed on a thread of its own once the editor pauses (seconds at
    1,000 briefs): an edit saved meanwhile re-renders its pages at once and leaves the index
    pending, refreshed again (with the newest facts) when the running refresh is done."""
    import gc

    from builder.serve import Preview

    project = small_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    preview = Preview(project, project / "mkdocs.yml", "http://127.0.0.1:1/", site)
    try:
        _edit_while_refreshing(preview, project, site, monkeypatch)
    finally:
        gc.unfreeze()  # what the preview put out of the collector's sight


def _edit_while_refreshing(preview, project, site, monkeypatch) -> None:
    import threading

    preview.start()
    plugin = preview.config.plugins["briefs"]
    running, release, refreshed = threading.Event(), threading.Event(), []

    def slow_refresh():  # stands for Pagefind at work
        running.set()
        assert release.wait(30)
        refreshed.append(plugin._state["site"])

    monkeypatch.setattr(plugin, "update_search", slow_refresh)  # MkDocs reuses the plugin
    preview.refresh_search()
    assert running.wait(30) and not preview.search_pending
    preview.refresh_search()  # one refresh at a time: no second thread
    assert refreshed == [] and preview.searcher.is_alive()
    events = project / "briefs" / ALPHA / "events.yaml"
    events.write_text(events.read_text().replace("A storm damages two cranes", "EDITED a storm", 1))
    with preview.lock:
        preview.briefs_edited({ALPHA})  # returns while the refresh still runs
    assert "EDITED a storm" in (site / "briefs" / ALPHA / "timeline" / "index.html").read_text()
    assert preview.searcher.is_alive() and preview.search_pending
    release.set()
    preview.searcher.join(30)
    preview.refresh_search()  # the pending refresh, of the edited facts
    preview.searcher.join(30)
    assert len(refreshed) == 2 and refreshed[-1] is plugin._state["site"]
    assert not preview.search_pending
