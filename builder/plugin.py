"""Stage 5, the engine adapter: a thin MkDocs plugin.

It asks the core for the checked, rendered pages and hands them to MkDocs as generated files
(``File.generated``, MkDocs 1.6), swaps each generated page's content for the core's HTML, turns on
autoescaping in the theme's environment, and watches ``briefs/`` and ``templates/`` under
``mkdocs serve``. It holds no logic of its own: the CLI and this plugin call the same core.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .check import Result, check
from .diagnostics import ERROR, format_text
from .model import Site
from .render import OutPage, SiteInfo, render
from .report import More, capped, format_more

log = logging.getLogger("mkdocs.plugins.briefs")


class BriefsConfig(Config):
    root = c.Type(str, default=".")  # the folder holding briefs/, relative to mkdocs.yml
    templates = c.Type(str, default="templates")  # the page templates live in its pages/ folder


class BriefsPlugin(BasePlugin[BriefsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.pages: dict[str, OutPage] = {}
        self.prechecked: Result | None = None  # set by `briefs build`, which has checked already
        self.serving = False
        self.last_good: tuple | None = None  # under serve: the last pages that built cleanly
        self.problems: list[str] = []

    def on_startup(self, command, dirty):
        self.serving = command == "serve"

    def on_config(self, config):
        base = Path(config.config_file_path or ".").resolve().parent
        self.root = (base / self.config.root).resolve()
        self.templates = (base / self.config.templates).resolve()
        return config

    def on_files(self, files: Files, config) -> Files:
        result, self.prechecked = self.prechecked or check(self.root), None
        self.problems = [format_more(d, "text") if isinstance(d, More) else format_text(d)
                         for d in capped(d for d in result.diagnostics if d.severity == ERROR)]
        info = SiteInfo(config.site_name, config.site_url, config.site_description or "")
        if not self.problems:
            pages, outputs = render(result.site, self.templates, info, result.texts)
            self.last_good = (pages, outputs)
        elif not self.serving:
            raise PluginError("the briefs have errors; nothing was built:\n" + "\n".join(self.problems))
        else:  # a live preview keeps the last good pages and shows the problems on every page
            for problem in self.problems:
                log.warning(problem)
            pages, outputs = self.last_good or render(Site((), ()), self.templates, info)
        self.pages = {page.src_uri: page for page in pages}
        for page in pages:  # the few top pages are in the nav; the rest are reached by links
            inclusion = (InclusionLevel.INCLUDED if page.src_uri.count("/") <= 1
                         else InclusionLevel.NOT_IN_NAV)
            files.append(File.generated(config, page.src_uri, content="", inclusion=inclusion))
        for output in outputs:
            files.append(File.generated(config, output.path, content=output.content))
        return files

    # MkDocs' search plugin indexes page.content in its on_page_context. Pages that gather facts
    # shown elsewhere (the home, the actors index, the timeline of every brief) give it only what
    # is theirs, so each fact is found once, where it lives, and the index stays linear in size.
    @event_priority(100)
    def _before_search(self, context, page, config, nav):
        out = self.pages.get(page.file.src_uri)
        if out is not None and out.search is not None:
            page.content = out.search
        return context

    @event_priority(-100)
    def _after_search(self, context, page, config, nav):
        out = self.pages.get(page.file.src_uri)
        if out is not None:
            page.content = out.body
        context["briefs_problems"] = self.problems if self.serving else []
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)

    def on_env(self, env, config, files):
        env.autoescape = True  # the theme's templates print page.content with |safe, nothing else
        return env

    def on_page_markdown(self, markdown, page, config, files):
        out = self.pages.get(page.file.src_uri)
        if out is None:
            return markdown
        page.meta["title"] = out.title
        page.meta["briefs"] = out
        return ""

    def on_page_content(self, html, page, config, files):
        out = self.pages.get(page.file.src_uri)
        return out.body if out is not None else html

    def on_serve(self, server, config, builder):
        for folder in (self.root / "briefs", self.templates):
            if folder.is_dir():
                server.watch(str(folder))
        return server
