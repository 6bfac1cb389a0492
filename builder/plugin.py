"""The engine adapter: a thin MkDocs plugin.

``on_files`` checks (or takes `briefs build`'s check), links and plans the generated pages; the
few that are in the nav become MkDocs pages (``File.generated``, MkDocs 1.6), their content
swapped for the core's HTML. ``on_post_build`` writes every generated page itself, in the theme's
layout (builder/chrome.py, builder/pages.py: rendered in worker processes, or taken from the build
cache), then the sitemap and the search index. ``update`` is a live preview's round after an
edit. It also turns on autoescaping in the theme's environment and watches ``briefs/`` and
``templates/`` under ``mkdocs serve``. It holds no logic of its own: the CLI and this plugin call
the same core.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import posixpath
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from . import pages as page_writer
from . import publish, render, search, urls
from .cache import RecordsCache
from .check import Result, check
from .chrome import Chrome
from .link import link
from .exceptions import UsageError
from .forked import Forked
from .dates import DateProblem, zone
from .diagnostics import ERROR, format_text
from .model import Site
from .paths import links_leaving
from .render import OutPage, Renderer, SiteInfo, brief_json
from .report import More, capped, format_more

log = logging.getLogger("mkdocs.plugins.briefs")


class TimeZoneName(c.OptionallyRequired[str]):
    """An IANA zone name, judged as a fact file's ``tz`` is (builder/dates.py): an abbreviation,
    legacy name or offset is refused with the zones that keep its clock. A refusal is a
    configuration error: ``mkdocs build`` stops with MkDocs' own configuration message, and
    ``briefs build`` and ``briefs serve`` exit 2 (site_cli.load_site_config)."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(
                f"{value!r} is not a time zone name\n    hint: {TIMEZONE_HINT}")
        try:
            zone(value)
        except DateProblem as problem:
            raise ValidationError(f"{problem.message}\n    hint: {problem.hint or TIMEZONE_HINT}"
                                  ) from None
        return value


TIMEZONE_HINT = "write an IANA zone name such as Asia/Baghdad or America/New_York, or UTC"


class BriefsConfig(Config):
    root = c.Type(str, default=".")  # the folder holding briefs/, relative to mkdocs.yml
    templates = c.Type(str, default="templates")  # the page templates live in its pages/ folder
    # the site's zone: the days of the pages that mix briefs (the timeline of every brief, actors)
    timezone = TimeZoneName(default="UTC")
    # the build cache of finished pages (builder/pages.py), relative to mkdocs.yml; empty: none.
    # `briefs build` uses .briefs-cache/pages unless told otherwise (--cache-dir, --no-cache)
    cache_dir = c.Type(str, default="")


