"""Stage 4, render: the linked facts through Jinja templates into pages and files.

Templates autoescape and use StrictUndefined. Editor text reaches a page in three ways only: escaped
by Jinja, as Markdown rendered and then sanitized by nh3 (``md``), or inside JSON-LD serialized with
``<``, ``>`` and ``&`` escaped (``json_ld``). Links between pages are relative, so the site works
under any base path. Output depends on the facts alone: no clock, no hash order.
"""

from __future__ import annotations

import hashlib
import json
import html as html_lib
import posixpath
import re
import threading
from functools import lru_cache
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote as urlquote
from xml.sax.saxutils import escape as xml_escape

import jinja2
import nh3
from markupsafe import Markup

from . import text as text_rules
from .dates import FuzzyDate
from . import tznames, zones
from .graph import base_mark, brief_network, neighbourhood
from .strip import timeline_strip
from .markdown_safe import converter
from . import citations, fragments, urls, words
from .fragments import relative  # noqa: F401  (the link rule, for callers of render)
from .words import WHAT_IT_IS
from .notes import Note, Notes, Passage, prose
from .verbatim import normalise
from .link import Linked, Profile, dated, event_key, link, quote_key, undated
from .plan import Job, event_groups, plan, timeline_split, timeline_years
from .model import ACTOR_KINDS, RELATION_TYPES, Actor, Brief, Event, Quote, Site, Source, local_id

ALLOWED_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "em", "h3", "h4", "hr", "i", "li",
                "ol", "p", "pre", "strong", "sub", "sup", "ul"}
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")
KIND_LABELS = {"person": "Person", "organisation": "Organisation", "state": "State", "group": "Group"}
PLACE_KINDS = ("country", "region", "city", "base", "building")
PLACE_LABELS = {"country": "Countries", "region": "Regions", "city": "Cities", "base": "Bases",
                "building": "Buildings"}
SOURCE_KIND_LABELS = {"social-post": "social media post"}
WIDE = {"timeline.html": "wide"}  # the templates whose pages take the wide layout
USE_LABELS = {"event": "Event", "quote": "Quote by", "relation": "Relation", "role": "Role of",
              "prose": "The brief:", "brief": "Main source of"}


@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str | None  # site_url, for canonical links, Open Graph and the feed
    description: str
    zone: str = zones.UTC  # the site's zone: the days of pages that mix briefs (plugin setting)


@dataclass(frozen=True)
class OutPage:
    """A page for the engine: where it goes, its title, its body and head HTML (both safe)."""

    src_uri: str  # e.g. "briefs/x/timeline/index.md"
    url: str  # e.g. "briefs/x/timeline/"
    title: str
    description: str
    body: str
    head: str
    updated: str | None  # ISO date of the facts' last change, for the sitemap
    search: str | None = None  # what the search index gets instead of the body, on pages that
    # gather facts shown on their own pages (each fact is found once, where it is at home)
    layout: str = ""  # the theme's layout for the page, named on <main> so that it is known from
    # the first byte of the content: "wide" for a timeline (its dates in a column of their own)


@dataclass(frozen=True)
class SourcePassage:
    """A passage of a source on its sources page, and the facts it supports."""

    excerpt: str
    fragment: str | None  # the text fragment to the passage in the original
    uses: tuple


@dataclass(frozen=True)
class OutFile:
    path: str
    content: bytes


# -- filters and helpers -------------------------------------------------------------------------

# one converter, reset between texts: building a Markdown instance costs more than converting.
# One conversion at a time: a live preview's search refresh converts texts on a thread of its
# own while an edit's pages are rendered
_MARKDOWN = converter()
_MARKDOWN_LOCK = threading.Lock()


def _keep_link(tag: str, attr: str, value: str) -> str | None:
    if tag == "a" and attr == "href":
        return value if value.strip().lower().startswith(ALLOWED_SCHEMES) else None
    return value


# sanitized HTML by the SHA-256 of its Markdown, from the last build (builder/pages.py keeps it in
# the build cache, under the builder's code digest): a text that did not change is not converted
KNOWN_HTML: dict[str, str] = {}
USED_HTML: dict[str, str] = {}


@lru_cache(maxsize=65536)
def markdown(text: str | None) -> Markup:
    """Editor Markdown to sanitized HTML: no script, style, iframe, svg, event handlers or style
    attributes; links only http, https and mailto."""
    if not text:
        return Markup("")
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    known = KNOWN_HTML.get(key)
    if known is None:
        known = _markdown(text)
    USED_HTML[key] = known
    return Markup(known)


def _markdown(text: str) -> str:
    html = None
    if len(text) <= text_rules.MAX_MARKDOWN and text_rules.markdown_problem(text) is None:
        try:
            with _MARKDOWN_LOCK:
                html = _MARKDOWN.reset().convert(text)
        except RecursionError:  # lists nested past what Python-Markdown can recurse into
            html = None
    if html is None:  # refused by the check: never built, but render stays bounded on its own
        html = "".join(f"<p>{html_lib.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}, "abbr": {"title"}},
                     url_schemes={"http", "https", "mailto"}, attribute_filter=_keep_link,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)


@lru_cache(maxsize=65536)
def plain(text: str | None) -> str:
    """Markdown to one line of plain text (for descriptions, feeds and the search index)."""
    if not text:
        return ""
    return html_lib.unescape(" ".join(nh3.clean(str(markdown(text)), tags=set()).split()))


