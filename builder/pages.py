"""Stage 5, write: the generated pages into the site folder, each rendered only when it changed.

``write`` takes the plan (builder/plan.py), gives each page a *digest* of everything its HTML
depends on (the contents of its input units, the templates, the site's configuration and nav, the
builder's code and the versions of the libraries that render), and then, page by page:

- a digest found in the build cache: the cached HTML is linked (or copied) into the site folder;
- otherwise the page is rendered, written, and stored in the cache under its digest.

Pages are rendered in worker processes, one per core, each streaming its pages to disk; the
parent holds only URLs and digests. The cache (``.briefs-cache/pages/`` by default, or
``briefs build --cache-dir``) is content-addressed and pruned to the pages of the last build, so
a CI job can restore it between runs. Any change the digests do not name falls back to a full
build: a template, mkdocs.yml, the builder's code or a library version changes every digest.
Output is the same bytes with or without a cache, and from one worker or several.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jinja2

from .cache import write_whole
from .plan import Job

LIBRARIES = ("jinja2", "markdown", "markupsafe", "mkdocs", "nh3", "pyyaml", "tzdata")
MANIFEST = "manifest.json"
MARKER = ".briefs-page-cache"  # in every cache folder: a folder without it is never pruned
PARALLEL_FROM = 64  # pages to render before worker processes pay for themselves


@dataclass(frozen=True)
class Written:
    """What a build wrote: each page's URL and last update (for the sitemap), and the counts."""

    pages: tuple[tuple[str, str, str | None], ...]  # (url, title, updated) in plan order
    rendered: int
    reused: int
    rendered_urls: tuple[str, ...] = ()


def unit_digests(briefs_dir: Path, memo: dict | None = None, *, touched: set[str] | None = None,
                 known: dict[str, str] | None = None) -> dict[str, str]:
    """The digest of every unit (builder/plan.py): each brief folder, and its actors.yaml,
    places.yaml and brief.yaml. MEMO (a live preview's, kept between rounds) holds each file's
    digest by its size, modification time, change time and inode, so that only changed files are
    read (the change time is the one no tool can set back: ``touch -r`` after an edit of the same
    length leaves the rest as they were). With
    TOUCHED (the brief folders an edit touched, as a live preview's watcher knows them) the other
    folders keep their units from KNOWN, the last round's, without a file being looked at."""
    units: dict[str, str] = {}
    if not briefs_dir.is_dir():
        return units
    kept: dict[str, list[tuple[str, str]]] = defaultdict(list)  # KNOWN's units by brief folder
    if touched is not None and known is not None:
        for key, value in known.items():
            kept[key.partition("/")[0]].append((key, value))
    for folder in sorted(p for p in briefs_dir.iterdir() if p.is_dir()):
        name = folder.name
        if touched is not None and known is not None and name not in touched \
                and name + "/" in known:
            units.update(kept[name])
            continue
        whole = hashlib.sha256()
        for relative, entry in _files_under(str(folder)):
            digest = _file_digest(entry, memo)
            whole.update(f"{relative}\0{digest}\n".encode("utf-8", "surrogateescape"))
            if relative in ("actors.yaml", "places.yaml", "brief.yaml"):
                units[f"{folder.name}/{relative}"] = digest
        units[folder.name + "/"] = whole.hexdigest()
    return units


