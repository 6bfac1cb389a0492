"""The checked facts: plain, complete, immutable records passed from one stage to the next.

Every record knows where it was written (``loc``), and where each of its fields is (``at``), so
that the check stage asks the record itself, not the reader that made it. Ids of events, quotes and
sources are unique within their brief; actor ids are unique across all briefs, since an actor has
one profile.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from datetime import timedelta

from .dates import FuzzyDate
from .diagnostics import Loc
from .words import RELATIONS

_DAY = timedelta(days=1)
ACTOR_KINDS = ("person", "organisation", "state", "group")

# relation type -> (how it reads from the subject, how it reads from the object): builder/words.py
RELATION_TYPES = {t: (w.label, w.inverse) for t, w in RELATIONS.items()}


@dataclass(frozen=True, slots=True)
class Locs:
    """Where the fields of one record are written, as the loader found them: a field's name (or
    (name, index) for an item of a list field) -> Loc. Only the fields written with a value have
    one, and a record carries those the check stage points at (``entries._AT``): a handful, so a
    look-up is a scan. Each spot is (key, file, line, column), the Loc made when it is asked for:
    a build reads 1,000 briefs' records back from its cache, 280,000 locations of which it asks
    for a handful (made at once, they were a quarter of reading the cache)."""

    spots: tuple[tuple[str | tuple[str, int], str, int, int], ...] = ()

    def get(self, key: str | tuple[str, int]) -> Loc | None:
        for spot in self.spots:
            if spot[0] == key:
                return Loc(spot[1], spot[2], spot[3])
        return None


NO_LOCS = Locs()


def _locs():
    """The ``locs`` field of a record: named where a record is made, never compared (two records
    that state the same fact are equal wherever their fields stand, as when only ``loc`` differed
    they were not: ``loc`` is compared, field locations are not)."""
    return field(default=NO_LOCS, compare=False, repr=False, kw_only=True)


class Located:
    """A record that knows where each of its fields is written (``locs``), beside its own ``loc``."""

    __slots__ = ()  # the records' own slots hold their fields: no dict per record
    loc: Loc
    locs: Locs

    def at(self, name: str, index: int | None = None) -> Loc:
        """Where field NAME (its INDEX-th item) is written; the record's own place when it is not."""
        return self.locs.get(name if index is None else (name, index)) or self.loc

    def written(self, name: str) -> bool:
        """Whether field NAME is written with a value (not left out, not null)."""
        return self.locs.get(name) is not None


@dataclass(frozen=True, slots=True)
class Citation(Located):
    source: str
    excerpt: str | None
    loc: Loc
    locs: Locs = _locs()  # excerpt


def unnamed_id(brief: str, local: str) -> str:
    """The site-wide id of an unnamed actor: its brief's id and its own, which no written id can
    be (':' is not allowed in ids), so two briefs' "a U.S. official" are never one actor."""
    return f"{brief}:{local}"


def local_id(actor_id: str) -> str:
    """An actor id as its brief's files write it (an unnamed actor's id without its brief's)."""
    return actor_id.rpartition(":")[2]


@dataclass(frozen=True, slots=True)
class Actor(Located):
    """An actor as defined once, in the brief that introduced it. An unnamed one (a source the
    article does not name) belongs to its brief alone: its ``name`` is the article's words for
    it ("a U.S. official") and it has no profile."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    description: str | None
    defined_in: str
    loc: Loc
    _: KW_ONLY  # the optional fields are named where an actor is made (no position to mix up)
    unnamed: bool = False
    anonymity: str | None = None  # why the source was granted anonymity, as the article says
    sort_as: str | None = None  # how it sorts in lists: "Trump, Donald"
    locs: Locs = _locs()  # description

    @property
    def sort_key(self) -> tuple[str, str]:
        return ((self.sort_as or self.name).casefold(), self.id)


@dataclass(frozen=True, slots=True)
class Place(Located):
    """A place as defined once, in the brief that introduced it; any brief's events may name it."""

    id: str
    name: str
    kind: str  # city, base, region, country or building
    aliases: tuple[str, ...]
    description: str | None
    tz: str | None
    within: str | None  # the id of the place it lies in
    defined_in: str
    loc: Loc
    locs: Locs = _locs()  # description


@dataclass(frozen=True, slots=True)
class Role(Located):
    """An actor's part in one brief's story (from a definition or a ``ref``)."""

    actor: str
    brief: str
    role: str
    sources: tuple[Citation, ...]
    loc: Loc  # the actor's entry in actors.yaml
    locs: Locs = _locs()  # role