def search_text(*parts: str | None) -> str:
    """What the search index gets for a page: its words in one paragraph. MkDocs' search plugin
    parses every page's HTML with a pure-Python parser; plain words cost it almost nothing."""
    return str(Markup("<p>{}</p>").format(" ".join(p for p in parts if p)))


def json_ld(data: object) -> Markup:
    """JSON for a <script type="application/ld+json">: nothing in it can close the script."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


def text_fragment(words: str) -> str:
    """A URL text fragment (#:~:text=...) that scrolls the original to the words."""
    words = re.sub(r"\s+", " ", words).strip()
    split = words.split(" ")

    def enc(s: str) -> str:
        return urlquote(s, safe="").replace("-", "%2D")

    if len(split) > 10:
        return "#:~:text=" + enc(" ".join(split[:5])) + "," + enc(" ".join(split[-5:]))
    return "#:~:text=" + enc(words)


def with_fragment(url: str, fragment: str) -> str:
    """URL with the text FRAGMENT (``#:~:text=...``). A URL with a fragment of its own keeps it,
    the directive after it (``#section:~:text=...``): a second '#' would be part of the first
    fragment, and the browser would find neither."""
    return url + fragment[1:] if "#" in url else url + fragment


def initials(name: str) -> str:
    """An actor's mark on cards and profiles: the same letters as its circle in a diagram."""
    return base_mark(name)


def _relation_verb(relation, actors) -> str:
    subject = actors(relation.subject)
    return words.relation_verb(relation.type, subject.name, subject.kind)


def as_of(brief: Brief) -> FuzzyDate | None:
    """What the brief's facts are as of: the date of its newest dated source (the one whose date
    ends last), at its own precision."""
    dated_sources = [s.published for s in brief.sources if s.published is not None]
    return max(dated_sources, key=lambda d: (d.interval[1], d.sort_key), default=None)


def as_of_words(date: FuzzyDate) -> str:
    """'9–10 January 2020': a span already says the day is not known, so it needs no 'about'."""
    text = date.human()
    return text[len("about "):] if date.precision == "range" and text.startswith("about ") else text


def iso(date: FuzzyDate | None) -> str | None:
    return date.iso() if date else None


# -- the renderer --------------------------------------------------------------------------------

class Renderer:
    def __init__(self, templates: Path, info: SiteInfo, texts: dict | None = None,
                 env: jinja2.Environment | None = None):
        """ENV: the environment of an earlier renderer of the same templates, whose compiled
        templates are reused (a live preview's round)."""
        self.info = info
        self.texts = texts or {}
        self._fragments: dict[tuple[str, str, str], str] = {}
        self.cache = fragments.Cache()
        self.marks = fragments.Marks()
        self.stored = None  # the last build's events (pages.Stored), set by pages.write
        self._shared: tuple[Linked, dict] | None = None
        self._by_year: tuple[Linked, dict] | None = None
        if env is not None:
            self.env = env
            return
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates / "pages")),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(md=markdown, plain=plain, json_ld=json_ld, initials=initials)
        self.env.globals.update(RELATION_TYPES=RELATION_TYPES, KIND_LABELS=KIND_LABELS,
                                SOURCE_KIND_LABELS=SOURCE_KIND_LABELS, in_zone=zones.in_zone,
                                PLACE_LABELS=PLACE_LABELS, relation_verb=_relation_verb,
                                as_of=as_of, as_of_words=as_of_words, count=words.count,
                                USE_LABELS=USE_LABELS, with_fragment=with_fragment,
                                zone_words=zones.zone_words)

    def compile_templates(self) -> None:
        """Compile every page template now. Before worker processes are forked: they inherit
        them compiled, and this process has them for its own later renders (a live preview's
        rounds, whose first page would otherwise wait for them). One that does not compile is
        left for the page that uses it to report, as it would have been."""
        for name in self.env.list_templates(extensions=["html"]):
            try:
                self.env.get_template(name)
            except (jinja2.TemplateError, UnicodeDecodeError, OSError):
                continue

    def release(self) -> None:
        """Let go of the fragments once the pages are written: at 1,000 briefs they are a fifth
        of a live preview's memory, and no later page is rendered from them (a preview's round
        renders with a new renderer, which reuses only the compiled templates)."""
        self._fragments, self.cache = {}, fragments.Cache()
        self._shared = self._by_year = None

    def _context(self, linked: Linked) -> dict:
        """What every page's templates see. Nothing in it depends on the page: links are deferred
        and marks are tokens (builder/fragments.py), so the HTML of a fact is the same on every
        page, rendered once (``fragment``) and finished per page (``page``)."""
        if self._shared is not None and self._shared[0] is linked:
            return self._shared[1]
        link_to = fragments.link

        def source_href(brief_id: str, source_id: str, excerpt: str | None = None) -> str:
            """The original's URL (with a text fragment for the excerpt), or the sources page."""
            source = linked.sources[(brief_id, source_id)]
            if source.url:
                return (with_fragment(source.url, self._fragment(brief_id, source_id, excerpt))
                        if excerpt else source.url)
            return link_to(urls.source(brief_id, source_id))

        def passages(brief_id: str, cites) -> list[Passage]:
            """Each citation as a passage a mark opens: its words, and a link that says where."""
            made = [self._passage(linked, brief_id, c.source, c.excerpt, source_href) for c in cites]
            return words.distinct_labels(made, [linked.sources[(brief_id, c.source)] for c in cites])

        context = {
            "site": self.info, "linked": linked, "link_to": link_to,
            "urls": urls.Links(link_to),
            "source_href": source_href, "passages": passages, "next_note": self.marks,
            "passage": lambda b, s, excerpt=None: self._passage(linked, b, s, excerpt, source_href),
            "actor": lambda i: linked.actors[i],
            "source": lambda b, s: linked.sources[(b, s)],
            "brief_by_id": linked.by_id.__getitem__, "place_of": lambda e: linked.places.get(e.place),
            "reports_of": linked.reports_of, "statements_of": linked.statements_of,
        }
        # the facts shown on many pages, each rendered once by the macros of one module
        shown = self.env.get_template("_macros.html").make_module(context)
        cache = self.cache
        context.update(
            event_body=lambda e: cache.get(("event", e), lambda: self._event_body(shown, e)),
            quote_html=lambda q, with_speaker, anchor: cache.get(
                ("quote", q, with_speaker, anchor),
                lambda: shown.quote_figure(q, with_speaker, anchor)),
            statements_html=lambda r: cache.get(("relation", r),
                                                lambda: shown.relation_statements_of(r)))
        self._shared = (linked, context)
        return context

    def _event_body(self, shown, event: Event) -> str:
        """An event's fragment: the last build's, when its brief's timeline page is unchanged
        (``keep_events``) and the event is that brief's own, else rendered."""
        if self.stored is not None and self._shared is not None:
            brief = self._shared[0].by_id.get(event.brief)
            if brief is not None and any(e == event for e in brief.events if e.id == event.id):
                found = self.stored.get(event.brief, event.id)
                if found is not None:
                    return fragments.retokened(found, self.marks)
        return shown.event_details(event)

    def keep_events(self, brief: Brief) -> None:
        """Keep BRIEF's events' fragments for the next build, once its timeline page (which shows
        every one of them) is rendered."""
        if self.stored is not None:
            made = {e.id: self.cache.found(("event", e)) for e in brief.events}
            if all(html is not None for html in made.values()):
                self.stored.keep(brief.id, {k: str(v) for k, v in made.items()})

    def _passage(self, linked: Linked, brief_id: str, source_id: str, excerpt: str | None,
                 source_href) -> Passage:
        source = linked.sources[(brief_id, source_id)]
        label = words.source_label(source)
        if source.kind != "article":
            label += f" ({SOURCE_KIND_LABELS.get(source.kind, source.kind)})"
        if source.cited_in and not source.url:
            label += ", as reported by " + linked.sources[(brief_id, source.cited_in)].publisher
        return Passage(excerpt, label, source_href(brief_id, source_id, excerpt))

    def prose(self, linked: Linked, brief: Brief) -> dict:
        """The brief's summary and why_it_matters with numbered citations, the notes each field
        cites first, and each actor and place named linked at its first mention."""
        context = self._context(linked)
        events = {e.id: e for e in brief.events}
        quotes = {q.id: q for q in brief.quotes}
        sources = {s.id: s for s in brief.sources}

        def resolve(mark: citations.Mark) -> Note | None:
            kind = mark.kind or next((k for k, ids in (("event", events), ("quote", quotes),
                                                         ("source", sources)) if mark.id in ids), None)
            if kind == "event" and mark.id in events:
                e = events[mark.id]
                # the event's first passage; the rest are one click on, at the event itself
                return Note(0, kind, e.title, context["link_to"](urls.event_in(brief.id, e.id)),
                            tuple(context["passages"](brief.id, e.sources[:1])))
            if kind == "quote" and mark.id in quotes:
                q = quotes[mark.id]
                return Note(0, kind, linked.actors[q.speaker].name,
                            context["link_to"](urls.quote(brief.id, q.id)),
                            (context["passage"](brief.id, q.source, q.text),))
            if kind == "source" and mark.id in sources:
                return Note(0, kind, None, None, (context["passage"](brief.id, mark.id, mark.excerpt),))
            return None

        names = []
        for role in brief.roles:
            a = linked.actors[role.actor]
            names += [(n, "actor:" + a.id, context["link_to"](urls.actor(a, brief.id))) for n in (a.name, *a.aliases)]
        for place_id in dict.fromkeys(e.place for e in brief.events if e.place in linked.places):
            p = linked.places[place_id]
            names += [(n, "place:" + p.id, context["link_to"](urls.place(p.id))) for n in (p.name, *p.aliases)]
        notes, done = Notes(resolve), set()
        out = {}
        for field in ("summary", "why_it_matters"):
            out[field], out[field + "_notes"] = prose(getattr(brief, field), notes, markdown, names, done)
        out["notes"] = notes.order
        return out

    def _fragment(self, brief_id: str, source_id: str, excerpt: str) -> str:
        """The text fragment for an excerpt, as the source writes it (computed once per excerpt:
        an event's citation is shown on several pages)."""
        key = (brief_id, source_id, excerpt)
        if key not in self._fragments:
            text = self.texts.get((brief_id, source_id))
            original = text.original(excerpt) if text is not None else None
            self._fragments[key] = text_fragment(original or excerpt)
        return self._fragments[key]

    def page(self, linked: Linked, template: str, url: str, title: str, description: str,
             head_data: object, updated: str | None = None, og_type: str = "website",
             search: str | None = None, **values) -> OutPage:
        context = dict(self._context(linked), url=url, page_title=title, **values)
        # the marks of lists go on numbering after the prose's notes
        first = len(values["prose"]["notes"]) + 1 if "prose" in values else 1
        body = fragments.finish(url, self.env.get_template(template).render(context), first)
        canonical = (self.info.url.rstrip("/") + "/" + url) if self.info.url else None
        head = self.env.get_template("_head.html").render(
            title=title, description=description, canonical=canonical, og_type=og_type,
            data=head_data, site=self.info)
        return OutPage(posixpath.join(url, "index.md"), url, title, description, body, head, updated,
                       search, WIDE.get(template, ""))

    # -- the pages of the URL contract -----------------------------------------------------------

    def render(self, linked: Linked) -> tuple[list[OutPage], list[OutFile]]:
        pages = [self.page_of(linked, job) for job in self.plan(linked)]
        return pages, self.files(linked)

    def plan(self, linked: Linked) -> list[Job]:
        """The plan of LINKED's pages (builder/plan.py), made from the year groups this renderer
        renders the timeline of every brief from (0.1-0.2 s at 1,000 briefs, made once)."""
        return plan(linked, self.info.zone, self._years(linked) if timeline_split(linked) else None)

    def page_of(self, linked: Linked, job: Job) -> OutPage:
        """The page of one job of the plan (builder/plan.py)."""
        if job.kind in ("brief", "brief-timeline", "quotes", "sources"):
            return self.BRIEF_PAGES[job.kind](self, linked, linked.by_id[job.key])
        if job.kind == "actor":
            return self.actor(linked, linked.profiles[job.key])
        if job.kind == "place":
            return self.place(linked, linked.places[job.key])
        if job.kind == "timeline-year":
            return self.timeline_year(linked, job.key)
        return self.SITE_PAGES[job.kind](self, linked)

    def files(self, linked: Linked) -> list[OutFile]:
        files = [OutFile(urls.feed(), self.feed(linked).encode("utf-8"))]
        files += [OutFile(urls.brief_json(b.id), brief_json(b).encode("utf-8"))
                  for b in linked.site.briefs]
        return files

    def home(self, linked: Linked) -> OutPage:
        data = {"@context": "https://schema.org", "@type": "WebSite", "name": self.info.name,
                "description": self.info.description}
        if self.info.url:
            data["url"] = self.info.url
        return self.page(linked, "home.html", "", self.info.name, self.info.description, data,
                         search="")

    def briefs_index(self, linked: Linked) -> OutPage:
        data = {"@context": "https://schema.org", "@type": "CollectionPage", "name": "Briefs",
                "hasPart": [{"@type": "NewsArticle", "headline": b.title} for b in linked.briefs]}
        return self.page(linked, "briefs.html", urls.briefs(), "Briefs",
                         "Every brief, newest first.", data, search="")

    def brief(self, linked: Linked, brief: Brief) -> OutPage:
        key_actors = brief.key_actors or tuple(r.actor for r in brief.roles)
        roles = {r.actor: r for r in brief.roles}
        quotes = {q.id: q for q in brief.quotes}
        data = {
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": brief.title,
            "description": brief.standfirst, "datePublished": brief.published.iso(),
            "dateModified": brief.last_updated.iso(), "keywords": list(brief.topics),
            "about": _actors_ld(linked.actors[a] for a in key_actors),
            "citation": [_source_ld(s) for s in brief.sources],
        }
        corrections = [u for u in brief.updates if u.kind == "correction"]
        if corrections:
            data["correction"] = [{"@type": "CorrectionComment", "text": plain(u.text),
                                   "datePublished": u.date.iso()} for u in corrections]
        search = Markup("<p>{}</p>{}{}").format(brief.standfirst, markdown(citations.strip(brief.summary)),
                                                 markdown(citations.strip(brief.why_it_matters)))
        return self.page(
            linked, "brief.html", urls.brief(brief.id), brief.title, brief.standfirst, data,
            brief.last_updated.iso(), "article", search=str(search), brief=brief,
            key_actors=[(linked.actors[a], roles[a]) for a in key_actors],
            key_quotes=[quotes[q] for q in brief.key_quotes],
            events=[e for g in _groups(dated(brief.events), brief.zone) for e in g.events],
            zone=brief.zone, background=undated(brief.events), with_list=True,
            prose=self.prose(linked, brief),
            network=brief_network(f"Who is who in {brief.title}", brief.relations, linked.actors))

    def brief_timeline(self, linked: Linked, brief: Brief) -> OutPage:
        events = dated(brief.events)
        background = undated(brief.events)
        return self.page(
            linked, "timeline.html", urls.timeline(brief.id), f"Timeline: {brief.title}",
            f"What happened when: {brief.standfirst}", _events_ld(linked, events, brief),
            brief.last_updated.iso(), brief=brief, groups=_groups(events, brief.zone), zone=brief.zone,
            background=background, anchor=lambda e: e.id,
            strip=timeline_strip(events, lambda e: e.id, brief.zone),
            search=search_text(*(w for e in events + background for w in _event_words(linked, e))),
            **_filter(linked, events + background))

    def every_timeline(self, linked: Linked) -> OutPage:
        """The timeline of every brief: one page while it is short; past TIMELINE_PAGE events, an
        index of years with a page per year (and one for undated background), so that no page
        grows with the whole site (builder/plan.py plans which)."""
        title, about = "Timeline of every brief", "Every event of every brief, in date order."
        if not timeline_split(linked):
            every = linked.timeline + linked.background
            return self.page(
                linked, "timeline.html", urls.every_timeline(), title, about,
                _events_ld(linked, linked.timeline, None), None, search="", brief=None,
                groups=_groups(linked.timeline, self.info.zone), zone=self.info.zone,
                background=linked.background, strip=timeline_strip(linked.timeline, urls.global_anchor,
                                                           self.info.zone),
                anchor=urls.global_anchor, **_filter(linked, every))
        years = self._years(linked)
        index = [(year, urls.timeline_year(year), sum(len(g.events) for g in groups))
                 for year, groups in years.items()]
        if linked.background:
            index.append((None, urls.timeline_background(), len(linked.background)))
        return self.page(linked, "timeline_index.html", urls.every_timeline(), title, about,
                         {"@context": "https://schema.org", "@type": "CollectionPage", "name": title},
                         None, search="", index=index)

    def timeline_year(self, linked: Linked, year: int) -> OutPage:
        groups = self._years(linked)[year]
        events = tuple(e for g in groups for e in g.events)
        return self.page(
            linked, "timeline.html", urls.timeline_year(year), f"Timeline of every brief: {year}",
            f"Every event of every brief in {year}, in date order.",
            _events_ld(linked, events, None), None, search="", brief=None,
            groups=groups, zone=self.info.zone, background=(),
            anchor=urls.global_anchor,
            strip=timeline_strip(events, urls.global_anchor, self.info.zone),
            **_filter(linked, events))

    def _years(self, linked: Linked) -> dict:
        if self._by_year is None or self._by_year[0] is not linked:
            self._by_year = (linked, timeline_years(linked, self.info.zone))
        return self._by_year[1]

    def timeline_background(self, linked: Linked) -> OutPage:
        return self.page(
            linked, "timeline.html", urls.timeline_background(), "Timeline of every brief: undated",
            "Events of every brief that the sources give no date for.",
            _events_ld(linked, linked.background, None), None, search="", brief=None, groups=[],
            zone=self.info.zone, strip=None,
            background=linked.background, anchor=urls.global_anchor,
            **_filter(linked, linked.background))

    def brief_quotes(self, linked: Linked, brief: Brief) -> OutPage:
        by_speaker: dict[str, list[Quote]] = {}
        for quote in sorted(brief.quotes, key=quote_key):
            by_speaker.setdefault(quote.speaker, []).append(quote)
        speakers = sorted(by_speaker, key=lambda a: linked.actors[a].sort_key)
        roles = {r.actor: r.role for r in brief.roles}
        data = {"@context": "https://schema.org", "@graph": [
            _quote_ld(linked, q) for q in sorted(brief.quotes, key=quote_key)]}
        return self.page(
            linked, "quotes.html", urls.quotes(brief.id), f"Quotes: {brief.title}",
            f"Who said what: {brief.standfirst}", data, brief.last_updated.iso(), brief=brief,
            groups=[(linked.actors[s], by_speaker[s]) for s in speakers],
            who=lambda a: words.one_line(a.description or roles.get(a.id)),
            search=search_text(*(w for q in brief.quotes for w in (
                linked.actors[q.speaker].name, q.text, q.occasion, q.context))))

    def brief_sources(self, linked: Linked, brief: Brief) -> OutPage:
        data = {"@context": "https://schema.org", "@graph": [_source_ld(s) for s in brief.sources]}
        return self.page(
            linked, "sources.html", urls.sources(brief.id), f"Sources: {brief.title}",
            f"Where the facts come from: {brief.standfirst}", data, brief.last_updated.iso(),
            brief=brief, uses=lambda s: linked.uses.get((brief.id, s), ()),
            passages_of=lambda s: self._reading_order(linked, brief.id, s),
            elsewhere=linked.cited_elsewhere,
            search=search_text(*(w for s in brief.sources for w in (
                s.title, s.publisher, s.republished_by, s.author))))

    def _reading_order(self, linked: Linked, brief_id: str, source_id: str):
        """What a source supports, passage by passage in the order its stored text gives them,
        then what cites it whole. Passages that overlap in the text are one passage, printed once
        with every fact that cites a part of it: no words of the source are printed twice."""
        text = self.texts.get((brief_id, source_id))
        has_url = linked.sources[(brief_id, source_id)].url is not None
        spans: list[tuple[int, int, object]] = []  # (start, end) in the normalised text
        lost, whole = [], []
        for use in linked.uses.get((brief_id, source_id), ()):
            if use.excerpt is None:
                whole.append(use)
                continue
            key = normalise(use.excerpt)
            at = text.text.find(key) if text is not None else -1
            if at < 0:
                lost.append(use)  # not found (no stored text): shown as written, after the rest
            else:
                spans.append((at, at + len(key), use))
        spans.sort(key=lambda s: (s[0], -s[1]))
        groups: list[list] = []
        for begin, end, use in spans:
            if groups and begin < groups[-1][1]:
                groups[-1][1] = max(groups[-1][1], end)
                groups[-1][2].append(use)
            else:
                groups.append([begin, end, [use]])
        ordered = []
        for begin, end, uses in groups:
            words = text.original(text.text[begin:end]) or text.text[begin:end]
            ordered.append(SourcePassage(words, text_fragment(words) if has_url else None,
                                         tuple(dict.fromkeys(uses))))
        by_words: dict[str, list] = {}
        for use in lost:
            by_words.setdefault(use.excerpt, []).append(use)
        ordered += [SourcePassage(w, self._fragment(brief_id, source_id, w) if has_url else None,
                                  tuple(us)) for w, us in by_words.items()]
        return ordered, whole

    def actors_index(self, linked: Linked) -> OutPage:
        actors = sorted((a for a in linked.site.actors if not a.unnamed), key=lambda a: a.sort_key)
        data = {"@context": "https://schema.org", "@graph": [_actor_ld(a) for a in actors]}
        groups = [(kind, [a for a in actors if a.kind == kind]) for kind in ACTOR_KINDS]
        return self.page(linked, "actors.html", urls.actors(), "Actors",
                         "Every person, organisation, state and group in the briefs.", data,
                         search="", groups=[g for g in groups if g[1]],
                         line=lambda a: words.one_line(a.description or next(
                             (r.role for r in linked.profiles[a.id].roles), None)))

    def places_index(self, linked: Linked) -> OutPage:
        places = sorted(linked.site.places, key=lambda p: (p.name.casefold(), p.id))
        data = {"@context": "https://schema.org", "@graph": [_place_ld(p) for p in places]}
        groups = [(kind, [p for p in places if p.kind == kind]) for kind in PLACE_KINDS]
        return self.page(linked, "places.html", urls.places(), "Places",
                         "Every city, base, region, country and building named in the briefs.",
                         data, search="", groups=[g for g in groups if g[1]],
                         count=lambda p: _place_count(linked, p))

    def place(self, linked: Linked, place) -> OutPage:
        own = linked.place_events.get(place.id, ())
        events = own + linked.inner_events.get(place.id, ())
        zone = place.tz or self.info.zone
        data = _place_ld(place)
        data["@context"] = "https://schema.org"
        if self.info.url:
            data["url"] = self.info.url.rstrip("/") + "/" + urls.place(place.id)
        updated = max((linked.by_id[e.brief].last_updated for e in events),
                      key=lambda d: d.sort_key, default=None)
        description = place.description or f"What happened in {place.name}, across the briefs."
        return self.page(
            linked, "place.html", urls.place(place.id), place.name, description, data,
            iso(updated), search=search_text(place.name, *place.aliases, place.description),
            place=place, zone=zone, parent=linked.places.get(place.within),
            inside=linked.within.get(place.id, ()),
            event_groups=_groups(tuple(e for e in events if e.date), zone),
            undated_events=[e for e in events if not e.date], count=_place_count(linked, place))

    def actor(self, linked: Linked, profile: Profile) -> OutPage:
        actor = profile.actor
        roles = "; ".join(r.role for r in profile.roles)
        description = actor.description or roles or actor.name
        data = _actor_ld(actor)
        data["@context"] = "https://schema.org"
        if self.info.url:
            data["url"] = self.info.url.rstrip("/") + "/" + urls.actor(actor)
        updated = max((linked.by_id[r.brief].last_updated for r in profile.roles),
                      key=lambda d: d.sort_key, default=None)
        network = neighbourhood(actor, profile.outgoing + profile.incoming, linked.actors)
        words = [actor.name, KIND_LABELS[actor.kind], *actor.aliases, actor.description]
        words += [linked.by_id[r.brief].title + ": " + r.role for r in profile.roles]
        parts = {(e.brief, e.id): p for e, p in profile.events}
        relations = profile.outgoing
        what = [r for r in relations if r.type in WHAT_IT_IS and not r.former]
        what += [r for r in relations if r.type in WHAT_IT_IS and r.former]
        appearances = [e for e, _ in profile.events if e.date]
        return self.page(linked, "actor.html", urls.actor(actor), actor.name, description, data,
                         iso(updated), "profile", search=search_text(*words), profile=profile,
                         network=network, with_list=False, zone=self.info.zone,
                         event_groups=_groups(tuple(e for e, _ in profile.events if e.date),
                                              self.info.zone),
                         undated_events=[(e, p) for e, p in profile.events if not e.date],
                         part_of=lambda e: parts[(e.brief, e.id)], what_it_is=what,
                         first_seen=appearances[0] if appearances else None,
                         last_seen=appearances[-1] if len(appearances) > 1 else None)

    # -- files -----------------------------------------------------------------------------------

    BRIEF_PAGES = {"brief": brief, "brief-timeline": brief_timeline, "quotes": brief_quotes,
                   "sources": brief_sources}
    SITE_PAGES = {"home": home, "briefs": briefs_index, "actors": actors_index,
                  "places": places_index, "timeline": every_timeline,
                  "timeline-background": timeline_background}


    def feed(self, linked: Linked) -> str:
        """An Atom feed of the briefs and their updates, newest first. Entry ids are the pages'
        canonical URLs (or urn:briefs: names when site_url is not set), so they never change."""
        base = (self.info.url or "").rstrip("/")

        def ident(path: str) -> str:
            return f"{base}/{path}" if base else "urn:briefs:" + path.rstrip("/").replace("/", ":")

        entries = []
        for brief in linked.briefs:
            url = ident(urls.brief(brief.id))
            facts = as_of(brief)
            summary = (f"As of {as_of_words(facts)}: " if facts else "") + brief.standfirst
            entries.append((brief.published, url, brief.title, summary, url))
            for i, update in enumerate(brief.updates, 1):
                label = "Correction" if update.kind == "correction" else "Update"
                # an identity, not a link (the page's anchor is now #update_N): it never changes
                entries.append((update.date, ident(urls.brief(brief.id, f"update-{i}")),
                                f"{label}: {brief.title}", plain(update.text), url))
        entries.sort(key=lambda e: (e[0].sort_key, e[1]), reverse=True)
        newest = _atom_time(entries[0][0]) if entries else "1970-01-01T00:00:00Z"
        attr = {'"': "&quot;"}
        lines = ['<?xml version="1.0" encoding="utf-8"?>',
                 f'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:briefs="{FEED_NS}">',
                 f"  <title>{_xml(self.info.name)}</title>",
                 f"  <subtitle>{_xml(self.info.description)}</subtitle>",
                 f"  <id>{_xml(ident(urls.feed()))}</id>",
                 f"  <updated>{newest}</updated>"]
        if base:
            lines.append(f'  <link rel="self" href="{_xml(base, attr)}/{urls.feed()}"/>')
            lines.append(f'  <link rel="alternate" href="{_xml(base, attr)}/"/>')
        lines.append(f"  <author><name>{_xml(self.info.name)}</name></author>")
        for date, entry_id, title, summary, url in entries:
            lines += ["  <entry>", f"    <title>{_xml(title)}</title>",
                      f"    <id>{_xml(entry_id)}</id>",
                      f"    <updated>{_atom_time(date)}</updated>",
                      _feed_date(date),
                      f'    <link rel="alternate" href="{_xml(url, attr)}"/>',
                      f"    <summary>{_xml(summary)}</summary>", "  </entry>"]
        lines.append("</feed>")
        return "\n".join(lines) + "\n"


