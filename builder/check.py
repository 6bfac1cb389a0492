"""Stage 2, check: every fact file's shape, then what the facts mean together.

``check(root)`` loads every brief under ``root/briefs/``, validates each file against its schema,
turns the usable entries into records (``read.py``), and then checks across them: unique ids, one
definition per actor, references that resolve, quotes and excerpts found verbatim in their source
texts, dates in order. Every problem becomes a diagnostic; nothing stops at the first one.
"""

from __future__ import annotations

import difflib
import gc
import os
from dataclasses import dataclass
from pathlib import Path

from . import prose, quoted, schema, shared
from .diagnostics import ERROR, Diagnostic, Loc, error, escape, show, sort, warning
from .model import Actor, Brief, Citation, EventEntry, EventReuse, Place, Site, SourceReuse, local_id
from .read import ReadBrief, read_brief
from .scaffold import PLACEHOLDERS
from .verbatim import Budget



@dataclass(frozen=True)
class Result:
    site: Site
    diagnostics: list[Diagnostic]
    files: int
    texts: dict  # (brief id, source id) -> SourceText, to quote excerpts as the source writes them

    @property
    def ok(self) -> bool:
        return not any(d.severity == ERROR for d in self.diagnostics)


@dataclass(frozen=True)
class BriefCheck:
    """What checking one brief folder finds on its own. Only actor references need the other
    briefs: they wait in ``pending`` as (actor id, where, "ref" or "use"). Everything but ``brief``
    and ``texts`` depends on the folder's files alone, so it can be cached and computed apart."""

    id: str
    files: int
    diagnostics: tuple[Diagnostic, ...]
    definitions: tuple[Actor, ...]
    listed: frozenset[str]  # the actors this brief lists (defined or reused)
    pending: tuple[tuple[str, Loc, str], ...]
    brief: Brief | None = None
    texts: dict | None = None
    places: tuple[Place, ...] = ()  # the places this brief defines
    place_uses: tuple[tuple[str, Loc], ...] = ()  # place ids it names, settled across briefs
    events: tuple[EventEntry, ...] = ()  # the events it defines, for reuses and duplicates
    reuses: tuple[EventReuse, ...] = ()  # the events of other briefs it reports again
    relations: tuple[tuple[str, str, str, bool, Loc], ...] = ()  # (from, type, to, former, where)
    unnamed: tuple[Actor, ...] = ()  # its unnamed actors: never merged with another brief's
    # the sources it defines: (id, where, url, stored text path); those of other briefs it cites
    # (ref); and the words it quotes from those, to find in the definition's text
    source_defs: tuple[tuple[str, Loc, str | None, str | None], ...] = ()
    source_reuses: tuple[SourceReuse, ...] = ()
    verbatim_elsewhere: tuple[tuple[str, str, Loc, str, str, str], ...] = ()
    # ids of its entries that failed the schema ("*": a fact file could not be read), so that a
    # ref from another brief to one of them is not reported again as unknown
    unsettled: frozenset[str] = frozenset()
    draft: bool = False  # 'draft: true': what it defines has no published definition
    # when each source it defines was published: (id, end as a POSIX timestamp, ISO date); and
    # each source a reused event cites: (event ref, source id, its definition "brief-id/source-id"
    # when the source is reused too else "", published end, ISO date, where), to find the reports
    # of a reuse published before the definition's date
    published: tuple[tuple[str, float, str], ...] = ()
    reuse_sources: tuple[tuple[str, str, str, float | None, str | None, Loc], ...] = ()

    def without_records(self) -> "BriefCheck":
        return BriefCheck(self.id, self.files, self.diagnostics, self.definitions, self.listed,
                          self.pending, places=self.places, place_uses=self.place_uses,
                          events=self.events, reuses=self.reuses, relations=self.relations,
                          unnamed=self.unnamed, source_defs=self.source_defs,
                          source_reuses=self.source_reuses,
                          verbatim_elsewhere=self.verbatim_elsewhere, unsettled=self.unsettled,
                          draft=self.draft, published=self.published,
                          reuse_sources=self.reuse_sources)


