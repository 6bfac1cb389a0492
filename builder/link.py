"""Stage 3, link: the cross-reference index of the checked facts.

Who appears in which event, quote and brief; the relations of each actor in both directions; what
each source supports (backlinks); the timelines. Each index is built in one pass over the facts, so
the cost grows with the size of the site, never with its square.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Mapping

from . import citations, urls
from .words import one_line, relation_sentence
from .model import Actor, Brief, Event, Participant, Place, Quote, Relation, Role, Site, Source


@dataclass(frozen=True)
class Use:
    """One fact that cites a source: what it is, where it is shown, and the excerpt, if any."""

    kind: str  # "event", "quote", "relation", "role", "prose" (a citation in it) or "brief"
    brief: str
    anchor: str  # the page (relative to the site root) and fragment where the fact is shown
    label: str
    excerpt: str | None


@dataclass(frozen=True)
class Profile:
    """Everything about one actor, across all briefs."""

    actor: Actor
    roles: tuple[Role, ...]  # one per brief, in brief order
    outgoing: tuple[Relation, ...]
    incoming: tuple[Relation, ...]
    quotes: tuple[Quote, ...]
    events: tuple[tuple[Event, Participant], ...]  # dated in date order, then undated


@dataclass(frozen=True)
class Linked:
    site: Site
    briefs: tuple[Brief, ...]  # newest first
    by_id: Mapping[str, Brief]
    sources: Mapping[tuple[str, str], Source]  # (brief id, source id) -> source
    actors: Mapping[str, Actor]
    profiles: Mapping[str, Profile]
    uses: Mapping[tuple[str, str], tuple[Use, ...]]  # (brief id, source id) -> uses
    timeline: tuple[Event, ...]  # every dated event of every brief, in date order
    background: tuple[Event, ...]  # every undated event
    places: Mapping[str, Place]
    place_events: Mapping[str, tuple[Event, ...]]  # the events named there, in date order
    within: Mapping[str, tuple[Place, ...]]  # the places in each place
    # every brief's report of each event, by the event's key ("brief-id/event-id" of its
    # definition): the definition first, then the reuses in brief order
    reports: Mapping[str, tuple[Event, ...]]
    # every brief's statement of each relation, by Relation.key, in brief order
    statements: Mapping[tuple, tuple[Relation, ...]]
    # every brief's (brief id, source id) for each source, by Source.key, in brief order
    citing: Mapping[str, tuple[tuple[str, str], ...]]
    # the events named at the places in each place, however deep (Ain al-Asad's are Iraq's too),
    # in date order
    inner_events: Mapping[str, tuple[Event, ...]] = field(default_factory=dict)

    def reports_of(self, event: Event) -> tuple[Event, ...]:
        return self.reports.get(event.key, (event,))

    def statements_of(self, relation: Relation) -> tuple[Relation, ...]:
        return self.statements.get(relation.key, (relation,))

    def cited_elsewhere(self, source: Source) -> tuple[tuple[Brief, tuple[Use, ...]], ...]:
        """The other briefs that cite SOURCE (the same article), each with what it supports there."""
        return tuple((self.by_id[b], self.uses.get((b, s), ()))
                     for b, s in self.citing.get(source.key, ()) if b != source.brief)


def event_key(event: Event) -> tuple:
    """Date order; events of the same date keep the order the editor wrote them in."""
    return (event.date.sort_key if event.date else (), event.brief, event.loc.line, event.id)


def quote_key(quote: Quote) -> tuple:
    return (0, quote.said.sort_key, quote.brief, quote.id) if quote.said else (1, (), quote.brief, quote.id)


def dated(events) -> tuple[Event, ...]:
    return tuple(sorted((e for e in events if e.date is not None), key=event_key))


def undated(events) -> tuple[Event, ...]:
    return tuple(e for e in events if e.date is None)


def one_event_each(site: Site) -> tuple[dict[str, tuple[Event, ...]], list[Event]]:
    """Every brief's reports of each event, by key, and the events as the site shows them: one
    each, the definition (or, when its brief is not published, the first report) with every
    report's actors, each with the part as the first brief to name it tells it."""
    reports: dict[str, list[Event]] = defaultdict(list)
    for brief in site.briefs:
        for event in brief.events:
            reports[event.key].append(event)
    merged = []
    for key, told in reports.items():
        told.sort(key=lambda e: (e.ref is not None, e.brief))
        first = told[0]
        if len(told) > 1:
            named = {p.actor for p in first.actors}
            extra = []
            for participant in (p for e in told[1:] for p in e.actors):
                if participant.actor not in named:
                    named.add(participant.actor)
                    extra.append(participant)
            if extra:
                first = replace(first, actors=first.actors + tuple(extra))
        merged.append(first)
    return {k: tuple(v) for k, v in reports.items()}, merged