# characters XML 1.0 cannot hold at all: the checker refuses them in fact files, but the site's name
# and description come from mkdocs.yml, and a feed must parse whatever it is given
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str, entities: dict | None = None) -> str:
    return xml_escape(_NOT_XML.sub("\ufffd", text), entities or {})


def _atom_time(date: FuzzyDate) -> str:
    return date.interval[0].strftime("%Y-%m-%dT%H:%M:%SZ")


# Atom's <updated> is an instant; the date as the facts know it travels beside it, in this
# namespace: <briefs:date value="2020-01-09" precision="day" tz="America/New_York">...</briefs:date>
FEED_NS = "urn:briefs:date"


def _feed_date(date: FuzzyDate) -> str:
    attr = {'"': "&quot;"}
    found = [("value", date.iso()), ("precision", date.precision), ("tz", date.tz),
             ("approximate", "time" if date.approximate_time else "true" if date.approximate
              else None)]
    shown = " ".join(f'{k}="{_xml(v, attr)}"' for k, v in found if v is not None)
    return f"    <briefs:date {shown}>{_xml(date.human())}</briefs:date>"


def _event_words(linked: Linked, event: Event) -> list[str | None]:
    place = linked.places.get(event.place)
    words = [event.title, event.date.human() if event.date else None,
             event.date.as_written if event.date else None, place.name if place else event.place,
             plain(event.summary)]
    for p in event.actors:
        words += [linked.actors[p.actor].name, p.part]
    return words


