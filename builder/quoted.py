"""Words in quotation marks: the brief's own prose may quote, but only what a source says.

A summary, a why-it-matters, a role or an event summary that puts words in quotation marks claims
they are someone's: they must be in the stored text of one of the brief's sources, checked like a
quote, with the closest passage as the hint. And a quote copied with the article's own punctuation
(the comma before "he said", the opening quotation mark) gets a hint that says what to drop.
"""

from __future__ import annotations

import re

from . import citations
from .diagnostics import Diagnostic, Loc, error, escape, show, warning
from .verbatim import Budget, SourceText, normalise

# a pair of double quotation marks, typographic or straight, around at most 600 characters
_QUOTED = re.compile(r"\u201c([^\u201c\u201d]{1,600}?)\u201d|\"([^\"]{1,600}?)\"")
_OPENING = ("\"", "\u201c", "'", "\u2018")
# what holds quotation marks that quote nobody: HTML tags (their attributes), a link's target and
# title, inline code, and a citation's passage ([^source "words"], checked as an excerpt)
_TAGS = re.compile(r"<[^<>]*>")
_NOT_PROSE = re.compile(r"\]\([^()]*\)|`[^`]*`")


def quotations(prose: str | None) -> list[str]:
    """The words PROSE puts in quotation marks, in order (each with at least one letter)."""
    if not prose:
        return []
    plain = _NOT_PROSE.sub(" ", _TAGS.sub(" ", citations.MARK.sub(" ", prose)))
    found = [m.group(1) or m.group(2) for m in _QUOTED.finditer(plain)]
    return [" ".join(w.split()) for w in found if re.search(r"[^\W\d_]", w)]


def unsourced(fields: list[tuple[Loc, str, str | None]], texts: list[SourceText],
              budget: Budget | None = None) -> tuple[list[Diagnostic], list[tuple[str, Loc, str]]]:
    """For each (where, what, prose) of FIELDS, the quotations found in none of TEXTS: their
    diagnostics, and (words, where, closest passage or "") for those to look for in the texts of
    sources the brief reuses from other briefs (the caller decides which)."""
    out, missing = [], []
    for loc, what, prose in fields:
        for words in quotations(prose):
            if any(text.contains(words) for text in texts):
                continue
            closest = next((c for c in (t.closest(words, budget=budget) for t in texts) if c), "")
            missing.append((words, loc, closest))
            out.append(_unsourced(loc, what, words, closest))
    return out, missing


def _unsourced(loc: Loc, what: str, words: str, closest: str) -> Diagnostic:
    return error(loc, "quotation-not-in-source",
                 f"{what} puts {show(words, 60)} in quotation marks, but no source of this brief "
                 "has these words",
                 f"the closest passage is: {escape(closest)}" if closest else
                 "quote the source exactly, or drop the quotation marks if the words are yours")


def punctuation(quote_text: str, text: SourceText | None, loc: Loc) -> Diagnostic | None:
    """A quote that keeps the article's punctuation around the words: a trailing ',' (the article
    writes '..., he said') or an opening quotation mark, when the quote is in the text."""
    stripped = quote_text.strip()
    marked = stripped.endswith(",") or stripped.startswith(_OPENING)
    if not marked or text is None or not text.contains(stripped):
        return None  # nothing to say, or the quote is not in the text (that error says enough)
    if stripped.startswith(_OPENING):
        return warning(loc, "quote-punctuation",
                       "the quote starts with the article's quotation mark",
                       f"drop the leading {show(stripped[0])}: the site sets the quotation marks")
    after = _words_after(stripped, text)
    return warning(loc, "quote-punctuation", "the quote ends with the article's trailing ','",
                   f"drop the trailing ',' the article adds before {show(after)}" if after
                   else "drop the trailing ',': it belongs to the article's sentence")


def _words_after(words: str, text: SourceText | None) -> str | None:
    """The words of the source right after the quote, past its closing quotation mark: 'he said'."""
    if text is None:
        return None
    needle = normalise(words)
    at = text.text.find(needle)
    if at < 0:
        return None
    rest = text.text[at + len(needle):at + len(needle) + 80].lstrip("\"' ")
    match = re.match(r"[^.!?;:\"]{1,60}", rest)
    return " ".join(match.group(0).split()[:4]) if match else None