@dataclass(frozen=True)
class BriefLinks:
    """What one brief adds to the index, in its order: its roles, its relations, its quotes by
    the actor whose profile shows them, and the uses of its sources. It depends on the brief and
    on the actors it names (their names and whether they are unnamed), and on nothing else, so a
    live preview keeps it between rounds for every brief an edit did not touch (``link``'s MEMO)."""

    roles: tuple[Role, ...]
    relations: tuple[Relation, ...]
    quotes: tuple[tuple[str, Quote], ...]
    uses: tuple[tuple[tuple[str, str], Use], ...]


def brief_links(brief: Brief, actors: Mapping[str, Actor]) -> BriefLinks:
    b = brief.id
    uses: list[tuple[tuple[str, str], Use]] = [
        ((b, brief.main_source), Use("brief", b, urls.brief(b), brief.title, None))]
    quotes: list[tuple[str, Quote]] = []
    for role in brief.roles:
        for cite in role.sources:
            uses.append(((b, cite.source), Use(
                "role", b, urls.actor(actors[role.actor], b), actors[role.actor].name, cite.excerpt)))
    for relation in brief.relations:
        for cite in relation.sources:
            uses.append(((b, cite.source), Use(
                "relation", b, urls.actor(actors[relation.subject], b, "actor_relations")
                if not actors[relation.subject].unnamed
                else urls.actor(actors[relation.object], b, "actor_relations"),
                relation_sentence(relation.type, actors[relation.subject], actors[relation.object]),
                cite.excerpt)))
    for event in brief.events:
        for cite in event.sources:
            uses.append(((b, cite.source), Use("event", b, urls.event_in(b, event.id), event.title,
                                               cite.excerpt)))
    for quote in brief.quotes:
        quotes.append((quote.speaker, quote))
        if quote.through is not None and quote.through != quote.speaker:
            quotes.append((quote.through, quote))  # on the spokesman's profile too
        # the speaker and the quote's opening words: two quotes by one speaker that one passage
        # supports were two links that read alike ("Quote by Mike Pence · Quote by Mike Pence")
        label = f"{actors[quote.speaker].name}: \u201c{one_line(quote.text, 48)}\u201d"
        uses.append(((b, quote.source), Use("quote", b, urls.quote(b, quote.id), label,
                                            quote.text)))
        if quote.said_in:
            uses.append(((b, quote.said_in), Use("quote", b, urls.quote(b, quote.id), label,
                                                 None)))
    sources_here = {s.id for s in brief.sources}
    others = {e.id for e in brief.events} | {q.id for q in brief.quotes}
    for field, anchor, label in (("summary", "what_happened", "What happened"),
                                 ("why_it_matters", "why_it_matters", "Why it matters")):
        for mark in citations.marks(getattr(brief, field)):
            if mark.kind == "source" or (mark.kind is None and mark.id in sources_here
                                         and mark.id not in others):
                uses.append(((b, mark.id), Use("prose", b, urls.brief(b, anchor), label,
                                               mark.excerpt)))
    return BriefLinks(brief.roles, brief.relations, tuple(quotes), tuple(uses))


def _named(brief: Brief) -> tuple[str, ...]:
    """The actors whose records ``brief_links`` reads (names, kinds, whether unnamed)."""
    ids = [r.actor for r in brief.roles]
    for relation in brief.relations:
        ids += (relation.subject, relation.object)
    ids += [q.speaker for q in brief.quotes]
    return tuple(ids)


