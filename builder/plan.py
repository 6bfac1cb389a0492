"""The plan of the generated pages: every page of the URL contract, and the facts each one shows.

``plan`` lists one ``Job`` per page, in the site's stable order; the renderer (builder/render.py)
turns a job into its page. Each job carries its *inputs*: the fact files whose contents the page
shows, found from the link stage, which knows which facts every page shows. Inputs are named by
unit, each a file or a folder of the project's ``briefs/``:

- ``B/`` every file of brief B (its facts, stored source texts included);
- ``B/actors.yaml`` the actors B defines (every page that names one of them needs it; the
  relations in that file change no name, but a unit is a whole file);
- ``B/places.yaml`` the places B defines; ``B/brief.yaml`` B's title, dates and draft flag.

A page of the whole site (the home page, the indexes, the timeline of every brief) has
``inputs=None``: every unit. builder/pages.py digests a page's inputs with the unit contents, the
templates, the configuration and the builder's code, and renders only the pages whose digest is
not in the build cache. A page whose inputs are unknown is rendered: a missing unit here costs a
stale page, so the inputs are gathered generously (a brief's pages take every unit of every brief
that reports one of its events or cites one of its sources, and one step further).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import urls, zones
from .link import Linked, event_key
from .model import Brief, Event

TIMELINE_PAGE = 300  # events on the timeline of every brief before it is split by year


@dataclass(frozen=True)
class Job:
    url: str  # the page, relative to the site root: "briefs/x/timeline/"
    kind: str  # a key of the renderer's page tables ("brief", "actor", "timeline-year", ...)
    key: str | int | None  # the brief, actor or place id, or the year
    inputs: frozenset[str] | None  # the units the page shows (module docstring); None: all


def event_groups(events: tuple[Event, ...], zone: str) -> list[zones.Group]:
    """Dated events under their headings on a page whose days are those of ``zone``
    (builder/zones.py): a day heading never follows a later day, nor repeats one."""
    return zones.groups(events, zone, event_key)


def timeline_split(linked: Linked) -> bool:
    """Whether the timeline of every brief is an index of years (past TIMELINE_PAGE events)."""
    return len(linked.timeline) + len(linked.background) > TIMELINE_PAGE


def timeline_years(linked: Linked, zone: str) -> dict[int, list[zones.Group]]:
    """The groups of the timeline of every brief by year of the site zone's calendar."""
    years: dict[int, list[zones.Group]] = {}
    for group in event_groups(linked.timeline, zone):
        years.setdefault(group.start.year, []).append(group)
    return years


def plan(linked: Linked, zone: str, years: dict[int, list[zones.Group]] | None = None
         ) -> list[Job]:
    """Every generated page, in the site's order, with its inputs. YEARS: the caller's
    ``timeline_years(linked, zone)``, when it has them (the renderer's year pages show them)."""
    facts = Inputs(linked)
    jobs = [Job(urls.home(), "home", None, None), Job(urls.briefs(), "briefs", None, None),
            Job(urls.actors(), "actors", None, None),
            Job(urls.every_timeline(), "timeline", None, None)]
    if timeline_split(linked):
        for year, groups in (years if years is not None else timeline_years(linked, zone)).items():
            shown = [e for g in groups for e in g.events]
            jobs.append(Job(urls.timeline_year(year), "timeline-year", year,
                            facts.of_events(shown)))
        if linked.background:
            jobs.append(Job(urls.timeline_background(), "timeline-background", None,
                            facts.of_events(linked.background)))
    jobs.append(Job(urls.places(), "places", None, None))
    jobs += [Job(urls.place(p.id), "place", p.id, facts.of_place(p.id)) for p in linked.site.places]
    for brief in linked.site.briefs:
        inputs = facts.of_brief(brief)
        jobs += [Job(urls.brief(brief.id), "brief", brief.id, inputs),
                 Job(urls.timeline(brief.id), "brief-timeline", brief.id, inputs),
                 Job(urls.quotes(brief.id), "quotes", brief.id, inputs),
                 Job(urls.sources(brief.id), "sources", brief.id, inputs)]
    jobs += [Job(urls.actor(a), "actor", a.id, facts.of_actor(a.id))
             for a in linked.site.actors if not a.unnamed]  # an unnamed source has no profile
    return jobs


