"""The search index: one Pagefind record per fact, written into the built site.

Pagefind (the binary of the ``pagefind[bin]`` package; see write_index) reads HTML and writes a
static, chunked index under ``pagefind/``: a query fetches the few fragments it needs, never the
whole index. Facts are not found by crawling pages (a brief's timeline page would be one result
for twenty events): each brief, actor, place, event and quote becomes one small HTML record whose
URL is where the fact lives (``briefs/x/timeline/#event-id``), with its kind and brief as filters.
An actor's record holds its aliases, so "kataib" finds Kataeb Hezbollah.

Ranking: a fact's name is weighted well above its words, and the editor's guide (hand-written
pages, indexed from their built HTML) is weighted down, so a fact comes before a guide section that
mentions it. URLs are relative to the site root without a leading slash; the site's script puts
the page's own base URL in front, so search works under any base path.

Records are added in one fixed order and Pagefind names its files by their contents, so two builds
of the same facts write byte-identical indexes. No MkDocs import here: the plugin calls
``write_index`` on the staged site before it is swapped into place.
"""

from __future__ import annotations

import html
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import search_canonical as canonical
from . import urls
from .link import one_event_each
from .model import RELATION_TYPES, Site

KIND_NAMES = {"brief": "Brief", "actor": "Actor", "place": "Place", "event": "Event",
              "quote": "Quote", "guide": "Editor's guide", "page": "About the site"}
# what Pagefind writes that this site does not use (its own search UIs): not published
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
          "pagefind-component-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-highlight.js")
TITLE_WEIGHT, NAME_WEIGHT, TEXT_WEIGHT, GUIDE_WEIGHT = 10.0, 7.0, 1.0, 0.2
INDEX_FOLDER = "pagefind"


@dataclass(frozen=True)
class Record:
    url: str  # relative to the site root, e.g. "briefs/x/quotes/#q1"
    kind: str  # a key of KIND_NAMES
    title: str
    names: tuple[str, ...]  # other names it is known by (aliases), weighted like the title
    text: str  # the words found under it
    brief: str | None  # the brief's title, for the brief filter and the result's line


def _plain(text: str | None) -> str:
    from .render import plain  # Markdown to plain words, as the pages show them
    return plain(text)


def _sentence(words: str) -> str:
    """WORDS ending as a sentence does (a role or relation is often written without a stop)."""
    words = words.strip()
    return words if not words or words[-1] in ".!?\u2026\"\u201d)" else words + "."


def fact_records(site: Site) -> list[Record]:
    """Every fact of the site as one record, in a stable order: briefs, actors, places, then each
    brief's events and quotes. (What it needs of the link stage, each actor's roles and
    relations, is gathered here in one pass: a second full link costs 3 s at 1,000 briefs.)"""
    actors = {a.id: a for a in site.actors}
    places = {p.id: p for p in site.places}
    roles: dict[str, list[str]] = defaultdict(list)
    relations: dict[str, list[str]] = defaultdict(list)
    for brief in site.briefs:
        for role in brief.roles:
            roles[role.actor].append(role.role)
        for rel in brief.relations:
            if rel.object in actors:
                phrase = f"{RELATION_TYPES[rel.type][0]} {actors[rel.object].name}"
                relations[rel.subject].append(_sentence(phrase[:1].upper() + phrase[1:]))
    records: list[Record] = []
    for brief in site.briefs:
        records.append(Record(urls.brief(brief.id), "brief", brief.title, (),
                              " ".join([brief.standfirst, _plain(brief.summary),
                                        _plain(brief.why_it_matters), *brief.topics]), None))
    for actor in site.actors:
        if actor.unnamed:  # an unnamed source has no profile to find, and is never a result
            continue
        # sentences, as the result's excerpt shows them: "… of Mohandes. Member of Iraqi militia
        # groups aligned with Iran." (it read "… of Mohandes. member of … Iran")
        words = [_sentence(actor.description or ""), *map(_sentence, roles[actor.id]),
                 *dict.fromkeys(relations[actor.id])]
        records.append(Record(urls.actor(actor), "actor", actor.name, actor.aliases,
                              " ".join(w for w in words if w), None))
    for place in site.places:
        records.append(Record(urls.place(place.id), "place", place.name, place.aliases,
                              place.description or "", None))
    # one record per event however many briefs report it (the link stage's one_event_each: at its
    # definition, with every report's actors), holding every report's words
    titles = {b.id: b.title for b in site.briefs}
    reports, shown = one_event_each(site)
    for event in shown:
        where = places.get(event.place)
        words = [event.date.human() if event.date else "", where.name if where else (event.place or "")]
        for report in reports.get(event.key, (event,)):
            words.append(_plain(report.summary))
        words += [actors[p.actor].name for p in event.actors]
        records.append(Record(urls.event_in(event.brief, event.id), "event", event.title, (),
                              " ".join(dict.fromkeys(w for w in words if w)), titles[event.brief]))
    for brief in site.briefs:
        for quote in brief.quotes:
            speaker = actors[quote.speaker].name
            records.append(Record(urls.quote(brief.id, quote.id), "quote",
                                  f"{speaker}: \u201c{quote.text}\u201d", (),
                                  " ".join(w for w in (quote.occasion, quote.context) if w),
                                  brief.title))
    return records


