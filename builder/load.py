"""Stage 1, load: read one YAML fact file strictly, keeping where every value came from (and a
stored source text, checked as strictly for its encoding and size: ``read_source_text``).

The rules (DESIGN.md, "Safety rules"): UTF-8 only (a BOM and CRLF line ends are fine), a size cap,
one document, no duplicate keys, no anchors, aliases or tags, and scalars kept as the strings the
editor wrote (``NO``, ``1:30``, ``012`` and ``1.10`` stay text). Only ``true``/``false`` and the
empty value are read as a boolean and as nothing; the schema decides the rest.

The tree is built straight from libyaml's event stream, so an alias is refused before anything is
expanded and nesting is capped before it can cost memory. Whatever bytes it is given, ``load_bytes``
returns a ``Document`` or diagnostics; it never raises.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import ERROR, Diagnostic, Loc, error, escape, show
from .verbatim import SourceText

try:  # libyaml when it is there (it is with PyYAML's wheels), the pure-Python parser otherwise
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]
_PureLoader = yaml.SafeLoader

MAX_BYTES = 1_048_576
_HIDDEN_BREAKS = "\u2028\u2029\x85"
_PLACEHOLDERS = "\ue028\ue029\ue085"  # private-use characters stand in for them while parsing
_HIDE = str.maketrans(_HIDDEN_BREAKS, _PLACEHOLDERS)
_RESTORE = str.maketrans(_PLACEHOLDERS, _HIDDEN_BREAKS)
MAX_DEPTH = 32
# items in one list: a real brief has tens of actors, events, quotes or sources, and a few sources
# or aliases per entry; 2,000 is far above any of them, and far below a flood such as an 880 KB
# `actors: [{}, {}, ...]` (220,000 empty entries, which cost 48 s and 2 GB before this cap)
MAX_ITEMS = 2_000
# values in one file: real fact files hold 20-30 a KiB (some 30,000 at the 1 MiB cap); lists of
# lists of empty mappings under the item cap held 220,000, and building them took seconds
MAX_VALUES = 100_000
NULLS = {"", "~", "null", "Null", "NULL"}
BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@dataclass(frozen=True)
class Document:
    """One loaded fact file: plain data and the location of every value and key in it."""

    file: str
    data: Any
    # a path is a tuple of keys and list indexes, as jsonschema reports them
    values: dict = field(repr=False)  # path -> (line, column) of the value, 1-based
    keys: dict = field(repr=False)  # path -> (line, column) of the key that introduces the value

    def loc(self, path: tuple = ()) -> Loc:
        """The value's location, or the nearest enclosing one's."""
        path = tuple(path)
        while path not in self.values and path:
            path = path[:-1]
        line, column = self.values.get(path, (1, 1))
        return Loc(self.file, line, column)

    def key_loc(self, path: tuple) -> Loc:
        path = tuple(path)
        if path in self.keys:
            return Loc(self.file, *self.keys[path])
        return self.loc(path)


class _Stop(Exception):
    """Raised inside the builder to end loading once a fatal diagnostic is recorded."""


def read_regular(path: Path, limit: int) -> bytes:
    """At most LIMIT bytes of the regular file at PATH. Anything else (a FIFO, which would wait
    for a writer for ever, a device, a folder) raises OSError without being read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
                    else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket")
            raise OSError(errno.EINVAL, f"it is {kind}, not a file")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            return fh.read(limit)
    finally:
        if fd >= 0:
            os.close(fd)


def load_file(path: Path, shown: str) -> tuple[Document | None, list[Diagnostic]]:
    try:
        data = read_regular(path, MAX_BYTES + 1)
    except OSError as exc:
        return None, [error(Loc(shown), "unreadable-file", f"cannot read file: {exc.strerror}")]
    return load_bytes(data, shown)


def read_source_text(path: Path, shown: str) -> tuple[SourceText | None, list[Diagnostic]]:
    """A stored source text (UTF-8, at most 8 MiB), ready to be searched."""
    try:
        data = read_regular(path, MAX_BYTES * 8 + 1)
    except OSError as exc:
        return None, [error(Loc(shown), "missing-source-text",
                            f"cannot read the source text: {exc.strerror}")]
    text, found = decode(data, shown, "source text", limit=MAX_BYTES * 8)
    return (SourceText(text) if text is not None else None), found


def load_bytes(data: bytes, shown: str) -> tuple[Document | None, list[Diagnostic]]:
    text, diagnostics = decode(data, shown, "fact file")
    if text is None:
        return None, diagnostics
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [
            error(
                Loc(shown),
                "empty-file",
                "the file is empty",
                "give it its top-level key (see the editor's guide), or delete the file",
            )
        ]
    builder = _TreeBuilder(shown)
    if any(ch in text for ch in _HIDDEN_BREAKS) and not any(ch in text for ch in _PLACEHOLDERS):
        # libyaml counts U+2028, U+2029 and U+0085 as line breaks, editors and git do not: hide
        # them from the parser so that lines are counted as the editor sees them
        text, builder.restore = text.translate(_HIDE), True
    _parse(builder, text)
    if builder.deep:
        # read it again with PyYAML's own parser, which has no limit of its own and hands over
        # events one at a time, so that the depth cap reports where level 33 opens
        restore = builder.restore
        builder = _TreeBuilder(shown, _PureLoader)
        builder.restore = restore
        _parse(builder, text)
    if any(d.severity == ERROR and d.code != "duplicate-key" for d in builder.diagnostics):
        return None, builder.diagnostics
    return Document(shown, builder.root, builder.values, builder.keys), builder.diagnostics


