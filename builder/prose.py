"""Check the prose: citations in a brief's summary and why_it_matters, and time words in text
that outlives the article. Part of the check stage (``check._check_brief`` calls ``problems``).

Diagnostics point inside the YAML scalar: at the citation or the words themselves, found again in
the file as written (the loader gives the scalar's start; a block scalar's lines are the file's).
"""

from __future__ import annotations

import re
from pathlib import Path

from . import citations
from .diagnostics import Diagnostic, Loc, error, escape, show, warning
from .model import SourceReuse
from .read import ReadBrief


class _Finder:
    """Locations inside the scalars of one file, found in the file's text as written."""

    def __init__(self, path: Path | None):
        try:
            self.raw = path.read_text(encoding="utf-8") if path is not None else ""
        except (OSError, UnicodeError):
            self.raw = ""
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.raw)]

    def at(self, start: Loc, value: str, offset: int, length: int) -> Loc:
        """Where ``value[offset:offset+length]`` stands in the file, the value starting at START;
        START itself when the words cannot be found as written (an escape inside them)."""
        if not self.raw or start.line > len(self.starts):
            return start
        words = value[offset:offset + length].split()
        if not words:
            return start
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        nth = len(pattern.findall(value, 0, offset))
        pos = self.starts[start.line - 1] + start.column - 1
        for i, match in enumerate(pattern.finditer(self.raw, pos)):
            if i == nth:
                line = self._line(match.start())
                return Loc(start.file, line + 1, match.start() - self.starts[line] + 1)
        return start

    def _line(self, pos: int) -> int:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo


def problems(facts: ReadBrief, budget=None, elsewhere: list | None = None) -> list[Diagnostic]:
    """The citations and the lasting texts of one brief (FACTS, as the read stage gives them). A
    passage cited from a source the brief reuses from another brief is checked where that source's
    text is stored: it is added to ELSEWHERE as (ref, words, where, "excerpt", "", ""), as
    check.py's other cited words are."""
    out: list[Diagnostic] = []
    folder = facts.folder
    out += _prose(facts, _Finder(folder / "brief.yaml" if folder else None), budget,
                  elsewhere if elsewhere is not None else [])
    out += _lasting(facts, folder)
    return out


def _targets(facts: ReadBrief) -> dict[str, dict[str, object]]:
    """What a citation may name: the brief's own events, quotes and sources, and the events and
    sources it reuses from other briefs (by the id this brief gives them)."""
    return {"event": {**{r.id: r for r in facts.reuses}, **{e.id: e for e in facts.events}},
            "quote": {q.id: q for q in facts.quotes},
            "source": {**{r.id: r for r in facts.source_reuses}, **{s.id: s for s in facts.sources}}}


def _prose(facts: ReadBrief, finder: _Finder, budget, elsewhere: list) -> list[Diagnostic]:
    if facts.head is None:
        return []
    out: list[Diagnostic] = []
    targets = _targets(facts)
    every = sorted({i for ids in targets.values() for i in ids})
    # an id of an entry that failed the schema, or of a file that could not be read, is not unknown
    unknown_ok = bool(facts.failed & {"events", "quotes", "sources"})
    for field, text, start in facts.head.prose:
        for offset in citations.broken(text):
            out.append(error(finder.at(start, text, offset, 2), "invalid-citation",
                             "a citation is written [^id], [^event:id] or [^source-id \"words\"]",
                             "an id is lowercase letters, digits and hyphens; the words of a "
                             "passage go in straight double quotes after the source's id"))
        for mark in citations.marks(text):
            where = finder.at(start, text, mark.start, mark.end - mark.start)
            out += _resolve(mark, where, targets, every, unknown_ok, facts, budget, elsewhere)
        for offset, para in citations.paragraphs(text):
            if not citations.marks(para) and not citations.broken(para):
                first = " ".join(para.split())
                head = para.split("\n", 1)[0]  # found by its first line: enough to place it
                out.append(warning(finder.at(start, text, offset, len(head)), "uncited-paragraph",
                                   f"this paragraph of {field} cites nothing: {show(first, 40)}",
                                   "end each claim with the fact it comes from: [^event-id], "
                                   "[^quote-id] or [^source-id \"the source's words\"]"))
    return out


