"""Rendering helpers, one behaviour each: sanitizing, JSON-LD escaping, text fragments, links, dates."""

from __future__ import annotations

import json

import pytest

from builder import dates
from builder.render import initials, json_ld, markdown, relative, text_fragment


@pytest.mark.parametrize("source, expected", [
    ("**bold** and [a link](https://example.org/x)",
     '<p><strong>bold</strong> and <a href="https://example.org/x" rel="noopener noreferrer nofollow">a link</a></p>'),
    ("[js](javascript:alert(1))", "<p><a rel=\"noopener noreferrer nofollow\">js</a></p>"),
    ("[data](data:text/html,x)", "<p><a rel=\"noopener noreferrer nofollow\">data</a></p>"),
    ("[rel](../actors/x/)", "<p><a rel=\"noopener noreferrer nofollow\">rel</a></p>"),
    ("<script>alert(1)</script>", ""),
    ('<img src=x onerror="alert(1)">', "<p></p>"),
    ('<p style="color:red" onclick="x()">hi</p>', "<p>hi</p>"),
    ("<iframe src='https://evil.example'></iframe>", ""),
    ("<svg onload=alert(1)><circle/></svg>", "<p></p>"),
    ("[mail](mailto:desk@example.org)", '<p><a href="mailto:desk@example.org" rel="noopener noreferrer nofollow">mail</a></p>'),
])
def test_markdown_is_rendered_then_sanitized(source, expected):
    assert str(markdown(source)) == expected


def test_json_ld_cannot_close_its_script_and_parses_back():
    text = '</script><script>alert(1)</script> & <!-- \u2028'
    out = str(json_ld({"t": text}))
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == {"t": text}


@pytest.mark.parametrize("words, fragment", [
    ("the storm damaged two cranes", "#:~:text=the%20storm%20damaged%20two%20cranes"),
    ("Iran-aligned, militias & more", "#:~:text=Iran%2Daligned%2C%20militias%20%26%20more"),
    ("one two three four five six seven eight nine ten eleven twelve",
     "#:~:text=one%20two%20three%20four%20five,eight%20nine%20ten%20eleven%20twelve"),
    ("We\u2019re  receiving\nsome", "#:~:text=We%E2%80%99re%20receiving%20some"),
])
def test_text_fragments_encode_the_delimiters(words, fragment):
    assert text_fragment(words) == fragment


@pytest.mark.parametrize("url, joined", [
    ("https://example.org/a", "https://example.org/a#:~:text=two%20cranes"),
    ("https://example.org/a#storm", "https://example.org/a#storm:~:text=two%20cranes"),
    ("https://example.org/a#", "https://example.org/a#:~:text=two%20cranes"),
])
def test_a_text_fragment_follows_the_fragment_a_url_has_of_its_own(url, joined):
    """One '#' in a URL: a second would be part of the first fragment (found by an audit)."""
    from builder.render import with_fragment
    assert with_fragment(url, text_fragment("two cranes")) == joined


@pytest.mark.parametrize("here, target, link", [
    ("", "actors/x/", "actors/x/"),
    ("briefs/b/timeline/", "actors/x/", "../../../actors/x/"),
    ("briefs/b/", "briefs/b/timeline/#e1", "timeline/#e1"),
    ("briefs/b/timeline/", "briefs/b/timeline/#e1", "#e1"),
    ("actors/x/", "", "../../"),
    ("briefs/b/", "briefs/b/brief.json", "brief.json"),
])
def test_links_between_pages_are_relative(here, target, link):
    assert relative(here, target) == link


@pytest.mark.parametrize("name, letters", [
    # the marks of builder/graph.py: Iran and Iraq apart, the IISS not read as "IS"
    ("Qassem Soleimani", "QS"), ("Iran", "IRN"), ("Iraq", "IRQ"), ("Abu Mahdi al-Mohandes", "AMM"),
    ("International Institute for Strategic Studies", "IISS"), ("<b>", "B"), ("!", "!"),
])
def test_initials(name, letters):
    assert initials(name) == letters


@pytest.mark.parametrize("value, tz, approximate, human", [
    ("2020", None, False, "2020"),
    ("2019-12", None, False, "December 2019"),
    ("2020-01-03", None, False, "Friday 3 January 2020"),
    ("2020-01-08T23:30", "Asia/Baghdad", False, "Wednesday 8 January 2020, 23:30"),
    ("2020-01-09/2020-01-10", "Australia/Sydney", True, "about 9\u201310 January 2020"),
    ("2020-01/2020-03", None, False, "January\u2013March 2020"),
    ("2019-12-30/2020-01-02", None, False, "30 December 2019 \u2013 2 January 2020"),
])
def test_dates_are_shown_never_more_precisely_than_known(value, tz, approximate, human):
    assert dates.parse(value, tz, approximate).human() == human


def test_mixed_precisions_sort_by_when_they_start_then_end():
    written = ["2020-01-03", "2020", "2020-01", "2019-12", "2020-01-03T10:00", "2020-01-01/2020-01-05"]
    tz = {"2020-01-03T10:00": "UTC"}
    ordered = sorted((dates.parse(w, tz.get(w)) for w in written), key=lambda d: d.sort_key)
    assert [d.written for d in ordered] == [
        "2019-12", "2020-01-01/2020-01-05", "2020-01", "2020", "2020-01-03", "2020-01-03T10:00"]