def record_html(record: Record) -> str:
    """A record as the HTML Pagefind reads: the title and names weighted up, the kind and brief
    as filters (in an ignored element, so they are not words of the record)."""
    e = html.escape
    kind = KIND_NAMES[record.kind]
    weight = GUIDE_WEIGHT if record.kind == "guide" else TEXT_WEIGHT
    parts = [f'<html lang="en"><head><title>{e(record.title)}</title></head><body>'
             '<main data-pagefind-body>',
             f'<h1 data-pagefind-weight="{TITLE_WEIGHT}" data-pagefind-meta="title">{e(record.title)}</h1>',
             '<div data-pagefind-ignore>',
             f'<span data-pagefind-filter="kind">{e(kind)}</span>',
             f'<span data-pagefind-meta="kind">{e(kind)}</span>']
    if record.brief:
        parts += [f'<span data-pagefind-filter="brief">{e(record.brief)}</span>',
                  f'<span data-pagefind-meta="brief">{e(record.brief)}</span>']
    parts.append("</div>")
    if record.names:
        parts.append(f'<p data-pagefind-weight="{NAME_WEIGHT}">'
                     + e(" \u00b7 ".join(record.names)) + "</p>")
    parts.append(f'<p data-pagefind-weight="{weight}">{e(record.text)}</p>')
    parts.append("</main></body></html>")
    return "".join(parts)


def guide_html(url: str, title: str, body: str) -> str:
    """A hand-written page (its built article HTML) as a record, weighted down."""
    kind = KIND_NAMES["guide" if url.startswith(urls.guide()) else "page"]
    return ('<html lang="en"><head><title>' + html.escape(title) + '</title></head><body>'
            '<main data-pagefind-body><div data-pagefind-ignore>'
            f'<span data-pagefind-filter="kind">{html.escape(kind)}</span>'
            f'<span data-pagefind-meta="kind">{html.escape(kind)}</span></div>'
            f'<h1 data-pagefind-meta="title" data-pagefind-weight="{GUIDE_WEIGHT * 5}">'
            + html.escape(title) + f'</h1><div data-pagefind-weight="{GUIDE_WEIGHT}">'
            + _flatten_headings(body) + "</div></main></body></html>")


def _flatten_headings(body: str) -> str:
    """Pagefind gives headings their own high weights whatever their container says; a guide's
    headings become plain paragraphs so that the whole page keeps GUIDE_WEIGHT. Their ids are
    kept, so results still point at the section (Pagefind's sub-results)."""
    import re
    return re.sub(r"<(/?)h[1-6]\b", r"<\1p", body)


class SearchError(Exception):
    """Pagefind could not write the index (its binary missing or failing)."""


def write_index(site_dir: Path, records: list[Record], pages: list[tuple[str, str, str]]) -> int:
    """Index the records and the hand-written pages ((url, title, article HTML)) into
    ``site_dir/pagefind/``. Returns the number of records indexed.

    The records are written as numbered files into a scratch folder, and Pagefind's binary (from
    the ``pagefind[bin]`` package) indexes that folder in one run; each record's real URL travels
    as its ``href`` metadata. Why not the ``pagefind`` package's async service API, which drives
    the same binary: it answers one message per 0.1 s (an hour for a request per record at
    1,000 briefs), and its WriteFiles answer can come before the files are on disk, after which
    closing the index terminates the process: 2 builds in about 15 found an empty
    ``pagefind-entry.json``. A process that exits when it is done cannot cut its index short."""
    documents = [(r.url, record_html(r)) for r in records]
    documents += [(url, guide_html(url, title, body)) for url, title, body in pages]
    output = Path(site_dir) / INDEX_FOLDER
    with tempfile.TemporaryDirectory(prefix="briefs-search-") as scratch:
        width = len(str(len(documents)))
        for number, (url, document) in enumerate(documents):
            (Path(scratch) / f"{number:0{width}d}.html").write_text(
                document.replace("</main>", _href(url) + "</main>", 1), "utf-8")
        _run_pagefind(Path(scratch), output)
    canonical.canonicalize(output)
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)
    return len(documents)


def _href(url: str) -> str:
    return f'<span data-pagefind-ignore data-pagefind-meta="href">{html.escape(url)}</span>'


def pagefind_binary() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise SearchError(f"the Pagefind binary is not installed ({exc}); install the project "
                          "again (pip install -e .), which brings pagefind[bin]") from None
    return Path(get_executable())


def _run_pagefind(scratch: Path, output: Path) -> None:
    command = [str(pagefind_binary()), "--site", str(scratch), "--output-path", str(output),
               "--force-language", "en", "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchError(f"Pagefind could not be run: {exc}") from None
    if done.returncode != 0 or not (output / "pagefind-entry.json").is_file():
        said = " ".join((done.stderr or done.stdout).split())[:500]
        raise SearchError(f"Pagefind could not write the search index (exit {done.returncode}"
                          + (f": {said}" if said else "") + ")")
