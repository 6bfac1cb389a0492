"""Between load and check: one brief folder's fact files, read into one frozen record.

``read_brief(folder, shown)`` loads each fact file of the folder (``load.load_file``), validates it
against its schema (``schema.validate``) and turns its usable entries into records (``entries``,
the worker that reads them one by one). What it returns, a ``ReadBrief``, is complete and
immutable: every record in it carries the locations of its own fields (``record.at("date")``), so
the check stage asks the records, never a reader or a table of positions on the side.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Mapping

from . import schema
from . import text as text_rules
from .diagnostics import Diagnostic, Loc, error
from .entries import EntryReader
from .load import Document, load_file
from .model import Actor, Brief, Event, EventReuse, Place, Quote, Relation, Role, Source, SourceReuse
from .paths import leaves
from .verbatim import SourceText

PROSE_FIELDS = ("summary", "why_it_matters")  # the brief's prose that cites (checked by prose.py)


@dataclass(frozen=True)
class BriefHead:
    """What brief.yaml names and says, read even when another of its fields is wrong (then
    ``ReadBrief.brief`` is None), so that its references and its prose are checked all the same."""

    main_source: tuple[tuple[str, Loc], ...]  # (id, where), when it is a string
    key_actors: tuple[tuple[str, Loc], ...]  # (site-wide actor id, where) of each string
    key_quotes: tuple[tuple[str, Loc], ...]
    prose: tuple[tuple[str, str, Loc], ...]  # (field, text, where) of PROSE_FIELDS that are text


@dataclass(frozen=True)
class ReadBrief:
    """Everything the fact files of one brief folder say, as records, and what reading them found.

    ``brief`` is None when brief.yaml is missing or broken; the other records are there all the
    same (an entry that failed the schema is left out, its ids in ``unusable``)."""

    id: str
    folder: Path | None
    files: int  # the fact files found in the folder
    diagnostics: tuple[Diagnostic, ...]  # of loading, the schema and reading, file by file
    brief: Brief | None
    head: BriefHead | None  # None when brief.yaml is missing, unreadable or not a mapping
    definitions: tuple[Actor, ...]  # the actors it defines
    unnamed: tuple[Actor, ...]  # its unnamed actors: this brief's alone
    roles: tuple[Role, ...]  # every actor it lists (defined, unnamed or reused)
    relations: tuple[Relation, ...]
    events: tuple[Event, ...]  # the events it defines
    reuses: tuple[EventReuse, ...]  # the events of other briefs it reports again
    quotes: tuple[Quote, ...]
    sources: tuple[Source, ...]  # the sources it defines
    source_reuses: tuple[SourceReuse, ...]  # the sources of other briefs it cites
    source_texts: Mapping[str, SourceText]  # source id -> its stored text, read-only
    refs: tuple[tuple[str, Loc], ...]  # the actors it reuses with 'ref', and where
    places: tuple[Place, ...]  # the places it defines
    place_uses: tuple[tuple[str, Loc], ...]  # place ids it names (an event's place, a place's in)
    failed: frozenset[str]  # fact files that exist but could not be loaded
    unusable: frozenset[str]  # ids of entries that failed the schema
    loose_uses: frozenset[str]  # ids that those entries name


def read_brief(folder: Path, shown: Callable[[Path], str]) -> ReadBrief:
    """Load, validate and read every fact file of FOLDER (SHOWN gives a path as the editor sees it)."""
    reader = EntryReader(folder.name, shown, folder)
    diagnostics: list[Diagnostic] = []
    files = 0
    for name in schema.FILES:
        path = folder / f"{name}.yaml"
        if not path.exists():
            continue
        files += 1
        if leaves(path, folder):
            diagnostics.append(error(Loc(shown(path)), "invalid-path",
                                     f"'{path.name}' links to a file outside this brief's folder",
                                     "copy the file into the brief's folder instead of linking to it"))
            reader.failed.add(name)
            continue
        doc, loaded = load_file(path, shown(path))
        diagnostics.extend(loaded)
        if doc is None:
            reader.failed.add(name)
            continue
        problems, broken = schema.validate(doc, name)
        diagnostics.extend(problems)
        diagnostics.extend(text_rules.problems(doc, name, {d.loc for d in problems}))
        reader.read(name, doc, broken)
    brief = reader.brief()
    diagnostics.extend(reader.diagnostics)
    head = _head(reader.brief_doc, reader.actor_id) if reader.brief_doc is not None else None
    return ReadBrief(
        folder.name, folder, files, tuple(diagnostics), brief, head, tuple(reader.definitions),
        tuple(reader.unnamed), tuple(reader.roles), tuple(reader.relations), tuple(reader.events),
        tuple(reader.reuses), tuple(reader.quotes), tuple(reader.sources),
        tuple(reader.source_reuses), MappingProxyType(dict(reader.source_texts)),
        tuple(reader.refs), tuple(reader.places), tuple(reader.place_uses),
        frozenset(reader.failed), frozenset(reader.unusable), frozenset(reader.loose_uses))


def _head(doc: Document, actor_id: Callable[[str], str]) -> BriefHead:
    """What brief.yaml names (main_source, key_actors, key_quotes) and its prose, taking each field
    that has the right type (``actor_id`` gives an actor id written in the brief its site-wide id)."""
    data = doc.data
    main = data.get("main_source")

    def ids(key: str, convert=lambda v: v) -> tuple[tuple[str, Loc], ...]:
        values = data.get(key)
        if not isinstance(values, list):
            return ()
        return tuple((convert(v), doc.loc((key, i))) for i, v in enumerate(values) if isinstance(v, str))

    return BriefHead(((main, doc.loc(("main_source",))),) if isinstance(main, str) else (),
                     ids("key_actors", actor_id), ids("key_quotes"),
                     tuple((field, data[field], doc.loc((field,))) for field in PROSE_FIELDS
                           if isinstance(data.get(field), str)))