class Inputs:
    """The units each fact of the link stage comes from."""

    def __init__(self, linked: Linked):
        self.linked = linked
        self._near: dict[str, frozenset[str]] = {}
        self._units: dict[str, frozenset[str]] = {}

    def actor(self, actor_id: str) -> str:
        return self.linked.actors[actor_id].defined_in + "/actors.yaml"

    def place(self, place_id: str | None) -> set[str]:
        place = self.linked.places.get(place_id) if place_id else None
        return {place.defined_in + "/places.yaml"} if place else set()

    def near(self, brief_id: str) -> frozenset[str]:
        """The briefs whose files brief B's own facts draw on: those that define its actors,
        places and reused sources, that report its events, cite its sources or state its
        relations too."""
        found = self._near.get(brief_id)
        if found is not None:
            return found
        linked, brief = self.linked, self.linked.by_id[brief_id]
        briefs = {brief_id}
        for event in brief.events:
            briefs.update(r.brief for r in linked.reports_of(event))
        for source in brief.sources:
            briefs.update(b for b, _ in linked.citing.get(source.key, ()))
            if source.ref:
                briefs.add(source.ref.split("/", 1)[0])
        for relation in brief.relations:
            briefs.update(s.brief for s in linked.statements_of(relation))
        found = self._near[brief_id] = frozenset(b for b in briefs if b in linked.by_id)
        return found

    def brief_units(self, brief_id: str) -> frozenset[str]:
        """Every unit a brief's own facts show: its files, and the names it uses."""
        found = self._units.get(brief_id)
        if found is None:
            found = self._units[brief_id] = frozenset(self._brief_units(brief_id))
        return found

    def _brief_units(self, brief_id: str) -> set[str]:
        linked, brief = self.linked, self.linked.by_id[brief_id]
        units = {brief_id + "/"}
        ids = {r.actor for r in brief.roles}
        ids.update(a for r in brief.relations for a in (r.subject, r.object))
        ids.update(a for q in brief.quotes for a in (q.speaker, q.through) if a)
        for event in brief.events:
            for report in linked.reports_of(event):
                ids.update(p.actor for p in report.actors)
            units |= self.place(event.place)
        units.update(self.actor(a) for a in ids if a in linked.actors)
        return units

    def of_brief(self, brief: Brief) -> frozenset[str]:
        """A brief's four pages: its units and those of every brief near it, and one step on."""
        units: set[str] = set()
        for near in {n2 for n in self.near(brief.id) for n2 in self.near(n)}:
            units |= self.brief_units(near)
        return frozenset(units)

    def of_events(self, events) -> frozenset[str]:
        units: set[str] = set()
        for brief_id in {r.brief for e in events for r in self.linked.reports_of(e)}:
            for near in self.near(brief_id):
                units |= self.brief_units(near)
        return frozenset(units)

    def of_place(self, place_id: str) -> frozenset[str]:
        linked = self.linked
        units = self.place(place_id) | self.place(linked.places[place_id].within)
        for inner in linked.within.get(place_id, ()):
            units |= self.place(inner.id)
        events = linked.place_events.get(place_id, ()) + linked.inner_events.get(place_id, ())
        return frozenset(units | self.of_events(events))

    def of_actor(self, actor_id: str) -> frozenset[str]:
        """A profile: every brief the actor is in (roles, relations, quotes, events), near ones
        included, since its events show every report's briefs."""
        linked, profile = self.linked, self.linked.profiles[actor_id]
        briefs = {linked.actors[actor_id].defined_in}
        briefs.update(r.brief for r in profile.roles)
        for relation in profile.outgoing + profile.incoming:
            briefs.update(s.brief for s in linked.statements_of(relation))
        briefs.update(q.brief for q in profile.quotes)
        for event, _ in profile.events:
            briefs.update(r.brief for r in linked.reports_of(event))
        units = {self.actor(actor_id)}
        for brief_id in briefs:
            if brief_id in linked.by_id:
                for near in self.near(brief_id):
                    units |= self.brief_units(near)
        return frozenset(units)