def _resolve(mark, where: Loc, targets, every, unknown_ok, facts: ReadBrief, budget,
             elsewhere) -> list[Diagnostic]:
    kinds = [mark.kind] if mark.kind else [k for k in citations.KINDS if mark.id in targets[k]]
    if mark.kind and mark.id not in targets[mark.kind]:
        kinds = []
    if len(kinds) > 1:
        return [error(where, "invalid-citation",
                      f"{show(mark.id)} is the id of both an event and a quote",
                      f"name the one you mean: [^event:{escape(mark.id)}] or [^quote:{escape(mark.id)}]")]
    if not kinds:
        if mark.id in facts.unusable or unknown_ok:
            return []
        what = f"unknown {mark.kind}" if mark.kind else "unknown event, quote or source"
        pool = sorted(targets[mark.kind]) if mark.kind else every
        other = [k for k in citations.KINDS if mark.id in targets[k]]
        from .check import suggestion
        return [error(where, "unknown-citation", f"{what} {show(mark.id)} in a citation",
                      (f"{show(mark.id)} is {'an' if other[0] == 'event' else 'a'} {other[0]}: "
                       f"write [^{other[0]}:{escape(mark.id)}]" if other else None) or
                      suggestion(mark.id, pool) or
                      "cite an id of this brief's events.yaml, quotes.yaml or sources.yaml")]
    kind = kinds[0]
    if mark.excerpt is None:
        return []
    if kind != "source":
        return [error(where, "invalid-citation",
                      f"a citation of {kind} {show(mark.id)} takes no passage: its own sources give it",
                      f"write [^{escape(mark.id)}], or cite the source's words with "
                      "[^source-id \"words\"]")]
    source = targets["source"][mark.id]
    if isinstance(source, SourceReuse):  # its text is stored where it is defined
        elsewhere.append((source.ref, mark.excerpt, where, "excerpt", "", ""))
        return []
    text = facts.source_texts.get(source.id)
    if source.text is None:
        return [error(where, "no-source-text",
                      f"source {show(source.id)} has no stored text to check this excerpt against",
                      "add its text under sources/ and name it in the source's 'text' field, "
                      "or cite a source that has one")]
    if text is not None and not text.contains(mark.excerpt):
        closest = text.closest(mark.excerpt, budget=budget)
        return [error(where, "excerpt-not-in-source",
                      f"the excerpt is not in the text of source {show(source.id)}",
                      f"the closest passage is: {escape(closest)}" if closest
                      else "copy the words exactly as the source has them")]
    return []


def _lasting(facts: ReadBrief, folder: Path | None) -> list[Diagnostic]:
    """Relative time words in roles, descriptions and relation details: shown on profiles long
    after the article, where "last month" is no longer the month it meant."""
    out: list[Diagnostic] = []
    finders: dict[str, _Finder] = {}

    def check(record, field: str, value: str | None, what: str) -> None:
        if not isinstance(value, str):
            return
        start = record.at(field)
        name = Path(start.file).stem
        if name not in finders:
            finders[name] = _Finder(folder / f"{name}.yaml" if folder else None)
        for begin, end, words in citations.relative_time(value):
            out.append(warning(finders[name].at(start, value, begin, end - begin), "relative-time",
                               f"{show(words)} in {what} is true only on the day of the article",
                               "name the time itself ('in December 2019'), or leave it to the "
                               "events: this text is shown on profiles long after"))

    for role in facts.roles:
        check(role, "role", role.role, "a role")
    for actor in facts.definitions:
        check(actor, "description", actor.description, "a description")
    for relation in facts.relations:
        check(relation, "detail", relation.detail, "a relation's detail")
    for place in facts.places:
        check(place, "description", place.description, "a description")
    return out
