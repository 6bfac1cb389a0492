"""The search index: one Pagefind record per fact, written into the built site.

Pagefind (the binary of the ``pagefind[bin]`` package; see write_index) reads HTML and writes a
static, chunked index under ``pagefind/``: a query fetches the few fragments it needs, never the
whole index. Facts are not found by crawling pages (a brief's timeline page would be one result
for twenty events): each brief, actor, place, event, quote and source becomes one small HTML
record whose URL is where the fact lives (``briefs/x/timeline/#event-id``), with its kind and
brief as filters.
An actor's record holds its aliases, so "kataib" finds Kataeb Hezbollah.

Ranking: a fact's name is weighted well above its words, and the editor's guide (hand-written
pages, indexed from their built HTML) is weighted down, so a fact comes before a guide section that
mentions it. URLs are relative to the site root without a leading slash; the site's script puts
the page's own base URL in front, so search works under any base path.

Records are added in one fixed order and Pagefind names its files by their contents, so two builds
of the same facts write byte-identical indexes. No MkDocs import here: the plugin calls
``write_index`` on the staged site before it is swapped into place.

A large site's index is made in shards (``build_index``): a brief's records go to the shard of its
id, every other record to the shard of its address, each shard is indexed by its own Pagefind run,
and the shards are merged into one index (builder/search_merge.py) that ranks as one run over every
record would. With a build cache (builder/search_cache.py) a shard whose documents did not change
is read from the cache instead of being indexed again.
"""

from __future__ import annotations

import hashlib
import html
import os
import shutil
import subprocess
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import citations, search_cache
from . import search_merge as merging
from . import urls
from .link import one_event_each
from .model import RELATION_TYPES, Site

KIND_NAMES = {"brief": "Brief", "actor": "Actor", "place": "Place", "event": "Event",
              "quote": "Quote", "source": "Source", "guide": "Editor's guide",
              "page": "About the site"}
# what Pagefind writes that this site does not use (its own search UIs): not published
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
          "pagefind-component-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-highlight.js")
# Pagefind's runtime: written by every run, the same bytes for one version, published once
RUNTIME = ("pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", "wasm.unknown.pagefind")
TITLE_WEIGHT, NAME_WEIGHT, TEXT_WEIGHT, GUIDE_WEIGHT = 10.0, 7.0, 1.0, 0.2
INDEX_FOLDER = "pagefind"
# Shards: a site of RECORDS_PER_SHARD records or more a shard is indexed in shards, at most SHARDS,
# a power of two (a site that grows splits each shard in two), then merged into one index
# (builder/search_merge.py): a reader never sees them. A one-brief edit re-indexes its shard
# alone, and Pagefind's memory is a shard's. Measured at 1,000 briefs (19,342 records;
# content/performance.md): Pagefind took 11.5 s and 925 MiB for one index, 7.7 s and 112 MiB for
# 16 shards side by side on two cores, about 1.1 s for one shard of 1,200 records, 0.5-0.65 s for
# one of 600 (32 shards, since RECORDS_PER_SHARD went from 1,000 to 500: the edited brief's
# shard is on a one-brief rebuild's critical path).
SHARDS = 64
RECORDS_PER_SHARD = 500
CACHE_FORMAT = "briefs-search-cache 2"  # bump when a cached shard's meaning changes
CODE_FILES = ("search.py", "search_merge.py", "search_cache.py")


@dataclass(frozen=True)
class Record:
    url: str  # relative to the site root, e.g. "briefs/x/quotes/#q1"
    kind: str  # a key of KIND_NAMES
    title: str
    names: tuple[str, ...]  # other names it is known by (aliases), weighted like the title
    text: str  # the words found under it
    brief: str | None  # the brief's title, for the brief filter and the result's line


def _plain(text: str | None) -> str:
    """Markdown to plain words, as the pages show them: without its citation marks, which a
    page shows as numbered notes ('…al.[^kataeb-advises] The cleric…' was a result's line)."""
    from .render import plain
    return plain(citations.strip(text)) if text else ""


def _sentence(words: str) -> str:
    """WORDS ending as a sentence does (a role or relation is often written without a stop)."""
    words = words.strip()
    return words if not words or words[-1] in ".!?\u2026\"\u201d)" else words + "."


