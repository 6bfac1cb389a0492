"""What any text of a fact file may hold, beyond its type: the rules ``check`` applies to every
string value, and that ``render`` applies again before Markdown (so that no text, checked or not,
can cost more than a bounded amount of work).

- **Control characters.** Only tab and line feed: a control character (C0, DEL, C1) is invisible
  in an editor, makes the Atom feed and the sitemap not well-formed XML (XML 1.0 forbids most of
  them) and can drive a terminal. Lone surrogates and noncharacters (U+FFFE, U+FFFF, U+FDD0 to
  U+FDEF) are no text either, and neither are the bidirectional embeddings, overrides and
  isolates (U+202A to U+202E, U+2066 to U+2069): invisible, they reverse the text around them on
  a page ("Some\u202eone" shows as "Someeno"), so a name could pass for another.
- **Markdown work.** The field caps (``maxLength`` in ``builder/schema/``) bound the size of a
  Markdown field; these bound what Python-Markdown does with it. Its inline links scan forward
  from every ``[`` to the matching ``]`` and from ``](`` to the matching ``)``, its raw-HTML
  reader scans from every ``<`` for a ``>``, and its block parser searches the rest of a block
  again after every line that ends a heading or a list item: each is linear per occurrence, so
  quadratic in their number. Counting ``[``, ``<`` and lines bounds all three (figures in
  content/architecture.md).
"""

from __future__ import annotations

import re

from .diagnostics import Diagnostic, error, show
from .schema import field_name

# the Markdown fields' cap, also their maxLength in builder/schema/ (tests/test_text_safety.py
# keeps the two equal); the other fields' caps live in the schemas alone
MAX_MARKDOWN = 10_000

MAX_BRACKETS = 200  # '[' in one Markdown field: each link or image needs one
MAX_ANGLES = 200  # '<' in one Markdown field: each raw HTML tag or autolink needs one
MAX_LINES = 500  # lines in one Markdown field

# C0 controls but tab and line feed, DEL, C1 controls, the bidirectional embeddings, overrides
# and isolates, surrogates, noncharacters
_BIDI = "\u202a-\u202e\u2066-\u2069"
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI
                        + "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                        + "".join(f"{chr(p)}{chr(p + 1)}" for p in range(0x1FFFE, 0x110000, 0x10000))
                        + "]")


def forbidden_character(text: str) -> tuple[int, str] | None:
    """The first character that text may not hold, with its 0-based offset, or None."""
    match = _FORBIDDEN.search(text)
    return (match.start(), match.group()) if match else None


def what_character(ch: str) -> str:
    """'a control character', 'a bidirectional control', 'a lone surrogate' or 'a
    noncharacter'."""
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return "a lone surrogate"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "a bidirectional control"
    if code < 0xA0:
        return "a control character"
    return "a noncharacter"


def markdown_problem(text: str) -> tuple[str, int, int] | None:
    """What makes a Markdown field too costly to render: (what, how many, the limit), or None."""
    brackets = text.count("[")
    if brackets > MAX_BRACKETS:
        return "'['", brackets, MAX_BRACKETS
    angles = text.count("<")
    if angles > MAX_ANGLES:
        return "'<'", angles, MAX_ANGLES
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > MAX_LINES:
        return "lines", lines, MAX_LINES
    return None


# the Markdown fields of each file, by path ("*" for any list item)
MARKDOWN_FIELDS = {
    "brief": {("summary",), ("why_it_matters",), ("updates", "*", "text")},
    "events": {("events", "*", "summary")},
}

_HINTS = {
    "'['": "Markdown reads each '[' as the start of a link: use round brackets for asides, "
           "or split the text",
    "'<'": "Markdown reads each '<' as the start of HTML, which is removed anyway: write "
           "'less than', or split the text",
    "lines": "join the lines of each paragraph (a single line break is not shown), or split the text",
}


def problems(doc, name: str, reported: set = frozenset()) -> list[Diagnostic]:
    """Every string value of a loaded fact file against the rules above, each problem located;
    a value whose location is in ``reported`` (the schema refused it already) is passed over."""
    out = []
    markdown = MARKDOWN_FIELDS.get(name, set())
    # depth first, in the file's order, with a stack of its own: a nested function that calls
    # itself is a reference cycle, which kept every file's located tree alive until the garbage
    # collector's next full pass (1.5 million objects for 1,000 briefs)
    stack = [(doc.data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            stack.extend(reversed([(item, path + (key,)) for key, item in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([(item, path + (i,)) for i, item in enumerate(value)]))
        elif isinstance(value, str) and doc.loc(path) not in reported:
            found = forbidden_character(value)
            if found is not None:
                at, ch = found
                what = what_character(ch)
                out.append(error(doc.loc(path), "control-character",
                                 f"{field_name(path)} contains {show(ch)} (U+{ord(ch):04X}, "
                                 f"{what}) at character {at + 1:,}",
                                 "delete it: it is invisible in most editors, and on a page it "
                                 "changes the direction of the text after it (right-to-left "
                                 "text needs no such character)" if what == "a bidirectional "
                                 "control" else
                                 "delete it: it is invisible in most editors, and no page or "
                                 "feed can show it"))
            shape = tuple("*" if isinstance(p, int) else p for p in path)
            if shape in markdown and len(value) <= MAX_MARKDOWN:
                costly = markdown_problem(value)
                if costly is not None:
                    what, count, limit = costly
                    out.append(error(doc.loc(path), "markdown-too-complex",
                                     f"{field_name(path)} has {count:,} {what}: at most {limit:,} in "
                                     "one Markdown field", _HINTS[what]))
    return out
