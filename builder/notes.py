"""Render's part for sourced prose: a brief's summary and why_it_matters with numbered citations
(as an encyclopedia prints them) and the notes they open, names linked on first mention.

The marks (``builder/citations.py``) are taken out of the Markdown before it is rendered, each
replaced by a marker of two noncharacters around its number (U+FDD0, U+FDD1: the check refuses
both in every text, and they are stripped here first, so no editor can write one). Markdown and
nh3 then render and sanitize the text as any other; only then does each marker in a text node
become the citation's HTML, built here from escaped parts. A marker that landed inside a tag (a
mark written in a link's address or title) is put back as the words the editor wrote, escaped. A
marker that Markdown cut in two or dropped (with an image, which is never shown) leaves no trace
of itself: its citation goes at the end of the text, so that no mark is lost.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup

from . import citations

OPEN, CLOSE = "\ufdd0", "\ufdd1"
_MARKER = re.compile(OPEN + r"(\d+)" + CLOSE)
# nh3's output: a tag is '<' up to the next '>' outside a double-quoted attribute value
_TAG = re.compile(r'(<(?:[^>"]|"[^"]*")*>)')
_TAG_NAME = re.compile(r"</?([a-z0-9]+)")
# what is left of a marker that Markdown cut in two (one half in a tag, the other in the text)
_STRAY = re.compile(OPEN + r"\d*|\d*" + CLOSE)
_LAST_CLOSE = re.compile(r"(?:</(?:p|li|ul|ol|blockquote)>\s*)+$")


@dataclass(frozen=True)
class Passage:
    """One passage a note opens: the words (or None for a whole source), and where they are."""

    excerpt: str | None
    label: str  # where the link goes: "The Wall Street Journal, via The Australian"
    href: str


@dataclass(frozen=True)
class Note:
    number: int
    kind: str  # "event", "quote" or "source"
    title: str | None  # the event's title, the speaker of a quote
    link: str | None  # the fact on its own page (relative to the current one)
    passages: tuple[Passage, ...]


class Notes:
    """The numbered notes of one page, in the order their first marks appear."""

    def __init__(self, resolve: Callable[[citations.Mark], Note | None]):
        self._resolve = resolve
        self.by_key: dict[tuple, Note] = {}
        self.order: list[Note] = []

    def number(self, mark: citations.Mark) -> Note | None:
        key = (mark.kind, mark.id, mark.excerpt)
        if key not in self.by_key:
            note = self._resolve(mark)
            if note is None:
                return None
            note = Note(len(self.order) + 1, note.kind, note.title, note.link, note.passages)
            self.by_key[key] = note
            self.order.append(note)
        return self.by_key[key]


def prose(text: str, notes: Notes, markdown: Callable[[str], Markup],
          names: list[tuple[str, str, str]], linked: set[str]) -> tuple[Markup, list[Note]]:
    """TEXT (Markdown with citation marks) as sanitized HTML with numbered citations, and the
    notes first cited in it. NAMES are (name, key, href): the first mention of each key not yet
    in LINKED (across the page's fields) becomes a link, and is added to LINKED."""
    text = text.replace(OPEN, "").replace(CLOSE, "")
    marks = citations.marks(text)
    pieces, last = [], 0
    for i, mark in enumerate(marks):
        pieces += [text[last:mark.start], f"{OPEN}{i}{CLOSE}"]
        last = mark.end
    pieces.append(text[last:])
    rendered = str(markdown("".join(pieces)))
    before = len(notes.order)
    placed: set[int] = set()  # the marks whose marker came through Markdown whole

    def cite(match: re.Match | int) -> str:
        number = match if isinstance(match, int) else int(match.group(1))
        placed.add(number)
        mark = marks[number]
        note = notes.number(mark)
        if note is None:  # unresolved (never built: the check refuses it)
            return html.escape(text[mark.start:mark.end], quote=False)
        # a word joiner first: the mark stays on the line of the word before it
        return (f'<sup class="cite-ref">&#8288;<a href="#note_{note.number}">'
                f'[<span class="visually-hidden">note </span>{note.number}]</a></sup>')

    def as_written(match: re.Match) -> str:
        placed.add(int(match.group(1)))
        mark = marks[int(match.group(1))]
        return html.escape(text[mark.start:mark.end], quote=False)

    pattern = _names_pattern(names, linked)
    # inside <a> or <code>/<pre> nothing is linked; a mark in code is the editor's words, shown
    # as written; a mark in a link's text is put after the link (a link inside a link is not HTML:
    # the browser would cut the outer one in two)
    out, depth, held = [], {"a": 0, "code": 0}, []
    for part in _TAG.split(rendered):
        if part.startswith("<") and part.endswith(">"):
            out.append(_MARKER.sub(as_written, part))
            name = _TAG_NAME.match(part)
            if name and name.group(1) in ("a", "code", "pre"):
                kind = "a" if name.group(1) == "a" else "code"
                depth[kind] = max(0, depth[kind] + (-1 if part.startswith("</") else 1))
                if kind == "a" and depth["a"] == 0 and held:
                    out += held
                    held = []
            continue
        if depth["a"] == depth["code"] == 0 and pattern is not None:
            part = _link_names(part, pattern, names, linked)
        if depth["code"]:
            out.append(_MARKER.sub(as_written, part))
        elif depth["a"]:
            held += [cite(m) for m in _MARKER.finditer(part)]
            out.append(_MARKER.sub("", part))
        else:
            out.append(_MARKER.sub(cite, part))
    done = _STRAY.sub("", "".join(out + held))
    lost = [cite(i) for i in range(len(marks)) if i not in placed]
    if lost:
        # marks that Markdown took apart or dropped (in an image, which is never shown, or cut
        # by a link's address): still cited, at the end of the text's last block
        end = _LAST_CLOSE.search(done)
        at = end.start() if end else len(done)
        done = done[:at] + "".join(lost) + done[at:]
    return Markup(done), notes.order[before:]


def _names_pattern(names, linked) -> re.Pattern | None:
    todo = sorted({html.escape(n, quote=False) for n, key, _ in names if key not in linked},
                  key=lambda n: (-len(n), n))
    if not todo:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in todo) + r")(?![\w-])")


def _link_names(part: str, pattern: re.Pattern, names, linked: set[str]) -> str:
    by_name: dict[str, tuple[str, str]] = {}
    for name, key, href in names:
        by_name.setdefault(html.escape(name, quote=False), (key, href))

    def link(match: re.Match) -> str:
        key, href = by_name[match.group(1)]
        if key in linked:
            return match.group(0)
        linked.add(key)
        return f'<a class="name-link" href="{html.escape(href)}">{match.group(1)}</a>'

    return pattern.sub(link, part)