def _filter(linked: Linked, events) -> dict:
    """What the timeline's filter offers: each actor and brief with its number of events, counted
    here in one pass (a template counting in loops would cost the square of the events)."""
    actors: dict[str, int] = {}
    briefs: dict[str, int] = {}
    for event in events:
        briefs[event.brief] = briefs.get(event.brief, 0) + 1
        for actor_id in dict.fromkeys(p.actor for p in event.actors):
            actors[actor_id] = actors.get(actor_id, 0) + 1
    return {
        "filter_total": len(events),
        "filter_actors": sorted(((linked.actors[a], n) for a, n in actors.items()),
                                key=lambda item: (item[0].name.casefold(), item[0].id)),
        "filter_briefs": [(b, briefs[b.id]) for b in linked.briefs if b.id in briefs],
    }


def _place_count(linked: Linked, place) -> str:
    """How many events a place has, counting those at the places in it, and saying so:
    '5 events, 4 of them at places in Iraq'."""
    own = len(linked.place_events.get(place.id, ()))
    inner = len(linked.inner_events.get(place.id, ()))
    total = own + inner
    text = f"{total} event" + ("" if total == 1 else "s")
    if inner:
        text += (f", {'all' if not own else inner} of them at places in {place.name}" if total > 1
                 else f", at a place in {place.name}")
    return text