@dataclass(frozen=True, slots=True)
class Relation(Located):
    brief: str
    subject: str
    type: str
    object: str
    detail: str | None
    sources: tuple[Citation, ...]
    loc: Loc
    since: FuzzyDate | None = None  # when it began
    until: FuzzyDate | None = None  # when it ended: a former relation
    locs: Locs = _locs()  # from, to, detail, until

    @property
    def former(self) -> bool:
        return self.until is not None

    @property
    def key(self) -> tuple[str, str, str, bool]:
        """What makes two briefs' statements one relation: who, what, whom, and whether it ended."""
        return (self.subject, self.type, self.object, self.former)


@dataclass(frozen=True, slots=True)
class Participant:
    actor: str
    part: str | None
    loc: Loc


@dataclass(frozen=True, slots=True)
class Event(Located):
    brief: str
    id: str
    title: str
    date: FuzzyDate | None  # None: undated background
    summary: str | None
    place: str | None
    actors: tuple[Participant, ...]
    quotes: tuple[str, ...]
    sources: tuple[Citation, ...]
    loc: Loc
    planned: bool = False  # reported as planned or expected, not as done
    superseded_by: str | None = None  # the event of the same brief that reports what happened
    ref: str | None = None  # a reuse: "brief-id/event-id" of the definition it takes title,
    # date and place from (the record is complete: those fields hold the definition's values)
    locs: Locs = _locs()  # date, summary, superseded_by, each of quotes

    @property
    def key(self) -> str:
        """The event's identity across briefs: its definition's "brief-id/event-id"."""
        return self.ref or f"{self.brief}/{self.id}"


@dataclass(frozen=True, slots=True)
class EventEntry:
    """What the other briefs need of an event a brief defines: its identity, to reuse it by ref,
    and its title, time and actors, to tell a likely duplicate. Small enough to cache."""

    brief: str
    id: str
    title: str
    loc: Loc
    start: str | None  # its interval in UTC, "YYYY-MM-DDTHH:MM"; None when undated
    end: str | None
    actors: tuple[str, ...]
    # the earliest moment of its date as a POSIX timestamp (not widened for 'about'), for the
    # reports of other briefs that reuse it; None when undated or planned
    after: float | None = None

    @property
    def key(self) -> str:
        return f"{self.brief}/{self.id}"

    @classmethod
    def of(cls, event: "Event") -> "EventEntry":
        start = end = after = None
        if event.date is not None:
            first, last = event.date.interval
            after = None if event.planned else first.timestamp()
            if event.date.approximate:  # "about": a day either way
                first, last = first - _DAY if first.year > 1 else first, \
                    last + _DAY if last.year < 9999 else last
            start, end = (f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}"
                          for t in (first, last))
        return cls(event.brief, event.id, event.title, event.loc, start, end,
                   tuple(dict.fromkeys(p.actor for p in event.actors)), after)


@dataclass(frozen=True, slots=True)
class EventReuse(Located):
    """An event of another brief, reported again by this brief (``ref`` in events.yaml): this
    brief's own sources, summary, quotes and wording of the actors' parts. ``sets`` names the
    fields of the definition it sets anyway (title, date, place, planned), each with where."""

    brief: str
    id: str  # its anchor on this brief's timeline
    ref: str  # "brief-id/event-id"
    summary: str | None
    actors: tuple[Participant, ...]
    quotes: tuple[str, ...]
    sources: tuple[Citation, ...]
    loc: Loc
    ref_loc: Loc
    sets: tuple[tuple[str, Loc], ...] = ()
    locs: Locs = _locs()  # summary, each of quotes

    def complete(self, definition: Event) -> Event:
        """The reuse as a complete event: the definition's title, date and place, its own rest."""
        return Event(self.brief, self.id, definition.title, definition.date,
                     self.summary if self.summary is not None else definition.summary,
                     definition.place, self.actors, self.quotes, self.sources, self.loc,
                     definition.planned, None, self.ref, locs=self.locs)