def fact_records(site: Site) -> list[Record]:
    """Every fact of the site as one record, in a stable order: briefs, actors, places, then each
    brief's events, quotes and sources. (What it needs of the link stage, each actor's roles and
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
    # one record per article however many briefs cite it (at its definition), found by its
    # title, its publisher and its author: a fact-checker looks for the outlet
    seen: set[str] = set()
    for brief in site.briefs:
        for source in brief.sources:
            if source.ref is not None or source.key in seen:
                continue
            seen.add(source.key)
            names = tuple(dict.fromkeys(n for n in (source.publisher, source.republished_by,
                                                    source.author) if n))
            kind = source.kind.replace("-", " ")  # "article", "interview", "social post"
            records.append(Record(urls.source(brief.id, source.id), "source", source.title, names,
                                  kind[:1].upper() + kind[1:] + ".", brief.title))
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
    """One shard as a build made it: its number, how many records it holds, the digest it is
    cached under, and whether it came from the cache."""
    number: int
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
    """How many shards an index of DOCUMENTS records is made from: the largest power of two that
    leaves RECORDS_PER_SHARD records a shard, at most SHARDS (1 below 1,000 records, 32 from
    16,000)."""
    count = 1
    while count * 2 <= SHARDS and count * 2 * RECORDS_PER_SHARD <= documents:
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
    that write and merge the index). Any change to either indexes every shard again."""
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
                cache_dir: Path | None = None, *,
                made: list[tuple[str, str]] | None = None) -> IndexReport:
    """Write the index into ``site_dir/pagefind/`` (anything there before is replaced): one
    Pagefind index, with Pagefind's runtime (``pagefind.js``, its worker and WebAssembly).

    It is made in shards (``shard_count``, ``shard_of``), each indexed by one run of Pagefind's
    binary (from the ``pagefind[bin]`` package) over a scratch folder holding its documents as
    numbered files, each record's real URL travelling as its ``href`` metadata; runs go side by
    side on the machine's cores. The shards are then merged into one index
    (builder/search_merge.py), which ranks and answers as one Pagefind run over every record
    would. Why not the ``pagefind`` package's async service API, which drives the same binary: it
    answers one message per 0.1 s (an hour for a request per record at 1,000 briefs), and its
    WriteFiles answer can come before the files are on disk, after which closing the index
    terminates the process: 2 builds in about 15 found an empty ``pagefind-entry.json``. A process
    that exits when it is done cannot cut its index short.

    With CACHE_DIR (see builder/search_cache.py), a shard whose digest (its documents, Pagefind's
    version, this code) has a whole entry there is read from it (its fragments and its prepared
    words) instead of being indexed; every shard indexed is stored there, and entries this build
    did not use are removed. The output is byte-identical with and without a cache. MADE: the
    records' documents, made beforehand (``documents(records, [])``)."""
    docs = (documents(records, []) if made is None else made) + documents([], pages)
    if not docs:
        raise SearchError("Pagefind could not write the search index: there is nothing to index")
    count = shard_count(len(docs))
    groups: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for url, document in docs:
        groups[shard_of(url, count)].append((url, document))
    numbers = sorted(groups)
    version = code_version()
    digests = {n: shard_digest(version, n, count, groups[n]) for n in numbers}
    runtime_key = search_cache.digest(version, "runtime")
    cache = search_cache.Cache(Path(cache_dir)) if cache_dir is not None else None
    packed = (search_cache.Packed(Path(cache_dir), merging.GZIP_LEVEL) if cache_dir is not None
              else None)

    site_dir = Path(site_dir)
    output = site_dir / INDEX_FOLDER
    if output.is_symlink() or output.is_file():
        output.unlink()
    elif output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    scratch = Path(tempfile.mkdtemp(prefix=".briefs-search-", dir=site_dir))
    try:
        ready: dict[int, tuple[merging.Prepared, dict[str, str]]] = {}
        if cache is not None:
            for n in numbers:
                files = cache.lookup(digests[n])
                if files is not None:
                    found = _prepared(dict(files))
                    if found is not None:
                        ready[n] = found
                    else:
                        cache.discard(digests[n])
        fresh = [n for n in numbers if n not in ready]
        written = _index_shards(scratch, {n: groups[n] for n in fresh})
        runtime = None
        for n in fresh:
            prepared, data, runtime_files = written[n]
            runtime = runtime or runtime_files
            if cache is not None:
                cache.store(digests[n], data)
            ready[n] = (prepared, {name: str(path) for name, path in data})
        if runtime is None and cache is not None:
            runtime = cache.lookup(runtime_key)
        if runtime is None:  # every shard came from the cache, but the runtime did not
            runtime = _runtime_only(scratch)
        if cache is not None:
            cache.store(runtime_key, runtime)
        try:
            try:
                merging.merge([ready[n] for n in numbers], output, str(scratch), packed)
            except OSError:  # a cached shard's file went away meanwhile (another build pruned it)
                shutil.rmtree(output)
                output.mkdir()
                again = scratch / "again"  # every shard again: the first try moved some files
                again.mkdir()
                redone = _index_shards(again, groups)
                for n in numbers:
                    prepared, data, _ = redone[n]
                    if cache is not None and n not in fresh:
                        cache.store(digests[n], data)
                    ready[n] = (prepared, {name: str(path) for name, path in data})
                fresh = numbers
                merging.merge([ready[n] for n in numbers], output, str(again), packed)
        except merging.MergeError as exc:
            raise SearchError(f"the search index's shards could not be merged: {exc}") from None
        if not _restore(runtime, output):  # the cached runtime went away meanwhile
            _restore(_runtime_only(scratch), output)
        if cache is not None:
            cache.prune()
            packed.prune()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return IndexReport(len(docs), tuple(
        Shard(n, len(groups[n]), digests[n], n not in fresh) for n in numbers))


