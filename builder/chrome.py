"""The theme's layout around a generated page, rendered without MkDocs' page pipeline.

MkDocs builds a page by converting its Markdown, walking the nav, running a chain of plugin events
and rendering the theme's ``main.html``. A generated page has no Markdown and its HTML is the
core's; all it needs of MkDocs is ``main.html`` rendered as MkDocs renders it. ``Chrome`` does
exactly that, with MkDocs' own template environment (its ``url`` filter, the briefs plugin's
autoescaping and globals), its own navigation and its own context function, for a stand-in page
that has the few attributes the theme reads. The result is byte for byte what MkDocs would write
(tests/test_golden.py holds pages built both ways to the same files).
"""

from __future__ import annotations

import gzip
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .render import OutPage


@dataclass
class StandIn:
    """What the theme reads of a page (MkDocs' ``Page``), for a page the core generated."""

    url: str
    title: str
    content: str
    meta: dict
    canonical_url: str | None
    abs_url: str | None
    is_homepage: bool
    is_link: bool = False
    active: bool = field(default=False)


@dataclass
class StandInFile:
    """What the sitemap template reads of a file: its page."""

    page: StandIn


class Chrome:
    def __init__(self, env, config, nav, files):
        from mkdocs.commands.build import get_context

        self.template = env.get_template("main.html")
        self.env, self.config, self.nav = env, config, nav
        self.documentation = files.documentation_pages()
        self._get_context = get_context
        site_url = config.site_url or ""
        self.base = site_url if site_url.endswith("/") else site_url + "/" if site_url else ""
        # the top items of the nav, by URL: a generated page in the nav is marked as current
        self.in_nav = {item.url: item for item in nav if getattr(item, "url", None) is not None
                       and not item.is_link}

    def setting(self) -> tuple:
        """Everything of the configuration the layout shows: a change to it changes every page."""
        config = self.config

        def item(i) -> tuple:
            return (i.title, getattr(i, "url", None), tuple(item(c) for c in (i.children or ())))

        return (config.site_name, config.site_url, config.site_description,
                str(config.theme.locale), config.use_directory_urls, tuple(item(i) for i in self.nav))

    def stand_in(self, out: OutPage) -> StandIn:
        canonical = urljoin(self.base, out.url) if self.base else None
        return StandIn(out.url, out.title, out.body, {"title": out.title, "briefs": out},
                       canonical, urlsplit(canonical).path if canonical else None, out.url == "")

    def page(self, out: OutPage, problems: list[str]) -> bytes:
        """The whole HTML of a generated page, as MkDocs' _build_page writes it."""
        page = self.stand_in(out)
        context = self._get_context(self.nav, self.documentation, self.config, page)
        context["briefs_problems"] = problems
        item = self.in_nav.get(out.url)
        if item is not None:  # as MkDocs does: the nav's title for the page, and marked current
            page.title = item.title
            item.active = True
        try:
            html = self.template.render(context)
        finally:
            if item is not None:
                item.active = False
        return html.encode("utf-8", errors="xmlcharrefreplace")

    def sitemap(self, pages: list[OutPage | StandIn], ours: set[str]) -> None:
        """sitemap.xml (and its .gz) with every page: MkDocs wrote it from its own pages, which
        are no longer all of them. The order is MkDocs' (hand-written pages, then ours)."""
        if "sitemap.xml" not in self.config.theme.static_templates:
            return
        from mkdocs import utils

        files = [f for f in self.documentation if f.src_uri not in ours]
        files += [StandInFile(p if isinstance(p, StandIn) else self.stand_in(p)) for p in pages]
        context = self._get_context(self.nav, files, self.config)
        output = self.env.get_template("sitemap.xml").render(context)
        path = os.path.join(self.config.site_dir, "sitemap.xml")
        utils.write_file(output.encode("utf-8"), path)
        timestamp = utils.get_build_timestamp(
            pages=[f.page for f in self.documentation if f.page is not None])
        with open(f"{path}.gz", "wb") as f:
            with gzip.GzipFile(fileobj=f, filename=f"{path}.gz", mode="wb", mtime=timestamp) as gz:
                gz.write(output.encode("utf-8"))
