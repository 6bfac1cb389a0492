"""``briefs serve``: the live preview, our own server instead of ``mkdocs serve``.

``mkdocs serve`` rebuilds the whole site on every save (26 s at 1,000 briefs). This preview builds
the site once with MkDocs, through the briefs plugin with drafts shown, into a temporary folder, and
serves that folder with a threaded stdlib HTTP server on 127.0.0.1. Then it watches the project:

- an edit under ``briefs/`` re-checks only the briefs it touched (``check.check_folders``; every other
  brief's check is kept in memory), runs the cross-brief step again, and asks the plugin to re-render
  only the pages whose facts changed (``BriefsPlugin.update``);
- an edit of ``templates/``, ``content/`` or ``mkdocs.yml`` rebuilds the whole site with MkDocs, into
  a folder beside the served one, and moves in only the files whose bytes changed;
- either way, the site's version goes up, and every open page (which long-polls
  ``/.briefs/reload?since=VERSION``, a script the server adds before ``</body>``) reloads.

A broken edit changes nothing on disk: the last good pages stay, and while problems exist the server
adds the problems box (the markup of templates/main.html's ``build-problems`` block) to every page
it serves. The problems are printed in the terminal; no traceback ever reaches the browser.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import html
import http.server
import ipaddress
import json
import logging
import mimetypes
import os
import queue
import re
import shutil
import socket
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .check import BriefCheck, Result, brief_dirs, check_folders, combine
from .diagnostics import ERROR, format_text
from .exceptions import Refused, UsageError
from .model import Site
from .report import More, capped, format_more

log = logging.getLogger("briefs.serve")

RELOAD_PATH = "/.briefs/reload"
POLL_SECONDS = 25  # a long poll answers at the latest after this long, and the page asks again
DEBOUNCE = 0.05  # an editor's save is often several writes (and a rename): wait for quiet
STEADY_WAIT = 10.0  # a request waits at most this long for pages being written
STOP_WAIT = 15.0  # at Ctrl-C, a rebuild under way may finish for this long
SEARCH_AFTER = 1.0  # the search index is refreshed once no edit has come for this long


# -- checking: one brief again, the rest from memory ------------------------------------------------

class Facts:
    """Every brief's check (``BriefCheck`` with records), kept between edits, so that an edit
    re-reads only the briefs it touched."""

    def __init__(self, root: Path, cwd: Path):
        self.root, self.cwd = root, cwd.resolve()
        self.checks: dict[str, BriefCheck] = {}
        self.memo: dict = {}  # what the cross-brief step keeps between re-checks

    def refresh(self, touched: set[str] | None = None) -> Result:
        """Check again the briefs named in TOUCHED (all of them when None, and any brief folder
        that appeared), forget those that are gone, and return the whole site's Result."""
        try:
            folders = brief_dirs(self.root)
        except OSError:  # briefs/ cannot be listed: let the full check word the problem
            from .check import check

            self.checks = {}
            return check(self.root, self.cwd)
        names = {f.name for f in folders}
        for name in list(self.checks):
            if name not in names:
                del self.checks[name]
        todo = [f for f in folders
                if touched is None or f.name in touched or f.name not in self.checks]
        # the first check, before the server's threads start, in worker processes (a process
        # with threads is not forked); later ones check what an edit touched, in this one
        first = not self.checks and threading.active_count() == 1
        # after the first, the site's records are out of the collector's sight (plugin.long_lived)
        self.checks.update(check_folders(todo, self.cwd, jobs=min(4, os.cpu_count() or 1)
                                         if first else 1, frozen=bool(self.checks)))
        return combine([self.checks[f.name] for f in folders], self.root, self.memo)




def problem_lines(result: Result) -> list[str]:
    """The errors as the problems box and the terminal show them (as the plugin words them)."""
    return [format_more(d, "text") if isinstance(d, More) else format_text(d)
            for d in capped(d for d in result.diagnostics if d.severity == ERROR)]


EMPTY = Result(Site((), ()), [], 0, {})


# -- the site folder: built by MkDocs, updated by the plugin ----------------------------------------