@dataclass(frozen=True, slots=True)
class Quote(Located):
    brief: str
    id: str
    speaker: str
    text: str
    said: FuzzyDate | None
    occasion: str | None
    context: str | None
    source: str
    said_in: str | None
    loc: Loc
    through: str | None = None  # the person who delivered the speaker's words (a spokesman)
    through_role: str | None = None  # what that person is to the speaker: "spokesman"
    locs: Locs = _locs()  # speaker, text, said, source, said_in, through

    @property
    def citations(self) -> tuple[Citation, ...]:
        """What the quote cites: the source its words are taken from (the words as the passage),
        and the source it was said in, when that is another."""
        said_in = (Citation(self.said_in, None, self.at("said_in")),) if self.said_in else ()
        return (Citation(self.source, self.text, self.at("source")),) + said_in


@dataclass(frozen=True, slots=True)
class Source(Located):
    brief: str
    id: str
    title: str
    publisher: str
    republished_by: str | None
    author: str | None
    url: str | None
    published: FuzzyDate | None
    kind: str
    text: str | None  # path of the stored text, relative to the brief folder
    cited_in: str | None
    loc: Loc
    ref: str | None = None  # a reuse: "brief-id/source-id" of the definition (text stays there)
    locs: Locs = _locs()  # title, publisher, text, cited_in

    @property
    def key(self) -> str:
        """The source's identity across briefs: its definition's "brief-id/source-id"."""
        return self.ref or f"{self.brief}/{self.id}"


@dataclass(frozen=True, slots=True)
class SourceReuse:
    """A source of another brief (the same article) cited by this brief too: ``ref`` in
    sources.yaml. ``sets`` names the fields of the definition it sets anyway, each with where."""

    brief: str
    id: str  # the id this brief's citations use
    ref: str
    loc: Loc
    ref_loc: Loc
    sets: tuple[tuple[str, Loc], ...] = ()

    def complete(self, definition: "Source") -> "Source":
        return Source(self.brief, self.id, definition.title, definition.publisher,
                      definition.republished_by, definition.author, definition.url,
                      definition.published, definition.kind, None, None, self.loc, self.ref)


@dataclass(frozen=True, slots=True)
class Update:
    date: FuzzyDate
    kind: str
    text: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class Brief(Located):
    id: str
    title: str
    standfirst: str
    summary: str
    why_it_matters: str
    published: FuzzyDate
    updated: FuzzyDate | None
    topics: tuple[str, ...]
    main_source: str
    key_actors: tuple[str, ...]
    key_quotes: tuple[str, ...]
    updates: tuple[Update, ...]
    roles: tuple[Role, ...]
    relations: tuple[Relation, ...]
    events: tuple[Event, ...]
    quotes: tuple[Quote, ...]
    sources: tuple[Source, ...]
    loc: Loc
    draft: bool = False  # checked and previewed, never published
    reference_tz: str | None = None  # the zone its own timeline's days are days of, as declared
    locs: Locs = _locs()  # title, standfirst, summary, why_it_matters, updated

    @property
    def zone(self) -> str:
        """The brief's reference zone: the one declared, else the zone most of its events carry."""
        from .zones import reference_zone
        return reference_zone(self.events, self.reference_tz)

    @property
    def last_updated(self) -> FuzzyDate:
        dates = [self.published] + ([self.updated] if self.updated else []) + [u.date for u in self.updates]
        return max(dates, key=lambda d: d.sort_key)


@dataclass(frozen=True, slots=True)
class Site:
    """Everything checked: the briefs (sorted by id) and every actor (sorted by id)."""

    briefs: tuple[Brief, ...]
    actors: tuple[Actor, ...]
    places: tuple[Place, ...] = ()  # every place (sorted by id)

    def published(self) -> "Site":
        """What a build publishes: the briefs that are not drafts, and the actors with a role in
        one of them (an actor of drafts alone has nothing to show yet)."""
        if not any(b.draft for b in self.briefs):
            return self
        briefs = tuple(b for b in self.briefs if not b.draft)
        cast = {role.actor for b in briefs for role in b.roles}
        drafts = {b.id for b in self.briefs if b.draft}
        # a place of a published brief, or one a published event names, and what it lies in
        by_id = {p.id: p for p in self.places}
        todo = [p.id for p in self.places if p.defined_in not in drafts]
        todo += [e.place for b in briefs for e in b.events if e.place in by_id]
        kept: set[str] = set()
        while todo:
            place = todo.pop()
            if place in by_id and place not in kept:
                kept.add(place)
                todo.append(by_id[place].within)
        return Site(briefs, tuple(a for a in self.actors if a.id in cast),
                    tuple(p for p in self.places if p.id in kept))
