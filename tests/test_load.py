"""``builder.load.load_bytes``: one fact file's bytes in, plain data with locations (or diagnostics) out.

Each test is an input/expected pair. Diagnostics are compared as the text ``briefs check`` prints
(``format_text``), so a test reads like what the editor sees.
"""

from __future__ import annotations

import time
import tracemalloc

import pytest

from builder.diagnostics import Loc, format_text
from builder.load import MAX_BYTES, MAX_DEPTH, Document, decode, load_bytes

FILE = "briefs/x/events.yaml"

HINT_SYNTAX = "    hint: check the indentation and the quotes around text containing ': ' or '#'"
HINT_TAB = "    hint: YAML indents with spaces: replace the tab with spaces"
HINT_TAG = "    hint: remove the tag; write the value as plain text"
HINT_ANCHOR = "    hint: write each value out in full; anchors and aliases are not supported"
HINT_ALIAS = "    hint: write the value out in full where it is needed"
HINT_DOCS = "    hint: remove the '---' line and merge the documents, or split the file"
HINT_DEEP = "    hint: fact files need only a few levels; check the indentation"
HINT_EMPTY = "    hint: give it its top-level key (see the editor's guide), or delete the file"
HINT_LATIN1 = "    hint: save the file as UTF-8; Latin-1 and Windows-1252 are not accepted"
HINT_NUL = "    hint: this is a binary file or is not UTF-8: save it as UTF-8 text"
HINT_CONTROL = "    hint: delete the character; it is invisible in most editors"
HINT_DUPLICATE = "    hint: keep one of the two; YAML would silently keep only the last"


def load(data: bytes | str):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return load_bytes(data, FILE)


def shown(diagnostics) -> list[str]:
    """The diagnostics as printed, one string per line (hints on their own line)."""
    return "\n".join(format_text(d) for d in diagnostics).splitlines()


def loaded(data: bytes | str):
    """The data of a file that must load without a word."""
    doc, diagnostics = load(data)
    assert shown(diagnostics) == []
    assert isinstance(doc, Document)
    return doc.data


# -- scalars stay the strings the editor wrote -------------------------------------------------

AS_WRITTEN = ["NO", "no", "No", "yes", "Yes", "on", "off", "y", "n", "1:30", "012", "1.10", "0x1F",
              "0o17", "1e3", "1_000", "-1", "+1", ".inf", "-.inf", ".nan", "2020-01-09",
              "2020-01-09T23:30:00Z", "2020-01-09 23:30", "=", "<<", "0.", "1,000"]


@pytest.mark.parametrize("written", AS_WRITTEN)
def test_a_plain_scalar_stays_the_string_written(written):
    assert loaded(f"v: {written}\n") == {"v": written}


@pytest.mark.parametrize("written, value", [
    ("true", True), ("True", True), ("TRUE", True),
    ("false", False), ("False", False), ("FALSE", False),
    ("", None), ("~", None), ("null", None), ("Null", None), ("NULL", None),
])
def test_only_true_false_and_empty_are_read_as_a_boolean_or_nothing(written, value):
    assert loaded(f"v: {written}\n") == {"v": value}


@pytest.mark.parametrize("written, value", [
    ('"true"', "true"), ("'false'", "false"), ("'~'", "~"), ('""', ""), ("'NO'", "NO"),
    ("|\n  NO\n", "NO\n"), (">-\n  1:30\n", "1:30"),
])
def test_a_quoted_or_block_scalar_is_always_text(written, value):
    assert loaded(f"v: {written}\n") == {"v": value}


def test_keys_are_text_as_written_too():
    assert loaded("NO: a\n1:30: b\ntrue: c\n012: d\n") == {"NO": "a", "1:30": "b", "true": "c", "012": "d"}


def test_a_merge_key_is_an_ordinary_key_and_merges_nothing():
    assert loaded("<<: {a: b}\nc: d\n") == {"<<": {"a": "b"}, "c": "d"}


def test_lists_and_mappings_nest_as_written():
    assert loaded("a:\n  - b\n  - {c: [d, e]}\n  -\n") == {"a": ["b", {"c": ["d", "e"]}, None]}