def sync_folder(new: Path, target: Path) -> int:
    """Make TARGET hold what NEW holds, moving in (atomically, one by one) only the files whose
    bytes differ, and deleting what NEW does not have; NEW is used up. Returns the files moved in.
    A page whose bytes did not change keeps its inode and mtime, and a reader of TARGET never
    finds a file half-written."""
    keep_files: set[str] = set()
    keep_dirs: set[str] = {"."}
    moved = 0
    for folder, dirs, files in os.walk(new):
        rel = os.path.relpath(folder, new)
        keep_dirs.update(os.path.normpath(os.path.join(rel, d)) for d in dirs)
        out = target if rel == "." else target / rel
        if out.is_symlink() or (out.exists() and not out.is_dir()):
            out.unlink()
        out.mkdir(exist_ok=True)
        for name in files:
            keep_files.add(os.path.normpath(os.path.join(rel, name)))
            src, dst = os.path.join(folder, name), out / name
            if dst.is_dir() and not dst.is_symlink():
                shutil.rmtree(dst)
            elif _same_bytes(src, dst):
                continue
            os.replace(src, dst)
            moved += 1
    for folder, dirs, files in os.walk(target, topdown=False):
        rel = os.path.relpath(folder, target)
        for name in files:
            if os.path.normpath(os.path.join(rel, name)) not in keep_files:
                os.unlink(os.path.join(folder, name))
        for name in dirs:
            if os.path.normpath(os.path.join(rel, name)) not in keep_dirs:
                shutil.rmtree(os.path.join(folder, name), ignore_errors=True)
    shutil.rmtree(new, ignore_errors=True)
    return moved


def _same_bytes(a: str, b: Path) -> bool:
    try:
        if os.path.getsize(a) != b.stat().st_size:
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            while True:
                x, y = fa.read(1 << 16), fb.read(1 << 16)
                if x != y:
                    return False
                if not x:
                    return True
    except OSError:
        return False


@functools.cache
def _malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc's; musl and other systems have none
    except (OSError, AttributeError, TypeError):
        return None


