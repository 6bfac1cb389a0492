"""Properties that hold for any input: the loader and the whole checker never raise, and every
diagnostic they return is well formed (a known code with its severity, a 1-based location in the
file it names, a one-line message).

Hypothesis generates arbitrary bytes, arbitrary text, YAML dumped from random nested data, and whole
projects whose fact files are random bytes or random fact-like structures.
"""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import schema
from builder.check import check
from builder.diagnostics import CODES, Diagnostic
from builder.load import MAX_DEPTH, Document, load_bytes

FILE = "briefs/x/events.yaml"
FACT_FILES = schema.FILES

FAST = settings(max_examples=200, deadline=None)
PROJECTS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def assert_well_formed(diagnostic: Diagnostic, files: set[str] | None = None) -> None:
    assert isinstance(diagnostic, Diagnostic)
    assert diagnostic.code in CODES, diagnostic
    assert diagnostic.severity == CODES[diagnostic.code][0], diagnostic
    assert diagnostic.loc.line >= 1 and diagnostic.loc.column >= 1, diagnostic
    assert diagnostic.message and "\n" not in diagnostic.message, diagnostic
    assert diagnostic.hint is None or "\n" not in diagnostic.hint, diagnostic
    if files is not None:
        assert diagnostic.loc.file in files, diagnostic


