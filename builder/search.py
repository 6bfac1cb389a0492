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

A large site's index is split into shards (``build_index``): a brief's records go to the shard of
its id, every other record to the shard of its address, each shard is a Pagefind index of its own,
and the site's script merges them at query time. With a build cache (builder/search_cache.py) a
shard whose documents did not change is linked from the cache instead of being indexed again.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import subprocess
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import search_cache
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
# Pagefind's runtime: written by every run, the same bytes for one version; only the primary
# index (pagefind/ itself) publishes it, since a merged index is searched with the primary's
RUNTIME = ("pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", "wasm.unknown.pagefind")
TITLE_WEIGHT, NAME_WEIGHT, TEXT_WEIGHT, GUIDE_WEIGHT = 10.0, 7.0, 1.0, 0.2
INDEX_FOLDER = "pagefind"
SHARDS_FILE = "shards.json"  # the merged shards' folders, for the site's script
# Shards: at most SHARDS, and a shard holds RECORDS_PER_SHARD records or more on average, because
# Pagefind ranks with each index's own statistics (BM25: how many of its pages hold a word, their
# average length): 16 shards of a few records each put the seed's "Khazali" quote above his
# profile. A count is a power of two, so that a site that grows splits each shard in two.
# Sharding is OFF (RECORDS_PER_SHARD = 0: one index, whatever the size of the site). Measured at
# 1,000 briefs (content/performance.md), 8 shards indexed an edit's shard in 2-4 s of CPU against
# 14 s for the whole, but a reader got worse answers: an actor's own page fell below others for
# its name, and a word no record holds found results (Pagefind's per-shard fallback matches the
# longest word a shard holds that starts the query word: "strike" found 148 results where one
# index found none). The sharded layout stays tested, for when the shards can be merged into one
# index at build time; until then the build cache reuses the one index when nothing in it changed.
SHARDS = 8
RECORDS_PER_SHARD = 0  # 0: never shard; else the fewest records a shard holds on average
CACHE_FORMAT = "briefs-search-cache 1"  # bump when a cached shard's meaning changes
CODE_FILES = ("search.py", "search_canonical.py", "cbor.py", "search_cache.py")


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


@dataclass(frozen=True)
class Shard:
    """One shard as a build wrote it: its number, its folder under site/pagefind/ ("" for the
    primary index, which also holds Pagefind's runtime), how many records it holds, the digest it
    is cached under, and whether it came from the cache."""
    number: int
    folder: str
    records: int
    digest: str
    reused: bool


@dataclass(frozen=True)
class IndexReport:
    """What ``build_index`` did, for the build's report."""
    records: int
    shards: tuple[Shard, ...]

    @property
    def reused(self) -> tuple[Shard, ...]:
        return tuple(s for s in self.shards if s.reused)

    @property
    def indexed(self) -> tuple[Shard, ...]:
        """The shards Pagefind indexed this build: with a cache, the ones that changed."""
        return tuple(s for s in self.shards if not s.reused)

    def summary(self) -> str:
        return (f"search index: {self.records} records in {len(self.shards)} shards, "
                f"{len(self.indexed)} indexed, {len(self.reused)} reused from the cache")


def shard_count(documents: int) -> int:
    """How many shards an index of DOCUMENTS records has: the largest power of two that leaves
    RECORDS_PER_SHARD records a shard, at most SHARDS (with 2,000 a shard: 1 below 4,000 records, 8
    from 16,000); always 1 while sharding is off."""
    count = 1
    while RECORDS_PER_SHARD and count * 2 <= SHARDS and count * 2 * RECORDS_PER_SHARD <= documents:
        count *= 2
    return count


def shard_of(url: str, shards: int) -> int:
    """The shard of the record at URL: a brief's records (the brief, its events, its quotes) share
    the shard of the brief's id; an actor, a place or a hand-written page has the shard of its own
    address. A stable hash (SHA-256, never Python's salted ``hash``), modulo the shard count."""
    parts = url.split("/")
    key = "/".join(parts[:2]) if parts[0] == "briefs" and len(parts) > 2 else url
    number = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    return number % shards