def give_back() -> None:
    """Hand the memory that the round freed back to the system (glibc's ``malloc_trim``). The C
    allocator keeps what Python frees for later: at 1,000 briefs 36 MiB of a preview's 400 stay
    resident after its first build, and more after each round, unless they are given back."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


class Preview:
    """The state of one ``briefs serve``: the served folder, the facts, the problems, the version."""

    def __init__(self, root: Path, config_file: Path, serve_url: str, site_dir: Path):
        self.root, self.config_file, self.serve_url = root, config_file, serve_url
        self.site_dir = site_dir
        self.facts = Facts(root, Path.cwd())
        self.config = None  # the MkDocs config of the last full build; its plugin holds the pages
        self.good: Result = EMPTY  # the facts of the pages on disk (never a Result with errors)
        self.fact_problems: list[str] = []
        self.build_problems: list[str] = []  # a failed full build (a template, mkdocs.yml)
        self.version = 0
        self.search_pending = False  # the pages have changed since the search index was written
        self.unsettled = False  # a round has run since the last full collection (settle)
        self.changed = threading.Condition()
        self.lock = threading.Lock()  # one rebuild at a time
        self.search_lock = threading.Lock()  # one writer of the search index at a time
        self.searcher: threading.Thread | None = None  # the search refresh (refresh_search)
        # False while pages are being written: a request for one then waits (on self.changed)
        # until it is written, so that no reader sees a page half-written, nor new pages with
        # the old problems box (or the other way round)
        self.steady = True
        self.ready: frozenset[str] = frozenset()  # pages already written in this round
        self.watchers: dict[str, float] = {}  # page URL -> when its reload script last asked

    @contextlib.contextmanager
    def writing(self):
        with self.changed:
            self.ready, self.steady = frozenset(), False
        try:
            yield
        finally:
            with self.changed:
                self.ready, self.steady = frozenset(), True
                self.changed.notify_all()

    def readable(self, url: str) -> None:
        """Wait (at most STEADY_WAIT) until the page at URL is not being written."""
        with self.changed:
            self.changed.wait_for(lambda: self.steady or url in self.ready, timeout=STEADY_WAIT)

    # what the server reads
    @property
    def problems(self) -> list[str]:
        return self.fact_problems + self.build_problems

    def bump(self) -> None:
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def wait(self, since: int, seconds: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version > since, timeout=seconds)
            return self.version

    # the rebuilds
    def start(self) -> None:
        """The first build, straight into the served folder."""
        self._full_build(self.recheck(None) or EMPTY, into=self.site_dir)

    def recheck(self, touched: set[str] | None) -> Result | None:
        """Check the TOUCHED briefs again (all with None): the new facts, or None when they have
        errors (then shown: in the terminal now, on the pages from the next bump)."""
        result = self.facts.refresh(touched)
        problems = problem_lines(result)
        if not problems:
            return result
        self.fact_problems = problems
        log.warning("the briefs have errors; the preview keeps the last good pages:")
        for line in problems:
            log.warning(line)
        return None

    def briefs_edited(self, touched: set[str]) -> None:
        """Check the TOUCHED briefs again; with no errors, the plugin re-renders the pages the
        edit changed, those open in a browser first: as soon as they are written they are shown
        (the version goes up, and they reload) while the rest are rendered."""
        started = time.perf_counter()
        result = self.recheck(touched)
        shown_early: list[str] = []
        done = False
        if result is not None and self.config is None:  # the last full build failed: again
            done = self._full_build(result, clear_problems=True)
            changed = None
        elif result is not None:
            def shown(urls: list[str]) -> None:
                if not urls:
                    return
                shown_early.extend(urls)
                with self.changed:  # these may be read while the rest are written
                    self.ready = frozenset(shown_early)
                    self.good, self.fact_problems = result, []
                self.bump()  # wakes the requests waiting for them too
                log.info("showed %s %.2f s after the edit was seen", ", ".join(
                    f"/{u}" for u in urls), time.perf_counter() - started)

            try:
                with self.writing():
                    changed = self.config.plugins["briefs"].update(
                        result, first=self.open_pages(), shown=shown, touched=touched)
                    self.good, self.fact_problems = result, []  # with the pages in place
                done = True
            except Exception as exc:  # the plugin could not render: say so, keep the pages
                self._build_failed(exc)
                self.config = None  # the next edit builds the site afresh
        if done:
            log.info("rebuilt %s after an edit of %s in %.2f s",
                     "the site" if changed is None else
                     f"{len(changed)} page{'' if len(changed) == 1 else 's'}",
                     ", ".join(f"brief {n}" for n in sorted(touched)),
                     time.perf_counter() - started)
            if changed is not None:
                self.search_pending = True  # rebuilt once the edits pause (rebuild_loop)
                self.unsettled = True  # and then collected (settle)
        if not (done and shown_early):  # else the open pages have reloaded already
            self.bump()

    def open_pages(self) -> list[str]:
        """The pages open in a browser now (their reload script polls): newest first."""
        now = time.monotonic()
        with self.changed:
            recent = [(seen, url) for url, seen in self.watchers.items()
                      if now - seen < POLL_SECONDS + 10]
        return [url for _, url in sorted(recent, reverse=True)]

    def page_open(self, url: str) -> None:
        with self.changed:
            self.watchers[url] = time.monotonic()
            if len(self.watchers) > 100:  # a tab left open long ago
                oldest = min(self.watchers, key=self.watchers.get)
                del self.watchers[oldest]

    def settle(self) -> None:
        """Once the editor pauses: collect what earlier rounds left, in a full collection, and
        put what is still alive out of the collector's sight again (``plugin.long_lived``)."""
        from .plugin import long_lived

        self.unsettled = False
        gc.unfreeze()
        long_lived(collect=True)
        give_back()

    def refresh_search(self) -> None:
        """Start refreshing the search index (``update_search``) on a thread of its own, unless
        it is being refreshed now (then it stays pending): an edit saved meanwhile is rendered
        and shown at once, not after the index (5 s at 1,000 briefs: Pagefind reads every page
        of a shard, and the shards are merged)."""
        if self.searcher is not None and self.searcher.is_alive():
            return
        self.search_pending = False
        self.searcher = threading.Thread(target=self.update_search, name="briefs-search",
                                         daemon=True)
        self.searcher.start()

    def update_search(self) -> None:
        """The search index of the new facts, once the editor pauses: Pagefind reads every page
        and takes longer than the pages, which are shown first. One refresh at a time, and
        none while a full build writes the index (``search_lock``). ``refresh_search`` has
        cleared ``search_pending``: a round that sets it meanwhile asks for another refresh."""
        with self.search_lock:
            update_search = getattr(self.config.plugins["briefs"], "update_search", None) \
                if self.config is not None else None
            if update_search is None:
                return
            try:
                update_search()
            except Exception as exc:  # the pages are right; only search lags: say so, go on
                log.warning("the search index could not be refreshed: %s",
                            build_problem(exc, self.root))
            self.unsettled = True  # what the index left is collected next (settle)

    def project_edited(self, what: str, touched: set[str] | None = set()) -> None:
        """A full build after an edit of WHAT (templates/, content/, mkdocs.yml), with the briefs
        of TOUCHED (None: every brief) checked again first."""
        started = time.perf_counter()
        result = self.recheck(touched) if touched is None or touched else None
        if self._full_build(result or self.good, clear_problems=result is not None):
            log.info("rebuilt the site after an edit of %s in %.2f s", what,
                     time.perf_counter() - started)
        self.bump()

    def _full_build(self, facts: Result, into: Path | None = None,
                    clear_problems: bool = False) -> bool:
        """Build the whole site with MkDocs from FACTS (never a Result with errors), beside the
        served folder (or INTO a fresh one), then move in what changed. False when it failed (the
        problem is shown, and the served pages stay as they were)."""
        with self.search_lock:  # a search refresh still running finishes first: it uses the plugin
            return self._build_whole(facts, into, clear_problems)

    def _build_whole(self, facts: Result, into: Path | None, clear_problems: bool) -> bool:
        from mkdocs.commands.build import build

        from .site_cli import _environment, build_epoch, load_site_config

        aside = into is None
        folder = into or Path(tempfile.mkdtemp(prefix=".next-", dir=self.site_dir.parent))
        if self.config is not None:  # its pages are not needed again: free them before building
            self.config.plugins.on_shutdown()
            self.config = None
            gc.unfreeze()
            gc.collect()
        try:
            config = load_site_config(self.root, False)
            config.site_url = self.serve_url
            config.plugins.on_startup(command="serve", dirty=False)  # the plugin shows drafts
            config.site_dir = str(folder)
            config.plugins["briefs"].prechecked = facts
            config.plugins["briefs"].search_cache = self.site_dir.parent / "search-cache"
            with _environment(SOURCE_DATE_EPOCH=str(build_epoch(facts))):
                build(config, serve_url=self.serve_url)
            with self.writing():
                if aside:
                    sync_folder(folder, self.site_dir)
                if clear_problems:
                    self.fact_problems = []
            config.site_dir = str(self.site_dir)  # where the plugin's updates are written
        except Exception as exc:
            if aside:
                shutil.rmtree(folder, ignore_errors=True)
            self._build_failed(exc)
            return False
        self.config, self.good, self.build_problems = config, facts, []
        self.search_pending = False  # the build wrote the search index
        self.settle()  # what the build keeps lives on: later collections need not walk it again
        return True

    def _build_failed(self, exc: BaseException) -> None:
        self.build_problems = [build_problem(exc, self.root)]
        log.warning("the site could not be rebuilt; the preview keeps the last good pages:")
        log.warning(self.build_problems[0])


