"""Sourced prose, piece by piece: the citation marks and paragraphs the checker reads, where its
diagnostics point inside a YAML scalar, the HTML the renderer makes of marks (inert wherever they
are written), and the words of builder/words.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup

from builder import citations, words
from builder.dates import parse
from builder.diagnostics import Loc
from builder.notes import Note, Notes, Passage, prose
from builder.prose import _Finder
from builder.render import as_of_words, markdown


def test_marks_name_a_kind_an_id_and_a_passage():
    text = 'a.[^x] b[^event:y-2] c[^wsj "the words"] d[^Bad] e[^'
    found = [(m.kind, m.id, m.excerpt, text[m.start:m.end]) for m in citations.marks(text)]
    assert found == [(None, "x", None, "[^x]"), ("event", "y-2", None, "[^event:y-2]"),
                     (None, "wsj", "the words", '[^wsj "the words"]')]
    assert citations.broken(text) == [text.index("[^Bad]"), len(text) - 2]


def test_strip_leaves_the_words_without_their_marks():
    assert citations.strip('Iran fired.[^iran-fires] It said so.[^wsj "so"] [^Bad]') == \
        "Iran fired. It said so. [^Bad]"


def test_paragraphs_are_blocks_and_list_items_but_not_headings():
    text = "One [^a]\nstill one.\n\nLead in:\n\n- first [^b]\n- second\n  goes on\n\n## A heading\n\n---\n\nLast"
    assert [(text[o:o + 5], " ".join(p.split())) for o, p in citations.paragraphs(text)] == [
        ("One [", "One [^a] still one."), ("Lead ", "Lead in:"), ("- fir", "- first [^b]"),
        ("- sec", "- second goes on"), ("Last", "Last")]


@pytest.mark.parametrize("text, found", [
    ("its rocket attack last\n      month killed", ["last month"]),
    ("Yesterday and today, two days ago, recently", ["Yesterday", "today", "two days ago", "recently"]),
    ("earlier this week; the past year", ["earlier this week", "past year"]),
    ("in December 2019; the lastmonth; todays", []),
])
def test_relative_time_words(text, found):
    assert [w for _, _, w in citations.relative_time(text)] == found


def test_a_diagnostic_points_at_the_words_inside_a_folded_scalar(tmp_path: Path):
    path = tmp_path / "actors.yaml"
    path.write_text("actors:\n  - role: >-\n      The militia; its attack last\n      month killed one.\n", "utf-8")
    value = "The militia; its attack last month killed one."
    begin, end, _ = citations.relative_time(value)[0]
    assert _Finder(path).at(Loc("x", 2, 11), value, begin, end - begin) == Loc("x", 3, 31)
    # the second of two equal marks is found as the second
    path.write_text('summary: |\n  A.[^e]\n  B.[^e]\n', "utf-8")
    value = "A.[^e]\nB.[^e]\n"
    assert _Finder(path).at(Loc("x", 1, 10), value, value.rindex("[^e]"), 4) == Loc("x", 3, 5)


def _notes() -> Notes:
    passage = Passage("the words", "The Paper, via The Reprint", "https://example.org/a#:~:text=the%20words")
    return Notes(lambda mark: Note(0, "source", None, None, (passage,)) if mark.id == "src" else None)


def test_marks_become_numbered_links_and_each_fact_keeps_its_number():
    notes = _notes()
    html, first = prose("One.[^src] Two.[^src]\n\nThree.[^src \"x\"]", notes, markdown, [], set())
    assert str(html) == ('<p>One.<sup class="cite-ref">&#8288;<a href="#note_1">[<span class="visually-hidden">'
                         'note </span>1]</a></sup> Two.<sup class="cite-ref">&#8288;<a href="#note_1">[<span '
                         'class="visually-hidden">note </span>1]</a></sup></p>\n<p>Three.<sup class="cite-ref">'
                         '&#8288;<a href="#note_2">[<span class="visually-hidden">note </span>2]</a></sup></p>')
    assert [n.number for n in first] == [1, 2]
    more, first = prose("Again.[^src]", notes, markdown, [], set())
    assert "#note_1" in str(more) and first == []  # cited before: no new note


def test_a_mark_in_a_link_or_an_unknown_mark_stays_inert_text():
    html, _ = prose('[x](https://example.org/[^src] "t [^src]") [^nope] \ufdd00\ufdd1<script>alert(1)</script>',
                    _notes(), markdown, [], set())
    assert str(html) == ('<p><a href="https://example.org/[^src]" title="t [^src]" '
                         'rel="noopener noreferrer nofollow">x</a> [^nope] 0</p>')


def test_a_mark_that_markdown_cuts_or_drops_is_still_cited_and_leaves_no_trace():
    """In an image (never shown) or in a link's address that Markdown cuts short, a mark's
    marker is split or dropped: the citation goes at the end of the text, and none of the
    marker's noncharacters reaches the page (found by a hostile-input audit)."""
    notes = Notes(lambda mark: Note(0, "source", None, None, ()))
    html, first = prose('Alpha ![pic](https://e.com/p.png "t[^a]")\n\nBeta ![pic [^b]](https://e.com/p.png)'
                        '\n\nClaim [x](https://e.com/(a)"([^c] and more.[^d]', notes, markdown, [], set())
    out = str(html)
    assert "\ufdd0" not in out and "\ufdd1" not in out
    # a and b with their images, d cut into the link's address (c is in it whole: as written)
    assert [n.number for n in first] == [1, 2, 3]
    assert '<a href="https://e.com/(a)&quot;([^c] and more."' in out
    assert out.endswith('<a href="#note_3">[<span class="visually-hidden">note </span>3]</a></sup>'
                        '</p>')
    assert out.count('class="cite-ref"') == 3