def assert_plain(data, depth: int = 0) -> None:
    """Only what the loader may produce: mappings with text keys, lists, text, booleans, None."""
    assert depth <= MAX_DEPTH
    if isinstance(data, dict):
        for key, value in data.items():
            assert isinstance(key, str)
            assert_plain(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            assert_plain(value, depth + 1)
    else:
        assert data is None or isinstance(data, (str, bool)), repr(data)


def assert_loaded(data: bytes):
    """``load_bytes`` answers (Document | None, [Diagnostic]) and never raises."""
    result = load_bytes(data, FILE)
    assert isinstance(result, tuple) and len(result) == 2
    doc, diagnostics = result
    assert isinstance(diagnostics, list)
    for d in diagnostics:
        assert_well_formed(d, {FILE})
    if doc is None:
        assert any(d.severity == "error" for d in diagnostics)
    else:
        assert isinstance(doc, Document) and doc.file == FILE
        assert_plain(doc.data)
        assert all(d.code == "duplicate-key" for d in diagnostics)
        for loc in [*map(doc.loc, doc.values), *map(doc.key_loc, doc.keys)]:
            assert loc.file == FILE and loc.line >= 1 and loc.column >= 1
    return doc, diagnostics


# -- the loader --------------------------------------------------------------------------------

YAML_BYTES = st.lists(st.sampled_from([
    b"a", b"-", b" ", b"  ", b"\n", b"\r\n", b"\t", b":", b": ", b"- ", b"[", b"]", b"{", b"}", b",",
    b"#", b"&a", b"*a", b"!", b"!!str", b"|", b">", b"'", b'"', b"?", b"%YAML 1.1", b"---", b"...",
    b"\\", b"~", b"null", b"true", b"NO", b"012", b"1:30", b"\x00", b"\xef\xbb\xbf", b"\xff", b"\xc3",
    b"\xe2\x80\xa8", b"\xc2\x85", b"\x07", b"\xf0\x9f\x98\x80",
]), max_size=60).map(b"".join)


@FAST
@given(st.binary(max_size=400) | YAML_BYTES)
def test_load_bytes_never_raises_on_any_bytes(data):
    assert_loaded(data)


YAML_TEXT = st.text(
    alphabet=st.sampled_from(list(":-[]{},#&*!|>'\"%@`?~ \t\n\r\\") + ["\u2028", "\x85", "\ufeff"])
    | st.characters(blacklist_categories=("Cs",)),
    max_size=300)


@FAST
@given(YAML_TEXT)
def test_load_bytes_never_raises_on_any_text(text):
    assert_loaded(text.encode("utf-8"))


# U+0085, U+2028 and U+2029 are read as characters, not as the line breaks YAML 1.1 makes of them
# (so that line numbers match the editor's): a dumper that relies on them folding is left out.
CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x85\u2028\u2029")
KEYS = st.text(CHARS, min_size=1, max_size=12)
STRUCTURES = st.recursive(
    st.none() | st.booleans() | st.text(CHARS, max_size=20)
    | st.sampled_from(["NO", "yes", "1:30", "012", "1.10", "0x1F", "2020-01-09", "~", "null", "true",
                       "- x", "a: b", "#", "&a", "*a", "!foo", "'", '"', "", " ", "\t"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=25)


def depth(data) -> int:
    if isinstance(data, dict):
        return 1 + max((depth(v) for v in data.values()), default=0)
    if isinstance(data, list):
        return 1 + max((depth(v) for v in data), default=0)
    return 1


@FAST
@given(STRUCTURES, st.sampled_from([None, True, False]))
def test_yaml_dumped_from_any_structure_loads_back_as_the_same_data(data, flow):
    """Whatever a YAML writer produces from plain data (no anchors, tags or complex keys) reads back
    as that data: strings stay strings, nothing is converted, nothing is lost. (The oracle is
    PyYAML's own safe_load of the text, not ``data``: PyYAML's emitter folds some line breaks, such
    as U+0085, inside quoted text, and that is not the loader's doing.)"""
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, width=60)
    doc, diagnostics = assert_loaded(text.encode("utf-8"))
    if depth(data) > MAX_DEPTH:
        assert doc is None
        return
    assert [d.code for d in diagnostics] == []
    assert doc.data == yaml.safe_load(text)
    if "\x85" not in text:
        assert doc.data == data


# -- the whole checker -------------------------------------------------------------------------

FIELDS = ["id", "ref", "name", "kind", "aliases", "description", "role", "sources", "source", "excerpt",
          "from", "to", "type", "detail", "title", "date", "value", "tz", "approximate", "as_written",
          "note", "summary", "place", "actors", "actor", "part", "quotes", "speaker", "text", "said",
          "occasion", "context", "said_in", "publisher", "url", "published", "cited_in", "standfirst",
          "why_it_matters", "updated", "topics", "main_source", "key_actors", "key_quotes", "updates",
          "relations", "events", "unknown"]
VALUES = ["mike-pence", "qais-al-khazali", "wsj-article", "pence-on-cbs", "pence-quote", "person",
          "group", "article", "leads", "opposes", "update", "correction", "2020", "2020-01",
          "2020-01-09", "2020-01-09/2020-01-10", "2020-01-10/2020-01-09", "2020-02-30",
          "2020-01-08T23:30", "2020-03-29T01:30", "2020-10-25T01:30", "Asia/Baghdad", "Europe/London",
          "Mars/Base", "sources/wsj-article.txt", "sources/", "../x.txt", "/etc/passwd",
          "https://example.com/a", "javascript:alert(1)", "//host/x",
          "We're receiving some encouraging intelligence", "Mike Pence said on Thursday on CBS News",
          "NO", "1:30", "", "Mike Pence", "../../etc", "Ünïcödé", "a\u200bb"]
SOURCE_TEXT = ("\u201cWe\u2019re receiving some encouraging intelligence,\u201d Vice-President Mike "
               "Pence said on Thursday on CBS News.\n")

LEAF = st.sampled_from(VALUES) | st.none() | st.booleans() | st.text(max_size=10)
FACTISH = st.recursive(
    LEAF,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(FIELDS), children, max_size=5),
    max_leaves=30)
ENTRY = st.dictionaries(st.sampled_from(FIELDS), FACTISH, max_size=8)


def fact_strategies(noisy: bool) -> dict:
    """A strategy per fact file for data shaped like the format. ``noisy``: now and then any
    fact-like value stands in for a field, an entry or a file, and ids and choices may break the
    rules; otherwise the data mostly passes the schema, so that reading and cross-checking run too."""

    def mostly(strategy):
        return st.one_of(*[strategy] * 7, FACTISH) if noisy else strategy

    def choice(*good: str, bad: tuple[str, ...] = ()):
        return mostly(st.sampled_from([*good, *(bad if noisy else ())]))

    ids = choice("mike-pence", "qais-al-khazali", "wsj-article", "cbs-interview", "pence-on-cbs",
                 "pence-quote", "mike-pense", bad=("Bad Id", "a/b"))
    text = mostly(st.sampled_from(["Mike Pence", "Kataeb Hezbollah", "NO", "1:30", "x"])
                  | st.text(min_size=0 if noisy else 1, max_size=8))
    words = choice("We're receiving some encouraging intelligence", "We are receiving intelligence",
                   "Mike Pence said on Thursday on CBS News", "\u201cWe\u2019re receiving",
                   "nothing like it", " ")
    date_text = st.sampled_from([
        "2020", "2020-01", "2020-01-09", "2020-01-11", "2020-01-09/2020-01-10", "2020-01-10/2020-01-09",
        "2020-02-30", "2019-13-01", "2020-01-08T23:30", "2020-03-29T01:30", "2020-10-25T01:30",
        "2020-01-08T25:00", "0000", "9999", "9999-12-31T23:59", "2020/2021/2022", "soon"])
    date = mostly(date_text | st.fixed_dictionaries(
        {"value": date_text},
        optional={"tz": st.sampled_from(["Asia/Baghdad", "Europe/London", "Australia/Sydney", "UTC",
                                         "Mars/Base", "europe/london", ""]),
                  "approximate": st.booleans(), "as_written": text, "note": text}))
    citations = mostly(st.lists(
        ids | st.fixed_dictionaries({"source": ids}, optional={"excerpt": words}), max_size=2))
    actor = st.fixed_dictionaries(
        {"id": ids, "name": text, "kind": choice("person", "group", bad=("human",)), "role": text},
        optional={"aliases": mostly(st.lists(text, max_size=2)), "sources": citations,
                  "description": text})
    ref = st.fixed_dictionaries({"ref": ids, "role": text}, optional={"sources": citations})
    relation = st.fixed_dictionaries(
        {"from": ids, "type": choice("leads", "opposes", bad=("hates",)), "to": ids,
         "sources": citations}, optional={"detail": text})
    participant = st.fixed_dictionaries({"actor": ids}, optional={"part": text})
    event = st.fixed_dictionaries(
        {"id": ids, "title": text, "sources": citations},
        optional={"date": date, "summary": text, "place": text,
                  "quotes": mostly(st.lists(ids, max_size=2)),
                  "actors": mostly(st.lists(participant, max_size=2))})
    quote = st.fixed_dictionaries(
        {"id": ids, "speaker": ids, "text": words, "source": ids},
        optional={"said": date, "occasion": text, "context": text, "said_in": ids})
    source = st.fixed_dictionaries(
        {"id": ids, "title": text, "publisher": text, "kind": choice("article", bad=("blog",))},
        optional={"url": choice("https://example.com/a", "javascript:alert(1)", "//host/x", "data:,x"),
                  "published": date, "cited_in": ids,
                  "text": choice("sources/wsj-article.txt", "sources/missing.txt", "sources/",
                                 "../x.txt", "/etc/passwd")})
    update = st.fixed_dictionaries(
        {"date": date, "kind": st.sampled_from(["update", "correction"]), "text": text})
    brief = st.fixed_dictionaries(
        {"title": text, "standfirst": text, "summary": text, "why_it_matters": text,
         "published": date, "main_source": ids},
        optional={"updated": date, "topics": st.lists(text, max_size=2),
                  "key_actors": mostly(st.lists(ids, max_size=2)),
                  "key_quotes": mostly(st.lists(ids, max_size=2)),
                  "updates": st.lists(update, max_size=2)})
    return {
        "brief": mostly(brief),
        "actors": mostly(st.fixed_dictionaries(
            {"actors": st.lists(mostly(actor | ref), max_size=3)},
            optional={"relations": st.lists(mostly(relation), max_size=2)})),
        "events": mostly(st.fixed_dictionaries({"events": st.lists(mostly(event), max_size=3)})),
        "quotes": mostly(st.fixed_dictionaries({"quotes": st.lists(mostly(quote), max_size=3)})),
        "sources": mostly(st.fixed_dictionaries({"sources": st.lists(mostly(source), max_size=3)})),
        "places": mostly(st.fixed_dictionaries({"places": st.lists(mostly(st.fixed_dictionaries(
            {"id": ids, "name": text,
             "kind": st.sampled_from(["city", "base", "region", "country", "building", "town"])},
            optional={"tz": st.sampled_from(["Asia/Baghdad", "EST", "GMT+3", "Asia/Bagdad"]),
                      "in": ids, "aliases": st.lists(text, max_size=2)})), max_size=3)})),
    }


QUIET, NOISY = fact_strategies(False), fact_strategies(True)


@st.composite
def fact_file(draw, name: str):
    """A fact file's bytes: random fact-like YAML (mostly), or random bytes."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=200) | YAML_BYTES)
    data = draw(st.sampled_from([QUIET, NOISY]).flatmap(lambda strategies: strategies[name]))
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=draw(st.booleans())).encode()


@st.composite
def projects(draw):
    """{relative path: bytes} for one or two briefs (some files missing, some folder names odd)."""
    files = {}
    names = draw(st.lists(st.sampled_from(["baghdad-rockets", "soleimani-strike", "Bad Name", "x"]),
                          min_size=1, max_size=2, unique=True))
    for brief in names:
        for name in FACT_FILES:
            if draw(st.integers(0, 5)):
                files[f"briefs/{brief}/{name}.yaml"] = draw(fact_file(name))
        if draw(st.booleans()):
            files[f"briefs/{brief}/sources/wsj-article.txt"] = draw(
                st.just(SOURCE_TEXT.encode()) | st.binary(max_size=100))
        if draw(st.integers(0, 9)) == 0:
            files[f"briefs/{brief}/notes.yaml"] = b"a: 1\n"
    return files


def run_check(files: dict[str, bytes]):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "briefs").mkdir()
        for rel, data in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
        result = check(root, cwd=root)
        shown = {p.relative_to(root).as_posix() for p in (root / "briefs").rglob("*")}
        shown |= {f"briefs/{d.name}/brief.yaml" for d in (root / "briefs").iterdir()}
    assert result.files == sum(1 for rel in files if rel.count("/") == 2 and rel.endswith(
        tuple(f"/{n}.yaml" for n in FACT_FILES)))
    for d in result.diagnostics:
        assert_well_formed(d, shown)
    assert result.diagnostics == sorted(result.diagnostics, key=lambda d: (d.sort_key, d.hint or ""))
    assert result.ok == (not any(d.severity == "error" for d in result.diagnostics))
    return result


@PROJECTS
@given(projects())
def test_check_never_raises_on_random_projects(files):
    run_check(files)


@PROJECTS
@given(st.dictionaries(st.sampled_from([f"briefs/a/{n}.yaml" for n in FACT_FILES]),
                       st.binary(max_size=300), min_size=1))
def test_check_never_raises_when_every_fact_file_is_random_bytes(files):
    result = run_check(files)
    if "briefs/a/brief.yaml" not in files:
        assert "missing-file" in {d.code for d in result.diagnostics}


def _original_by_hand(raw: str, needle: str) -> str | None:
    """SourceText.original spelled out: each character of the normalised text keeps the place
    in the raw text it came from."""
    from builder.verbatim import _plain_characters, normalise
    plain, text, places = _plain_characters(raw), [], []
    for i, c in enumerate(plain):
        if c.isspace():
            if text and text[-1] != " ":
                text.append(" ")
                places.append(i)
        else:
            text.append(c)
            places.append(i)
    normal = "".join(text).rstrip(" ")
    needle = normalise(needle)
    start = normal.find(needle) if needle else -1
    if start < 0:
        return None
    return raw[places[start]:places[start + len(needle) - 1] + 1]


WRITTEN = st.text(st.sampled_from(["a", "b", ".", " ", "\n", "\t", "\u2019", "'", "\u201c", '"',
                                   "\u2014", "-", "\u00a0", "\u2028", "\x1c", "e", "\u0301",
                                   "\u00e9"]), max_size=80)


@FAST
@given(WRITTEN, st.data())
def test_the_words_of_a_source_are_quoted_as_it_writes_them(raw, data):
    from builder.verbatim import SourceText
    text = SourceText(raw)
    if text.text:
        start = data.draw(st.integers(0, len(text.text) - 1))
        needle = text.text[start:data.draw(st.integers(start + 1, len(text.text)))]
    else:
        needle = data.draw(WRITTEN)
    # the source composed (NFC): an accent typed apart is the one character a quote may have
    composed = unicodedata.normalize("NFC", raw)
    assert text.original(needle) == _original_by_hand(composed, needle)
    assert text.original(unicodedata.normalize("NFD", needle)) == text.original(needle)
    assert text.original(needle + "zz") is None