@pytest.mark.parametrize("text, data", [("- a\n", ["a"]), ("hello\n", "hello"), ("[]\n", [])])
def test_the_top_level_shape_is_for_the_schema_to_judge(text, data):
    assert loaded(text) == data


# -- line ends, byte order mark ----------------------------------------------------------------

SAMPLE = "events:\n  - id: pence-on-cbs\n    title: Mike Pence on CBS News\n    quotes: [a, b]\n"


@pytest.mark.parametrize("data", [
    SAMPLE.replace("\n", "\r\n").encode(),
    b"\xef\xbb\xbf" + SAMPLE.encode(),
    b"\xef\xbb\xbf" + SAMPLE.replace("\n", "\r\n").encode(),
], ids=["crlf", "bom", "bom-and-crlf"])
def test_crlf_and_a_utf8_bom_read_the_same_as_plain_lf(data):
    plain, _ = load(SAMPLE)
    doc, diagnostics = load(data)
    assert diagnostics == []
    assert doc.data == plain.data
    assert doc.values == plain.values and doc.keys == plain.keys


def test_a_crlf_file_reports_lines_and_columns_as_the_editor_counts_them():
    _, diagnostics = load("a: 1\r\nb: 2\r\na: 3\r\n")
    assert shown(diagnostics) == [
        f"{FILE}:3:1: error: duplicate key 'a' (first at line 1, column 1) [duplicate-key]", HINT_DUPLICATE]


# -- locations -----------------------------------------------------------------------------------


def test_every_value_and_key_knows_its_line_and_column():
    doc, _ = load(SAMPLE)
    assert doc.loc() == Loc(FILE, 1, 1)
    assert doc.loc(("events",)) == Loc(FILE, 2, 3)
    assert doc.loc(("events", 0)) == Loc(FILE, 2, 5)
    assert doc.loc(("events", 0, "id")) == Loc(FILE, 2, 9)
    assert doc.key_loc(("events", 0, "id")) == Loc(FILE, 2, 5)
    assert doc.loc(("events", 0, "title")) == Loc(FILE, 3, 12)
    assert doc.key_loc(("events", 0, "title")) == Loc(FILE, 3, 5)
    assert doc.loc(("events", 0, "quotes", 1)) == Loc(FILE, 4, 17)
    assert doc.key_loc(("events",)) == Loc(FILE, 1, 1)


def test_a_missing_path_falls_back_to_the_nearest_value_that_exists():
    doc, _ = load(SAMPLE)
    assert doc.loc(("events", 0, "date")) == Loc(FILE, 2, 5)
    assert doc.loc(("events", 7, "id")) == Loc(FILE, 2, 3)
    assert doc.key_loc(("events", 0, "date")) == Loc(FILE, 2, 5)
    assert doc.loc(("nothing",)) == Loc(FILE, 1, 1)


def test_a_list_given_as_a_path_is_accepted_like_a_tuple():
    doc, _ = load(SAMPLE)
    assert doc.loc(["events", 0, "id"]) == Loc(FILE, 2, 9)


def test_a_block_scalar_is_located_at_its_indicator():
    doc, _ = load("a: 1\nsummary: |\n  Two\n  lines\n")
    assert doc.loc(("summary",)) == Loc(FILE, 2, 10)


def test_columns_count_characters_not_bytes():
    doc, diagnostics = load('a: {t: "Пенс 😀", t: x, u: y}\n')
    assert doc.loc(("a", "u")) == Loc(FILE, 1, 27)
    assert shown(diagnostics) == [
        f"{FILE}:1:18: error: duplicate key 't' (first at line 1, column 5) [duplicate-key]",
        HINT_DUPLICATE]


# -- duplicate keys ------------------------------------------------------------------------------


def test_a_duplicate_key_names_both_lines_and_the_first_value_is_kept():
    doc, diagnostics = load("events:\n  - id: a\n    title: First\n    date: x\n    title: Second\n")
    assert shown(diagnostics) == [
        f"{FILE}:5:5: error: duplicate key 'title' (first at line 3, column 5) [duplicate-key]",
        HINT_DUPLICATE]
    assert doc.data == {"events": [{"id": "a", "title": "First", "date": "x"}]}