def _links_of(brief: Brief, actors: Mapping[str, Actor], memo: dict | None, kept: dict | None
              ) -> BriefLinks:
    """BRIEF's links: from MEMO (the last round's, by brief id) when it was made from this very
    brief and the same actors, else made again; KEPT gets what the next round may reuse."""
    if memo is None:
        return brief_links(brief, actors)
    named = _named(brief)
    now = tuple(actors.get(a) for a in named)
    last = memo.get(brief.id)
    if last is not None and last[0] is brief and last[1] == named and all(
            x is y or x == y for x, y in zip(last[2], now)):
        found = last[3]
    else:
        found = brief_links(brief, actors)
    kept[brief.id] = (brief, named, now, found)
    return found


def link(site: Site, memo: dict | None = None) -> Linked:
    """The index of SITE. MEMO (a live preview's, kept between rounds; replaced in place) keeps
    each brief's own links, so that a round makes again only those of the briefs that changed."""
    actors = {a.id: a for a in site.actors}
    roles: dict[str, list[Role]] = defaultdict(list)
    outgoing: dict[str, list[Relation]] = defaultdict(list)
    incoming: dict[str, list[Relation]] = defaultdict(list)
    quotes: dict[str, list[Quote]] = defaultdict(list)
    events: dict[str, list[tuple[Event, Participant]]] = defaultdict(list)
    uses: dict[tuple[str, str], list[Use]] = defaultdict(list)
    statements: dict[tuple, list[Relation]] = defaultdict(list)

    kept: dict | None = {} if memo is not None else None
    for brief in site.briefs:
        own = _links_of(brief, actors, memo, kept)
        for role in own.roles:
            roles[role.actor].append(role)
        for relation in own.relations:
            if relation.key not in statements:
                outgoing[relation.subject].append(relation)
                incoming[relation.object].append(relation)
            statements[relation.key].append(relation)
        for actor_id, quote in own.quotes:
            quotes[actor_id].append(quote)
        for key, use in own.uses:
            uses[key].append(use)
    if memo is not None:
        memo.clear()
        memo.update(kept)

    reports, every_event = one_event_each(site)
    for event in every_event:
        for participant in event.actors:
            events[participant.actor].append((event, participant))

    profiles = {}
    for actor_id, actor in actors.items():
        own = events.get(actor_id, [])
        ordered = sorted((p for p in own if p[0].date), key=lambda p: event_key(p[0]))
        ordered += [p for p in own if not p[0].date]
        profiles[actor_id] = Profile(
            actor, tuple(roles.get(actor_id, ())), tuple(outgoing.get(actor_id, ())),
            tuple(incoming.get(actor_id, ())),
            tuple(sorted(quotes.get(actor_id, ()), key=quote_key)), tuple(ordered))

    places = {p.id: p for p in site.places}
    at: dict[str, list[Event]] = defaultdict(list)
    for event in every_event:
        if event.place in places:
            at[event.place].append(event)
    inside: dict[str, list[Place]] = defaultdict(list)
    for place in site.places:
        if place.within in places:
            inside[place.within].append(place)
    deeper: dict[str, list[Event]] = defaultdict(list)
    for place_id, found in at.items():
        seen = {place_id}
        up = places[place_id].within
        while up in places and up not in seen:  # a loop of `in` is an error; never followed round
            seen.add(up)
            deeper[up].extend(found)
            up = places[up].within
    newest_first = tuple(sorted(site.briefs, key=lambda b: (b.last_updated.sort_key, b.id), reverse=True))
    sources = {(b.id, s.id): s for b in site.briefs for s in b.sources}
    citing: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for (brief_id, source_id), source in sources.items():
        citing[source.key].append((brief_id, source_id))
    return Linked(
        site, newest_first, MappingProxyType({b.id: b for b in site.briefs}),
        MappingProxyType(sources), MappingProxyType(actors), MappingProxyType(profiles),
        MappingProxyType({k: tuple(v) for k, v in uses.items()}),
        dated(every_event), undated(every_event), MappingProxyType(places),
        MappingProxyType({k: dated(v) + undated(v) for k, v in at.items()}),
        MappingProxyType({k: tuple(sorted(v, key=lambda p: (p.name.casefold(), p.id)))
                          for k, v in inside.items()}),
        MappingProxyType(reports), MappingProxyType({k: tuple(v) for k, v in statements.items()}),
        MappingProxyType({k: tuple(v) for k, v in citing.items()}),
        MappingProxyType({k: dated(v) + undated(v) for k, v in deeper.items()}))
