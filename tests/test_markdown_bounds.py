"""No Markdown field can make the build slow (issue 9, finding 2).

Python-Markdown's inline link parsing is quadratic (upstream issue #798): before this, a summary of
16,000 '[' passed the check in 0.1 s and took 30 s to build. Each shape below is written at the
Markdown cap (10,000 characters): either the check refuses it (``markdown_problem``) or it renders
in well under a second. The time bound (2 s of this process's CPU time, which a busy machine does
not inflate as it does the wall clock) is generous so as not to flake; these are safety tests, not
benchmarks: the refused shapes took 1 s to over 30 s before.
"""

from __future__ import annotations

import sys
import time

import markdown as markdown_lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import text as rules
from builder.markdown_safe import LINK_WINDOW, converter
from builder.render import markdown

CAP = rules.MAX_MARKDOWN
BOUND = 2.0  # seconds


def at_cap(start: str, filler: str = "a") -> str:
    """``start`` and then ``filler`` up to exactly the cap."""
    return (start + filler * CAP)[:CAP]


def repeat(unit: str) -> str:
    return (unit * (CAP // len(unit) + 1))[:CAP]


# shape -> (text at the cap, what the check says about it: None when it is accepted)
SHAPES = {
    "open-brackets": (repeat("["), ("'['", CAP, 200)),
    "open-links": (repeat("[a]("), ("'['", CAP // 4, 200)),
    "open-images": (repeat("!["), ("'['", CAP // 2, 200)),
    "brackets-closed-in-code-spans": (repeat("[`]`"), ("'['", CAP // 4, 200)),
    "references": (repeat("[a]["), ("'['", CAP // 2, 200)),
    "nested-brackets": ("[" * (CAP // 2) + "]" * (CAP // 2), ("'['", CAP // 2, 200)),
    "backslashes": (repeat("\\"), None),
    "escaped-stars": (repeat("\\*"), None),
    "star-runs": (repeat("*"), None),
    "emphasis-openers": (repeat("*a"), None),
    "underscore-openers": (repeat("_a"), None),
    "nested-emphasis": ("*_" * (CAP // 4) + "_*" * (CAP // 4), None),
    "strong-openers": (repeat("**a"), None),
    "angle-brackets": (repeat("<"), ("'<'", CAP, 200)),
    "unclosed-tags": (repeat("<a"), ("'<'", CAP // 2, 200)),
    "unclosed-autolinks": (repeat("<http://"), ("'<'", CAP // 8, 200)),
    "backticks": (repeat("`"), None),
    "code-span-openers": (repeat("`a"), None),
    "entity-openers": (repeat("&#"), None),
    "entities": (repeat("&#1; "), None),
    "ampersands": (repeat("&"), None),
    "a-line-of-pipes": (repeat("|"), None),
    "lines-of-pipes": (repeat("|" * 19 + "\n"), None),
    "nested-block-quotes": (repeat(">"), None),
    "nested-block-quotes-spaced": (repeat("> "), None),
    "block-quotes-and-lists": (repeat("> - "), None),
    "nested-lists": ("".join("\t" * i + "- a\n" for i in range(200))[:CAP],
                     None),
    "setext-underlines": (repeat("=\n"), ("lines", CAP // 2, 500)),
    "rules": (repeat("-\n"), ("lines", CAP // 2, 500)),
    "list-items": (repeat("- a\n"), ("lines", CAP // 4, 500)),
}


def timed(render, text: str) -> float:
    start = time.process_time()
    render(text)
    return time.process_time() - start


@pytest.mark.parametrize("name", SHAPES)
def test_a_markdown_field_at_the_cap_is_refused_or_renders_fast(name):
    text, expected = SHAPES[name]
    assert len(text) == CAP
    assert rules.markdown_problem(text) == expected
    assert timed(markdown.__wrapped__, text) < BOUND  # the page's renderer, uncached
    if expected is None:
        assert timed(converter().convert, text) < BOUND  # Markdown itself, no guard


def limit_text(start: str) -> str:
    """``start`` (within the limits) and then words up to the cap."""
    return (start + "word " * CAP)[:CAP]


# the costliest texts the check lets through: at the cap, at each limit
AT_THE_LIMITS = {
    "200-unclosed-brackets": limit_text("[" * 200),
    "200-brackets-at-the-end": "a" * (CAP - 200) + "[" * 200,
    "200-unclosed-links": limit_text("[a](" * 200),
    "200-unclosed-links-with-parentheses": limit_text("[a](" * 200 + "(" * 5000),
    "200-unclosed-images": limit_text("![" * 200),
    "100-nested-brackets": limit_text("[" * 100 + "]" * 100),
    "200-brackets-closed-at-the-far-end": "[" * 200 + "a" * (CAP - 400) + "]" * 200,
    "200-brackets-closed-in-code-spans": limit_text("[`]`" * 200),
    "100-references": limit_text("[a][" * 100),
    "200-unclosed-autolinks": limit_text("<http://" * 200),
    "200-unclosed-tags": limit_text("<a" * 200),
    "500-setext-headings": ("=" * 19 + "\n") * 500,
    "500-rules": ("-" * 19 + "\n") * 500,
    "500-list-items": ("- " + "a" * 17 + "\n") * 500,
    "500-quoted-lines": ("> " + "a" * 17 + "\n") * 500,
    "200-links": limit_text("[a link](https://example.org/a/b/c) " * 200),
}


@pytest.mark.parametrize("name", AT_THE_LIMITS)
def test_the_costliest_text_the_check_accepts_renders_fast(name):
    text = AT_THE_LIMITS[name]
    assert len(text) <= CAP
    assert rules.markdown_problem(text) is None
    assert timed(converter().convert, text) < BOUND


def test_unclosed_brackets_are_not_scanned_by_a_python_loop():
    # ten times the cap, so that stock Python-Markdown's loop (200 x 3 scans of 100,000
    # characters, about 6 s) could not pass: the bounded scan is C's str.find
    text = "[" * 200 + "word " * (2 * CAP)
    assert timed(converter().convert, text) < BOUND / 4


def test_one_more_bracket_angle_or_line_is_refused():
    assert rules.markdown_problem("[" * 201) == ("'['", 201, 200)
    assert rules.markdown_problem("<" * 201) == ("'<'", 201, 200)
    assert rules.markdown_problem("a\n" * 501) == ("lines", 501, 500)
    assert rules.markdown_problem("a\n" * 500) is None
    assert rules.markdown_problem("a\n" * 499 + "a") is None


SAMPLES = [
    "[a](https://example.org/)", "[a] [b]", "[[a]](x)", "[a [b] c](x)", "[a](x (y) z)",
    "[a](<x y> \"t\")", "[a](x 'title')", "![i](x.png)", "[a][b]\n\n[b]: https://example.org/",
    "[a][]\n\n[a]: https://example.org/", "[`]`](x)", "\\[a](x)", "[a\\]](x)", "[a](x\"t)",
    "[a](x \"t\" )", "[ [ [ a ] ] ](x)", "]] [[ ]]", "[a](", "[a](x(", "[a](x))", "*[a](x)*",
    "[*a*](x)", "[a](x) and [b](y) and [c]",
]


@pytest.mark.parametrize("source", SAMPLES)
def test_the_bounded_link_parser_reads_links_as_python_markdown_does(source):
    stock = markdown_lib.Markdown(extensions=["sane_lists"], output_format="html")
    assert converter().convert(source) == stock.convert(source)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="[]()!<>`\\ a\"'\n*_:x", max_size=60))
def test_the_bounded_link_parser_agrees_with_python_markdown_on_any_short_text(source):
    stock = markdown_lib.Markdown(extensions=["sane_lists"], output_format="html")
    assert converter().convert(source) == stock.convert(source)


def test_a_link_longer_than_the_window_stays_text():
    url = "https://example.org/" + "x" * LINK_WINDOW
    assert "<a " not in converter().convert(f"[a]({url})")
    assert "<a " in converter().convert(f"[a]({url[:LINK_WINDOW - 10]})")


def test_markdown_that_recurses_too_deep_is_shown_as_text_not_a_crash():
    nested = "".join("\t" * i + "- a\n" for i in range(140))  # within the cap and the limits
    assert rules.markdown_problem(nested) is None

    def deep(n: int) -> str:  # render from a stack already near the recursion limit
        return deep(n - 1) if n else str(markdown.__wrapped__(nested))

    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    html = deep(sys.getrecursionlimit() - depth - 150)
    assert html.startswith("<p>- a") and "<ul>" not in html


def test_a_refused_field_is_shown_escaped_if_it_ever_reaches_the_renderer():
    assert str(markdown.__wrapped__("[" * 300 + "\n\n<b>x</b>")) == (
        "<p>" + "[" * 300 + "</p><p>&lt;b&gt;x&lt;/b&gt;</p>")