def test_every_duplicate_is_reported_not_just_the_first():
    _, diagnostics = load("a: 1\na: 2\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert shown(diagnostics) == [
        f"{FILE}:2:1: error: duplicate key 'a' (first at line 1, column 1) [duplicate-key]", HINT_DUPLICATE,
        f"{FILE}:5:3: error: duplicate key 'c' (first at line 4, column 3) [duplicate-key]", HINT_DUPLICATE,
        f"{FILE}:6:1: error: duplicate key 'a' (first at line 1, column 1) [duplicate-key]", HINT_DUPLICATE]


@pytest.mark.parametrize("text", ["'a': 1\na: 2\n", '"1": x\n1: y\n'])
def test_quoting_a_key_does_not_make_it_another_key(text):
    _, diagnostics = load(text)
    assert [d.code for d in diagnostics] == ["duplicate-key"]


def test_keys_differing_in_case_are_different_keys():
    assert loaded("a: 1\nA: 2\n") == {"a": "1", "A": "2"}


# -- refusals --------------------------------------------------------------------------------------

REFUSED = [
    # syntax
    ("a: b: c\n", [f"{FILE}:1:5: error: invalid YAML: mapping values are not allowed in this context "
                   "[yaml-syntax]", HINT_SYNTAX]),
    ("a: [b, c\n", [f"{FILE}:2:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a "
                    "flow sequence) [yaml-syntax]", HINT_SYNTAX]),
    ('a: "\\q"\n', [f"{FILE}:1:5: error: invalid YAML: found unknown escape character (while parsing a "
                    "quoted scalar) [yaml-syntax]", HINT_SYNTAX]),
    ("%YAML 2.0\n---\na: 1\n", [f"{FILE}:1:1: error: invalid YAML: found incompatible YAML document "
                                "[yaml-syntax]", HINT_SYNTAX]),
    # tabs
    ("a:\n\tb: c\n", [f"{FILE}:2:1: error: a tab character is used for indentation [yaml-tab]", HINT_TAB]),
    ("a: |\n  x\n\t y\n", [f"{FILE}:3:1: error: a tab character is used for indentation [yaml-tab]",
                           HINT_TAB]),
    # control characters
    ("a: \x07\n", [f"{FILE}:1:4: error: the file contains a forbidden control character (U+0007) "
                   "[yaml-syntax]", HINT_CONTROL]),
    ("a: b\nc: \x1b[31mred\n", [f"{FILE}:2:4: error: the file contains a forbidden control character "
                                "(U+001B) [yaml-syntax]", HINT_CONTROL]),
    # anchors, aliases
    ("a: &x 1\nb: *x\n", [f"{FILE}:1:4: error: anchors are not allowed (found '&x') [yaml-anchor]",
                          HINT_ANCHOR]),
    ("a: 1\nb: *x\n", [f"{FILE}:2:4: error: aliases are not allowed (found '*x') [yaml-alias]", HINT_ALIAS]),
    ("- &a {b: c}\n", [f"{FILE}:1:3: error: anchors are not allowed (found '&a') [yaml-anchor]",
                       HINT_ANCHOR]),
    # tags
    ("a: !!python/object/apply:os.system [ls]\n",
     [f"{FILE}:1:4: error: tags are not allowed (found '!!python/object/apply:os.system') [yaml-tag]",
      HINT_TAG]),
    ("a: !!python/object:builder.load.Document {}\n",
     [f"{FILE}:1:4: error: tags are not allowed (found '!!python/object:builder.load.Document') "
      "[yaml-tag]", HINT_TAG]),
    ("a: !foo x\n", [f"{FILE}:1:4: error: tags are not allowed (found '!foo') [yaml-tag]", HINT_TAG]),
    ("a: !!str 012\n", [f"{FILE}:1:4: error: tags are not allowed (found '!!str') [yaml-tag]", HINT_TAG]),
    ("a: !!binary aGVsbG8=\n", [f"{FILE}:1:4: error: tags are not allowed (found '!!binary') [yaml-tag]",
                                HINT_TAG]),
    ("a: !<tag:yaml.org,2002:str> x\n",
     [f"{FILE}:1:4: error: tags are not allowed (found '!<tag:yaml.org,2002:str>') [yaml-tag]", HINT_TAG]),
    ("--- !foo\na: 1\n", [f"{FILE}:1:5: error: tags are not allowed (found '!foo') [yaml-tag]", HINT_TAG]),
    ("%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
     [f"{FILE}:3:4: error: tags are not allowed (found '!e!x') [yaml-tag]", HINT_TAG]),
    # more than one document
    ("a: 1\n---\nb: 2\n", [f"{FILE}:2:1: error: the file holds more than one YAML document "
                           "[yaml-multi-document]", HINT_DOCS]),
    ("a: 1\n...\n---\nb: 2\n", [f"{FILE}:3:1: error: the file holds more than one YAML document "
                                "[yaml-multi-document]", HINT_DOCS]),
    ("a: 1\n---\n", [f"{FILE}:2:1: error: the file holds more than one YAML document "
                     "[yaml-multi-document]", HINT_DOCS]),
    # complex keys
    ("? [a]\n: b\n", [f"{FILE}:1:3: error: a key must be plain text, not a list or mapping "
                      "[yaml-complex-key]"]),
    ("{[a]: b}\n", [f"{FILE}:1:2: error: a key must be plain text, not a list or mapping "
                    "[yaml-complex-key]"]),
    # empty
    ("", [f"{FILE}:1:1: error: the file is empty [empty-file]", HINT_EMPTY]),
    ("\n\n   \n", [f"{FILE}:1:1: error: the file is empty [empty-file]", HINT_EMPTY]),
    ("# events:\n#   - id: x\n\n  # more\n", [f"{FILE}:1:1: error: the file is empty [empty-file]",
                                            HINT_EMPTY]),
    ("\ufeff", [f"{FILE}:1:1: error: the file is empty [empty-file]", HINT_EMPTY]),
]


