"""From a brief's validated documents to records, field by field: the read stage's worker.

``read.read_brief`` hands each fact file of one brief folder, once it has passed the schema, to an
``EntryReader``, which turns its entries into records (each with the locations of its fields) and
collects what it finds; ``read_brief`` then hands on the frozen result, never this reader.

Only entries that passed the schema become records, so a broken entry yields its schema diagnostics
and nothing else. Values that the schema cannot judge (dates, time zones, URLs, paths of source
texts) are checked here, where they are converted.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import urlsplit

from . import dates, schema
from .diagnostics import Diagnostic, Loc, error, show
from .load import Document, read_source_text
from .model import (Actor, Brief, Citation, Event, EventReuse, Locs, Participant, Place, Quote,
                    Relation, Role, Source, SourceReuse, Update, unnamed_id)
from .paths import leaves


_LISTS = {"actors": ("actors", "relations"), "events": ("events",), "quotes": ("quotes",),
          "places": ("places",),
          "sources": ("sources",)}


# the fields whose locations each record carries: those the check stage points at
_AT = {"citation": ("excerpt",), "actor": ("description",), "role": ("role",), "place": ("description",),
       "relation": ("from", "to", "detail", "until"), "event": ("date", "summary", "superseded_by"),
       "reuse": ("summary",), "quote": ("speaker", "text", "said", "source", "said_in", "through"),
       "source": ("title", "publisher", "text", "cited_in"),
       "brief": ("title", "standfirst", "summary", "why_it_matters", "updated")}


def locs(doc: Document, path: tuple, entry: dict, kind: str, items: tuple[str, ...] = ()) -> Locs:
    """Where the fields of ENTRY (at PATH in DOC) that the checker points at are written (those
    of _AT[KIND] that have a value), and each item of its list fields ITEMS."""
    values, file = doc.values, doc.file
    spots: list = []
    for name in _AT[kind]:
        if entry.get(name) is not None:
            here = values.get(path + (name,))  # what doc.loc finds, without its walk up
            spots.append((name, file, *here) if here else (name, *_fields(doc.loc(path + (name,)))))
    for name in items:
        spots += [((name, i), *_fields(doc.loc(path + (name, i))))
                  for i in range(len(entry.get(name) or ()))]
    return Locs(tuple(spots))


def _fields(loc: Loc) -> tuple[str, int, int]:
    return loc.file, loc.line, loc.column


class EntryReader:
    """Reads the files of one brief folder into records, collecting diagnostics as it goes. Private
    to the read stage: ``read.read_brief`` hands on what it made as one frozen ``ReadBrief``."""

    def __init__(self, brief_id: str, shown: Callable[[Path], str], folder: Path | None = None):
        self.id = brief_id
        self.shown = shown
        self.folder = folder
        self.diagnostics: list[Diagnostic] = []
        self.definitions: list[Actor] = []
        self.unnamed: list[Actor] = []  # actors the article does not name: this brief's alone
        self.roles: list[Role] = []
        self.relations: list[Relation] = []
        self.events: list[Event] = []
        self.reuses: list[EventReuse] = []  # events of other briefs this brief reports again
        self.quotes: list[Quote] = []
        self.sources: list[Source] = []
        self.source_reuses: list[SourceReuse] = []  # sources of other briefs cited here too
        self.source_texts: dict = {}
        self.unusable: set[str] = set()
        self.refs: list[tuple[str, Loc]] = []  # actors reused with `ref`, and where
        self.places: list[Place] = []  # the places this brief defines
        self.place_uses: list[tuple[str, Loc]] = []  # place ids named (event place, place in)
        self.brief_doc: Document | None = None  # brief.yaml, loaded (its entries may be broken)
        self.brief_broken = False
        self.failed: set[str] = set()  # fact files that exist but could not be loaded
        self.loose_uses: set[str] = set()  # ids named by entries that failed the schema
        self._unnamed_ids: set[str] = set()

    # -- reading -------------------------------------------------------------------------------

    def read(self, name: str, doc: Document, broken: set[tuple]) -> None:
        """Turn one validated file into records; ``broken`` holds the paths that failed the schema."""
        if not isinstance(doc.data, dict):
            return
        if name == "brief":
            self.brief_doc, self.brief_broken = doc, bool(broken)
            return
        for key in _LISTS[name]:
            ids: dict[str, Loc] = {}
            entries = doc.data.get(key)
            for i, entry in enumerate(entries if isinstance(entries, list) else ()):
                path = (key, i)
                if not isinstance(entry, dict):
                    continue
                if path in broken or () in broken:
                    # known but unusable: references to it are not reported again as unknown,
                    # and what it names still counts as used
                    self.unusable.update(v for k, v in entry.items()
                                         if k in ("id", "ref") and isinstance(v, str))
                    self.loose_uses.update(_named_ids(entry))
                    continue
                own_id = entry.get("id") or _reuse_id(entry.get("ref"))
                if key != "actors" and own_id:
                    here = doc.loc(path + ("id" if "id" in entry else "ref",))
                    first = ids.setdefault(own_id, here)
                    if first != here:
                        self.diagnostics.append(error(
                            here, "duplicate-id",
                            f"{key[:-1]} id {show(own_id)} is used twice in this brief "
                            f"(first at line {first.line}, column {first.column})",
                            "give each its own id" + (" (a reuse takes 'id' for its anchor)"
                                                      if "ref" in entry else "")))
                        continue
                if key == "events" and "ref" in entry:
                    self._reuse(doc, path, entry, own_id)
                    continue
                if key == "sources" and "ref" in entry:
                    self.source_reuses.append(SourceReuse(
                        self.id, own_id, entry["ref"], doc.loc(path), doc.loc(path + ("ref",)),
                        tuple((f, doc.key_loc(path + (f,))) for f in entry if f not in ("id", "ref"))))
                    continue
                getattr(self, "_" + key[:-1])(doc, path, entry)

    def _date(self, doc: Document, path: tuple, value) -> dates.FuzzyDate | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = {"value": value}
            where = path
        else:
            where = path + ("value",)
        if value.get("local_tz") is not None:
            try:
                dates.zone(value["local_tz"])
            except dates.DateProblem as problem:
                self.diagnostics.append(error(doc.loc(path + ("local_tz",)), problem.code,
                                              problem.message, problem.hint))
                return None
        try:
            approximate = value.get("approximate")
            return dates.parse(value["value"], value.get("tz"),
                               "time" if approximate == "time" else approximate is True,
                               value.get("as_written"), value.get("note"), value.get("local_tz"),
                               value.get("part_of_day"))
        except dates.DateProblem as problem:
            at = {"unknown-timezone": path + ("tz",),
                  "local-tz-without-time": path + ("local_tz",)}.get(problem.code, where)
            self.diagnostics.append(error(doc.loc(at), problem.code, problem.message, problem.hint))
            return None

    def _citations(self, doc: Document, path: tuple, values) -> tuple[Citation, ...]:
        out = []
        for i, value in enumerate(values or ()):
            here = path + (i,)
            loc = doc.loc(here)
            if isinstance(value, str):
                out.append(Citation(value, None, loc))
            else:
                out.append(Citation(value["source"], value.get("excerpt"), loc,
                                    locs=locs(doc, here, value, "citation")))
        return tuple(out)

    def actor_id(self, written: str) -> str:
        """The site-wide id of an actor id written in this brief (an unnamed actor's is local)."""
        internal = unnamed_id(self.id, written)
        return internal if internal in self._unnamed_ids else written

    def _actor(self, doc: Document, path: tuple, entry: dict) -> None:
        loc, at = doc.loc(path), locs(doc, path, entry, "actor")
        actor_id = entry.get("ref") or entry["id"]
        if entry.get("unnamed") is True:
            actor_id = unnamed_id(self.id, entry["id"])
            if actor_id in self._unnamed_ids:
                first = next(r for r in self.roles if r.actor == actor_id).loc
                self.diagnostics.append(error(
                    loc, "duplicate-id", f"actor {show(entry['id'])} is listed twice in this brief "
                    f"(first at line {first.line}, column {first.column})", "list each actor once"))
                return
            self._unnamed_ids.add(actor_id)
            self.unnamed.append(Actor(actor_id, entry["name"], entry["kind"],
                                      tuple(entry.get("aliases") or ()),
                                      entry.get("description"), self.id, loc, unnamed=True,
                                      anonymity=entry.get("anonymity"), locs=at))
        elif "id" in entry:
            self.definitions.append(Actor(entry["id"], entry["name"], entry["kind"],
                                          tuple(entry.get("aliases") or ()),
                                          entry.get("description"), self.id, loc,
                                          sort_as=entry.get("sort_as"), locs=at))
        if "ref" in entry:
            self.refs.append((actor_id, doc.loc(path + ("ref",))))
        if any(r.actor == actor_id for r in self.roles):
            if "ref" in entry:
                first = next(r for r in self.roles if r.actor == actor_id).loc
                self.diagnostics.append(error(
                    loc, "duplicate-id", f"actor {show(actor_id)} is listed twice in this brief "
                    f"(first at line {first.line}, column {first.column})", "list each actor once"))
            return
        self.roles.append(Role(actor_id, self.id, entry["role"],
                               self._citations(doc, path + ("sources",), entry.get("sources")), loc,
                               locs=locs(doc, path, entry, "role")))

    def _place(self, doc: Document, path: tuple, entry: dict) -> None:
        loc = doc.loc(path)
        tz = entry.get("tz")
        if tz is not None:
            try:
                dates.zone(tz)
            except dates.DateProblem as problem:
                self.diagnostics.append(error(doc.loc(path + ("tz",)), problem.code,
                                              problem.message, problem.hint))
                tz = None
        self.places.append(Place(entry["id"], entry["name"], entry["kind"],
                                 tuple(entry.get("aliases") or ()), entry.get("description"), tz,
                                 entry.get("in"), self.id, loc, locs=locs(doc, path, entry, "place")))
        if entry.get("in") is not None:
            self.place_uses.append((entry["in"], doc.loc(path + ("in",))))

    def _relation(self, doc: Document, path: tuple, entry: dict) -> None:
        self.relations.append(Relation(
            self.id, self.actor_id(entry["from"]), entry["type"], self.actor_id(entry["to"]),
            entry.get("detail"),
            self._citations(doc, path + ("sources",), entry["sources"]), doc.loc(path),
            self._date(doc, path + ("since",), entry.get("since")),
            self._date(doc, path + ("until",), entry.get("until")),
            locs=locs(doc, path, entry, "relation")))

    def _event(self, doc: Document, path: tuple, entry: dict) -> None:
        place = entry.get("place")
        if isinstance(place, str) and schema.ID_PATTERN.fullmatch(place):  # names a place by id
            self.place_uses.append((place, doc.loc(path + ("place",))))
        participants = self._participants(doc, path, entry)
        self.events.append(Event(
            self.id, entry["id"], entry["title"], self._date(doc, path + ("date",), entry.get("date")),
            entry.get("summary"), entry.get("place"), participants, tuple(entry.get("quotes") or ()),
            self._citations(doc, path + ("sources",), entry["sources"]), doc.loc(path),
            entry.get("planned") is True or entry.get("superseded_by") is not None,
            entry.get("superseded_by"), locs=locs(doc, path, entry, "event", ("quotes",))))

    def _participants(self, doc: Document, path: tuple, entry: dict) -> tuple[Participant, ...]:
        return tuple(Participant(self.actor_id(p["actor"]), p.get("part"),
                                 doc.loc(path + ("actors", i, "actor")))
                     for i, p in enumerate(entry.get("actors") or ()))

    def _reuse(self, doc: Document, path: tuple, entry: dict, own_id: str) -> None:
        sets = tuple((field, doc.key_loc(path + (field,)))
                     for field in ("title", "date", "place", "planned", "superseded_by")
                     if field in entry)
        self.reuses.append(EventReuse(
            self.id, own_id, entry["ref"], entry.get("summary"),
            self._participants(doc, path, entry), tuple(entry.get("quotes") or ()),
            self._citations(doc, path + ("sources",), entry["sources"]), doc.loc(path),
            doc.loc(path + ("ref",)), sets, locs=locs(doc, path, entry, "reuse", ("quotes",))))

    def _quote(self, doc: Document, path: tuple, entry: dict) -> None:
        self.quotes.append(Quote(
            self.id, entry["id"], self.actor_id(entry["speaker"]), entry["text"],
            self._date(doc, path + ("said",), entry.get("said")), entry.get("occasion"),
            entry.get("context"), entry["source"], entry.get("said_in"), doc.loc(path),
            self.actor_id(entry["through"]) if entry.get("through") is not None else None,
            entry.get("through_role"), locs=locs(doc, path, entry, "quote")))

    def _source(self, doc: Document, path: tuple, entry: dict) -> None:
        url = entry.get("url")
        if url is not None and not _url_ok(url):
            self.diagnostics.append(error(
                doc.loc(path + ("url",)), "invalid-url",
                f"the URL {show(url)} is not an http or https address",
                "write the full address, starting with https:// (or http://)"))
            url = None
        text = entry.get("text")
        if text is not None and self.folder is not None:
            self._load_text(doc, path, entry["id"], text)
        self.sources.append(Source(
            self.id, entry["id"], entry["title"], entry["publisher"], entry.get("republished_by"),
            entry.get("author"), url, self._date(doc, path + ("published",), entry.get("published")),
            entry["kind"], text, entry.get("cited_in"), doc.loc(path),
            locs=locs(doc, path, entry, "source")))

    def _load_text(self, doc: Document, path: tuple, source_id: str, text: str) -> None:
        where = doc.loc(path + ("text",))
        relative = PurePosixPath(text)
        if (relative.is_absolute() or ".." in relative.parts or "\\" in text
                or len(relative.parts) < 2 or relative.parts[0] != "sources"):
            self.diagnostics.append(error(
                where, "invalid-path", f"the source text path {show(text)} is not inside "
                "this brief's sources/ folder", "write it as sources/<file>.txt"))
            return
        file = self.folder.joinpath(*relative.parts)
        try:
            exists = file.exists()
        except OSError as exc:  # sources/ cannot be searched (permissions)
            self.diagnostics.append(error(
                where, "missing-source-text", f"cannot read the source text {show(text)}: "
                f"{exc.strerror}", "make the brief's sources/ folder readable"))
            return
        if exists and leaves(file, self.folder):
            self.diagnostics.append(error(
                where, "invalid-path", f"the source text {show(text)} links to a file outside "
                "this brief's folder", "copy the text into the brief's sources/ folder instead of "
                "linking to it"))
            return
        if not file.is_file():
            self.diagnostics.append(error(
                where, "missing-source-text", f"the source text {show(text)} does not exist",
                f"save the source's text as {self.shown(file)}"))
            return
        loaded, found = read_source_text(file, self.shown(file))
        self.diagnostics.extend(found)
        if loaded is not None:
            self.source_texts[source_id] = loaded

    # -- the brief -----------------------------------------------------------------------------

    def brief(self) -> Brief | None:
        if self.brief_doc is None or self.brief_broken or not isinstance(self.brief_doc.data, dict):
            return None
        doc = self.brief_doc
        data = doc.data
        published = self._date(doc, ("published",), data["published"])
        updated = self._date(doc, ("updated",), data.get("updated"))
        updates = []
        for i, entry in enumerate(data.get("updates") or ()):
            when = self._date(doc, ("updates", i, "date"), entry["date"])
            if when is not None:
                updates.append(Update(when, entry["kind"], entry["text"], doc.loc(("updates", i))))
        reference_tz = data.get("reference_tz")
        if reference_tz is not None:
            try:
                dates.zone(reference_tz)
            except dates.DateProblem as problem:
                self.diagnostics.append(error(doc.loc(("reference_tz",)), problem.code,
                                              problem.message, problem.hint))
                reference_tz = None
        if published is None:
            return None
        return Brief(
            self.id, data["title"], data["standfirst"], data["summary"], data["why_it_matters"],
            published, updated, tuple(data.get("topics") or ()), data["main_source"],
            tuple(self.actor_id(a) for a in data.get("key_actors") or ()),
            tuple(data.get("key_quotes") or ()), tuple(updates),
            tuple(self.roles), tuple(self.relations), tuple(self.events), tuple(self.quotes),
            tuple(self.sources), doc.loc(()), data.get("draft") is True, reference_tz,
            locs=locs(doc, (), data, "brief"))


_REFERENCE_KEYS = ("ref", "speaker", "actor", "from", "to", "source", "said_in", "cited_in")


def _named_ids(value) -> set[str]:
    """Every id an entry refers to, found anywhere in it (it failed the schema, so its shape is
    not to be trusted)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in _REFERENCE_KEYS and isinstance(item, str):
                found.add(item)
            elif key in ("sources", "quotes") and isinstance(item, list):
                found.update(i for i in item if isinstance(i, str))
            found |= _named_ids(item) if isinstance(item, (dict, list)) else set()
    elif isinstance(value, list):
        for item in value:
            found |= _named_ids(item)
    return found


def _reuse_id(ref) -> str | None:
    """The anchor a reuse takes when it gives no id: the event id of its ref."""
    if not isinstance(ref, str):
        return None
    return ref.partition("/")[2] or None


def _url_ok(url: str) -> bool:
    """http or https, a host, no user part (https://bbc.co.uk@evil.example reads as the BBC but
    goes elsewhere) and no space, control or invisible formatting character."""
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(host) and "@" not in parts.netloc