def build_problem(exc: BaseException, root: Path) -> str:
    """One line (or a few) for a failed build: the exception's own words, never its traceback."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = exc.filename or exc.name or "a template"
        try:
            where = os.path.relpath(where, Path.cwd())
        except ValueError:
            pass
        return f"{where}:{exc.lineno}: error: {exc.message} [template-error]"
    words = str(exc) or type(exc).__name__
    if isinstance(exc, (UsageError, Refused)):
        return words
    if isinstance(exc, SystemExit):  # MkDocs' Abort
        return f"MkDocs stopped: {words}"
    return f"the site could not be built: {type(exc).__name__}: {words}"


# -- watching ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Watched:
    briefs: Path  # ROOT/briefs
    others: tuple[Path, ...]  # templates/, content/ (whole folders)
    config_file: Path


EVERY_BRIEF = "the briefs folder"  # what classify names when the folder itself changed


def classify(paths: list[str], watched: Watched) -> tuple[set[str], list[str]]:
    """What a batch of changed paths asks for: the brief ids to check again, and the project
    files (templates, content, mkdocs.yml) that need a full build."""
    briefs: set[str] = set()
    others: list[str] = []
    for raw in paths:
        path = Path(raw)
        if _scratch(path.name):
            continue
        if path == watched.config_file:
            others.append(path.name)
            continue
        try:
            parts = path.relative_to(watched.briefs).parts
        except ValueError:
            parts = None
        if parts is not None:
            if parts and not parts[0].startswith((".", "_")):
                briefs.add(parts[0])
            elif not parts:
                others.append(EVERY_BRIEF)  # the briefs folder itself: check everything
            continue
        for folder in watched.others:
            if path == folder or folder in path.parents:
                others.append(f"{folder.name}/")
                break
    return briefs, others


def _scratch(name: str) -> bool:
    """An editor's swap or backup file, never a file of the site."""
    return (name.endswith(("~", ".swp", ".swx", ".swo", ".tmp")) or name == "4913"
            or name.startswith(".#") or (name.startswith("#") and name.endswith("#")))