def shown_path(path: Path, cwd: Path | None = None) -> str:
    """A path as the editor should see it: relative to where they stand, with forward slashes."""
    cwd = cwd or Path.cwd()
    try:
        return Path(os.path.relpath(path, cwd)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def brief_dirs(root: Path) -> list[Path]:
    """The brief folders under ROOT/briefs/ (OSError when briefs/ cannot be listed)."""
    base = root / "briefs"
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def check(root: Path, cwd: Path | None = None, *, records: bool = True, cache=None,
          jobs: int = 1) -> Result:
    """Check every brief under ``root``; return the records and all diagnostics, sorted.

    ``cache`` (builder/cache.py) answers for the briefs whose files have not changed: a ``Cache``
    when ``records`` is False (``briefs check``), a ``RecordsCache`` when it is True (``briefs
    build``). ``jobs`` worker processes check the others (a large site's: 1,000 briefs in 4.9 s on
    two cores, against 6.9 s in one process, their records pickled back), and store them in the
    cache as they go.
    """
    cwd = (cwd or Path.cwd()).resolve()
    try:
        folders = brief_dirs(root)
    except OSError as exc:
        unreadable = error(Loc(shown_path(root / "briefs", cwd) + "/"), "unreadable-file",
                           f"cannot list the briefs folder: {exc.strerror}",
                           "make briefs/ readable (and searchable) by the user running briefs")
        return Result(Site((), ()), [unreadable], 0, {})
    found = check_folders(folders, cwd, records=records, cache=cache, jobs=jobs)
    return combine([found[f.name] for f in folders], root)


def check_folders(folders: list[Path], cwd: Path, *, records: bool = True, cache=None,
                  jobs: int = 1, frozen: bool | None = None) -> dict[str, BriefCheck]:
    """What ``check`` does brief by brief: each folder's check by its name (from CACHE when it
    has it, else in JOBS worker processes when there are many). FROZEN: whether this process
    has put objects out of the collector's sight already (a live preview's site), when the
    caller knows: asking the collector walks every such object (0.27 s in a preview's round at
    1,000 briefs)."""
    if cache is not None and cache.records != records:
        cache = None
    found: dict[str, BriefCheck] = {}
    kept: dict[str, list] = {}  # what the cache's keeper stored, by brief
    # what is checked lives on to the end (the records of every brief): each brief's is put out of
    # the garbage collector's sight once made, or every full collection walks all the briefs before
    # it again (2.4 s of a 9 s check of 1,000 briefs). Only when nothing else is frozen (a live
    # preview freezes its site), so that thawing at the end thaws only what this froze.
    ours = not frozen if frozen is not None else gc.get_freeze_count() == 0
    if cache is not None:
        collecting = gc.isenabled()
        gc.disable()  # the same reason: what the cache holds lives on, and makes no cycles
        try:
            found = cache.lookup(folders, cwd)
        finally:
            if collecting:
                gc.enable()
        if ours:
            gc.freeze()
    keeper = cache.keeper() if cache is not None else None
    todo = [f for f in folders if f.name not in found]
    if jobs > 1 and len(todo) >= 2 * PARALLEL_BATCH:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(jobs) as pool:
            batches = [todo[i:i + PARALLEL_BATCH] for i in range(0, len(todo), PARALLEL_BATCH)]
            for batch in pool.map(_check_batch, batches, [cwd] * len(batches),
                                  [records] * len(batches), [keeper] * len(batches)):
                for c, row in batch:
                    found[c.id] = c
                    if row is not None:
                        kept[c.id] = row
                if ours:
                    gc.freeze()
    else:
        for folder in todo:
            (c, row), = _check_batch([folder], cwd, records, keeper)
            found[c.id] = c
            if row is not None:
                kept[c.id] = row
            if ours:
                gc.freeze()
    if ours:
        gc.unfreeze()
    if cache is not None:
        cache.store(folders, cwd, found, kept)
    return found


def combine(checks: list[BriefCheck], root: Path, memo: dict | None = None) -> Result:
    """The cross-brief step over briefs checked one by one (``check``, and a live preview that
    re-checks only the briefs an edit touched): the site and every diagnostic, sorted. MEMO: a
    live preview's, kept between its re-checks (``shared.settle``)."""
    actors, diagnostics = resolve(checks)
    places, place_problems = resolve_places(checks)
    diagnostics.extend(place_problems)
    diagnostics.extend(shared.settle(checks, root, memo))
    for c in checks:
        diagnostics.extend(c.diagnostics)
    site = Site(shared.completed_briefs(checks),
                tuple(sorted([*actors.values(), *(a for c in checks for a in c.unnamed)],
                             key=lambda a: a.id)),
                tuple(sorted(places.values(), key=lambda p: p.id)))
    return Result(site, sort(diagnostics), sum(c.files for c in checks),
                  shared.texts_by_source(checks))


PARALLEL_BATCH = 25


def _check_batch(folders: list[Path], cwd: Path, records: bool, keeper=None):
    """Check FOLDERS, in a worker process or not (their records come back pickled: nothing is
    kept there). With KEEPER (``cache.Keeper``), each check is stored in the cache, if its folder
    did not change while it was checked: (check, the cache's row for it or None) each."""
    if keeper is None:
        return [(check_brief(folder, cwd, records), None) for folder in folders]
    from .cache import folder_contents

    out = []
    for folder in folders:
        before = folder_contents(folder)
        checked = check_brief(folder, cwd, records)
        out.append((checked, keeper.keep(folder, cwd, checked, before)))
    return out


def check_brief(folder: Path, cwd: Path, records: bool = True) -> BriefCheck:
    """Everything that can be checked in one brief folder without the others."""
    def shown(path: Path) -> str:
        return shown_path(path, cwd)

    unusable = _unusable_folder(folder, shown)
    if unusable is not None:
        return BriefCheck(folder.name, 0, (unusable,), (), frozenset(), (),
                          None, {} if records else None)
    diagnostics = _brief_folder_problems(folder, shown)
    facts = read_brief(folder, shown)
    diagnostics.extend(facts.diagnostics)
    local, pending, elsewhere = _check_brief(facts, Budget())
    diagnostics.extend(local)
    listed = frozenset(r.actor for r in facts.roles) | facts.unusable
    if "actors" in facts.failed:
        pending = [p for p in pending if p[2] == "ref"]
    brief = facts.brief
    return BriefCheck(folder.name, facts.files, tuple(diagnostics), facts.definitions, listed,
                      tuple(pending), brief if records else None,
                      dict(facts.source_texts) if records else None, facts.places,
                      facts.place_uses, tuple(EventEntry.of(e) for e in facts.events),
                      facts.reuses,
                      tuple((r.subject, r.type, r.object, r.former, r.loc) for r in facts.relations),
                      facts.unnamed,
                      tuple((s.id, s.loc, s.url, s.text) for s in facts.sources),
                      facts.source_reuses, tuple(elsewhere),
                      facts.unusable | ({"*"} if facts.failed & {"events", "sources"}
                                        else frozenset()),
                      brief is not None and brief.draft, *_publication_dates(facts))


def _publication_dates(facts: ReadBrief) -> tuple[tuple, tuple]:
    """BriefCheck.published and .reuse_sources: what ``shared.reports_before`` needs of a brief."""
    published = tuple((s.id, s.published.interval[1].timestamp(), s.published.iso())
                      for s in facts.sources if s.published is not None)
    own = {i: (end, iso) for i, end, iso in published}
    reused = {r.id: r.ref for r in facts.source_reuses}
    cites = []
    for reuse in facts.reuses:
        for cite in reuse.sources:
            if cite.source in own:
                cites.append((reuse.ref, cite.source, "", *own[cite.source], cite.loc))
            elif cite.source in reused:
                cites.append((reuse.ref, cite.source, reused[cite.source], None, None, cite.loc))
    return published, tuple(cites)


def resolve(checks: list[BriefCheck]) -> tuple[dict[str, Actor], list[Diagnostic]]:
    """What needs every brief: one definition per actor, shared names, and the actor references
    each brief could not settle on its own (a ref to no actor, or to one a draft defines)."""
    actors, out = _merge_actors(checks)
    aliases = shared.alias_index(actors.values())
    drafts = frozenset(c.id for c in checks if c.draft)
    for c in checks:
        for actor_id, loc, kind in c.pending:
            if kind == "ref":
                if actor_id not in actors:
                    out.append(error(loc, "unknown-reference",
                                     f"unknown actor {show(actor_id)}: no brief defines it",
                                     shared.alias_hint(actor_id, aliases, "actor") or
                                     suggestion(actor_id, actors) or
                                     "define it here with id, name, kind and role instead of 'ref'"))
                    continue
                drafted = shared.from_draft("actor", actor_id, c.id, drafts,
                                            actors[actor_id].defined_in)
                if drafted is not None:
                    out.append(error(loc, "ref-to-draft", *drafted))
            elif actor_id in actors:
                out.append(error(loc, "actor-not-in-brief",
                                 f"actor {show(actor_id)} is not listed in this brief's actors.yaml",
                                 f"add '- ref: {escape(actor_id)}' with its role to actors.yaml"))
            else:
                out.append(error(loc, "unknown-reference", f"unknown actor {show(actor_id)}",
                                 shared.alias_hint(actor_id, aliases, "actor") or
                                 suggestion(actor_id, {local_id(a) for a in c.listed} | set(actors))))
    return actors, out


def resolve_places(checks: list[BriefCheck]) -> tuple[dict[str, Place], list[Diagnostic]]:
    """One place per id across all briefs, and every place id an event or a place names."""
    places, out = _one_definition(
        (p for c in checks for p in c.places), "place", "place-redefined",
        lambda place: "define a place once: remove this entry, and name the place by its id from "
                      "any brief's events")
    out += shared.same_names(places.values(), "place",
                             "if they are the same, define one and name it by its id from every brief")
    aliases = shared.alias_index(places.values())
    for c in checks:
        for place_id, loc in c.place_uses:
            if place_id not in places:
                out.append(error(loc, "unknown-place",
                                 f"unknown place {show(place_id)}: no brief defines it",
                                 shared.alias_hint(place_id, aliases, "place") or
                                 suggestion(place_id, places) or
                                 "define it in a brief's places.yaml, or write the place as text "
                                 "with a capital letter or a space"))
    out.extend(place_loops(places, checks))
    return places, out


def place_loops(places: dict[str, Place], checks: list[BriefCheck]) -> list[Diagnostic]:
    """A place may not lie in itself, through any number of ``in``: each place of a loop gets a
    diagnostic at its ``in``, naming the whole loop from there."""
    ins: dict[tuple[str, int, int], Loc] = {}  # where each place's `in` is written
    for c in checks:
        uses = sorted((loc for _, loc in c.place_uses), key=lambda l: (l.file, l.line, l.column))
        for place in (p for p in c.places if p.within is not None):
            # a places.yaml names places only in `in`: the first after the entry begins is its own
            ins[(place.loc.file, place.loc.line, place.loc.column)] = next(
                (loc for loc in uses if loc.file == place.loc.file and
                 (loc.line, loc.column) > (place.loc.line, place.loc.column)), place.loc)
    out: list[Diagnostic] = []
    done: set[str] = set()
    for start in sorted(places):
        path: list[str] = []
        here = start
        while here in places and here not in done and here not in path:
            path.append(here)
            here = places[here].within
        if here in path:  # a loop: from `here` back to it
            loop = path[path.index(here):]
            for i, member in enumerate(loop):
                chain = loop[i:] + loop[:i] + [member]
                place = places[member]
                out.append(error(
                    ins[(place.loc.file, place.loc.line, place.loc.column)], "place-loop",
                    f"place {show(member)} lies in itself: " + " in ".join(show(p) for p in chain),
                    "give the larger place no 'in' (a country lies in nothing), and name it from "
                    "the smaller ones"))
        done.update(path)
    return out


def _one_definition(definitions, noun: str, redefined: str, hint) -> tuple[dict, list[Diagnostic]]:
    """The one rule for what is defined once across briefs (actors, places): the first definition
    by file and line wins; a second in the same brief is a duplicate-id, one in another brief is
    REDEFINED, naming where the first stands, with HINT(definition) as its hint."""
    out: list[Diagnostic] = []
    found: dict = {}
    for item in sorted(definitions, key=lambda d: (d.loc.file, d.loc.line, d.loc.column)):
        first = found.setdefault(item.id, item)
        if first is item:
            continue
        if first.defined_in == item.defined_in:
            out.append(error(item.loc, "duplicate-id",
                             f"{noun} {show(item.id)} is defined twice in this brief "
                             f"(first at line {first.loc.line}, column {first.loc.column})",
                             "give each its own id, or remove one"))
        else:
            out.append(error(item.loc, redefined,
                             f"{noun} {show(item.id)} is already defined at "
                             f"{escape(first.loc.file)}:{first.loc.line}:{first.loc.column}",
                             hint(item)))
    return found, out


def _unusable_folder(folder: Path, shown) -> Diagnostic | None:
    """A brief folder that must not be read at all: a link out of briefs/, or one that cannot be
    listed. Nothing in it is read, so this is its only diagnostic."""
    where = Loc(shown(folder) + "/")
    if folder.resolve().parent != folder.parent.resolve():  # links elsewhere, or deeper in briefs/
        return error(where, "invalid-path", f"the brief folder {show(folder.name)} links to a folder "
                     "outside briefs/", "move the brief into briefs/ instead of linking to it")
    try:
        next(folder.iterdir(), None)
        (folder / "brief.yaml").exists()
    except OSError as exc:
        return error(where, "unreadable-file", f"cannot read the brief folder: {exc.strerror}",
                     "make the folder readable (and searchable) by the user running briefs")
    return None


def _brief_folder_problems(folder: Path, shown) -> list[Diagnostic]:
    out = []
    brief_file = folder / "brief.yaml"
    if not schema.ID_PATTERN.fullmatch(folder.name):
        out.append(error(Loc(shown(brief_file)), "invalid-id",
                         f"the brief folder name {show(folder.name)} is not a valid id: "
                         f"{schema.id_problem(folder.name)}",
                         schema.ID_RULE + ": rename the folder"))
    elif folder.name in schema.RESERVED_BRIEF_IDS:
        out.append(error(Loc(shown(brief_file)), "reserved-id",
                         f"the brief folder name '{folder.name}' is reserved for the site's own pages",
                         f"rename the folder, for example to '{folder.name}-brief'; reserved: "
                         + ", ".join(sorted(schema.RESERVED_BRIEF_IDS))))
    if not brief_file.exists():
        out.append(error(Loc(shown(brief_file)), "missing-file",
                         f"the brief folder {show(folder.name)} has no brief.yaml",
                         f"create it with 'briefs new {escape(folder.name)}' in another folder and copy it, "
                         "or write it by hand"))
    for path in sorted(folder.iterdir()):
        suffix = path.suffix.lower()
        if suffix in (".yml", ".yaml") and path.suffix != ".yaml" and path.stem in schema.FILES:
            out.append(warning(Loc(shown(path)), "unknown-file",
                               f"{show(path.name)} is not read: fact files end in .yaml",
                               f"rename it to {escape(path.stem)}.yaml"))
        elif suffix in (".yaml", ".yml") and path.stem not in schema.FILES:
            out.append(warning(Loc(shown(path)), "unknown-file",
                               f"{show(path.name)} is not a fact file and is not read",
                               "fact files are " + ", ".join(f"{n}.yaml" for n in schema.FILES)))
    return out


def suggestion(word: str, choices) -> str | None:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.5)
    return f"did you mean {show(close[0])}?" if close else None