def _prepared(files: dict[str, str]) -> tuple[merging.Prepared, dict[str, str]] | None:
    """A cached shard, read (None when its prepared words cannot be: it is indexed again)."""
    try:
        with open(files[merging.PREPARED], "rb") as fh:
            return merging.Prepared.loads(fh.read()), files
    except (KeyError, OSError, merging.MergeError):
        return None


def _restore(files: list[tuple[str, Path]], folder: Path) -> bool:
    """Link a cache entry's files into FOLDER; False (and nothing left behind) when the entry
    went away meanwhile (another build pruned it)."""
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


def _files(folder: Path) -> list[tuple[str, Path]]:
    return sorted((p.relative_to(folder).as_posix(), p) for p in folder.rglob("*") if p.is_file())


def _index_shards(scratch: Path, groups: dict[int, list[tuple[str, str]]]
                  ) -> dict[int, tuple[merging.Prepared, list[tuple[str, Path]],
                                       list[tuple[str, Path]]]]:
    """Index each shard in its own Pagefind run, side by side on the machine's cores, and read
    it for the merge. Returns, for each shard, its prepared words, the files a cache keeps of it
    (its fragments and its prepared words) and Pagefind's runtime files ((relative path, path))."""
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
        files = _files(output)
        try:
            prepared = merging.prepare({name: str(path) for name, path in files})
        except merging.MergeError as exc:
            raise SearchError(f"Pagefind wrote an index this builder cannot read: {exc}") from None
        (output / merging.PREPARED).write_bytes(prepared.dumps())
        kept = [f for f in files if f[0].startswith("fragment/")]
        kept.append((merging.PREPARED, output / merging.PREPARED))
        return prepared, sorted(kept), [f for f in files if f[0] in RUNTIME]

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
    shutil.rmtree(source, ignore_errors=True)
    shutil.rmtree(output, ignore_errors=True)
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
    # Pagefind takes options from PAGEFIND_* variables too: none of a caller's, and the chunk
    # size the merge cuts by (builder/search_merge.py), so that one shard alone is that index
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND_")}
    env["PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"] = str(merging.CHUNK_SIZE)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600,
                              stdin=subprocess.DEVNULL, env=env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchError(f"Pagefind could not be run: {exc}") from None
    if done.returncode != 0 or not (output / "pagefind-entry.json").is_file():
        said = " ".join((done.stderr or done.stdout).split())[:500]
        raise SearchError(f"Pagefind could not write the search index (exit {done.returncode}"
                          + (f": {said}" if said else "") + ")")