@pytest.mark.parametrize("text, lines", REFUSED, ids=[repr(t)[:40] for t, _ in REFUSED])
def test_refused_with_one_diagnostic_at_the_fault(text, lines):
    doc, diagnostics = load(text)
    assert doc is None
    assert shown(diagnostics) == lines


ENCODINGS = [
    ("events: [Caf\u00e9]\n".encode("latin-1"),
     [f"{FILE}:1:13: error: the fact file is not valid UTF-8 (byte 0xE9) [encoding]", HINT_LATIN1]),
    ("a: b\nquote: \u201cWe\u2019re\u201d\n".encode("cp1252"),
     [f"{FILE}:2:8: error: the fact file is not valid UTF-8 (byte 0x93) [encoding]", HINT_LATIN1]),
    ("a: \u00e9\n".encode("utf-16"),
     [f"{FILE}:1:1: error: the fact file is encoded as UTF-16, not UTF-8 [encoding]",
      "    hint: save the file as UTF-8"]),
    (b"\xfe\xff" + "a: \u00e9\n".encode("utf-16-be"),
     [f"{FILE}:1:1: error: the fact file is encoded as UTF-16, not UTF-8 [encoding]",
      "    hint: save the file as UTF-8"]),
    ("a: 1\n".encode("utf-32"),
     [f"{FILE}:1:1: error: the fact file is encoded as UTF-32, not UTF-8 [encoding]",
      "    hint: save the file as UTF-8"]),
    ("a: 1\n".encode("utf-16-le"),
     [f"{FILE}:1:2: error: the fact file contains a NUL byte [encoding]", HINT_NUL]),
    (b"a: 1\nb: x\x00y\n", [f"{FILE}:2:5: error: the fact file contains a NUL byte [encoding]", HINT_NUL]),
    (b"a: \xc0\xaf\n", [f"{FILE}:1:4: error: the fact file is not valid UTF-8 (byte 0xC0) [encoding]",
                        HINT_LATIN1]),
    (b"a: \xed\xa0\x80\n", [f"{FILE}:1:4: error: the fact file is not valid UTF-8 (byte 0xED) [encoding]",
                            HINT_LATIN1]),
    ("t: \u00e9\u00e9 \xff\n".encode("utf-8").replace(b"\xc3\xbf", b"\xff"),
     [f"{FILE}:1:7: error: the fact file is not valid UTF-8 (byte 0xFF) [encoding]", HINT_LATIN1]),
    (b"a: \xe2\x80", [f"{FILE}:1:4: error: the fact file is not valid UTF-8 (byte 0xE2) [encoding]",
                      HINT_LATIN1]),
]


