"""Diagnostics: what the checker says about fact files, and how it is printed.

A diagnostic is a value. Stages collect them and never raise them; the CLI sorts and prints them
once, like a compiler: ``briefs/x/actors.yaml:3:5: error: MESSAGE [code]`` and an optional indented
``hint:`` line.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Loc:
    """Where a value stands: the file as shown to the editor, 1-based line and column."""

    file: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Diagnostic:
    loc: Loc
    severity: str
    code: str
    message: str
    hint: str | None = None

    @property
    def sort_key(self) -> tuple:
        return (self.loc.file, self.loc.line, self.loc.column, self.severity, self.code, self.message)


def error(loc: Loc, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(loc, ERROR, code, message, hint)


def warning(loc: Loc, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(loc, WARNING, code, message, hint)


def escape(text: str) -> str:
    """Editor text made safe to echo in a message: every control, format, surrogate, private-use,
    unassigned and line- or paragraph-separating character, and every space but ' ', written as
    ``\\uXXXX``, so that a message stays one visible line whatever it quotes."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif unicodedata.category(ch) in _HIDDEN or (ch != " " and unicodedata.category(ch) == "Zs"):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return "".join(out)


_HIDDEN = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))


def show(value: object, limit: int = 80) -> str:
    """Quote editor text for a message: escaped as ``escape`` does, long text cut, in quotes."""
    text = str(value)
    cut = len(text) > limit
    if cut:
        text = text[:limit]
    return "'" + escape(text).replace("'", "\\'") + ("..." if cut else "") + "'"