def watch(watched: Watched, changes: queue.Queue):
    """Start watching (inotify through watchdog); every changed path goes into CHANGES."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type in ("opened", "closed_no_write"):
                return
            if event.is_directory and event.event_type == "modified":
                return  # a folder's list changed: the event of what changed in it says more
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    changes.put(os.fsdecode(path))

    def started(observer):
        for folder in (watched.briefs, *watched.others):
            if folder.is_dir():
                observer.schedule(handler, str(folder), recursive=True)
        observer.schedule(handler, str(watched.config_file.parent), recursive=False)
        observer.daemon = True
        observer.start()
        return observer

    handler = Handler()
    try:
        return started(Observer())
    except OSError as exc:  # out of inotify watches, say: look every second instead
        from watchdog.observers.polling import PollingObserver

        log.warning("cannot watch the project with inotify (%s); looking for changes every second "
                    "instead", exc.strerror or exc)
        return started(PollingObserver(timeout=1))


def rebuild_loop(preview: Preview, watched: Watched, changes: queue.Queue,
                 stop: threading.Event) -> None:
    """Wait for changes, let them settle for DEBOUNCE, then rebuild what they touch; once they
    pause, collect what the rounds left (Preview.settle), refresh the search index and collect
    what that left."""
    while not stop.is_set():
        try:
            batch = [changes.get(timeout=SEARCH_AFTER if preview.search_pending else 0.5)]
        except queue.Empty:
            if preview.search_pending and not stop.is_set():
                with preview.lock:
                    if preview.unsettled:  # the round's garbage first: the index reuses its memory
                        preview.settle()
                    preview.refresh_search()
            elif preview.unsettled and not stop.is_set():
                with preview.lock:
                    preview.settle()
            continue
        while True:
            try:
                batch.append(changes.get(timeout=DEBOUNCE))
            except queue.Empty:
                break
        briefs, others = classify(batch, watched)
        if stop.is_set() or not (briefs or others):
            continue
        try:
            with preview.lock:
                if others:  # the briefs it touched too, or all of them after a change of briefs/
                    preview.project_edited(", ".join(sorted(set(others))),
                                           None if EVERY_BRIEF in others else briefs)
                else:
                    preview.briefs_edited(briefs)
        except Exception as exc:  # never let the preview die of one edit
            preview._build_failed(exc)
            preview.bump()


# -- serving ----------------------------------------------------------------------------------------

BANNER = ('<div class="build-problems" role="alert">\n'
          '  <h2>The briefs have errors</h2>\n'
          '  <p>This preview shows the last version that built cleanly. Fix these and save:</p>\n'
          '  <pre>{problems}</pre>\n'
          '</div>\n')

RELOAD_SCRIPT = """<script>
(function () {
  var since = %d;
  function poll() {
    fetch("%s?since=" + since + "&page=" + encodeURIComponent(window.location.pathname),
          {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (answer.version > since) { window.location.reload(); } else { poll(); }
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>
"""

TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
         ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
         ".txt": "text/plain; charset=utf-8", ".gz": "application/gzip",
         ".wasm": "application/wasm", ".png": "image/png", ".ico": "image/x-icon",
         ".woff2": "font/woff2", ".webmanifest": "application/manifest+json"}

_MAIN = re.compile(rb"<main\b[^>]*>\n?")
_BODY_END = re.compile(rb"</body\s*>", re.I)


WRITTEN_BY_UPDATES = (".html", ".json", ".xml")  # pages, brief.json files, the feed and sitemap


def page_url(path: Path, site_dir: Path) -> str:
    """The URL of a page's index.html as the plugin names it: "briefs/x/timeline/", "" (home)."""
    rel = path.relative_to(site_dir).as_posix()
    return rel[:-len("index.html")] if rel.endswith("index.html") else rel


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in TYPES:
        return TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def decorate(page: bytes, version: int, problems: list[str]) -> bytes:
    """An HTML page as the preview serves it: the problems box at the top of the main column
    (while there are problems), and the reload script before </body>."""
    if problems:
        box = BANNER.format(problems=html.escape("\n".join(problems))).encode("utf-8")
        found = _MAIN.search(page)
        at = found.end() if found else 0
        page = page[:at] + box + page[at:]
    script = (RELOAD_SCRIPT % (version, RELOAD_PATH)).encode("utf-8")
    ends = list(_BODY_END.finditer(page))
    at = ends[-1].start() if ends else len(page)
    return page[:at] + script + page[at:]


class Handler(http.server.BaseHTTPRequestHandler):
    preview: Preview  # set on the subclass made by make_server
    protocol_version = "HTTP/1.1"  # keep-alive: a page's files come over one connection

    def version_string(self) -> str:
        return "briefs-serve"

    def log_message(self, format, *args):  # noqa: A002 (the stdlib's name)
        pass

    def do_HEAD(self):
        self._answer(head=True)

    def do_GET(self):
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        try:
            self._route(head)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception:  # never a traceback to the browser
            log.exception("the preview could not answer %s", self.path[:200])
            try:
                self._send(500, b"The preview could not answer this request; see the terminal.",
                           "text/plain; charset=utf-8", head)
            except OSError:
                pass

    def _route(self, head: bool) -> None:
        parts = urlsplit(self.path)
        if parts.path == RELOAD_PATH:
            self._reload(parts.query, head)
            return
        found = self._file(parts.path)
        if isinstance(found, str):  # a folder without its slash
            self.send_response(301)
            self.send_header("Location", found + (f"?{parts.query}" if parts.query else ""))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if found is None:
            self._not_found(head)
            return
        self._send_file(200, found, head)

    def _file(self, url_path: str) -> Path | str | None:
        """The file a URL path names inside the site folder; the path with a slash added when it
        names a folder; None when it names nothing (or anything outside the folder)."""
        try:
            path = unquote(url_path, errors="strict")
        except UnicodeDecodeError:
            return None
        if "\0" in path or "\\" in path:
            return None
        parts = [p for p in path.split("/") if p not in ("", ".")]
        if any(p == ".." or p.startswith(".") for p in parts):
            return None
        root = self.preview.site_dir
        target = root.joinpath(*parts)
        try:
            real = Path(os.path.realpath(target))
            if real != root and root not in real.parents:
                return None
            if target.is_dir():
                if not url_path.endswith("/"):
                    return url_path + "/"
                target = target / "index.html"
            return target if target.is_file() else None
        except (OSError, ValueError):
            return None

    def _not_found(self, head: bool) -> None:
        page = self.preview.site_dir / "404.html"
        if page.is_file():
            self._send_file(404, page, head)
        else:
            self._send(404, b"<!doctype html><title>Not found</title><h1>Page not found</h1>",
                       "text/html; charset=utf-8", head)

    def _send_file(self, status: int, path: Path, head: bool) -> None:
        kind = content_type(path)
        preview = self.preview
        if not preview.steady and path.suffix in WRITTEN_BY_UPDATES:
            preview.readable(page_url(path, preview.site_dir))  # not while it is being written
        version = preview.version  # before reading: a later change reloads the page
        try:
            body = path.read_bytes()
        except OSError:
            if status == 404:
                self._send(404, b"Page not found", "text/plain; charset=utf-8", head)
            else:
                self._not_found(head)
            return
        if kind.startswith("text/html"):
            body = decorate(body, version, self.preview.problems)
        self._send(status, body, kind, head)

    def _send(self, status: int, body: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store" if kind.startswith("text/html") else "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _reload(self, query: str, head: bool) -> None:
        asked = parse_qs(query)
        values = asked.get("since", [""])
        since = int(values[0]) if values[0].isdigit() else -1
        page = self._file(asked.get("page", [""])[0])
        if isinstance(page, Path) and page.name == "index.html":  # its updates come first
            self.preview.page_open(page_url(page, self.preview.site_dir))
        version = self.preview.version if head else self.preview.wait(since, POLL_SECONDS)
        self._send(200, json.dumps({"version": version}).encode(), "application/json", head)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class _Server6(_Server):
    address_family = socket.AF_INET6


def parse_addr(addr: str) -> tuple[str, int]:
    """--dev-addr IP:PORT; only a loopback address (the preview is for this computer alone)."""
    host, sep, port = addr.rpartition(":")
    host = host.strip("[]")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise UsageError(f"--dev-addr must be IP:PORT, such as 127.0.0.1:8000, not {addr!r}")
    if host != "localhost":
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise UsageError(f"--dev-addr {addr}: the preview serves only this computer "
                             "(127.0.0.1, or another loopback address); it shows drafts, and "
                             "is not a web server for others: publish with `briefs build`")
    return host, int(port)


def make_server(preview: Preview, host: str, port: int) -> http.server.ThreadingHTTPServer:
    handler = type("PreviewHandler", (Handler,), {"preview": preview})
    server_class = _Server6 if ":" in host else _Server
    try:
        return server_class((host, port), handler)
    except OSError as exc:
        raise Refused(f"cannot serve on {host}:{port}: {exc.strerror or exc}; stop what is "
                      "serving there, or choose another port with --dev-addr") from None


# -- the command ------------------------------------------------------------------------------------

def serve(root: Path, config_file: Path, dev_addr: str) -> None:
    """Run the preview until Ctrl-C (or SIGTERM, SIGHUP)."""
    from . import publish
    from .site_cli import load_site_config

    host, port = parse_addr(dev_addr)
    config = load_site_config(root, False)  # a bad setting is a usage error, before anything
    plugin = config.plugins["briefs"]
    base = config_file.resolve().parent
    briefs_root = (base / plugin.config.root).resolve()
    others = [(base / plugin.config.templates).resolve(), Path(config.docs_dir).resolve()]
    if config.theme.custom_dir:
        others.append(Path(config.theme.custom_dir).resolve())
    watched = Watched(briefs_root / "briefs", tuple(dict.fromkeys(others)), config_file.resolve())

    with publish.interrupts_raise():
        temp = Path(tempfile.mkdtemp(prefix="briefs-serve-")).resolve()
        server = preview = None
        stop = threading.Event()
        try:
            site_dir = temp / "site"
            site_dir.mkdir()
            preview = Preview(briefs_root, config_file, "", site_dir)
            server = make_server(preview, host, port)
            shown_host = f"[{host}]" if ":" in host else host
            preview.serve_url = f"http://{shown_host}:{server.server_port}/"
            started = time.perf_counter()
            log.info("building the preview...")
            with preview.lock:
                preview.start()
            log.info("built in %.2f s", time.perf_counter() - started)
            changes: queue.Queue = queue.Queue()
            observer = watch(watched, changes)
            worker = threading.Thread(target=rebuild_loop, args=(preview, watched, changes, stop),
                                      name="rebuild", daemon=True)
            worker.start()
            log.info("Serving on %s (Ctrl-C stops it)", preview.serve_url)
            try:
                server.serve_forever(poll_interval=0.25)
            finally:
                stop.set()
                observer.stop()
        except (KeyboardInterrupt, publish.Interrupted):
            log.info("stopped")
        finally:
            stop.set()
            if server is not None:
                server.server_close()
            # let a rebuild under way finish (it would write into the folder as it is deleted)
            if preview is not None and not preview.lock.acquire(timeout=STOP_WAIT):
                log.warning("stopping in the middle of a rebuild")
            elif preview is not None and not preview.search_lock.acquire(timeout=STOP_WAIT):
                log.warning("stopping in the middle of the search index's refresh")
            shutil.rmtree(temp, ignore_errors=True)
