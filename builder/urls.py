"""Every URL of the site, from one place: the site's URL contract (see content/architecture.md).

Each function takes an identity (an id, or a record that carries its brief and id) and returns the
URL relative to the site root, pages ending in '/'. The builder's modules call these, and templates
call them through ``urls``, whose functions return the link from the page being rendered, so no
template or module spells a path itself. Changing where a fact lives is an edit here only.
"""

from __future__ import annotations

from typing import Callable


def home() -> str:
    return ""


def briefs() -> str:
    """The index of every brief."""
    return "briefs/"


def brief(brief_id: str, fragment: str = "") -> str:
    """A brief's page, optionally at one of its anchors ("update_1", "what_happened")."""
    return _at(f"briefs/{brief_id}/", fragment)


def brief_page(brief_id: str, page: str) -> str:
    """One of a brief's own pages, by the name the brief's tabs use: "timeline", "quotes",
    "sources", or "" for the brief itself."""
    return f"briefs/{brief_id}/" + (f"{page}/" if page else "")


def timeline(brief_id: str) -> str:
    return brief_page(brief_id, "timeline")


def quotes(brief_id: str) -> str:
    return brief_page(brief_id, "quotes")


def sources(brief_id: str) -> str:
    return brief_page(brief_id, "sources")


def brief_json(brief_id: str) -> str:
    """The brief's facts as JSON, beside its page."""
    return f"briefs/{brief_id}/brief.json"


def brief_of(page_url: str) -> str | None:
    """The brief a page belongs to ("briefs/x/timeline/" -> "x"), or None for a page of no brief."""
    parts = page_url.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "briefs" else None


def event(event) -> str:
    """An event (anything with .brief and .id: an event, a report of one) at its anchor on its
    brief's timeline."""
    return event_in(event.brief, event.id)


def event_in(brief_id: str, event_id: str) -> str:
    return _at(timeline(brief_id), event_id)


def global_anchor(event) -> str:
    """An event's anchor on the timeline of every brief (ids are unique only within a brief)."""
    return f"{event.brief}.{event.id}"


def quote(brief_id: str, quote_id: str) -> str:
    return _at(quotes(brief_id), quote_id)


def source(brief_id: str, source_id: str) -> str:
    return _at(sources(brief_id), source_id)


def actors() -> str:
    return "actors/"


def actor(actor, brief_id: str | None = None, fragment: str = "") -> str:
    """An actor's profile. An unnamed actor has none: its brief's page stands in, so BRIEF_ID
    must be given for one."""
    if actor.unnamed:
        if brief_id is None:
            raise ValueError(f"unnamed actor {actor.id!r} has no profile; give its brief")
        return brief(brief_id)
    return actor_id(actor.id, fragment)


def actor_id(actor_id: str, fragment: str = "") -> str:
    """A named actor's profile by its id."""
    return _at(f"actors/{actor_id}/", fragment)


def every_timeline() -> str:
    """The timeline of every brief (its index of years when it is long)."""
    return "timeline/"


def timeline_year(year: int) -> str:
    return f"timeline/{year}/"


def timeline_background() -> str:
    """The undated events of every brief."""
    return "timeline/background/"


def places() -> str:
    return "places/"


def place(place_id: str) -> str:
    return f"places/{place_id}/"


def guide(page: str = "") -> str:
    """The editor's guide, or one of its pages ("places")."""
    return "guide/" + (f"{page}/" if page else "")


def feed() -> str:
    return "feed.xml"


def _at(page: str, fragment: str) -> str:
    return page + (f"#{fragment}" if fragment else "")


class Links:
    """The URL functions for a template: each returns the link from the page being rendered."""

    def __init__(self, relative: Callable[[str], str]):
        self._relative = relative

    def __getattr__(self, name: str):
        function = _PUBLIC.get(name)
        if function is None:
            raise AttributeError(f"no URL function {name!r} in builder/urls.py")
        return lambda *args, **kwargs: self._relative(function(*args, **kwargs))


_PUBLIC = {name: value for name, value in dict(globals()).items()
           if callable(value) and not name.startswith("_") and value.__module__ == __name__
           and name not in ("Links", "global_anchor", "brief_of")}