def sort(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    unique = {(d.sort_key, d.hint): d for d in diagnostics}
    return [unique[k] for k in sorted(unique, key=lambda k: (k[0], k[1] or ""))]


def counts(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    diagnostics = list(diagnostics)
    errors = sum(1 for d in diagnostics if d.severity == ERROR)
    return errors, len(diagnostics) - errors


# What no printed diagnostic may hold raw, whatever a message quotes: C0 and C1 controls (the
# terminal's escape sequences, line feeds, carriage returns), DEL, the Unicode line and paragraph
# separators (str.splitlines() and some viewers break lines there) and lone surrogates (which
# cannot be printed). Each formatter writes them as \\uXXXX, so that one diagnostic is one line
# (and its hint a second one) even if a message forgets to escape what it quotes.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def one_line(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def format_text(d: Diagnostic) -> str:
    line = (f"{one_line(d.loc.file)}:{d.loc.line}:{d.loc.column}: {d.severity}: "
            f"{one_line(d.message)} [{d.code}]")
    if d.hint:
        line += f"\n    hint: {one_line(d.hint)}"
    return line


def gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(d: Diagnostic) -> str:
    """A GitHub Actions workflow command, shown as an annotation on the pull request. The message
    can never end the command's line: its only line break, before the hint, is written %0A."""
    props = (
        f"file={gh_escape(one_line(d.loc.file), True)},line={d.loc.line},col={d.loc.column},"
        f"title={gh_escape(d.code, True)}"
    )
    message = one_line(d.message) + (f"\nhint: {one_line(d.hint)}" if d.hint else "")
    return f"::{d.severity} {props}::{gh_escape(message)}"


def format_json(d: Diagnostic) -> str:
    """One JSON object on one line. json.dumps escapes C0 controls; DEL, C1, U+2028, U+2029 and
    lone surrogates are escaped here (the parsed values are unchanged)."""
    return json_line({"file": d.loc.file, "line": d.loc.line, "column": d.loc.column,
                      "severity": d.severity, "code": d.code, "message": d.message, "hint": d.hint})


def json_line(data: dict) -> str:
    """DATA as one line of JSON that no reader can split or mistake (see ``format_json``)."""
    return one_line(json.dumps(data, ensure_ascii=False))


FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    errors, warnings = counts(diagnostics)
    plural = lambda n, word: f"{n} {word}" + ("" if n == 1 else "s")  # noqa: E731
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"


# Every diagnostic code the checker can report: its severity and what it means. The editor's guide
# documents each one (tests/test_docs.py keeps the two in step).
CODES = {
    # reading the file
    "unreadable-file": (ERROR, "the file cannot be read (permissions, or it is a folder)"),
    "empty-file": (ERROR, "the file holds nothing but blank lines or comments"),
    "file-too-large": (ERROR, "the file is over the size cap (1 MiB)"),
    "encoding": (ERROR, "the file is not UTF-8: Latin-1, UTF-16, or a NUL byte"),
    "yaml-syntax": (ERROR, "the YAML cannot be parsed"),
    "yaml-tab": (ERROR, "a tab is used for indentation"),
    "yaml-multi-document": (ERROR, "the file holds a second YAML document after '---'"),
    "yaml-anchor": (ERROR, "a YAML anchor (&name) is used"),
    "yaml-alias": (ERROR, "a YAML alias (*name) is used"),
    "yaml-tag": (ERROR, "a YAML tag (!!python/object, !foo) is used"),
    "yaml-too-deep": (ERROR, "the data is nested deeper than any fact file needs"),
    "yaml-too-many-items": (ERROR, "a list of over 2,000 items, or a file of over 100,000 values"),
    "yaml-complex-key": (ERROR, "a key is a list or mapping instead of text"),
    "duplicate-key": (ERROR, "the same key appears twice in one mapping"),
    # the shape of the file
    "missing-file": (ERROR, "a brief folder has no brief.yaml"),
    "unknown-file": (WARNING, "a YAML file in a brief folder that the builder does not read"),
    "unknown-field": (ERROR, "a key that the format does not have"),
    "missing-field": (ERROR, "a required field is absent, or a list that needs entries is empty"),
    "wrong-type": (ERROR, "a value of the wrong type: a list where text is expected, an empty value"),
    "invalid-value": (ERROR, "a value outside the allowed choices"),
    "invalid-id": (ERROR, "an id (or brief folder name) that breaks the id rule"),
    "reserved-id": (ERROR, "a brief folder named like one of the site's own paths (actors, timeline...)"),
    "too-long": (ERROR, "a text longer than its field's cap"),
    "control-character": (ERROR, "a control character (other than tab and line break), a "
                                 "bidirectional control, a lone surrogate or a noncharacter in a "
                                 "text"),
    "markdown-too-complex": (ERROR, "a Markdown field with more '[', '<' or lines than one "
                                    "field may hold"),
    "ref-with-definition": (ERROR, "an actor reused with ref also sets fields of its definition"),
    "ref-to-draft": (ERROR, "a published brief reuses with ref an event or source defined in a "
                            "draft, which is not published"),
    "ref-redefines": (ERROR, "an event or source reused with ref also sets fields (title, date, "
                             "place, URL...) that come from its definition in another brief"),
    "too-many-problems": (ERROR, "a file with more than 1,000 problems of shape, not checked further"),
    # meaning
    "duplicate-id": (ERROR, "two events, quotes, sources or actors of one brief share an id"),
    "actor-redefined": (ERROR, "an actor defined in two briefs"),
    "unknown-reference": (ERROR, "an id that names no actor, source, event or quote"),
    "actor-not-in-brief": (ERROR, "an actor used in a brief without being listed in its actors.yaml"),
    "self-relation": (ERROR, "a relation from an actor to itself"),
    "contradictory-relation": (ERROR, "two current relations that cannot both hold: A leads B and "
                                      "B leads A, or A both allied with and opposing B"),
    "invalid-date": (ERROR, "a date that cannot be read or does not exist (2020-02-30)"),
    "invalid-date-range": (ERROR, "a date range that ends before it starts, or ends where it starts"),
    "missing-timezone": (ERROR, "a time of day given without a time zone"),
    "unknown-timezone": (ERROR, "a time zone that is not an IANA name"),
    "unknown-place": (ERROR, "a place id that no brief defines"),
    "place-redefined": (ERROR, "a place defined in two briefs"),
    "place-loop": (ERROR, "places that lie in each other, through 'in', in a loop"),
    "local-tz-without-time": (ERROR, "a second clock (local_tz) on a date with no time"),
    "nonexistent-time": (ERROR, "a local time skipped when the clocks go forward"),
    "ambiguous-time": (ERROR, "a local time that happens twice when the clocks go back"),
    "invalid-url": (ERROR, "a URL that is not http or https"),
    "invalid-path": (ERROR, "a source text path outside the brief folder"),
    "missing-source-text": (ERROR, "a source's stored text file does not exist or cannot be read"),
    "no-source-text": (ERROR, "a quote or excerpt cites a source that has no stored text"),
    "quote-not-in-source": (ERROR, "a quote's words are not in its source's stored text"),
    "excerpt-not-in-source": (ERROR, "an excerpt is not in its source's stored text"),
    "quotation-not-in-source": (ERROR, "words that the brief's prose puts in quotation marks are in "
                                       "no stored text of its sources"),
    "invalid-citation": (ERROR, "a citation in the prose that is not written [^id] or [^source-id \"words\"]"),
    "unknown-citation": (ERROR, "a citation in the prose that names no event, quote or source of the brief"),
    # warnings
    "unused-actor": (WARNING, "an actor of a brief that no event, quote, relation or key_actors uses"),
    "unused-source": (WARNING, "a source that nothing cites"),
    "unused-quote": (WARNING, "a quote that no event and not the brief's key quotes use"),
    "event-after-source": (WARNING, "an event dated after the source that reports it was published"),
    "quote-no-date": (WARNING, "a quote with no date (said)"),
    "quote-no-context": (WARNING, "a quote with no context"),
    "quote-punctuation": (WARNING, "a quote that keeps the article's trailing ',' or its opening "
                                   "quotation mark"),
    "likely-duplicate": (WARNING, "two briefs define events that overlap in time, share two or "
                                  "more actors and have similar titles: perhaps one event told twice"),
    "same-url": (WARNING, "two sources with the same URL: one source defined twice"),
    "same-name": (WARNING, "two actors, or two places, share a name or alias: perhaps one defined twice"),
    "date-order": (WARNING, "dates out of order: updated before published, or an unsorted log"),
    "uncited-paragraph": (WARNING, "a paragraph of summary or why_it_matters that cites nothing"),
    "relative-time": (WARNING, "'last month', 'yesterday' in a role, description or relation detail"),
    "placeholder-text": (WARNING, "a brief that is not a draft still holds the example text of 'briefs new'"),
}
