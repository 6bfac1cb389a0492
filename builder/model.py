"""The checked facts: plain, complete, immutable records passed from one stage to the next.

Every record knows where it was written (``loc``). Ids of events, quotes and sources are unique
within their brief; actor ids are unique across all briefs, since an actor has one profile.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dates import FuzzyDate
from .diagnostics import Loc
from .words import RELATIONS

ACTOR_KINDS = ("person", "organisation", "state", "group")

# relation type -> (how it reads from the subject, how it reads from the object): builder/words.py
RELATION_TYPES = {t: (w.label, w.inverse) for t, w in RELATIONS.items()}


@dataclass(frozen=True)
class Citation:
    source: str
    excerpt: str | None
    loc: Loc


@dataclass(frozen=True)
class Actor:
    """An actor as defined once, in the brief that introduced it."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    description: str | None
    defined_in: str
    loc: Loc
    sort_as: str | None = None  # how it sorts in lists: "Trump, Donald"

    @property
    def sort_key(self) -> tuple[str, str]:
        return ((self.sort_as or self.name).casefold(), self.id)


@dataclass(frozen=True)
class Place:
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


@dataclass(frozen=True)
class Role:
    """An actor's part in one brief's story (from a definition or a ``ref``)."""

    actor: str
    brief: str
    role: str
    sources: tuple[Citation, ...]
    loc: Loc


@dataclass(frozen=True)
class Relation:
    brief: str
    subject: str
    type: str
    object: str
    detail: str | None
    sources: tuple[Citation, ...]
    loc: Loc
    since: FuzzyDate | None = None  # when it began
    until: FuzzyDate | None = None  # when it ended: a former relation

    @property
    def former(self) -> bool:
        return self.until is not None


@dataclass(frozen=True)
class Participant:
    actor: str
    part: str | None
    loc: Loc


@dataclass(frozen=True)
class Event:
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


@dataclass(frozen=True)
class Quote:
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


@dataclass(frozen=True)
class Source:
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


@dataclass(frozen=True)
class Update:
    date: FuzzyDate
    kind: str
    text: str
    loc: Loc


@dataclass(frozen=True)
class Brief:
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

    @property
    def zone(self) -> str:
        """The brief's reference zone: the one declared, else the zone most of its events carry."""
        from .zones import reference_zone
        return reference_zone(self.events, self.reference_tz)

    @property
    def last_updated(self) -> FuzzyDate:
        dates = [self.published] + ([self.updated] if self.updated else []) + [u.date for u in self.updates]
        return max(dates, key=lambda d: d.sort_key)


@dataclass(frozen=True)
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