@pytest.mark.parametrize("data, lines", ENCODINGS, ids=[
    "latin-1", "windows-1252", "utf-16-bom-le", "utf-16-bom-be", "utf-32", "utf-16-no-bom", "nul",
    "overlong", "surrogate", "bad-byte-after-non-ascii", "truncated"])
def test_anything_but_utf8_is_refused_where_the_first_bad_byte_is(data, lines):
    doc, diagnostics = load(data)
    assert doc is None
    assert shown(diagnostics) == lines


def test_the_size_cap_is_1_mib():
    assert MAX_BYTES == 1024 * 1024
    head = b"a: b\n# "
    at_cap = head + b"x" * (MAX_BYTES - len(head) - 1) + b"\n"
    assert len(at_cap) == MAX_BYTES
    assert loaded(at_cap) == {"a": "b"}
    doc, diagnostics = load(at_cap + b"\n")
    assert doc is None
    assert shown(diagnostics) == [
        f"{FILE}:1:1: error: the fact file is larger than 1 MiB [file-too-large]",
        "    hint: split the brief into smaller files, or shorten the text"]


def test_a_source_text_has_its_own_cap_and_its_own_words():
    text, diagnostics = decode(b"x" * (8 * MAX_BYTES + 1), "briefs/x/sources/a.txt", "source text",
                               limit=8 * MAX_BYTES)
    assert text is None
    assert shown(diagnostics) == [
        "briefs/x/sources/a.txt:1:1: error: the source text is larger than 8 MiB [file-too-large]",
        "    hint: split the brief into smaller files, or shorten the text"]


# -- depth -----------------------------------------------------------------------------------------

def deep_error(line: int, column: int) -> list[str]:
    return [f"{FILE}:{line}:{column}: error: the data is nested more than 32 levels deep [yaml-too-deep]",
            HINT_DEEP]


def test_32_levels_load_and_33_are_refused():
    assert MAX_DEPTH == 32
    assert loaded("[" * 32 + "]" * 32) == eval("[" * 32 + "]" * 32)
    doc, diagnostics = load("[" * 33 + "]" * 33)
    assert doc is None
    assert shown(diagnostics) == deep_error(1, 33)


@pytest.mark.parametrize("text, where", [
    ("[" * 10_000 + "]" * 10_000, (1, 33)),
    ("{a: " * 10_000 + "b" + "}" * 10_000, (1, 126)),
    ("- " * 10_000 + "x\n", (1, 65)),
    ("".join(" " * i + f"k{i}:\n" for i in range(1_000)), (32, 32)),
], ids=["flow-sequences", "flow-mappings", "block-sequences", "block-mappings"])
def test_deep_nesting_is_refused_fast_at_level_33(text, where):
    start = time.perf_counter()
    doc, diagnostics = load(text)
    assert time.perf_counter() - start < 1.0
    assert doc is None
    assert shown(diagnostics) == deep_error(*where)


# -- alias bombs -----------------------------------------------------------------------------------

BILLION_LAUGHS = "\n".join([
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
    "",
])


@pytest.mark.parametrize("text, where", [
    (BILLION_LAUGHS, "1:4"),
    ("events:\n  - id: x\n" + "  - " + BILLION_LAUGHS.replace("\n", "\n    "), "3:8"),
    ("big: &big [" + ", ".join(["lol"] * 10_000) + "]\n" + "many: [" + ", ".join(["*big"] * 10_000) + "]\n",
     "1:6"),
], ids=["billion-laughs", "billion-laughs-in-a-list", "quadratic-blowup"])
def test_an_alias_bomb_is_refused_at_its_first_anchor_fast_and_in_little_memory(text, where):
    tracemalloc.start()
    try:
        start = time.perf_counter()
        doc, diagnostics = load(text)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 1024 * 1024  # the text and its decoding; nothing is expanded (a billion laughs is ~3 GB)
    assert doc is None
    anchor = text[text.index("&"):].split()[0]
    assert shown(diagnostics) == [
        f"{FILE}:{where}: error: anchors are not allowed (found '{anchor}') [yaml-anchor]", HINT_ANCHOR]