def _files_under(top: str) -> list[tuple[str, os.DirEntry]]:
    """Every file under TOP with its path relative to it, in the order of their paths' parts, as
    ``sorted(rglob("*"))`` finds them: a symlink to a file is one, one to a folder is not
    entered. os.scandir, not pathlib: a build looks at 5,000 files, and rglob's paths cost more
    than the stats (0.19 s against 0.05 s)."""
    found, folders = [], [(top, "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            folders.append((entry.path, f"{prefix}{entry.name}/"))
                        elif entry.is_file():
                            found.append((prefix + entry.name, entry))
                    except OSError:
                        continue
        except OSError:
            continue
    return sorted(found, key=lambda item: item[0].split("/"))


def _file_digest(entry: os.DirEntry, memo: dict | None) -> str:
    path = entry.path
    try:
        stat = entry.stat()
        stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        if memo is not None and memo.get(path, (None,))[0] == stamp:
            return memo[path][1]
        with open(path, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return "unreadable"
    if memo is not None:
        memo[path] = (stamp, digest)
    return digest


def code_digest(templates: Path | None) -> str:
    """The builder's code and schemas, the templates folder (None: none, for what does not
    render) and the libraries."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for folder in (here, templates) if templates is not None else (here,):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\n".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def digests(jobs: list[Job], units: dict[str, str], setting: str) -> dict[str, str]:
    """Each page's digest: SETTING (code, configuration, nav, drafts shown) with its inputs."""
    everything = hashlib.sha256("".join(f"{k}\0{v}\n" for k, v in sorted(units.items()))
                                .encode("utf-8", "surrogateescape")).hexdigest()
    out = {}
    for job in jobs:
        digest = hashlib.sha256(f"{setting}\n{job.kind}\n{job.key}\n{job.url}\n".encode())
        if job.inputs is None:
            digest.update(b"*" + everything.encode())
        else:
            for unit in sorted(job.inputs):
                digest.update(f"{unit}\0{units.get(unit, '-')}\n".encode("utf-8", "surrogateescape"))
        out[job.url] = digest.hexdigest()
    return out


HTML_MEMO = "markdown.json"
EVENTS = "events"  # the events' fragments (Stored)
TEMP = ".tmp-"  # the prefix of a cache file being written
DIGEST_MEMO = "file-digests.json"


def load_digests(cache: PageCache | None, memo: dict) -> None:
    """The last build's fact-file digests by stamp (``unit_digests``' MEMO), into MEMO: a build
    then reads only the files changed since (hashing 1,000 briefs' 5,000 files took 0.3 s). A
    stamp is size, modification time, change time and inode, so a cache restored onto a fresh
    checkout (CI) matches nothing and every file is read."""
    if cache is None:
        return
    try:
        data = json.loads((cache.folder / DIGEST_MEMO).read_text("utf-8"))
        files = data["files"] if isinstance(data, dict) else None
        if not isinstance(files, dict):
            return
        for path, row in files.items():
            if (isinstance(row, list) and len(row) == 5 and all(type(n) is int for n in row[:4])
                    and isinstance(row[4], str)):
                memo[path] = (tuple(row[:4]), row[4])
    except (OSError, ValueError, KeyError):
        return


def save_digests(cache: PageCache | None, memo: dict, units: dict[str, str],
                 briefs_dir: Path) -> None:
    """MEMO's entries for the files of this build's brief folders, for the next build."""
    if cache is None:
        return
    top = os.path.join(str(briefs_dir), "")
    names = {key[:-1] for key in units if key.endswith("/")}
    files = {path: [*stamp, digest] for path, (stamp, digest) in memo.items()
             if path.startswith(top) and path[len(top):].split("/", 1)[0] in names}
    try:
        write_whole(cache.folder / DIGEST_MEMO, json.dumps(
            {"files": dict(sorted(files.items()))}, separators=(",", ":")), TEMP)
    except OSError:
        pass


def load_markdown(cache: PageCache | None, code: str) -> None:
    """The last build's Markdown conversions (render.KNOWN_HTML), if made by this code."""
    from . import render

    render.KNOWN_HTML.clear()
    render.USED_HTML.clear()
    if cache is None:
        return
    try:
        data = json.loads((cache.folder / HTML_MEMO).read_text("utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(data, dict) and data.get("code") == code and isinstance(data.get("html"), dict):
        render.KNOWN_HTML.update((k, v) for k, v in data["html"].items()
                                 if isinstance(k, str) and isinstance(v, str))


def save_markdown(cache: PageCache | None, code: str) -> None:
    """This build's conversions, for the next (those of the parent process: the search records
    and the nav pages convert every summary)."""
    from . import render

    if cache is None:
        return
    try:
        write_whole(cache.folder / HTML_MEMO, json.dumps(
            {"code": code, "html": dict(sorted(render.USED_HTML.items()))}, ensure_ascii=False),
            TEMP)
    except OSError:
        pass


class NotACache(Exception):
    """A cache folder that a build did not make (it would prune files that are not its own)."""


class PageCache:
    """Finished pages by digest, in a folder: ``ab/abcd….html`` and a manifest of the last build
    (url -> [digest, title, updated]). Entries are written under a temporary name and renamed, so a
    half-written entry is never found; an unreadable manifest is an empty cache."""

    def __init__(self, folder: Path):
        self.folder = folder = Path(folder)
        self.where = str(folder)
        if folder.exists() and not (folder / MARKER).is_file() and (
                not folder.is_dir() or any(folder.iterdir())):
            raise NotACache(f"refusing to use {folder} as the build cache: it is not empty and no "
                            "build made it (it has no .briefs-page-cache file), and a cache "
                            "deletes what it does not need; name an empty or new folder")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / MARKER).touch()
        try:
            self.manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
            if not isinstance(self.manifest, dict):
                self.manifest = {}
        except (OSError, ValueError):
            self.manifest = {}

    def path(self, digest: str) -> str:
        return os.path.join(self.where, digest[:2], f"{digest}.html")

    def found(self, url: str, digest: str) -> list | None:
        """The manifest's entry for URL when it is DIGEST's and the stored file is as it was
        written (same size and modification time: a page of a site folder is a link to its
        entry, and a tool that rewrote one in place must not poison the next build)."""
        entry = self.manifest.get(url)
        if not (isinstance(entry, list) and len(entry) == 5 and entry[0] == digest):
            return None
        try:
            stat = os.stat(self.path(digest))
        except OSError:
            return None
        return entry if [stat.st_size, stat.st_mtime_ns] == entry[3:] else None

    def store(self, digest: str, html: bytes) -> list | None:
        """Keep a page; returns its [size, mtime_ns] (None: a cache that cannot be written, which
        is only a slower next build)."""
        target = self.path(digest)
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            fd, scratch = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(html)
            os.replace(scratch, target)
            stat = os.stat(target)
        except OSError:
            return None
        return [stat.st_size, stat.st_mtime_ns]

    def save(self, written: dict[str, list]) -> None:
        """Keep the manifest of this build and only its pages."""
        try:
            self._save(written)
        except OSError:
            pass

    def _save(self, written: dict[str, list]) -> None:
        keep = {f"{entry[0]}.html" for entry in written.values()}
        for folder in self.folder.glob("??"):
            for entry in folder.iterdir():
                if entry.name not in keep:
                    entry.unlink(missing_ok=True)
        write_whole(self.folder / MANIFEST, json.dumps(
            {url: entry for url, entry in written.items() if len(entry) == 5}, sort_keys=True),
            TEMP)


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates kept in a folder of the build cache, so that a build does not
    compile them again (17 page templates: 0.2-0.3 s at every build). Jinja uses an entry only
    for a template whose source has the same SHA-1 and for its own bytecode format and Python
    version; the folder's name (``keep_compiled``) carries what else the compiled code depends
    on. A folder that cannot be read or written is a slower build, never a failed one."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        # by name only (Jinja adds the file's absolute path): one entry per template, wherever
        # the repository is checked out
        return super().get_cache_key(name)

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged entry: the template is compiled again
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def keep_compiled(env: jinja2.Environment, cache: PageCache | None, name: str) -> None:
    """Give ENV a CompiledTemplates in CACHE's ``jinja-NAME-KEY/``, KEY a digest of ENV's
    options that the compiled code depends on (delimiters, whitespace control, escaping,
    extensions) and Jinja's version; the folders of other keys are removed. Nothing without a
    cache, or for an environment whose escaping is decided by a function at compile time."""
    if cache is None or not isinstance(env.autoescape, bool):
        return
    options = (jinja2.__version__, env.block_start_string, env.block_end_string,
               env.variable_start_string, env.variable_end_string, env.comment_start_string,
               env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
               env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
               env.keep_trailing_newline, env.autoescape, env.optimized, env.is_async,
               sorted(env.extensions))
    key = hashlib.sha256(repr(options).encode("utf-8")).hexdigest()[:16]
    folder = cache.folder / f"jinja-{name}-{key}"
    try:
        for entry in os.scandir(cache.folder):
            if (entry.name.startswith(f"jinja-{name}-") and entry.name != folder.name
                    and entry.is_dir(follow_symlinks=False)):
                shutil.rmtree(entry.path, ignore_errors=True)
        folder.mkdir(exist_ok=True)
    except OSError:
        return
    env.bytecode_cache = CompiledTemplates(str(folder))


class Stored:
    """The events' fragments a build keeps in its build cache for the next (``events/``): one
    file a brief, named after the digest of the brief's timeline page. That page shows every
    event of the brief, so its digest (the code, the settings and every fact file its events draw
    on) is unchanged only if none of their fragments can have changed; a year of the timeline of
    every brief re-rendered after a one-brief edit then takes the other briefs' events from here
    (at 1,000 briefs: 2,900 events, a third of rendering its pages). A file that cannot be read
    is a miss."""

    def __init__(self, folder: Path, digest_of):
        self.folder = folder
        self.digest_of = digest_of  # brief id -> the digest of its timeline page, or None
        self._read: dict[str, dict | None] = {}

    def _path(self, brief_id: str) -> Path | None:
        digest = self.digest_of(brief_id)
        return self.folder / f"{digest}.json" if digest else None

    def get(self, brief_id: str, event_id: str) -> str | None:
        if brief_id not in self._read:
            path, found = self._path(brief_id), None
            try:
                data = json.loads(path.read_text("utf-8")) if path is not None else None
                if isinstance(data, dict) and all(isinstance(v, str) for v in data.values()):
                    found = data
            except (OSError, ValueError):
                pass
            self._read[brief_id] = found
        found = self._read[brief_id]
        return found.get(event_id) if found is not None else None

    def keep(self, brief_id: str, bodies: dict[str, str]) -> None:
        """Keep BRIEF_ID's fragments (event id -> HTML), unless they are there already."""
        path = self._path(brief_id)
        if path is None or path.exists():
            return
        try:
            write_whole(path, json.dumps(bodies, ensure_ascii=False, sort_keys=True), TEMP)
        except OSError:
            pass

    def prune(self, digests: set[str]) -> None:
        """Remove every file but those of DIGESTS (this build's timeline pages)."""
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            if not (entry.name.endswith(".json") and entry.name[:-5] in digests):
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass


# the work of one build, set before the worker processes start (they inherit it by fork)
_WORK: dict = {}


def _worker_start() -> None:
    """A worker leaves signals to its parent: the build's own handlers (publish.interrupts_raise)
    stop the parent, which stops the workers."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL if signum != signal.SIGINT else signal.SIG_IGN)


def _render(jobs: list[Job]) -> list[tuple[str, str, str | None]]:
    renderer, linked, chrome = _WORK["renderer"], _WORK["linked"], _WORK["chrome"]
    site_dir, cache, hashes, problems = _WORK["site"], _WORK["cache"], _WORK["digests"], _WORK["problems"]
    done = []
    for job in jobs:
        out = renderer.page_of(linked, job)
        if job.kind == "brief-timeline":
            renderer.keep_events(linked.by_id[job.key])
        html = chrome.page(out, problems)
        _put(site_dir, job.url, html)
        stamp = cache.store(hashes[job.url], html) if cache is not None else None
        done.append((job.url, out.title, out.updated, stamp))
    return done


def _entries(done, hashes) -> dict[str, list]:
    return {url: [hashes[url], title, updated, *(stamp or ())]
            for url, title, updated, stamp in done}


def _put(site_dir: Path, url: str, html: bytes) -> None:
    """The page at its place, whole: written beside it and renamed over it, so a reader (a live
    preview's) never finds it half written, and a link to a cache entry is replaced, never
    written through."""
    target = site_dir / url / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    scratch.write_bytes(html)
    os.replace(scratch, target)


def _link(source: str, site_dir: Path, url: str, whole: bool, made: set[str]) -> bool:
    """The cached file at its place in the site (a hard link, else a copy); False when it has
    gone meanwhile (another build's cache pruned it): then it is rendered. MADE: the folders
    this build has made in SITE_DIR so far (not made again: 5,300 pages' folders cost a build
    0.8 s through pathlib), which the caller keeps."""
    target = os.path.join(site_dir, url) if whole else os.path.join(site_dir, url, "index.html")
    parent = os.path.dirname(target)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)
    try:
        try:
            os.link(source, target)
        except FileExistsError:  # a folder written before: a live preview's
            os.unlink(target)
            os.link(source, target)
    except OSError:
        try:
            shutil.copyfile(source, target)
        except OSError:
            return False
    return True


@dataclass(frozen=True)
class FileJob:
    """A file of the site that is not a page (brief.json, the feed), made by ``make``."""

    path: str  # relative to the site root: "briefs/x/brief.json"
    inputs: frozenset[str] | None  # as a Job's
    make: object  # () -> bytes

    @property
    def url(self) -> str:  # digested as a page is, by its path
        return self.path

    kind, key = "file", None


@dataclass(frozen=True)
class Early:
    """A page a live preview rendered before its plan (``render_first``)."""

    kind: str
    key: str | int | None
    title: str
    updated: str | None
    wrote: bool  # its bytes had changed, and it was written


def render_first(urls, last_jobs: list[Job], renderer, linked, chrome, site_dir: Path,
                 problems: list[str], changed: set[str] | None = None) -> dict[str, Early]:
    """The pages at URLS (those open in a browser), rendered from new facts before the new plan
    and its digests are made, by the last plan's job for each: a URL names the same page from
    one plan to the next. With CHANGED (the units whose digests the edit changed), only a page
    whose last inputs name one of them is; each is written only when its bytes changed. A page
    the last plan did not have, that the edit may not touch, or that cannot be rendered from
    these facts (its brief or actor is gone) is left to ``write``, which renders what the new
    plan has changed."""
    by_url = {job.url: job for job in last_jobs}
    early: dict[str, Early] = {}
    for url in urls:
        job = by_url.get(url)
        if job is None or not (changed is None or job.inputs is None or job.inputs & changed):
            continue
        try:
            out = renderer.page_of(linked, job)
        except Exception:  # noqa: BLE001 - gone from the facts: the new plan says what to do
            continue
        html = chrome.page(out, problems)
        target = site_dir / url / "index.html"
        try:
            same = target.read_bytes() == html
        except OSError:
            same = False
        if not same:
            _put(site_dir, url, html)
        early[url] = Early(job.kind, job.key, out.title, out.updated, not same)
    return early


def write(jobs: list[Job], renderer, linked, chrome, site_dir: Path, *, cache: PageCache | None,
          units: dict[str, str], setting: str, problems: list[str], workers: int = 0,
          skip: dict[str, str] | None = None, files: list[FileJob] = (),
          first: frozenset[str] = frozenset(), shown=None,
          early: dict[str, Early] | None = None) -> tuple[Written, dict[str, str]]:
    """Write every page of JOBS and every file of FILES into SITE_DIR. SKIP: the digests of what
    is already in the folder (a live preview's last round): those are left as they are. FIRST:
    the URLs to render before any other (the pages open in a browser), after which SHOWN is
    called with those of them that were rendered. EARLY: the pages ``render_first`` has already
    rendered from these facts (a live preview's, which has no cache): not rendered again.
    Returns what was written and the digests of every page and file."""
    hashes = digests([*jobs, *files], units, setting)
    kept: dict[str, list] = {}
    made: set[str] = set()  # the folders made, for _link
    for file in files:
        digest = hashes[file.path]
        if skip is not None and skip.get(file.path) == digest:
            continue
        entry = cache.found(file.path, digest) if cache is not None else None
        target = site_dir / file.path
        if entry is None or not _link(cache.path(digest), site_dir, file.path, True, made):
            data = file.make()
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            target.write_bytes(data)
            stamp = cache.store(digest, data) if cache is not None else None
            entry = [digest, "", None, *stamp] if stamp else [digest, "", None]
        kept[file.path] = entry
    meta: dict[str, list] = {}  # url -> [digest, title, updated(, size, mtime_ns of its entry)]
    todo, done_early = [], []
    for job in jobs:
        digest = hashes[job.url]
        if skip is not None and skip.get(job.url) == digest and job.url in (_WORK.get("meta") or {}):
            meta[job.url] = _WORK["meta"][job.url]
            continue
        page = (early or {}).get(job.url)
        if page is not None and (page.kind, page.key) == (job.kind, job.key):
            meta[job.url] = [digest, page.title, page.updated]
            done_early.append(job.url)
            continue
        hit = cache.found(job.url, digest) if cache is not None else None
        if hit is not None and _link(cache.path(digest), site_dir, job.url, False, made):
            meta[job.url] = hit
        else:
            todo.append(job)
    todo = [job for job in todo if job.url in first] + [job for job in todo if job.url not in first]
    timelines = {job.key: hashes[job.url] for job in jobs if job.kind == "brief-timeline"}
    if cache is not None:  # the events of briefs whose timeline page is unchanged: not rendered
        renderer.stored = Stored(cache.folder / EVENTS, timelines.get)
    _WORK.update(renderer=renderer, linked=linked, chrome=chrome, site=site_dir, cache=cache,
                 digests=hashes, problems=problems)
    workers = workers or (os.cpu_count() or 1)
    if workers > 1 and len(todo) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        size = max(8, len(todo) // (workers * 8))
        chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
        renderer.compile_templates()
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker_start)
        try:
            for done in pool.imap_unordered(_render, chunks):
                meta.update(_entries(done, hashes))
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
    else:
        opened = [job for job in todo if job.url in first]
        done = _render(opened)
        if shown is not None and done:
            shown([d[0] for d in done])
        done += _render([job for job in todo if job.url not in first])
        meta.update(_entries(done, hashes))
    _WORK["meta"] = dict(meta)
    if renderer.stored is not None:
        renderer.stored.prune(set(timelines.values()))
        renderer.stored = None
    if cache is not None:
        cache.save({**{job.url: meta[job.url] for job in jobs}, **kept})
    pages = tuple((job.url, *meta[job.url][1:3]) for job in jobs)
    rendered = (*done_early, *(j.url for j in todo))
    return Written(pages, len(rendered), len(jobs) - len(rendered), rendered), hashes