_groups = event_groups


def _actors_ld(actors) -> list[dict]:
    """The named actors as schema.org items: an unnamed source is never a Person of its own."""
    return [_actor_ld(a) for a in actors if not a.unnamed]


def _actor_ld(actor: Actor) -> dict:
    data = {"@type": "Person" if actor.kind == "person" else "Organization", "name": actor.name,
            "identifier": actor.id}
    if actor.kind == "state":
        data["@type"] = "Country"
    if actor.aliases:
        data["alternateName"] = list(actor.aliases)
    if actor.description:
        data["description"] = actor.description
    return data


def _place_ld(place) -> dict:
    data = {"@type": "Country" if place.kind == "country" else "Place", "name": place.name,
            "identifier": place.id}
    if place.aliases:
        data["alternateName"] = list(place.aliases)
    if place.description:
        data["description"] = place.description
    return data


def _source_ld(source: Source) -> dict:
    data = {"@type": "CreativeWork", "name": source.title,
            "publisher": {"@type": "Organization", "name": source.publisher}}
    if source.url:
        data["url"] = source.url
    if source.published:
        data["datePublished"] = source.published.iso()
    if source.author:
        data["author"] = source.author
    return data


def _events_ld(linked: Linked, events, brief: Brief | None) -> dict:
    graph = []
    for event in events:
        start, end = _ld_dates(event.date)
        item = {"@type": "Event", "name": event.title, "identifier": event.key.replace("/", "."),
                "startDate": start, "endDate": end,
                "performer": _actors_ld(linked.actors[p.actor] for p in event.actors)}
        if event.date is not None and event.date.tz:
            # schema.org's one property for an IANA zone: the zone the dates are given in (a day's
            # dates carry no offset, so without it "2020-01-08" would not say whose Wednesday)
            item["eventSchedule"] = {k: v for k, v in (
                ("@type", "Schedule"), ("startDate", start), ("endDate", end),
                ("scheduleTimezone", event.date.tz)) if v is not None}
        if event.planned and event.superseded_by is None:
            item["eventStatus"] = "https://schema.org/EventScheduled"
        if event.place in linked.places:
            item["location"] = _place_ld(linked.places[event.place])
        elif event.place:
            item["location"] = {"@type": "Place", "name": event.place}
        graph.append({k: v for k, v in item.items() if v is not None})
    return {"@context": "https://schema.org", "@graph": graph}


