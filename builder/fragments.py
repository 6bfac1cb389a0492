"""Fragments: the HTML of one fact, rendered once and placed on every page that shows it.

A fact's HTML must not depend on the page it lands on, yet two things in it do: its links are
relative to the page, and its citation marks are numbered in the page's order. So a fragment is
rendered with *deferred* links and *deferred* numbers, and each page resolves them once, when it
is finished (``finish``):

- a link is written ``\\x02target\\x03`` (the target relative to the site root, as builder/urls.py
  gives it) and becomes the relative link from the page (``relative``);
- a mark's number is written ``\\x04token\\x05``, a token drawn once per mark, and the page numbers
  its marks from ``first`` in the order they appear. A mark prints its number twice (its label
  and its text), so a new number starts where the token differs from the one before.

The control characters cannot come from a fact file (builder/text.py refuses them) and pass
through autoescaping unchanged, so nothing else on a page can look like a placeholder.
"""

from __future__ import annotations

import itertools
import re

from markupsafe import Markup

LINK_OPEN, LINK_CLOSE, MARK_OPEN, MARK_CLOSE = "\x02", "\x03", "\x04", "\x05"
_LINK = re.compile("\x02([^\x03]*)\x03")
_MARK = re.compile("\x04([0-9]+)\x05")


def relative(from_url: str, to: str) -> str:
    """A link from the page at ``from_url`` to ``to`` (both relative to the site root, page URLs
    ending in '/'). Plain string work: it runs for every link of every page."""
    target, _, fragment = to.partition("#")
    if target == from_url and fragment:
        return "#" + fragment
    here = from_url.split("/")[:-1] if from_url else []
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    path = "../" * (len(here) - common) + "/".join(there[common:])
    return (path or "./") + (f"#{fragment}" if fragment else "")


def link(target: str) -> str:
    """A link to ``target`` (relative to the site root), resolved when the page is finished."""
    return LINK_OPEN + target + LINK_CLOSE


class Marks:
    """Draws the tokens of citation marks: each call is a new mark."""

    def __init__(self) -> None:
        self._next = itertools.count(1)

    def __call__(self) -> Markup:
        return Markup(f"{MARK_OPEN}{next(self._next)}{MARK_CLOSE}")


def finish(url: str, html: str, first: int = 1) -> str:
    """The page at ``url``: its deferred links made relative to it and its marks numbered."""
    if LINK_OPEN in html:
        html = _LINK.sub(lambda m: relative(url, m[1]), html)
    if MARK_OPEN in html:
        numbers = itertools.count(first)
        last = [None, 0]

        def number(match: re.Match) -> str:
            if match[1] != last[0]:
                last[0], last[1] = match[1], next(numbers)
            return str(last[1])

        html = _MARK.sub(number, html)
    return html


def retokened(html: str, marks: Marks) -> str:
    """A fragment made by another renderer (a build before this one) with its marks' tokens drawn
    again from MARKS, each distinct token once: a page numbers a new mark where the token differs
    from the one before, so a stored fragment's tokens must not meet this build's."""
    if MARK_OPEN not in html:
        return html
    fresh: dict[str, str] = {}

    def token(match: re.Match) -> str:
        if match[1] not in fresh:
            fresh[match[1]] = str(marks())
        return fresh[match[1]]
    return _MARK.sub(token, html)


class Cache:
    """Fragments by key: the first page that shows a fact renders it, the others reuse it."""

    def __init__(self) -> None:
        self._made: dict[tuple, Markup] = {}
        self.rendered = self.reused = 0

    def found(self, key: tuple) -> Markup | None:
        return self._made.get(key)

    def get(self, key: tuple, make) -> Markup:
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = Markup(make())
            self.rendered += 1
        else:
            self.reused += 1
        return found