# -- never raises ----------------------------------------------------------------------------------

NASTY = [
    b"", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf\x00", b"---", b"...", b"- - - -", b"? ? ?", b"!", b"&", b"*",
    b"%", b"@", b"`", b"{", b"}", b"[", b"]", b":", b"- :", b"? : :", b"'", b'"', b"|", b">", b"|-\n\t",
    b"\t", b"\r", b"\r\r\n", b"\x85", "\u2028".encode(), b"a: \xf4\x90\x80\x80", "\U0010ffff".encode(),
    b"\xed\xb2\x80", b"a" * 5000 + b":", b"- " * 200, b"[" * 200, b"{" * 200, b"a:\n" + b" " * 10_000 + b"b",
    b"%YAML 1.1\n%YAML 1.1\n---\n", b"%TAG ! !\n---\n!x a", b"!<!> a", b"&a [*a]", b"? !!null\n: x",
    b'"\\x00"', b'"\\uD800"', b'"\\U0010FFFF"', b"a: |9\n  x", b"a: >+\n", b"- |\n -",
]


@pytest.mark.parametrize("data", NASTY, ids=[repr(d)[:30] for d in NASTY])
def test_nasty_input_never_raises_and_answers_a_document_or_diagnostics(data):
    doc, diagnostics = load_bytes(data, FILE)
    assert doc is None or isinstance(doc, Document)
    assert doc is not None or any(d.severity == "error" for d in diagnostics)
    for d in diagnostics:
        assert d.loc.file == FILE and d.loc.line >= 1 and d.loc.column >= 1
        assert "\n" not in d.message


# -- known bugs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"], ids=["LS", "PS", "NEL"])
def test_a_unicode_line_separator_inside_text_does_not_shift_later_lines(separator):
    doc, diagnostics = load(f'a: "Pence said{separator}on CBS"\nb: 1\nb: 2\n')
    assert shown(diagnostics) == [
        f"{FILE}:3:1: error: duplicate key 'b' (first at line 2, column 1) [duplicate-key]", HINT_DUPLICATE]
    assert doc.loc(("b",)) == Loc(FILE, 2, 4)


def test_an_unclosed_quote_is_reported_where_the_quote_opens():
    _, diagnostics = load('a: 1\nb: "unclosed\nc: 2\n')
    assert shown(diagnostics) == [
        f"{FILE}:2:4: error: invalid YAML: found unexpected end of stream (while scanning a quoted "
        "scalar) [yaml-syntax]", HINT_SYNTAX]


def test_what_is_not_a_regular_file_is_refused_without_being_read(tmp_path):
    """A FIFO named like a fact file would wait for a writer for ever; a device or a folder is
    no fact file either: each is one error, at once."""
    import os
    from builder.load import load_file, read_source_text

    fifo = tmp_path / "places.yaml"
    os.mkfifo(fifo)
    (tmp_path / "folder.yaml").mkdir()
    cases = [(load_file, fifo, "cannot read file: it is a FIFO, not a file [unreadable-file]"),
             (load_file, tmp_path / "folder.yaml",
              "cannot read file: it is a folder, not a file [unreadable-file]"),
             (load_file, "/dev/zero", "cannot read file: it is a device, not a file "
                                      "[unreadable-file]"),
             (read_source_text, fifo, "cannot read the source text: it is a FIFO, not a file "
                                      "[missing-source-text]")]
    import signal

    def stuck(signum, frame):
        raise AssertionError("the read waited for a writer")
    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(10)
    try:
        for read, path, said in cases:
            value, found = read(path, FILE)
            assert value is None
            assert [format_text(d) for d in found] == [f"{FILE}:1:1: error: {said}"]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
