"""Facts that outlive one story, settled across briefs: events reused by ``ref`` (one definition,
every brief's reports), events that look like one event told twice, and relations that several
briefs state (one relation) or contradict.

Each function takes what every brief found on its own (small, cacheable records) and returns
diagnostics; ``complete`` turns a brief's reuses into complete events once the definitions are known.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from pathlib import Path

from .diagnostics import Diagnostic, error, escape, show, warning
from .load import read_source_text
from .model import Brief, Event, EventEntry, EventReuse
from .paths import leaves

_REUSE_KEEPS = "ref, id, summary, actors, quotes and sources"


def settle(checks, root: Path, memo: dict | None = None) -> list[Diagnostic]:
    """What needs every brief's check (``check.BriefCheck``) besides actors and places: events and
    sources reused by ref, likely duplicate events, contradictory relations, one URL defined twice,
    and the words cited from a source whose text another brief stores. MEMO: a live preview's,
    kept between its re-checks (``likely_duplicates``)."""
    entries = [e for c in checks for e in c.events]
    unsettled = {f"{c.id}/{i}" for c in checks for i in c.unsettled}
    sources = {f"{c.id}/{i}": (c.id, i, loc, url, text) for c in checks
               for i, loc, url, text in c.source_defs}
    known = {c.id: c.texts for c in checks if c.texts is not None}
    drafts = frozenset(c.id for c in checks if c.draft)
    return [*resolve_events(entries, [r for c in checks for r in c.reuses], unsettled, drafts)[1],
            *likely_duplicates(entries, memo),
            *reports_before(entries, checks),
            *contradictions([r for c in checks for r in c.relations]),
            *resolve_sources(sources, [r for c in checks for r in c.source_reuses], unsettled,
                             drafts),
            *same_urls(sources),
            *verbatim_elsewhere([p for c in checks for p in c.verbatim_elsewhere], sources,
                                lambda brief, source, path: _stored_text(root, brief, source, path,
                                                                         known))]


def completed_briefs(checks) -> tuple[Brief, ...]:
    """The briefs that have records, each with its reused events and sources completed."""
    events = {e.key: e for c in checks if c.brief is not None for e in c.brief.events}
    sources = {s.key: s for c in checks if c.brief is not None for s in c.brief.sources}
    return tuple(complete(c.brief, list(c.reuses), events, list(c.source_reuses), sources)
                 for c in checks if c.brief is not None)


def texts_by_source(checks) -> dict:
    """(brief id, source id) -> stored text, a reused source's being its definition's."""
    texts = {(c.id, source): text for c in checks for source, text in (c.texts or {}).items()}
    for c in checks:
        for reuse in c.source_reuses:
            brief, _, source = reuse.ref.partition("/")
            if (brief, source) in texts:
                texts[(c.id, reuse.id)] = texts[(brief, source)]
    return texts


def _stored_text(root: Path, brief: str, source: str, path: str, known: dict):
    """The stored text of a source another brief reuses: from the check's records when it has
    them, else read again (``briefs check`` keeps no texts). Unreadable: None (the brief that
    defines the source reports it)."""
    if brief in known and source in known[brief]:
        return known[brief][source]
    folder = root / "briefs" / brief
    file = folder.joinpath(*path.split("/"))
    if not file.is_file() or leaves(file, folder):
        return None
    text, _ = read_source_text(file, str(file))
    known.setdefault(brief, {})[source] = text
    return text


def where(loc) -> str:
    return f"{escape(loc.file)}:{loc.line}:{loc.column}"


def _unsettled(ref: str, unsettled) -> bool:
    """Whether REF names an entry that failed the schema, or a brief whose file could not be read:
    that is reported where it stands, not again here."""
    return ref in unsettled or ref.partition("/")[0] + "/*" in unsettled


def from_draft(noun: str, ref: str, reuse_brief: str, drafts,
               defined_in: str | None = None) -> tuple[str, str] | None:
    """A published brief that reuses (REF) a fact defined in a draft (one of DRAFTS): the
    build leaves the draft out, so the fact would have no published definition. The message and
    hint of that error; None otherwise (a draft may reuse what another draft defines: neither is
    published). The defining brief is REF's "brief-id/" part, or DEFINED_IN (an actor's ref is
    its id alone)."""
    brief = defined_in or ref.partition("/")[0]
    if brief not in drafts or reuse_brief in drafts:
        return None
    return (f"{noun} {show(ref)} is defined in the draft brief {show(brief)}, which is not "
            f"published: the {noun} would have no published definition",
            f"define the {noun} in a published brief (here, and reuse it from the draft), or "
            f"publish the draft: delete 'draft: true' in briefs/{escape(brief)}/brief.yaml")


def resolve_events(entries: list[EventEntry], reuses: list[EventReuse], unsettled=frozenset(),
                   drafts=frozenset()) -> tuple[dict[str, EventEntry], list[Diagnostic]]:
    """Every reuse names a definition of another brief (not of a draft, unless it is one itself),
    sets none of its fields, and is made once per brief. Returns the definitions by key
    ("brief-id/event-id") and the problems."""
    defined = {e.key: e for e in entries}
    reused = {f"{r.brief}/{r.id}": r for r in reuses}
    out: list[Diagnostic] = []
    seen: dict[tuple[str, str], EventReuse] = {}
    for reuse in reuses:
        target = defined.get(reuse.ref)
        if target is None and _unsettled(reuse.ref, unsettled):
            continue
        if target is None:
            through = reused.get(reuse.ref)
            if through is not None:
                own = through.ref.partition("/")[0] == reuse.brief
                out.append(error(reuse.ref_loc, "unknown-reference",
                                 f"event {show(reuse.ref)} is itself a reuse of {show(through.ref)}",
                                 "that is this brief's own event: remove this entry" if own
                                 else f"reuse the definition: 'ref: {escape(through.ref)}'"))
            else:
                out.append(error(reuse.ref_loc, "unknown-reference",
                                 f"unknown event {show(reuse.ref)}: no brief defines it",
                                 _closest(reuse.ref, defined) or
                                 "ref names an event of another brief as brief-id/event-id"))
            continue
        if target.brief == reuse.brief:
            out.append(error(reuse.ref_loc, "unknown-reference",
                             f"event {show(reuse.ref)} is defined in this brief: 'ref' reuses an "
                             "event of another brief", "remove this entry"))
            continue
        drafted = from_draft("event", reuse.ref, reuse.brief, drafts)
        if drafted is not None:
            out.append(error(reuse.ref_loc, "ref-to-draft", *drafted))
        first = seen.setdefault((reuse.brief, reuse.ref), reuse)
        if first is not reuse:
            out.append(error(reuse.ref_loc, "duplicate-id",
                             f"event {show(reuse.ref)} is reused twice in this brief (first at line "
                             f"{first.loc.line}, column {first.loc.column})",
                             "reuse it once, with every source of this brief"))
        for field, loc in reuse.sets:
            out.append(error(loc, "ref-redefines",
                             f"an event reused with 'ref' cannot set {show(field)}: it comes from "
                             f"the definition at {where(target.loc)}",
                             f"keep only {_REUSE_KEEPS}; to correct the {escape(field)}, edit the "
                             "definition"))
    return defined, out


def reports_before(entries: list[EventEntry], checks) -> list[Diagnostic]:
    """A source that a reuse cites, published before the definition's date: the event is dated
    after a source that reports it (``event-after-source``, as for an event's own sources), told
    at the reuse's citation of that source."""
    events = {e.key: e for e in entries}
    published = {f"{c.id}/{i}": (end, iso) for c in checks for i, end, iso in c.published}
    out = []
    for c in checks:
        for ref, source, key, end, iso, loc in c.reuse_sources:
            if key:
                end, iso = published.get(key, (None, None))
            event = events.get(ref)
            if event is None or event.after is None or end is None or event.after < end:
                continue
            out.append(warning(loc, "event-after-source",
                               f"the event is dated after source {show(source)} was published "
                               f"({iso}): its date comes from the definition at {where(event.loc)}",
                               "check the definition's date and the source's 'published'"))
    return out


def _closest(ref: str, defined) -> str | None:
    close = difflib.get_close_matches(ref, sorted(defined), n=1, cutoff=0.5)
    return f"did you mean {show(close[0])}?" if close else None


def complete(brief: Brief, reuses: list[EventReuse], events: dict[str, Event],
             source_reuses=(), sources=None) -> Brief:
    """BRIEF with its reuses as complete records: events with the definition's title, date and
    place (after its own events), sources with the definition's title, publisher and URL; a reuse
    whose definition is unknown or broken is left out."""
    from dataclasses import replace

    made = tuple(r.complete(events[r.ref]) for r in reuses
                 if r.ref in events and events[r.ref].brief != brief.id)
    cited = tuple(r.complete(sources[r.ref]) for r in source_reuses
                  if sources and r.ref in sources and sources[r.ref].brief != brief.id)
    if made or cited:
        return replace(brief, events=brief.events + made, sources=brief.sources + cited)
    return brief


# -- likely duplicates ---------------------------------------------------------------------------

_SMALL = frozenset("a an and at by for from in into of on or the to with".split())


def _words(title: str) -> set[str]:
    return {w for w in re.findall(r"[^\W_]+", title.casefold()) if w not in _SMALL}


def similar_titles(a: str, b: str) -> bool:
    """Half the significant words of the shorter title are in the other, or the letters match
    closely ("Drone strike kills Soleimani" and "US drone strike kills Soleimani at the airport")."""
    wa, wb = _words(a), _words(b)
    if wa and wb and len(wa & wb) * 2 >= min(len(wa), len(wb)):
        return True
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio() >= 0.6


def likely_duplicates(entries: list[EventEntry], memo: dict | None = None) -> list[Diagnostic]:
    """Two events defined in different briefs that overlap in time, share two or more actors and
    have similar titles: probably one event, told twice. Candidates are the events of each actor
    whose times overlap, found by a sweep in time order, so common actors cost a sort, not a square.
    MEMO (a live preview's, replaced in place) keeps each actor's candidates: an actor whose events
    are the very same entries as last time (an edit re-checks one brief) is not swept again."""
    by_actor: dict[str, list[EventEntry]] = defaultdict(list)
    for entry in entries:
        if entry.start is not None:
            for actor in entry.actors:
                by_actor[actor].append(entry)
    pairs: set[tuple[str, str]] = set()
    ordered = {e.key: e for e in entries}
    kept = {}
    for actor in sorted(by_actor):
        mine = by_actor[actor]
        last = memo.get(actor) if memo is not None else None
        if last is not None and len(last[0]) == len(mine) and all(a is b for a, b in zip(last[0], mine)):
            found = last[1]
        else:
            found = _overlapping(mine)
        kept[actor] = (mine, found)
        pairs.update(found)
    if memo is not None:
        memo.clear()
        memo.update(kept)
    out = []
    for a_key, b_key in sorted(pairs):
        a, b = ordered[a_key], ordered[b_key]
        common = [x for x in a.actors if x in b.actors]
        if len(common) < 2 or not similar_titles(a.title, b.title):
            continue
        first, later = sorted((a, b), key=lambda e: (e.loc.file, e.loc.line, e.loc.column))
        out.append(warning(later.loc, "likely-duplicate",
                           f"event {show(later.id)} looks like event {show(first.key)} "
                           f"({where(first.loc)}): their times overlap, they share "
                           f"{len(common)} actors and their titles are alike",
                           f"if it is the same event, reuse it: '- ref: {escape(first.key)}' with "
                           "this brief's sources, and the parts as this brief tells them"))
    return out


def _overlapping(events: list[EventEntry]) -> frozenset[tuple[str, str]]:
    """The pairs of EVENTS (keys, in order) of different briefs whose times overlap."""
    pairs: set[tuple[str, str]] = set()
    open_: list[EventEntry] = []
    for event in sorted(events, key=lambda e: (e.start, e.key)):
        open_ = [o for o in open_ if o.end > event.start]
        pairs.update(tuple(sorted((o.key, event.key))) for o in open_ if o.brief != event.brief)
        open_.append(event)
    return frozenset(pairs)


# -- relations that contradict -------------------------------------------------------------------

# a relation of these types cannot hold both ways at once (A leads B, B leads A)
ONE_WAY = frozenset({"leads", "member-of", "part-of", "works-for", "agent-of", "holds-office-in"})
# nor can these two hold between the same two actors at once, in either direction
CLASHING = {"allied-with": "opposes", "opposes": "allied-with"}


def contradictions(statements: list[tuple[str, str, str, bool, object]]) -> list[Diagnostic]:
    """Current relations (no 'until') of any briefs that cannot all be true: the same one-way
    relation both ways, or two actors both allied and opposed. STATEMENTS are (subject, type,
    object, former, loc); the later statement (by file and line) is reported, naming the first."""
    from .model import RELATION_TYPES

    seen: dict[tuple[str, str, str], tuple] = {}
    out = []
    for statement in sorted((s for s in statements if not s[3]),
                            key=lambda s: (s[4].file, s[4].line, s[4].column)):
        subject, type_, object_, _, loc = statement
        clash = []
        if type_ in ONE_WAY:
            clash.append((object_, type_, subject))
        if type_ in CLASHING:
            other = CLASHING[type_]
            clash += [(subject, other, object_), (object_, other, subject)]
        first = next((seen[c] for c in clash if c in seen), None)
        if first is not None:
            out.append(error(loc, "contradictory-relation",
                             f"{show(subject)} {RELATION_TYPES[type_][0]} {show(object_)} "
                             f"contradicts {show(first[0])} {RELATION_TYPES[first[1]][0]} "
                             f"{show(first[2])} ({where(first[4])})",
                             "one of the two is wrong: correct it, or mark the one that ended "
                             "with 'until'"))
        seen.setdefault((subject, type_, object_), statement)
    return out


# -- references that name an alias ---------------------------------------------------------------

def alias_index(things) -> dict[str, tuple[str, str]]:
    """The id-form of every other name of the actors or places THINGS: slug -> (id, "name" or
    "alias"); built once, so that a flood of unknown references costs a look-up each."""
    from .schema import slug

    index: dict[str, tuple[str, str]] = {}
    for thing in sorted(things, key=lambda t: t.id):
        for called, name in (("name", thing.name), *(("alias", a) for a in thing.aliases)):
            word = slug(name)
            if word and word != thing.id:
                index.setdefault(word, (thing.id, called))
    return index


def alias_hint(word: str, index: dict[str, tuple[str, str]], noun: str) -> str | None:
    """When WORD, an id nothing has, is another name of an actor or place ('pentagon' for the
    alias Pentagon of 'department-of-defense'): the hint that says so."""
    if word not in index:
        return None
    thing, called = index[word]
    return (f"{show(word)} is {'the' if called == 'name' else 'an'} {called} of {noun} "
            f"{show(thing)}: write {show(thing)}")


# -- actors and places that share a name ---------------------------------------------------------

def same_names(things, noun: str, hint: str) -> list[Diagnostic]:
    """A warning for each actor or place (THINGS, by id) whose name or alias another one already
    has, case aside: perhaps one thing defined twice."""
    names: dict[str, object] = {}
    out = []
    for thing in sorted(things, key=lambda t: t.id):
        for name in (thing.name, *thing.aliases):
            other = names.setdefault(name.casefold(), thing)
            if other.id != thing.id:
                out.append(warning(thing.loc, "same-name",
                                   f"{noun} {show(thing.id)} shares the name {show(name)} with {noun} "
                                   f"{show(other.id)} ({where(other.loc)})", hint))
    return out


# -- sources that several briefs cite ----------------------------------------------------------

_SOURCE_REUSE_KEEPS = "ref and id"


def resolve_sources(defined: dict[str, tuple], reuses, unsettled=frozenset(),
                    drafts=frozenset()) -> list[Diagnostic]:
    """Every source reuse names a definition of another brief (not of a draft, unless it is one
    itself) and sets none of its fields.
    DEFINED: "brief-id/source-id" -> (brief, id, loc, url, text path) of each source a brief defines."""
    out: list[Diagnostic] = []
    reused = {f"{r.brief}/{r.id}": r for r in reuses}
    for reuse in reuses:
        target = defined.get(reuse.ref)
        if target is None and _unsettled(reuse.ref, unsettled):
            continue
        if target is None:
            through = reused.get(reuse.ref)
            if through is not None:
                out.append(error(reuse.ref_loc, "unknown-reference",
                                 f"source {show(reuse.ref)} is itself a reuse of {show(through.ref)}",
                                 f"reuse the definition: 'ref: {escape(through.ref)}'"))
            else:
                out.append(error(reuse.ref_loc, "unknown-reference",
                                 f"unknown source {show(reuse.ref)}: no brief defines it",
                                 _closest(reuse.ref, defined) or
                                 "ref names a source of another brief as brief-id/source-id"))
            continue
        if target[0] == reuse.brief:
            out.append(error(reuse.ref_loc, "unknown-reference",
                             f"source {show(reuse.ref)} is defined in this brief: 'ref' reuses a "
                             "source of another brief", "remove this entry"))
            continue
        drafted = from_draft("source", reuse.ref, reuse.brief, drafts)
        if drafted is not None:
            out.append(error(reuse.ref_loc, "ref-to-draft", *drafted))
        for field, loc in reuse.sets:
            out.append(error(loc, "ref-redefines",
                             f"a source reused with 'ref' cannot set {show(field)}: it comes from "
                             f"the definition at {where(target[2])}",
                             f"keep only {_SOURCE_REUSE_KEEPS}; to correct the {escape(field)}, "
                             "edit the definition"))
    return out


def same_urls(defined: dict[str, tuple]) -> list[Diagnostic]:
    """Two definitions of one source: the same URL, defined in two briefs (or twice in one)."""
    first: dict[str, tuple] = {}
    out = []
    for key in sorted(defined, key=lambda k: (defined[k][2].file, defined[k][2].line)):
        brief, source_id, loc, url, _ = defined[key]
        if url is None:
            continue
        seen = first.setdefault(url, defined[key])
        if seen is not defined[key]:
            out.append(warning(loc, "same-url",
                               f"source {show(source_id)} has the URL of source "
                               f"{show(seen[0] + '/' + seen[1])} ({where(seen[2])})",
                               "define a source once, with its stored text: here write "
                               f"'- ref: {escape(seen[0])}/{escape(seen[1])}' instead"
                               if seen[0] != brief else "cite one of the two, and remove the other"))
    return out


def verbatim_elsewhere(pending, defined: dict[str, tuple], text_of) -> list[Diagnostic]:
    """The words a brief cites from sources it reuses, found in the definitions' stored texts.
    PENDING: (refs, words, where, what, message, closest): REFS one "brief-id/source-id" for a
    quote or an excerpt, several (space-separated) for a quotation in the brief's prose, which may
    be in any of them (MESSAGE and CLOSEST then say what the brief's own texts gave).
    TEXT_OF(brief, source, path) gives a stored text (SourceText) or None when it cannot be read
    (reported where it is defined)."""
    out = []
    for refs, words, loc, what, message, closest in pending:
        if what == "quotation":
            texts = [text_of(*defined[r][:2], defined[r][4]) for r in refs.split()
                     if r in defined and defined[r][4] is not None]
            texts = [t for t in texts if t is not None]
            if not any(t.contains(words) for t in texts):
                closest = closest or next((c for c in (t.closest(words) for t in texts) if c), "")
                out.append(error(loc, "quotation-not-in-source", message,
                                 f"the closest passage is: {escape(closest)}" if closest else
                                 "quote the source exactly, or drop the quotation marks if the "
                                 "words are yours"))
            continue
        ref = refs
        if ref not in defined:
            continue  # reported by resolve_sources
        brief, source_id, _, _, path = defined[ref]
        if path is None:
            out.append(error(loc, "no-source-text",
                             f"source {show(ref)} has no stored text to check this {what} against",
                             "add its text under sources/ where the source is defined, or cite "
                             "a source that has one"))
            continue
        text = text_of(brief, source_id, path)
        if text is not None and not text.contains(words):
            closest = text.closest(words)
            code = "quote-not-in-source" if what == "quote" else "excerpt-not-in-source"
            out.append(error(loc, code, f"the {what} is not in the text of source {show(ref)}",
                             f"the closest passage is: {escape(closest)}" if closest
                             else "copy the words exactly as the source has them"))
    return out