def _merge_actors(checks: list[BriefCheck]) -> tuple[dict[str, Actor], list[Diagnostic]]:
    """One actor per id across all briefs (``_one_definition``), and actors that share a name."""
    actors, out = _one_definition(
        (a for c in checks for a in c.definitions), "actor", "actor-redefined",
        lambda actor: f"define an actor once; here write '- ref: {escape(actor.id)}' with its role")
    out += shared.same_names(actors.values(), "actor",
                             "if they are the same, define one and reuse it with 'ref'")
    return actors, out


def _check_brief(facts: ReadBrief, budget: Budget | None = None
                 ) -> tuple[list[Diagnostic], list[tuple[str, Loc, str]], list[tuple]]:
    """References, verbatim text and use within one brief (its brief.yaml may be broken: then the
    checks of its other files still run). Actor references to other briefs are returned pending.
    The closest passages shown in hints are searched for within ``budget``."""
    brief = facts.brief
    out: list[Diagnostic] = []
    pending: list[tuple[str, Loc, str]] = [(actor_id, loc, "ref") for actor_id, loc in facts.refs]
    in_brief = {role.actor for role in facts.roles}
    sources = {s.id: s for s in facts.sources}
    reused = {r.id: r for r in facts.source_reuses}  # their texts are in other briefs
    quotes = {q.id: q for q in facts.quotes}
    # (source refs, words, where, what, field, closest): to find in texts stored in other briefs
    verbatim_elsewhere: list[tuple[str, str, Loc, str, str, str]] = []
    used_actors: set[str] = set()
    used_sources: set[str] = set()
    used_quotes: set[str] = set()

    def actor_ref(actor_id: str, loc: Loc) -> None:
        used_actors.add(actor_id)
        if actor_id not in in_brief and actor_id not in facts.unusable:
            pending.append((actor_id, loc, "use"))

    def source_ref(source_id: str, loc: Loc) -> bool:
        used_sources.add(source_id)
        if source_id in sources or source_id in reused:
            return True
        if source_id in facts.unusable or "sources" in facts.failed:
            return False
        out.append(error(loc, "unknown-reference", f"unknown source {show(source_id)}",
                         suggestion(source_id, {*sources, *reused})))
        return False

    def quote_ref(quote_id: str, loc: Loc) -> None:
        used_quotes.add(quote_id)
        if quote_id not in quotes and quote_id not in facts.unusable and "quotes" not in facts.failed:
            out.append(error(loc, "unknown-reference", f"unknown quote {show(quote_id)}",
                             suggestion(quote_id, quotes)))

    def verbatim(cite: Citation, words: str, loc: Loc, what: str) -> None:
        if cite.source in reused:  # checked against the definition's text, across briefs
            verbatim_elsewhere.append((reused[cite.source].ref, words, loc, what, "", ""))
            return
        source = sources[cite.source]
        text = facts.source_texts.get(source.id)
        if source.text is None:
            out.append(error(loc, "no-source-text",
                             f"source {show(source.id)} has no stored text to check this {what} against",
                             "add its text under sources/ and name it in the source's 'text' field, "
                             "or cite a source that has one"))
        elif text is not None and not text.contains(words):
            closest = text.closest(words, budget=budget)
            code = "quote-not-in-source" if what == "quote" else "excerpt-not-in-source"
            out.append(error(loc, code, f"the {what} is not in the text of source {show(source.id)}",
                             f"the closest passage is: {escape(closest)}" if closest
                             else "copy the words exactly as the source has them"))

    def citations(cites: tuple[Citation, ...]) -> None:
        for cite in cites:
            if source_ref(cite.source, cite.loc) and cite.excerpt is not None:
                verbatim(cite, cite.excerpt, cite.at("excerpt"), "excerpt")

    for role in facts.roles:
        citations(role.sources)
    for relation in facts.relations:
        actor_ref(relation.subject, relation.at("from"))
        actor_ref(relation.object, relation.at("to"))
        if relation.subject == relation.object:
            out.append(error(relation.loc, "self-relation",
                             f"the relation links {show(local_id(relation.subject))} to itself"))
        citations(relation.sources)
    event_ids = {e.id for e in facts.events}
    for told in [*facts.events, *facts.reuses]:  # what a reuse adds is checked as its own
        for participant in told.actors:
            actor_ref(participant.actor, participant.loc)
        for i, quote_id in enumerate(told.quotes):
            quote_ref(quote_id, told.at("quotes", i))
        citations(told.sources)
    for event in facts.events:
        if event.superseded_by is not None and event.superseded_by not in event_ids \
                and event.superseded_by not in facts.unusable:
            out.append(error(event.at("superseded_by"), "unknown-reference",
                             f"unknown event {show(event.superseded_by)}",
                             suggestion(event.superseded_by, event_ids - {event.id}) or
                             "superseded_by names an event of this brief's events.yaml"))
        if event.date is not None and not event.planned:  # a plan is dated after its source
            for cite in event.sources:
                published = sources[cite.source].published if cite.source in sources else None
                if published is not None and event.date.interval[0] >= published.interval[1]:
                    out.append(warning(event.at("date"), "event-after-source",
                                       f"the event is dated after source {show(cite.source)} was "
                                       f"published ({published.iso()})",
                                       "check the event's date and the source's 'published'"))
    unquoted, missing = quoted.unsourced(_prose_fields(facts),
                                         list(facts.source_texts.values()), budget)
    if facts.source_reuses:  # perhaps in the text of a source another brief stores
        refs = " ".join(r.ref for r in facts.source_reuses)
        verbatim_elsewhere.extend((refs, words, loc, "quotation", d.message, closest)
                                  for (words, loc, closest), d in zip(missing, unquoted))
    else:
        out.extend(unquoted)
    for quote in facts.quotes:
        if quote.source in sources:
            found = quoted.punctuation(quote.text, facts.source_texts.get(quote.source),
                                       quote.at("text"))
            if found is not None:
                out.append(found)
        actor_ref(quote.speaker, quote.at("speaker"))
        if quote.through is not None:
            actor_ref(quote.through, quote.at("through"))
        if source_ref(quote.source, quote.at("source")):
            verbatim(Citation(quote.source, quote.text, quote.loc), quote.text,
                     quote.at("text"), "quote")
        if quote.said_in is not None:
            source_ref(quote.said_in, quote.at("said_in"))
        if not quote.written("said"):
            out.append(warning(quote.loc, "quote-no-date", f"quote {show(quote.id)} has no date",
                               "add 'said' with the date as precisely as the source gives it"))
        if quote.context is None:
            out.append(warning(quote.loc, "quote-no-context", f"quote {show(quote.id)} has no context",
                               "add 'context': what the words were about"))
    for source in facts.sources:
        if source.cited_in is not None:
            source_ref(source.cited_in, source.at("cited_in"))
    head = facts.head
    for source_id, loc in head.main_source if head else ():
        source_ref(source_id, loc)
    for actor_id, loc in head.key_actors if head else ():
        actor_ref(actor_id, loc)
    for quote_id, loc in head.key_quotes if head else ():
        quote_ref(quote_id, loc)
    out.extend(prose.problems(facts, budget, verbatim_elsewhere))  # citations, stale time words
    if brief is not None:
        out.extend(_date_order(brief))
        if not brief.draft:
            out.extend(_placeholders(brief, facts.source_texts))
    if facts.head is None or facts.failed:
        return out, pending, verbatim_elsewhere  # a file could not be read: what is unused cannot be told
    used_actors |= facts.loose_uses
    used_sources |= facts.loose_uses
    used_quotes |= facts.loose_uses

    for role in facts.roles:
        if role.actor not in used_actors:
            out.append(warning(role.loc, "unused-actor",
                               f"actor {show(local_id(role.actor))} is used by no event, quote, relation or key_actors",
                               "link it to what it did, or remove it from this brief"))
    for source in [*facts.sources, *facts.source_reuses]:
        if source.id not in used_sources:
            out.append(warning(source.loc, "unused-source", f"source {show(source.id)} is cited by nothing",
                               "cite it from the facts it supports, or remove it"))
    for quote in facts.quotes:
        if quote.id not in used_quotes:
            out.append(warning(quote.loc, "unused-quote",
                               f"quote {show(quote.id)} is used by no event and is not a key quote",
                               "list it in an event's 'quotes' or in the brief's 'key_quotes'"))
    return out, pending, verbatim_elsewhere