class BriefsPlugin(BasePlugin[BriefsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.nav_pages: set[str] = set()  # src_uri of the generated pages MkDocs knows (the nav's)
        self.prechecked: Result | None = None  # set by `briefs build`, which has checked already
        # set by `briefs build`: the previous site's folders, moved into the emptied site folder
        # before anything is written (builder/publish.py, "the spare folders")
        self.spare: publish.Spare | None = None
        self.serving = False
        self.last_good: tuple | None = None  # under serve: the last pages that built cleanly
        self.problems: list[str] = []
        self._records: tuple = (None, [])  # (site, its search records): see ``records``
        self.hand_written: list[tuple[str, str, str]] = []  # (url, title, HTML) of content/ pages
        self.cache_dir: Path | None = None  # set by `briefs build`; else the cache_dir setting
        # the search index's shards without a build cache: a live preview's private folder, so
        # that refreshing the index after an edit indexes the edited brief's shard alone
        self.search_cache: Path | None = None
        self.workers = 0  # processes that render pages (0: one per core)
        self.written: page_writer.Written | None = None  # what the last build wrote
        self._state: dict = {}  # the last build's plan, facts and digests (for update)
        self._memo: dict = {}  # each fact file's digest by its stamp, kept between updates
        self.search_report = None  # what the last build's search index reused (search.IndexReport)
        self.page_count: int | None = None  # the pages of the last build
        self._search: tuple | None = None  # the search index under way (_start_search)

    def on_startup(self, command, dirty):
        self.serving = command == "serve"

    def _paths(self, config) -> tuple[Path, Path]:
        base = Path(config.config_file_path or ".").resolve().parent
        return (base / self.config.root).resolve(), (base / self.config.templates).resolve()

    def guarded_folders(self, config) -> list:
        """The folders no site may be, be inside or hold (publish.check_target)."""
        root, templates = self._paths(config)
        return publish.guarded_folders(root, Path(config.docs_dir),
                                       [config.theme.custom_dir, templates])

    def on_config(self, config):
        self._state["config"] = config
        self.root, self.templates = self._paths(config)
        base = Path(config.config_file_path or ".").resolve().parent
        # content/ and templates/ are the maintainers' files, copied into the site as they are:
        # a symbolic link in them may not reach outside the project (a secret would be published)
        escaping = [p for folder in (Path(config.docs_dir), self.templates)
                    for p in links_leaving(folder, base)]
        if escaping:
            raise PluginError("refusing to build: these links lead outside the project, and what "
                              "they point at would be published: "
                              + ", ".join(f"{os.path.relpath(p, base)} -> {os.path.realpath(p)}"
                                          for p in escaping)
                              + "; copy the files into the project instead of linking to them")
        if not self.serving:  # plain `mkdocs build` refuses what `briefs build` refuses
            try:
                publish.check_target(Path(config.site_dir), self.root, self.guarded_folders(config))
            except UsageError as exc:
                raise PluginError(str(exc)) from None
        return config

    def on_nav(self, nav, config, files):
        self._state.update(nav=nav, files=files)
        return nav

    def on_post_build(self, config):
        # the search index was started beside the build once the facts were checked
        # (_start_search); it is sent the hand-written pages now that MkDocs has rendered them.
        # `briefs build` builds into a staged folder and swaps it in afterwards: the index is
        # written into that folder first, so the site never goes live without its search
        started = self._search or self._start_search(config)
        self._search = None
        sending, result, wait = started
        try:
            sending.send(self.hand_written)
            sending.close()
            self._write_generated(config)
            self.search_report, used = result()
        except search.SearchError as exc:
            raise PluginError(str(exc)) from None
        finally:  # a failed page write waits for it: it writes into the folder the caller removes
            sending.close()  # (a search still waiting for the pages stops)
            wait()
        render.USED_HTML.update(used)
        page_writer.save_markdown(self._state["cache"], self._state["code"])
        publish.write_marker(Path(config.site_dir))  # lets the next build replace this folder

    def on_build_error(self, error):
        if self._search is not None:  # a search waiting for pages that will not come: stopped
            sending, _, wait = self._search
            self._search = None
            sending.close()
            wait()

    def _start_search(self, config) -> tuple:
        """Start making the search index, beside the rest of the build: in a forked process when
        this one may fork (builder/forked.py: a thread beside the rendering waits for the
        interpreter lock more than it works), else on a thread. Pagefind runs as processes of its
        own, on a core the pages leave idle (a one-brief rebuild renders in this process). It
        makes the facts' documents at once, then waits for the hand-written pages, which MkDocs
        renders later (``on_post_build`` sends them); an end of the pipe closed without them
        (the build stopped) stops it. Returns (the sending end, result(), wait())."""
        site_dir, cache_dir = Path(config.site_dir), self._search_cache()
        receiving, sending = multiprocessing.Pipe(duplex=False)
        forks = self._may_fork()

        def make_index() -> tuple[search.IndexReport, dict[str, str]] | None:
            if forks:
                sending.close()  # this process's copy: the parent's end alone says when it ends
            made = search.documents(self.records, [])
            try:
                pages = receiving.recv()
            except EOFError:
                return None
            report = search.build_index(site_dir, self.records, pages, cache_dir, made=made)
            # with the Markdown conversions the records used (a forked child's are its own), for
            # the next build's cache: without them the next build converts every summary again
            return report, dict(render.USED_HTML)
        if forks:
            forked = Forked(make_index, "briefs-search")
            receiving.close()
            return sending, forked.result, forked.wait
        thread = ThreadPoolExecutor(1, thread_name_prefix="briefs-search")
        return sending, thread.submit(make_index).result, lambda: thread.shutdown(wait=True)

    @property
    def records(self) -> list[search.Record]:
        """The facts of the last good pages, for the search index: made when first asked for
        (by the search index, which may be made in a forked process)."""
        site = self.last_good[0] if self.last_good else None
        if self._records[0] is not site:
            self._records = (site, search.fact_records(site) if site is not None else [])
        return self._records[1]

    def on_files(self, files: Files, config) -> Files:
        if self.spare is not None:  # MkDocs has emptied the site folder, and written nothing yet
            self.spare.graft(Path(config.site_dir))
            self.spare = None
        cache_dir = self.cache_dir or (Path(config.config_file_path or ".").resolve().parent
                                       / self.config.cache_dir if self.config.cache_dir else None)
        try:
            cache = page_writer.PageCache(cache_dir) if cache_dir else None
        except page_writer.NotACache as exc:
            raise PluginError(str(exc)) from None
        if self.prechecked is None and not self.serving:  # plain `mkdocs build`
            result = check(self.root, cache=RecordsCache(cache_dir) if cache else None,
                           jobs=min(4, os.cpu_count() or 1))
        else:
            result = self.prechecked or check(self.root)
        self.prechecked = None
        # the checked facts live as long as the build (or the preview's site, which thaws them
        # when it lets them go): out of the collector's sight now, or every full collection
        # while they are linked walks them all (long_lived)
        gc.freeze()
        code = page_writer.code_digest(self.templates)
        page_writer.load_markdown(cache, code)
        self._state.update(cache=cache, code=code)
        self.problems = [format_more(d, "text") if isinstance(d, More) else format_text(d)
                         for d in capped(d for d in result.diagnostics if d.severity == ERROR)]
        info = SiteInfo(config.site_name, config.site_url, config.site_description or "",
                        self.config.timezone)
        if not self.problems:
            # a build publishes no draft; the live preview shows drafts, marked as such
            site = result.site if self.serving else result.site.published()
            self.last_good = (site, result.texts)
            self._search = self._start_search(config)  # its facts are known: it starts now
        elif not self.serving:
            raise PluginError("the briefs have errors; nothing was built:\n" + "\n".join(self.problems))
        else:  # a live preview keeps the last good pages and shows the problems on every page
            for problem in self.problems:
                log.warning(problem)
        site, texts = self.last_good or (Site((), ()), {})
        renderer = Renderer(self.templates, info, texts)
        page_writer.keep_compiled(renderer.env, cache, "pages")
        memo = {} if self.serving else None  # each brief's links, for a live preview's rounds
        linked = link(site, memo)
        jobs = renderer.plan(linked)
        self._state.update(renderer=renderer, linked=linked, jobs=jobs, link_memo=memo)
        long_lived(collect=True)
        self.hand_written = []
        # the few top pages are in the nav: MkDocs knows them as pages (for the nav and its
        # links), and writes an empty stand-in for each, which on_post_build replaces with the
        # page, written as every other generated page is (rendered once, or from the cache)
        nav = [posixpath.join(job.url, "index.md") for job in jobs if job.url.count("/") <= 1]
        self.nav_pages = set(nav)
        for src_uri in nav:  # in the plan's order, which a site without a nav lists them in
            files.append(File.generated(config, src_uri, content="",
                                        inclusion=InclusionLevel.INCLUDED))
        # the feed is a file MkDocs knows (content/ links to it); brief.json files are written
        # with the pages (_file_jobs)
        feed = renderer.feed(linked).encode("utf-8")
        files.append(File.generated(config, urls.feed(), content=feed))
        return files

    def _write_generated(self, config) -> list[str]:
        """Every generated page into the site folder (builder/pages.py); returns the URLs of
        those rendered."""
        state = self._state
        chrome = Chrome(state["env"], config, state["nav"], state["files"])
        cache = state["cache"]
        setting = "\n".join([state["code"], repr(chrome.setting()), self.config.timezone,
                             repr(self.serving), repr(self.problems)])
        if not self._memo and not self.serving:
            page_writer.load_digests(cache, self._memo)
        state["units"] = page_writer.unit_digests(self.root / "briefs", self._memo)
        if not self.serving:
            page_writer.save_digests(cache, self._memo, state["units"], self.root / "briefs")
        written, state["digests"] = page_writer.write(
            state["jobs"], state["renderer"], state["linked"], chrome, Path(config.site_dir),
            files=self._file_jobs(state["renderer"], state["linked"], state["jobs"]), cache=cache,
            units=state["units"], setting=setting,
            problems=self.problems if self.serving else [],
            workers=self.workers if self._may_fork() else 1)
        state["renderer"].release()  # before the search index is made: it needs the memory
        self.written = written
        # every page of the site: the generated ones and MkDocs' own (content/)
        self.page_count = len(written.pages) + sum(1 for f in chrome.documentation
                                                   if f.src_uri not in self.nav_pages)
        state["setting"], state["chrome"] = setting, chrome
        self._sitemap(chrome, written)
        return [url for url, _, _ in written.pages]

    def _may_fork(self) -> bool:
        """Whether pages may be rendered in worker processes: always in a build; in a live
        preview only while this process has no other thread (its first build, before it serves:
        a process is not forked once a thread may hold a lock)."""
        return not self.serving or threading.active_count() == 1

    def _sitemap(self, chrome: Chrome, written: page_writer.Written) -> None:
        """sitemap.xml: not written again when its pages (URL, title, last update) are the same
        as the last time it was written, in this build or a live preview's last round."""
        if self._state.get("sitemap") == (chrome, written.pages):
            return
        self._state["sitemap"] = (chrome, written.pages)
        chrome.sitemap([OutPage(posixpath.join(url, "index.md"), url, title, "", "", "", updated)
                        for url, title, updated in written.pages], self.nav_pages)

    @staticmethod
    def _file_jobs(renderer: Renderer, linked, jobs) -> list:
        """Each brief's brief.json (which shows what its brief reuses: the inputs of the brief's
        page); under a live preview, the feed too (MkDocs wrote it at the start)."""
        inputs = {job.key: job.inputs for job in jobs if job.kind == "brief"}
        return [page_writer.FileJob(urls.brief_json(b.id), inputs[b.id],
                                    lambda b=b: brief_json(b).encode("utf-8"))
                for b in linked.site.briefs]

    def update(self, result: Result, first=(), shown=None, touched: set[str] | None = None
               ) -> list[str]:
        """A live preview's round after an edit, once a MkDocs build has run with this plugin:
        the generated pages whose inputs changed are rendered again and written into the site
        folder (the others are left as they are, not even rewritten), pages no longer planned
        are removed, and the feed, brief.json files and sitemap follow. Returns the URLs of the
        pages rendered. FIRST: URLs to render before the rest (the pages open in a browser);
        SHOWN(urls) is called as soon as those are written, before the rest are rendered.
        TOUCHED: the brief folders the edit touched, when the caller knows (a watcher does):
        only their files are looked at for the digests.
        Briefs with errors change nothing: the problems are kept in ``self.problems`` and [] is
        returned. The search index is refreshed by
        ``update_search``, which a preview may run after the pages are shown."""
        state, config = self._state, self._state["config"]
        self.problems = [format_more(d, "text") if isinstance(d, More) else format_text(d)
                         for d in capped(d for d in result.diagnostics if d.severity == ERROR)]
        if self.problems:
            return []
        site = result.site if self.serving else result.site.published()
        self.last_good = (site, result.texts)
        info = SiteInfo(config.site_name, config.site_url, config.site_description or "",
                        self.config.timezone)
        renderer = Renderer(self.templates, info, result.texts, env=state["renderer"].env)
        linked = link(site, state.get("link_memo"))
        site_dir = Path(config.site_dir)
        known = state.get("units")
        units = page_writer.unit_digests(self.root / "briefs", self._memo, touched=touched,
                                         known=known)
        changed = None if known is None else {
            unit for unit in units.keys() | known.keys() if units.get(unit) != known.get(unit)}
        # the open pages first, before the plan and the digests of every page are made
        early = page_writer.render_first(first, state["jobs"], renderer, linked, state["chrome"],
                                         site_dir, [], changed)
        if shown is not None:
            shown([url for url, page in early.items() if page.wrote])
        jobs = renderer.plan(linked)
        long_lived()
        written, digests = page_writer.write(
            jobs, renderer, linked, state["chrome"], site_dir, cache=None,
            files=[*self._file_jobs(renderer, linked, jobs), page_writer.FileJob(
                urls.feed(), None, lambda: renderer.feed(linked).encode("utf-8"))],
            units=units,
            setting=state["setting"], problems=[], workers=1, skip=state["digests"],
            first=frozenset(first) - set(early), shown=shown, early=early)
        renderer.release()
        for gone in set(state["digests"]) - set(digests):  # a deleted brief's, actor's, place's
            (site_dir / gone if gone.endswith((".json", ".xml")) else site_dir / gone / "index.html"
             ).unlink(missing_ok=True)
        state.update(renderer=renderer, linked=linked, jobs=jobs, digests=digests, site=site,
                     units=units)
        self.written = written
        self._sitemap(state["chrome"], written)
        return list(written.rendered_urls)

    def update_search(self) -> None:
        """The search index of the last update's facts (a preview runs it after the pages)."""
        site = self._state.get("site")
        if site is not None:
            self.search_report = search.build_index(Path(self._state["config"].site_dir),
                                                    self.records, self.hand_written,
                                                    self._search_cache())

    def _search_cache(self) -> Path | None:
        cache = self._state.get("cache")
        return cache.folder if cache is not None else self.search_cache

    def on_page_context(self, context, page, config, nav):
        if page.file.src_uri not in self.nav_pages:  # a page of content/: searched as a whole
            self.hand_written.append((page.url, page.title or "", page.content or ""))
        context["briefs_problems"] = self.problems if self.serving else []
        return context

    def on_env(self, env, config, files):
        self._state["env"] = env
        env.autoescape = True  # the theme's templates print page.content with |safe, nothing else
        page_writer.keep_compiled(env, self._state.get("cache"), "theme")
        env.globals["site_urls"] = urls  # the theme's links, from the one owner (then |url)
        return env

    def on_page_markdown(self, markdown, page, config, files):
        return "" if page.file.src_uri in self.nav_pages else markdown

    def on_page_content(self, html, page, config, files):
        if page.file.src_uri in self.nav_pages:
            return ""
        # a hand-written page's code blocks and tables scroll sideways on a narrow screen
        # (site.css): a scrolling box takes keyboard focus, so the keyboard can scroll it too
        return html.replace("<pre>", '<pre tabindex="0">').replace("<table>", '<table tabindex="0">')

    def on_serve(self, server, config, builder):
        for folder in (self.root / "briefs", self.templates):
            if folder.is_dir():
                server.watch(str(folder))
        server.set_app(not_found_on_nul(server.get_app(), server))
        return server


def long_lived(collect: bool = False) -> None:
    """The facts, their links and the plan live as long as the build (or the preview's round):
    moved out of the garbage collector's sight (``gc.freeze``), so that its collections walk only
    what is made after them. At 1,000 briefs that is millions of objects, and a full collection
    walking them took 0.2 s, three or four times in every round of a live preview. COLLECT: a
    full collection first, so that no garbage is put out of sight with them (a build's; a
    preview's round cannot wait for one, and collects when the editor pauses:
    ``serve.Preview.settle``). What becomes garbage among them later is freed as ever when
    nothing refers to it."""
    if collect:
        gc.collect()
    gc.freeze()


def not_found_on_nul(app, server):
    """MkDocs' live-reload server answers a path with a NUL byte (``/etc/passwd%00.html``) with a
    500: its open() raises ValueError, where it expects OSError. Answer 404, as for any other
    path that is not in the site."""
    def guarded(environ, start_response):
        if "\0" in environ.get("PATH_INFO", ""):
            start_response("404 Not Found", [("Content-Type", "text/html")])
            return [server.error_handler(404) or b"404 Not Found"]
        return app(environ, start_response)

    return guarded
