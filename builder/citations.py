"""Citations in a brief's prose, and time words that go stale.

An editor cites a fact inside ``summary`` and ``why_it_matters`` with a short mark that Markdown
leaves as text (a footnote-like reference with no definition):

- ``[^event-id]``, ``[^quote-id]``, ``[^source-id]``: an event, quote or source of the same brief;
- ``[^event:ID]``, ``[^quote:ID]``, ``[^source:ID]``: the same, with the kind named (needed only
  when an event and a quote share an id);
- ``[^source-id "words"]``: a passage of a source, copied exactly from its stored text.

This module finds the marks and the prose paragraphs (for the checker and the renderer alike);
``relative_time`` finds the words ("last month", "yesterday") that are true only on the day an
article appeared, in text that outlives it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("event", "quote", "source")

# [^id], [^kind:id], [^id "words"]; anything else that starts with [^ is a broken citation
MARK = re.compile(r'\[\^(?:(event|quote|source):)?([a-z0-9][a-z0-9-]{0,63})(?: +"([^"\n\]]{1,500})")?\]')
OPENING = re.compile(r"\[\^")


@dataclass(frozen=True)
class Mark:
    kind: str | None  # None: whichever kind has the id
    id: str
    excerpt: str | None
    start: int  # offset in the field's text
    end: int

    @property
    def token(self) -> str:
        return f"{self.kind + ':' if self.kind else ''}{self.id}" + (
            f' "{self.excerpt}"' if self.excerpt else "")


def marks(text: str) -> list[Mark]:
    return [Mark(m.group(1), m.group(2), m.group(3), m.start(), m.end()) for m in MARK.finditer(text)]


def strip(text: str) -> str:
    """The text without its citation marks (for the search index and other plain uses)."""
    return MARK.sub("", text)


def broken(text: str) -> list[int]:
    """Offsets of every ``[^`` that does not start a well-formed citation."""
    good = {m.start() for m in MARK.finditer(text)}
    return [m.start() for m in OPENING.finditer(text) if m.start() not in good]


_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n")
_ITEM = re.compile(r"(?m)^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """The prose paragraphs of a Markdown field, with their offsets: each block between blank
    lines, and each item of a list on its own (a list item is a claim as much as a paragraph).
    Headings and rules are not prose."""
    out: list[tuple[int, str]] = []
    pos = 0
    for block in _BLOCK_SPLIT.split(text):
        start = text.find(block, pos)
        pos = start + len(block)
        if not block.strip():
            continue
        item_starts = [m.start() for m in _ITEM.finditer(block)]
        if item_starts:
            if item_starts[0] > 0:  # a lead-in line before the list
                out.append((start, block[:item_starts[0]]))
            for i, s in enumerate(item_starts):
                e = item_starts[i + 1] if i + 1 < len(item_starts) else len(block)
                out.append((start + s, block[s:e]))
            continue
        stripped = block.strip()
        if re.fullmatch(r"#{1,6}\s.*|(?:[-*_][ \t]*){3,}", stripped):
            continue
        out.append((start, block))
    return out


# words that name a time from the day the article appeared: true then, wrong on a profile later
_UNITS = r"(?:week|weekend|month|year|night|morning|evening|summer|winter|spring|autumn|fall|" \
         r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
RELATIVE = re.compile((
    r"\b(?:(?:last|this|next|past|coming) " + _UNITS + r"|(?:earlier|later) this " + _UNITS +
    r"|yesterday|today|tomorrow|tonight|recently|lately|nowadays|currently|at present|"
    r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|few|several|\d+) "
    r"(?:days?|weeks?|months?|years?) ago|the other day)\b").replace(" ", r"\s+"),
    re.IGNORECASE)


def relative_time(text: str) -> list[tuple[int, int, str]]:
    """Every relative time phrase in ``text``: (start, end, the words with single spaces)."""
    return [(m.start(), m.end(), " ".join(m.group().split())) for m in RELATIVE.finditer(text)]
