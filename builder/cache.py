"""A cache of what `briefs check` found in each brief folder, so that a re-check after an edit
reads only the briefs that changed.

A brief's entry is valid while every file of its folder keeps its size, modification time (in
nanoseconds) and inode, and while the builder itself is unchanged. Those stamps are local to this
checkout and cannot be forged by committing a cache file: a fresh clone has other stamps, so it
checks everything. The cache is JSON (never pickle: a file in a repository must not run code) in
``.briefs-cache/`` at the project root, written atomically; a cache that cannot be read is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .check import BriefCheck
from .diagnostics import Diagnostic, Loc
from .model import Actor, Citation, EventEntry, EventReuse, Participant, Place, SourceReuse

FOLDER = ".briefs-cache"
FILE = "check.json"


def _builder_stamp() -> str:
    """Changes whenever the checker's code or schemas change."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*here.glob("*.py"), *here.glob("schema/*.json")]):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _folder_stamp(folder: Path) -> list | None:
    """[relative path, size, mtime_ns, inode] of every file in the folder, in name order; None
    when the folder cannot be walked (such a brief is checked afresh every time)."""
    stamps: list = []

    def walk(path: str, prefix: str) -> None:
        with os.scandir(path) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, prefix + entry.name + "/")
                else:
                    stat = entry.stat()
                    stamps.append([prefix + entry.name, stat.st_size, stat.st_mtime_ns, stat.st_ino])

    try:
        walk(str(folder), "")
    except OSError:
        return None
    return stamps


def _loc(data: list) -> Loc:
    return Loc(data[0], data[1], data[2])


def _l(loc: Loc) -> list:
    return [loc.file, loc.line, loc.column]


def _encode_reuse(r: EventReuse) -> list:
    return [r.id, r.ref, r.summary, [[p.actor, p.part, _l(p.loc)] for p in r.actors],
            list(r.quotes), [[c.source, c.excerpt, _l(c.loc)] for c in r.sources], _l(r.loc),
            _l(r.ref_loc), [[field, _l(loc)] for field, loc in r.sets]]


def _decode_reuse(brief_id: str, data: list) -> EventReuse:
    id_, ref, summary, actors, quotes, sources, loc, ref_loc, sets = data
    return EventReuse(brief_id, id_, ref, summary,
                      tuple(Participant(a, part, _loc(at)) for a, part, at in actors), tuple(quotes),
                      tuple(Citation(s, excerpt, _loc(at)) for s, excerpt, at in sources),
                      _loc(loc), _loc(ref_loc), tuple((field, _loc(at)) for field, at in sets))


def _encode(c: BriefCheck) -> dict:
    return {
        "files": c.files,
        "diagnostics": [[[d.loc.file, d.loc.line, d.loc.column], d.severity, d.code, d.message, d.hint]
                        for d in c.diagnostics],
        "definitions": [[a.id, a.name, a.kind, list(a.aliases), a.description, a.defined_in,
                         [a.loc.file, a.loc.line, a.loc.column], a.sort_as] for a in c.definitions],
        "listed": sorted(c.listed),
        "pending": [[i, [loc.file, loc.line, loc.column], kind] for i, loc, kind in c.pending],
        "places": [[p.id, p.name, p.kind, list(p.aliases), p.description, p.tz, p.within,
                    p.defined_in, [p.loc.file, p.loc.line, p.loc.column]] for p in c.places],
        "place_uses": [[i, [loc.file, loc.line, loc.column]] for i, loc in c.place_uses],
        "events": [[e.id, e.title, _l(e.loc), e.start, e.end, list(e.actors), e.after]
                   for e in c.events],
        "reuses": [_encode_reuse(r) for r in c.reuses],
        "relations": [[a, t, b, former, _l(loc)] for a, t, b, former, loc in c.relations],
        "source_defs": [[i, _l(loc), url, text] for i, loc, url, text in c.source_defs],
        "source_reuses": [[r.id, r.ref, _l(r.loc), _l(r.ref_loc), [[f, _l(at)] for f, at in r.sets]]
                          for r in c.source_reuses],
        "verbatim_elsewhere": [[ref, words, _l(loc), what, field, closest]
                               for ref, words, loc, what, field, closest in c.verbatim_elsewhere],
        "unsettled": sorted(c.unsettled),
        "draft": c.draft,
        "published": [list(p) for p in c.published],
        "reuse_sources": [[ref, i, key, end, iso, _l(loc)]
                          for ref, i, key, end, iso, loc in c.reuse_sources],
        "unnamed": [[a.id, a.name, a.kind, list(a.aliases), a.description, a.anonymity, _l(a.loc)]
                    for a in c.unnamed],
    }