def _ld_dates(date: FuzzyDate | None) -> tuple[str | None, str | None]:
    """schema.org start and end: each end at its own precision ('2020-01', '2020-01-08'), a time
    with its zone's offset ('2020-01-07T17:30-05:00'), so the precision and the zone travel."""
    if date is None:
        return None, None

    def one(point) -> str:
        if point.hour is None or date.tz is None:
            return point.iso()
        moment = datetime(point.year, point.month, point.day, point.hour, point.minute,
                          tzinfo=tznames.tz(date.tz))
        return moment.isoformat(timespec="minutes")

    return one(date.start), (one(date.end) if date.end is not None else None)


def _quote_ld(linked: Linked, quote: Quote) -> dict:
    data = {"@type": "Quotation", "text": quote.text, "identifier": quote.id}
    if not linked.actors[quote.speaker].unnamed:
        data["creator"] = _actor_ld(linked.actors[quote.speaker])
    if quote.said:
        data["dateCreated"] = quote.said.iso()
    return data


def _date_json(date: FuzzyDate | None) -> dict | None:
    if date is None:
        return None
    data = {"value": date.iso(), "precision": date.precision, "tz": date.tz,
            "approximate": date.approximate, "as_written": date.as_written, "note": date.note,
            "human": date.human()}
    if date.local_tz:
        data["local_tz"] = date.local_tz
    if date.open_end:
        data["open_end"] = True
    if date.approximate_time:
        data["approximate"] = "time"
    if date.part_of_day:
        data["part_of_day"] = date.part_of_day
    if date.start.hour is not None:  # a time: the exact instant too
        data["utc"] = date.interval[0].strftime("%Y-%m-%dT%H:%MZ")
    return data


