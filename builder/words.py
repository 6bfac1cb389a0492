"""The words the site writes itself, from one place: each relation type's label (read from either
end), verbs that agree with their subject ("Iraqi militia groups aligned with Iran oppose the
United States"), source labels that say where a link goes, and counted nouns.

Templates, the link stage and the diagrams all take their words from here, so a relation never
reads "acts for" on one page and "agent of" on another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class RelationWords:
    label: str  # from the subject, in a list: "member of"
    inverse: str  # from the object: "has member"
    singular: str  # in a sentence, after one subject: "is a member of"
    plural: str  # after a plural subject: "are members of"


RELATIONS = {
    "leads": RelationWords("leads", "led by", "leads", "lead"),
    "member-of": RelationWords("member of", "has member", "is a member of", "are members of"),
    "part-of": RelationWords("part of", "includes", "is part of", "are part of"),
    "backs": RelationWords("backs", "backed by", "backs", "back"),
    "allied-with": RelationWords("allied with", "allied with", "is allied with", "are allied with"),
    "opposes": RelationWords("opposes", "opposed by", "opposes", "oppose"),
    "works-for": RelationWords("works for", "employs", "works for", "work for"),
    "agent-of": RelationWords("acts for", "represented by", "acts for", "act for"),
    "holds-office-in": RelationWords("holds office in", "office held by", "holds office in",
                                     "hold office in"),
    "blames": RelationWords("blames", "blamed by", "blames", "blame"),
}

# where a group's name stops being its head noun: "Iraqi militia groups | aligned with Iran"
_QUALIFIER = re.compile(r"\s(?:aligned|allied|backed|based|loyal|linked|of|in|from|with|for|"
                        r"under|at|near|led|close)\b|[,(]")
_SINGULAR_ENDINGS = ("ss", "us", "is", "ics")  # congress, consensus, ISIS, politics


def is_plural(name: str, kind: str) -> bool:
    """Whether a verb after this actor's name takes the plural: a group named by a plural noun
    ("Iraqi militia groups aligned with Iran", "Popular Mobilization Forces"). People, states and
    organisations ("the United States", "Kataeb Hezbollah") take the singular."""
    if kind != "group":
        return False
    head = _QUALIFIER.split(name, maxsplit=1)[0].split()
    if not head:
        return False
    last = head[-1].casefold()
    return last.endswith("s") and not last.endswith(_SINGULAR_ENDINGS) or last in ("people", "police")


def relation_label(type_: str, inverse: bool = False) -> str:
    words = RELATIONS[type_]
    return words.inverse if inverse else words.label


def relation_verb(type_: str, subject_name: str, subject_kind: str) -> str:
    """The relation as a verb after its subject, agreeing with it."""
    words = RELATIONS[type_]
    return words.plural if is_plural(subject_name, subject_kind) else words.singular


def relation_sentence(type_: str, subject, object_) -> str:
    """'Iraqi militia groups aligned with Iran oppose United States' (subject and object are actors)."""
    return f"{subject.name} {relation_verb(type_, subject.name, subject.kind)} {object_.name}"


def source_label(source) -> str:
    """What a link to a source says: where it goes ("The Wall Street Journal, via The Australian"
    when the link lands on the republication)."""
    label = source.publisher
    if source.republished_by and source.url:
        label += f", via {source.republished_by}"
    return label


def distinct_labels(passages: list, sources: list) -> list:
    """PASSAGES (one per source of SOURCES, in order) with a label that tells two sources apart:
    when two different sources would read the same ("The Harbour Gazette" twice), each of them
    also says its title ("The Harbour Gazette, “Quay reopens”")."""
    from dataclasses import replace

    ids: dict[str, set] = {}
    for p, s in zip(passages, sources):
        ids.setdefault(p.label, set()).add((s.brief, s.id))
    return [replace(p, label=f"{p.label}, “{s.title}”") if len(ids[p.label]) > 1 else p
            for p, s in zip(passages, sources)]


# relations that say what an actor is: its office and its affiliations, first on a profile
WHAT_IT_IS = ("holds-office-in", "leads", "member-of", "part-of", "works-for", "agent-of")


def one_line(text: str | None, limit: int = 80) -> str:
    """The first clause of a text, for an index card: up to its first ';' or sentence end, cut at
    a word within LIMIT characters (with an ellipsis) when that is still too long."""
    if not text:
        return ""
    text = " ".join(text.split())
    cut = re.split(r"(?<=[a-z0-9)\"'])[.;:](?:\s|$)", text, maxsplit=1)[0]
    if len(cut) > limit:
        cut = cut[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"
    return cut


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 source', '3 sources', '2 passages'."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"