def _decode(brief_id: str, data: dict) -> BriefCheck:
    return BriefCheck(
        brief_id, data["files"],
        tuple(Diagnostic(_loc(loc), severity, code, message, hint)
              for loc, severity, code, message, hint in data["diagnostics"]),
        tuple(Actor(i, name, kind, tuple(aliases), description, defined_in, _loc(loc), sort_as=sort_as)
              for i, name, kind, aliases, description, defined_in, loc, sort_as
              in data["definitions"]),
        frozenset(data["listed"]),
        tuple((i, _loc(loc), kind) for i, loc, kind in data["pending"]),
        places=tuple(Place(i, name, kind, tuple(aliases), description, tz, within, defined_in,
                           _loc(loc))
                     for i, name, kind, aliases, description, tz, within, defined_in, loc
                     in data["places"]),
        place_uses=tuple((i, _loc(loc)) for i, loc in data["place_uses"]),
        events=tuple(EventEntry(brief_id, i, title, _loc(loc), start, end, tuple(actors), after)
                     for i, title, loc, start, end, actors, after in data["events"]),
        reuses=tuple(_decode_reuse(brief_id, r) for r in data["reuses"]),
        relations=tuple((a, t, b, bool(former), _loc(loc)) for a, t, b, former, loc in data["relations"]),
        unnamed=tuple(Actor(i, name, kind, tuple(aliases), description, brief_id, _loc(loc),
                            unnamed=True, anonymity=anonymity)
                      for i, name, kind, aliases, description, anonymity, loc in data["unnamed"]),
        source_defs=tuple((i, _loc(loc), url, text) for i, loc, url, text in data["source_defs"]),
        source_reuses=tuple(SourceReuse(brief_id, i, ref, _loc(loc), _loc(ref_loc),
                                        tuple((f, _loc(at)) for f, at in sets))
                            for i, ref, loc, ref_loc, sets in data["source_reuses"]),
        verbatim_elsewhere=tuple((ref, words, _loc(loc), what, field, closest)
                                 for ref, words, loc, what, field, closest
                                 in data["verbatim_elsewhere"]),
        unsettled=frozenset(data["unsettled"]), draft=bool(data["draft"]),
        published=tuple((i, end, iso) for i, end, iso in data["published"]),
        reuse_sources=tuple((ref, i, key, end, iso, _loc(loc))
                            for ref, i, key, end, iso, loc in data["reuse_sources"]))


class Cache:
    def __init__(self, root: Path):
        self.path = root / FOLDER / FILE
        self.stamp = _builder_stamp()
        self.entries: dict = {}
        self.stamps: dict[str, list | None] = {}
        self.problem: str | None = None  # why a cache file there was not used, for the editor

    def lookup(self, folders: list[Path], cwd: Path) -> dict[str, BriefCheck]:
        """The cached checks of the folders that have not changed since they were cached. A cache
        file that is not one this builder wrote is ignored (and replaced), with ``problem`` set."""
        saved: object = {}
        try:
            saved = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            self.problem = f"cannot read it ({getattr(exc, 'strerror', None) or 'not JSON'})"
        if not isinstance(saved, dict) or not isinstance(saved.get("briefs", {}), dict):
            self.problem, saved = "it is not a check cache", {}
        elif saved.get("builder") != self.stamp or saved.get("cwd") != str(cwd):
            saved = {}  # another version of the builder, or another working folder: stale
        self.entries = saved.get("briefs", {})
        found = {}
        for folder in folders:
            self.stamps[folder.name] = stamp = _folder_stamp(folder)
            entry = self.entries.get(folder.name)
            if stamp is not None and isinstance(entry, dict) and entry.get("stamp") == stamp:
                try:
                    found[folder.name] = _decode(folder.name, entry["check"])
                except (KeyError, TypeError, ValueError, IndexError, AttributeError):
                    pass  # an entry this builder did not write: check the brief afresh
        return found

    def store(self, folders: list[Path], cwd: Path, checks: dict[str, BriefCheck]) -> None:
        """Save the checks of these folders, if anything changed; never fails the check."""
        stamps = {f.name: self.stamps[f.name] if f.name in self.stamps else _folder_stamp(f)
                  for f in folders}
        briefs = {f.name: {"stamp": stamps[f.name], "check": _encode(checks[f.name].without_records())}
                  for f in folders if stamps[f.name] is not None}
        if briefs == self.entries:
            return
        data = {"builder": self.stamp, "cwd": str(cwd), "briefs": briefs}
        try:
            self.path.parent.mkdir(exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".check-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(data, separators=(",", ":")))  # json.dump takes the slow encoder
            os.replace(temp, self.path)
        except OSError:
            pass