def test_a_mark_in_code_stays_as_written_and_one_in_link_text_follows_the_link():
    """Code is the editor's words, marks included; a citation inside a link's text would be a
    link inside a link (the browser cuts the outer one in two), so it follows the link."""
    sup = '<sup class="cite-ref">&#8288;<a href="#note_1">[<span class="visually-hidden">note </span>1]</a></sup>'
    html, first = prose('`[^src]` and <code>[^src "x"]</code> and [see[^src] here](https://example.org/) '
                        'and <a href="[^src]">a[^src]</a>.', _notes(), markdown, [], set())
    assert str(html) == ('<p><code>[^src]</code> and <code>[^src "x"]</code> and <a href="https://example.org/" '
                         f'rel="noopener noreferrer nofollow">see here</a>{sup} and '
                         f'<a rel="noopener noreferrer nofollow">a</a>{sup}.{sup}</p>')
    assert [n.number for n in first] == [1]  # the marks in code cite nothing
    # two links and their citations, none inside another, and the mark of the address the
    # sanitizer removed at the end
    assert str(html).count("<a ") == 5


def test_names_link_at_their_first_mention_outside_links_and_code():
    names = [("Iran", "actor:iran", "../actors/iran/"), ("Tehran", "actor:iran", "../actors/iran/"),
             ("Iraq", "actor:iraq", "../actors/iraq/")]
    done: set[str] = set()
    html, _ = prose("`Iran` [Iraq](https://x.example/) Tehran and Iran, Iranian; Iraq's", _notes(),
                    markdown, names, done)
    assert str(html) == ('<p><code>Iran</code> <a href="https://x.example/" rel="noopener noreferrer '
                         'nofollow">Iraq</a> <a class="name-link" href="../actors/iran/">Tehran</a> and '
                         'Iran, Iranian; <a class="name-link" href="../actors/iraq/">Iraq</a>\'s</p>')
    again, _ = prose("Iran and Iraq", _notes(), markdown, names, done)
    assert "name-link" not in str(again)  # the page's first mention was earlier
    assert isinstance(again, Markup)


@pytest.mark.parametrize("name, kind, plural", [
    ("Iraqi militia groups aligned with Iran", "group", True), ("Popular Mobilization Forces", "group", True),
    ("Dockworkers' Union", "group", False), ("ISIS", "group", False), ("United States", "state", False),
    ("Kataeb Hezbollah", "organisation", False), ("Shiite militias, backed by Iran", "group", True),
])
def test_verbs_agree_with_their_subject(name, kind, plural):
    assert words.is_plural(name, kind) is plural
    assert words.relation_verb("opposes", name, kind) == ("oppose" if plural else "opposes")


def test_one_label_per_relation_type():
    assert words.relation_label("agent-of") == "acts for"
    assert words.relation_label("agent-of", inverse=True) == "represented by"
    assert {w.label for w in words.RELATIONS.values()} >= {"acts for", "member of", "leads"}


def test_one_line_cuts_at_the_first_clause_then_at_a_word():
    assert words.one_line("US Vice-President; said on CBS News that ...") == "US Vice-President"
    assert words.one_line("An Iraqi militia.") == "An Iraqi militia"
    long = "Unnamed contractor killed in December 2019 in Kataeb Hezbollah's rocket attack on a base in northern Iraq"
    assert words.one_line(long) == "Unnamed contractor killed in December 2019 in Kataeb Hezbollah's rocket attack\u2026"
    assert words.one_line(None) == ""


def test_the_dateline_gives_a_span_without_about():
    assert as_of_words(parse("2020-01-09/2020-01-10", approximate=True)) == "9\u201310 January 2020"
    assert as_of_words(parse("2020-01", approximate=True)) == "about January 2020"
    assert as_of_words(parse("2020-01-09")) == "Thursday 9 January 2020"