def _prose_fields(facts: ReadBrief) -> list[tuple[Loc, str, str | None]]:
    """The brief's own prose that may quote: (where, what it is, the text)."""
    fields = []
    brief = facts.brief
    if brief is not None:
        fields += [(brief.at("summary"), "the summary", brief.summary),
                   (brief.at("why_it_matters"), "why_it_matters", brief.why_it_matters)]
    fields += [(r.at("role"), f"the role of {show(local_id(r.actor))}", r.role)
               for r in facts.roles]
    fields += [(e.at("summary"), f"the summary of event {show(e.id)}", e.summary)
               for e in [*facts.events, *facts.reuses] if e.summary]
    return fields


def _placeholders(brief: Brief, texts) -> list[Diagnostic]:
    """What `briefs new` wrote for the editor to replace, left in a brief that is no longer a
    draft: it checks clean as a draft, and must not be published as is."""
    def same(value: str | None, placeholder: str) -> bool:
        return value is not None and " ".join(value.split()).startswith(placeholder)

    found = [(brief.at(field), f"the brief's {field}", getattr(brief, field),
              PLACEHOLDERS[("brief", field)])
             for field in ("title", "standfirst", "summary", "why_it_matters")]
    for source in brief.sources:
        text = texts.get(source.id)
        found += [(source.at("title"), f"the title of source '{source.id}'", source.title,
                   PLACEHOLDERS[("sources", "title")]),
                  (source.at("publisher"), f"the publisher of source '{source.id}'",
                   source.publisher, PLACEHOLDERS[("sources", "publisher")]),
                  (source.at("text"), f"the stored text of source '{source.id}'",
                   text.raw[:200] if text is not None else None, PLACEHOLDERS[("sources", "text")])]
    return [warning(loc, "placeholder-text",
                    f"{what} is still the example text of 'briefs new' ({show(placeholder, 40)})",
                    "replace it with the story's own text, or keep 'draft: true' in brief.yaml "
                    "until the brief is ready: a draft is never published")
            for loc, what, value, placeholder in found if same(value, placeholder)]


def _date_order(brief: Brief) -> list[Diagnostic]:
    out = []
    if brief.updated is not None and brief.updated.sort_key < brief.published.sort_key:
        out.append(warning(brief.at("updated"), "date-order",
                           "the brief is updated before it is published"))
    for before, after in zip(brief.updates, brief.updates[1:]):
        if after.date.sort_key < before.date.sort_key:
            out.append(warning(after.loc, "date-order",
                               "the updates log is not in date order", "list updates oldest first"))
    for relation in brief.relations:
        if relation.since and relation.until and \
                relation.until.interval[1] <= relation.since.interval[0]:
            out.append(warning(relation.at("until"), "date-order",
                               "the relation ends (until) before it begins (since)",
                               "check the two dates; since is when it began"))
    return out