def documents(records: list[Record], pages: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """Every record and hand-written page as (url, the HTML document Pagefind reads), in order."""
    found = [(r.url, record_html(r)) for r in records]
    found += [(url, guide_html(url, title, body)) for url, title, body in pages]
    return [(url, document.replace("</main>", _href(url) + "</main>", 1))
            for url, document in found]


def code_version() -> str:
    """What the index depends on besides its documents: the Pagefind binary (its package's
    version and the binary's size) and this builder's search code (the source of the modules
    that write and rewrite the index). Any change to either indexes every shard again."""
    from importlib import metadata
    try:
        version = metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        version = "?"
    binary = pagefind_binary()
    try:
        size = str(binary.stat().st_size)
    except OSError:
        size = "?"
    here = Path(__file__).parent
    sources = [(here / name).read_bytes() for name in CODE_FILES]
    return search_cache.digest(CACHE_FORMAT, version, size, *sources)


def shard_digest(version: str, number: int, count: int, docs: list[tuple[str, str]]) -> str:
    return search_cache.digest(version, "shard", str(number), str(count),
                               *(part for url, document in docs for part in (url, document)))


def write_index(site_dir: Path, records: list[Record], pages: list[tuple[str, str, str]],
                cache_dir: Path | None = None) -> int:
    """Index the records and the hand-written pages ((url, title, article HTML)) into
    ``site_dir/pagefind/``. Returns the number of records indexed. With CACHE_DIR, shards whose
    documents did not change are taken from it (see ``build_index``, which also says what was
    reused)."""
    return build_index(site_dir, records, pages, cache_dir).records


def build_index(site_dir: Path, records: list[Record], pages: list[tuple[str, str, str]],
                cache_dir: Path | None = None) -> IndexReport:
    """Write the sharded index into ``site_dir/pagefind/`` (anything there before is replaced).

    The records are split into shards (``shard_count``, ``shard_of``). Each shard is a Pagefind
    index of its own: the first non-empty one (the primary) is ``pagefind/`` itself, with
    Pagefind's runtime (``pagefind.js``, its worker and WebAssembly); every other is
    ``pagefind/sNN/`` and holds only its data. ``pagefind/shards.json`` lists them for the site's script, which merges them into the
    primary at query time (Pagefind's ``mergeIndex``). Each shard is indexed by one run of
    Pagefind's binary (from the ``pagefind[bin]`` package) over a scratch folder holding its
    documents as numbered files, each record's real URL travelling as its ``href`` metadata; runs
    go side by side on the machine's cores. Why not the ``pagefind`` package's async service API,
    which drives the same binary: it answers one message per 0.1 s (an hour for a request per
    record at 1,000 briefs), and its WriteFiles answer can come before the files are on disk,
    after which closing the index terminates the process: 2 builds in about 15 found an empty
    ``pagefind-entry.json``. A process that exits when it is done cannot cut its index short.

    With CACHE_DIR (see builder/search_cache.py), a shard whose digest (its documents, Pagefind's
    version, this code) has a whole entry there is linked from it instead of being indexed; every
    shard indexed is stored there, and entries this build did not use are removed. The output is
    byte-identical with and without a cache."""
    docs = documents(records, pages)
    count = shard_count(len(docs))
    groups: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for url, document in docs:
        groups[shard_of(url, count)].append((url, document))
    if not groups:
        raise SearchError("Pagefind could not write the search index: there is nothing to index")
    numbers = sorted(groups)
    folders = {n: "" if i == 0 else f"s{n:02d}" for i, n in enumerate(numbers)}
    version = code_version()
    digests = {n: shard_digest(version, n, count, groups[n]) for n in numbers}
    runtime_key = search_cache.digest(version, "runtime")
    cache = search_cache.Cache(Path(cache_dir)) if cache_dir is not None else None

    site_dir = Path(site_dir)
    output = site_dir / INDEX_FOLDER
    if output.is_symlink() or output.is_file():
        output.unlink()
    elif output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    scratch = Path(tempfile.mkdtemp(prefix=".briefs-search-", dir=site_dir))
    try:
        reused: set[int] = set()
        if cache is not None:
            for n in numbers:
                files = cache.lookup(digests[n])
                if files is not None and _restore(files, output / folders[n]):
                    reused.add(n)
        fresh = [n for n in numbers if n not in reused]
        written = _index_shards(scratch, {n: groups[n] for n in fresh})
        runtime = None
        if fresh:
            runtime = written[fresh[0]][1]
        elif cache is not None:
            runtime = cache.lookup(runtime_key)
        if runtime is None:  # every shard came from the cache, but the runtime did not
            runtime = _runtime_only(scratch)
        for n in fresh:
            data, _ = written[n]
            if cache is not None:
                cache.store(digests[n], data)
            for name, path in data:
                _move(path, output / folders[n] / name)
        if cache is not None:
            cache.store(runtime_key, runtime)
        if runtime and Path(runtime[0][1]).is_relative_to(scratch):
            for name, path in runtime:
                _move(path, output / name)
        elif not _restore(runtime, output):  # the cached runtime went away meanwhile
            for name, path in _runtime_only(scratch):
                _move(path, output / name)
        merged = [folders[n] + "/" for n in numbers[1:]]
        (output / SHARDS_FILE).write_text(
            json.dumps({"merge": merged}, separators=(",", ":")) + "\n", "utf-8")
        if cache is not None:
            cache.prune()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return IndexReport(len(docs), tuple(
        Shard(n, folders[n], len(groups[n]), digests[n], n in reused) for n in numbers))


def _restore(files: list[tuple[str, Path]], folder: Path) -> bool:
    """Link a cache entry's files into FOLDER; False (and nothing left behind) when the entry
    went away meanwhile (another build pruned it), so that the shard is indexed instead."""
    placed: list[str] = []
    try:
        placed = search_cache.place_all(files, folder)
    except OSError:
        for name, _ in files:
            try:
                os.unlink(os.path.join(folder, name))
            except OSError:
                pass
        return False
    return len(placed) == len(files)


def _move(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)


def _files(folder: Path) -> list[tuple[str, Path]]:
    return sorted((p.relative_to(folder).as_posix(), p) for p in folder.rglob("*") if p.is_file())


def _index_shards(scratch: Path, groups: dict[int, list[tuple[str, str]]]
                  ) -> dict[int, tuple[list[tuple[str, Path]], list[tuple[str, Path]]]]:
    """Index each shard in its own Pagefind run, side by side on the machine's cores. Returns,
    for each shard, its data files and its runtime files ((relative path, path), canonicalized,
    Pagefind's unused UIs removed)."""
    def one(number: int):
        source = scratch / f"in-{number:02d}"
        output = scratch / f"out-{number:02d}"
        source.mkdir()
        docs = groups[number]
        width = len(str(len(docs)))
        for i, (url, document) in enumerate(docs):
            (source / f"{i:0{width}d}.html").write_text(document, "utf-8")
        _run_pagefind(source, output)
        shutil.rmtree(source, ignore_errors=True)
        canonical.canonicalize(output)
        for name in UNUSED:
            (output / name).unlink(missing_ok=True)
        files = _files(output)
        return ([f for f in files if f[0] not in RUNTIME], [f for f in files if f[0] in RUNTIME])

    if not groups:
        return {}
    workers = max(1, min(len(groups), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = {n: pool.submit(one, n) for n in sorted(groups)}
        return {n: future.result() for n, future in done.items()}


def _runtime_only(scratch: Path) -> list[tuple[str, Path]]:
    """Pagefind's runtime (the same files for every index of one version), from a run over one
    small document, for a build whose every shard came from a cache that lacked the runtime."""
    source, output = scratch / "in-runtime", scratch / "out-runtime"
    source.mkdir()
    page = record_html(Record("", "page", "runtime", (), "", None))
    (source / "0.html").write_text(page, "utf-8")
    _run_pagefind(source, output)
    return [f for f in _files(output) if f[0] in RUNTIME]


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