def _parse(builder: "_TreeBuilder", text: str) -> None:
    try:
        builder.run(text)
    except _Stop:
        pass
    except yaml.YAMLError as exc:
        if _nesting_limit(exc) and builder.loader is not _PureLoader:
            builder.deep = True
        else:
            builder.diagnostics.append(_syntax_error(exc, text, builder.shown))
    except (RecursionError, MemoryError, ValueError) as exc:  # defensive: never a traceback
        builder.diagnostics.append(error(Loc(builder.shown), "yaml-syntax", f"cannot parse the file: {escape(str(exc))}"))


def _nesting_limit(exc: yaml.YAMLError) -> bool:
    """Whether libyaml stopped at its own nesting limit (1,000 levels since libyaml 0.2.6, in
    PyYAML 6.0.4's wheels): its scanner looks ahead for keys, so it can meet that limit before
    the tree builder has seen 33 levels."""
    return "maximum nesting depth" in str(getattr(exc, "problem", "") or "")


def decode(data: bytes, shown: str, what: str, limit: int = MAX_BYTES) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text: UTF-8 only, within the size cap, no NUL; CRLF and a BOM are fine."""
    if len(data) > limit:
        return None, [
            error(
                Loc(shown),
                "file-too-large",
                f"the {what} is larger than {limit // 1024 // 1024} MiB",
                "split the brief into smaller files, or shorten the text",
            )
        ]
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):
            return None, [
                error(Loc(shown), "encoding", f"the {what} is encoded as {name}, not UTF-8",
                      "save the file as UTF-8")
            ]
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _position(data, nul)
        return None, [
            error(Loc(shown, line, col), "encoding", f"the {what} contains a NUL byte",
                  "this is a binary file or is not UTF-8: save it as UTF-8 text")
        ]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        return None, [
            error(
                Loc(shown, line, col),
                "encoding",
                f"the {what} is not valid UTF-8 (byte 0x{data[exc.start]:02X})",
                "save the file as UTF-8; Latin-1 and Windows-1252 are not accepted",
            )
        ]


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, as far as they decode) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def _syntax_error(exc: yaml.YAMLError, text: str, shown: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow, such as U+0007
        before = text[: exc.position]
        loc = Loc(shown, before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        return error(loc, "yaml-syntax", f"the file contains a forbidden control character (U+{code:04X})",
                     "delete the character; it is invisible in most editors")
    lines = text.splitlines()
    here = lines[line - 1][col - 1:col] if 0 < line <= len(lines) else ""
    if here == "\t" or (mark is not None and lines and 0 < line <= len(lines)
                        and lines[line - 1][:col].strip(" ") == "\t"):
        return error(Loc(shown, line, col), "yaml-tab", "a tab character is used for indentation",
                     "YAML indents with spaces: replace the tab with spaces")
    problem = (getattr(exc, "problem", None) or str(exc)).strip()
    context = getattr(exc, "context", None)
    opened = getattr(exc, "context_mark", None)
    if (context and "quoted scalar" in context and opened is not None
            and "end of stream" in problem):  # an unclosed quote: send the editor where it opens
        line, col = opened.line + 1, opened.column + 1
    message = f"invalid YAML: {escape(problem)}" + (f" ({escape(context)})" if context else "")
    return error(Loc(shown, line, col), "yaml-syntax", message,
                 "check the indentation and the quotes around text containing ': ' or '#'")


_SCALAR, _MAPPING, _SEQUENCE = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class _TreeBuilder:
    """Builds plain data from parser events, recording locations and refusing what YAML may not do.

    This loop runs once per value of every fact file, so it is written for speed: positions are
    kept as (line, column) tuples and become ``Loc`` only when a diagnostic needs one.
    """

    def __init__(self, shown: str, loader=_Loader):
        self.shown = shown
        self.loader = loader
        self.deep = False  # whether libyaml stopped at its own nesting limit
        self.diagnostics: list[Diagnostic] = []
        self.values: dict = {}
        self.keys: dict = {}
        self.root: Any = None
        self.duplicates = 0
        self.text = ""
        self.restore = False  # whether scalars hold placeholders to turn back into line separators

    def loc(self, mark) -> Loc:
        return Loc(self.shown, mark.line + 1, mark.column + 1)

    def fatal(self, mark, code: str, message: str, hint: str | None = None):
        self.diagnostics.append(error(self.loc(mark), code, message, hint))
        raise _Stop

    def refuse(self, event, documents: int) -> None:
        """Whatever event the tree cannot hold: a second document, an alias, an anchor, a tag."""
        mark = event.start_mark
        if isinstance(event, yaml.DocumentStartEvent) and documents > 1:
            self.fatal(mark, "yaml-multi-document", "the file holds more than one YAML document",
                       "remove the '---' line and merge the documents, or split the file")
        if isinstance(event, yaml.AliasEvent):
            self.fatal(mark, "yaml-alias", f"aliases are not allowed (found {show('*' + event.anchor)})",
                       "write the value out in full where it is needed")
        if getattr(event, "anchor", None) is not None:
            self.fatal(mark, "yaml-anchor", f"anchors are not allowed (found {show('&' + event.anchor)})",
                       "write each value out in full; anchors and aliases are not supported")
        if getattr(event, "tag", None) is not None:
            written = self.text[mark.index:].split(None, 1)[0] if self.text else ""
            self.fatal(mark, "yaml-tag", f"tags are not allowed (found {show(written or event.tag)})",
                       "remove the tag; write the value as plain text")

    def too_deep(self, event) -> None:
        self.fatal(event.start_mark, "yaml-too-deep",
                   f"the data is nested more than {MAX_DEPTH} levels deep",
                   "fact files need only a few levels; check the indentation")

    def too_many(self, event, path: tuple) -> None:
        key = next((p for p in reversed(path) if isinstance(p, str)), None)
        name = "the list" if key is None else f"the list {show(key)}"
        self.fatal(event.start_mark, "yaml-too-many-items",
                   f"{name} holds more than {MAX_ITEMS:,} items",
                   "no brief needs this many: split the story into several briefs, or look for "
                   "entries pasted in by accident")

    def too_many_values(self, event) -> None:
        self.fatal(event.start_mark, "yaml-too-many-items",
                   f"the file holds more than {MAX_VALUES:,} values",
                   "no brief needs this many: split the story into several briefs, or look for "
                   "entries pasted in by accident")

    def run(self, text: str) -> None:
        self.text = text
        values, keys = self.values, self.keys
        loader = self.loader(text)
        # the open containers, innermost last: [container, path, pending key or None, seen keys]
        stack: list[list] = []
        documents = 0
        try:
            while True:
                event = loader.get_event()
                cls = event.__class__
                if cls is _SCALAR:
                    if event.anchor is not None or event.tag is not None:
                        self.refuse(event, documents)
                    if len(stack) >= MAX_DEPTH:
                        self.too_deep(event)
                    value = event.value
                    if self.restore:
                        value = value.translate(_RESTORE)
                    if not event.style:  # plain: only nulls and booleans are special
                        if value in NULLS:
                            value = None
                        elif value in BOOLEANS:
                            value = BOOLEANS[value]
                    container = None
                elif cls is _MAPPING or cls is _SEQUENCE:
                    if event.anchor is not None or event.tag is not None:
                        self.refuse(event, documents)
                    if len(stack) >= MAX_DEPTH:
                        self.too_deep(event)
                    value = container = {} if cls is _MAPPING else []
                elif cls in _END:
                    frame = stack.pop()
                    if not stack:
                        self.root = frame[0]
                    continue
                elif cls is yaml.StreamEndEvent:
                    return
                else:
                    if cls is yaml.DocumentStartEvent:
                        documents += 1
                    self.refuse(event, documents)
                    continue
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1)
                if not stack:
                    path: tuple = ()
                    values[path] = pos
                    if container is None:
                        self.root = value
                else:
                    if len(values) >= MAX_VALUES:
                        self.too_many_values(event)
                    frame = stack[-1]
                    parent_container, parent, pending, seen = frame
                    if parent_container.__class__ is list:
                        if len(parent_container) >= MAX_ITEMS:
                            self.too_many(event, parent)
                        path = parent + (len(parent_container),)
                        parent_container.append(value)
                        values[path] = pos
                    elif pending is None:  # a key
                        path = self.key(frame, value, event, pos)
                    else:
                        path = parent + (pending,)
                        frame[2] = None
                        if pending.__class__ is str:
                            parent_container[pending] = value
                            keys[path] = seen[pending]
                        values[path] = pos
                if container is not None:
                    stack.append([container, path, None, {}])
        finally:
            loader.dispose()

    def key(self, frame: list, value: Any, event, pos: tuple) -> tuple:
        container, parent, pending, seen = frame
        if event.__class__ is not _SCALAR:
            self.fatal(event.start_mark, "yaml-complex-key",
                       "a key must be plain text, not a list or mapping")
        key = "" if value is None else event.value if isinstance(value, bool) else value
        if key in seen:
            line, column = seen[key]
            self.diagnostics.append(error(
                Loc(self.shown, *pos), "duplicate-key",
                f"duplicate key {show(key)} (first at line {line}, column {column})",
                "keep one of the two; YAML would silently keep only the last"))
            self.duplicates += 1
            frame[2] = ("#duplicate", self.duplicates)
        else:
            seen[key] = pos
            frame[2] = key
        return parent + (frame[2],)