def brief_json(brief: Brief) -> str:
    """The brief's checked facts as JSON (stable key order, no locations)."""
    def cites(cs):
        return [{"source": c.source, "excerpt": c.excerpt} for c in cs]

    data = {
        "id": brief.id, "title": brief.title, "standfirst": brief.standfirst,
        "zone": brief.zone,  # the reference zone: the days of the brief's own pages
        "summary": brief.summary, "why_it_matters": brief.why_it_matters,
        "published": _date_json(brief.published), "updated": _date_json(brief.updated),
        "last_updated": _date_json(brief.last_updated), "as_of": _date_json(as_of(brief)),
        "topics": list(brief.topics),
        "main_source": brief.main_source, "key_actors": [local_id(a) for a in brief.key_actors],
        "key_quotes": list(brief.key_quotes),
        "updates": [{"date": _date_json(u.date), "kind": u.kind, "text": u.text} for u in brief.updates],
        "actors": [{"id": local_id(r.actor), "role": r.role, "sources": cites(r.sources)}
                   for r in brief.roles],
        "relations": [{"from": local_id(r.subject), "type": r.type, "to": local_id(r.object),
                       "detail": r.detail,
                       "since": _date_json(r.since), "until": _date_json(r.until),
                       "sources": cites(r.sources)} for r in brief.relations],
        "events": [{"id": e.id, "title": e.title, "date": _date_json(e.date), "summary": e.summary,
                    "place": e.place,
                    "actors": [{"actor": local_id(p.actor), "part": p.part} for p in e.actors],
                    "quotes": list(e.quotes), "sources": cites(e.sources), "planned": e.planned,
                    "superseded_by": e.superseded_by, "ref": e.ref}
                   for e in sorted(brief.events, key=event_key)],
        "quotes": [{"id": q.id, "speaker": local_id(q.speaker), "text": q.text,
                    "said": _date_json(q.said),
                    "occasion": q.occasion, "context": q.context, "source": q.source,
                    "said_in": q.said_in,
                    "through": local_id(q.through) if q.through else None,
                    "through_role": q.through_role} for q in brief.quotes],
        "sources": [{"id": s.id, "title": s.title, "publisher": s.publisher,
                     "republished_by": s.republished_by, "author": s.author, "url": s.url,
                     "published": _date_json(s.published), "kind": s.kind, "cited_in": s.cited_in,
                     "ref": s.ref}
                    for s in brief.sources],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def render(site: Site, templates: Path, info: SiteInfo, texts: dict | None = None,
           ) -> tuple[list[OutPage], list[OutFile]]:
    """Every page and file of the site, in a stable order."""
    return Renderer(templates, info, texts).render(link(site))
