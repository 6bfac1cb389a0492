"""Is a quote or excerpt really in the source text? Verbatim, after normalising only whitespace,
typographic quotes, apostrophes and dashes, and composing accents (NFC). When it is not, find the closest passage to show.

The closest passage is the run of sentences (up to four) that holds most of the words, measured by
difflib. Comparing the words with every run of a large text cost minutes (one 300-word misquote
against an 8 MB text: 138 s), so each text is indexed once (which sentences hold each word), the
sentences that share the most words, rarest first, are re-ranked by the word trigrams they share,
and only the runs around the best few are compared. The comparing is paid from a ``Budget`` of
character pairs per brief: once it is spent, the hint says only to copy the words exactly.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import heapq
import math
import re
import unicodedata
from array import array

# the typographic variants that count as the same character as the plain one
_VARIANTS = {
    "'": "\u2018\u2019\u201a\u201b\u2032\u02bc",
    '"': "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb",
    "-": "\u2010\u2011\u2012\u2013\u2014\u2015\u2212",
}
_PAIRS = tuple((v, plain) for plain, variants in _VARIANTS.items() for v in variants)
_RUN = re.compile(r"\s{2,}")  # whitespace that normalising makes one space (\s: str.split's)
_SENTENCE = re.compile(r"(?<=[.!?\"'])\s+")  # in normalised text: no line breaks are left
_TOKEN = re.compile(r"\w+")  # the words of the index, casefolded: punctuation and capitals aside

# What the closest-passage search may do. A "pair" is one character of the words compared with one
# character of a passage: difflib's cost grows with their product (about 5-10 ns a pair here).
HINT_BUDGET = 20_000_000  # pairs per brief: about 0.2 s, some 300 hints for typical misquotes
CANDIDATES = 4  # sentences around which runs are compared, after ranking
RERANKED = 32  # sentences re-ranked by shared trigrams, of those that share the most words
POSTINGS = 20_000  # sentence entries read from the index for one search (rarest words first)
POSTING_COST = 100  # what reading one entry of the index is charged, in pairs (it takes ~1 us)
LONGEST = 1_000  # a sentence longer than this (a text without full stops) is split into pieces
DIRECT = 256 * 1024  # texts up to this are scanned whole for each quote: quicker than the index


def _plain_characters(text: str) -> str:
    """The text with typographic quotes and dashes made plain: same length, same positions."""
    for variant, plain in _PAIRS:  # a few fast scans beat a per-character translation table
        if variant in text:
            text = text.replace(variant, plain)
    return text


def normalise(text: str) -> str:
    """Whitespace, typographic quotes and dashes made plain, and the text composed (NFC): 'é'
    typed as 'e' and a combining accent is the 'é' of a source that has it as one character."""
    return " ".join(_plain_characters(unicodedata.normalize("NFC", text)).split())


class SourceText:
    """A stored source text, normalised once, that answers "is this in it?" and "what is closest?"."""

    def __init__(self, text: str):
        self._given = text
        self._passages: list[str] | None = None
        self._runs: tuple[list[int], list[int]] | None = None
        self._index: dict[str, array] | None = None
        self._starts = array("I")  # where each passage starts in the normalised text

    @functools.cached_property
    def raw(self) -> str:
        """The text as stored, composed (NFC), so that normalising it changes only whitespace
        (see _shifts); made when first asked for, as ``text`` is."""
        given = self._given
        if given.isascii() or unicodedata.is_normalized("NFC", given):
            return given
        return unicodedata.normalize("NFC", given)

    @functools.cached_property
    def text(self) -> str:
        """The normalised text, made when first asked for: a build reads back the texts of every
        brief from its cache, and asks only those of the pages it renders (normalising 1,000
        briefs' took 0.3 s)."""
        return normalise(self.raw)

    def _shifts(self) -> tuple[list[int], list[int]]:
        """How far the raw text runs ahead of the normalised one: from each normalised position in
        the first list on, by the amount in the second. Normalising keeps every character but
        whitespace: leading and trailing whitespace goes, and every run of it becomes one space,
        so the raw text gains ground only at the runs of two or more (a paragraph break)."""
        if self._runs is None:
            lead = len(self.raw) - len(self.raw.lstrip())
            at, by = [0], [lead]
            for run in _RUN.finditer(self.raw, lead):
                shift = by[-1] + run.end() - run.start() - 1
                at.append(run.end() - shift)
                by.append(shift)
            self._runs = (at, by)
        return self._runs

    def original(self, words: str) -> str | None:
        """The words as the source writes them (curly quotes, dashes and line breaks included)."""
        needle = normalise(words)
        start = self.text.find(needle) if needle else -1
        if start < 0:
            return None
        at, by = self._shifts()
        last = start + len(needle) - 1  # neither end of the needle is whitespace
        return self.raw[start + by[bisect.bisect_right(at, start) - 1]:
                        last + by[bisect.bisect_right(at, last) - 1] + 1]

    def contains(self, words: str) -> bool:
        """Whether the words are in the text. A large text is not scanned whole for each quote
        (4 ms at 8 MB, and a brief may cite it thousands of times): every whole word of the quote
        must be in the index, and the quote is looked for only around the sentences holding its
        rarest word."""
        needle = normalise(words)
        if not needle:
            return False
        if len(self.text) <= DIRECT:
            return needle in self.text
        inner = _TOKEN.findall(needle.casefold())[1:-1]  # the first and last may be cut short
        if not inner:
            return needle in self.text
        index, rarest = self.index(), None
        for word in set(inner):
            found = index.get(word)
            if found is None:
                return False  # a whole word of the quote is nowhere in the text
            if rarest is None or len(found) < len(rarest):
                rarest = found
        text, width = self.text, len(needle)
        if len(rarest) * (LONGEST + 2 * width) > len(text):
            return needle in text  # a common word: one scan is cheaper
        passages, starts = self._passages, self._starts
        # the word lies in one sentence, so the quote lies within its width of that sentence
        return any(text.find(needle, max(0, starts[n] - width), starts[n] + len(passages[n]) + width) >= 0
                   for n in rarest)

    def passages(self) -> list[str]:
        """The sentences of the text (the text is normalised already), long ones cut in pieces at
        spaces, with where each starts in the text."""
        if self._passages is None:
            passages, starts = [], array("I")
            text, at = self.text, 0
            for match in [*_SENTENCE.finditer(text), None]:
                end = match.start() if match is not None else len(text)
                while end - at > LONGEST:  # a text without full stops: cut at a space
                    cut = text.rfind(" ", at + LONGEST // 2, at + LONGEST)
                    if cut < 0:
                        cut = text.find(" ", at + LONGEST, end)
                        if cut < 0:
                            break
                    passages.append(text[at:cut])
                    starts.append(at)
                    at = cut + 1
                if end > at:
                    passages.append(text[at:end])
                    starts.append(at)
                at = match.end() if match is not None else end
            self._passages, self._starts = passages, starts
        return self._passages

    def index(self) -> dict[str, array]:
        """Each word (casefolded) -> the numbers of the sentences that hold it, built once."""
        if self._index is None:
            index: dict[str, array] = {}
            for number, sentence in enumerate(self.passages()):
                for word in set(_TOKEN.findall(sentence.casefold())):
                    found = index.get(word)
                    if found is None:
                        index[word] = found = array("I")
                    found.append(number)
            self._index = index
        return self._index

    def candidates(self, needle: str, budget: "Budget | None" = None) -> list[int] | None:
        """The few sentences most like the words: most shared words (the rarer, the more they
        count), then most shared word trigrams; ties go to the earlier sentence. None when the
        budget cannot pay for reading the index."""
        words = _TOKEN.findall(needle.casefold())
        index, total = self.index(), len(self.passages())
        postings, read = [], 0
        for found in sorted((index[w] for w in sorted(set(words)) if w in index), key=len):
            if read and read + len(found) > POSTINGS:
                break  # the remaining words are the commonest: they would tell little
            postings.append(found)
            read += min(len(found), POSTINGS)
        if budget is not None and not budget.spend(read * POSTING_COST):
            return None
        votes: dict[int, float] = {}
        for found in postings:
            weight = math.log(1 + total / len(found))
            for number in found[:POSTINGS]:
                votes[number] = votes.get(number, 0.0) + weight
        if not votes:
            return []
        top = heapq.nsmallest(RERANKED, votes, key=lambda n: (-votes[n], n))
        trigrams = set(zip(words, words[1:], words[2:]))
        sentences = self.passages()
        if budget is not None and not budget.spend(sum(len(sentences[n]) for n in top) * POSTING_COST // 10):
            return None

        def shared(number: int) -> int:
            have = _TOKEN.findall(sentences[number].casefold())
            return len(trigrams.intersection(zip(have, have[1:], have[2:])))

        ranked = sorted(top, key=lambda n: (-shared(n), -votes[n], n))
        return ranked[:CANDIDATES]

    def closest(self, words: str, width: int = 160, budget: "Budget | None" = None) -> str | None:
        """The run of sentences that holds most of the words (None when nothing is alike, or when
        the budget is spent), cut to about ``width`` characters around where they match."""
        needle = normalise(words)
        sentences = self.passages()
        if not needle or not sentences:
            return None
        if budget is not None and budget.spent:
            return None
        span = max(1, min(4, needle.count(". ") + 1))
        anchors = self.candidates(needle, budget)
        if anchors is None:
            return None
        runs = sorted({(size, start) for number in anchors
                       for size in range(1, span + 1)
                       for start in range(max(0, number - size + 1),
                                          min(number, len(sentences) - size) + 1)})
        # the longest runs first: they hold the most, so the best is found early and the shorter
        # runs are mostly skipped unread; the same cover goes to the shorter, then earlier run
        best, best_cover, best_at, best_run = None, 0.0, 0, (0, 0)
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(needle)
        for run in reversed(runs):
            size, start = run
            passage = " ".join(sentences[start:start + size])
            # neither a run too short to hold more of the words than the best so far, nor one
            # whose upper bound (quick_ratio counts the characters in common) cannot beat it
            if min(len(passage), len(needle)) / len(needle) < best_cover:
                continue
            matcher.set_seq1(passage)
            bound = matcher.quick_ratio() * (len(passage) + len(needle)) / 2 / len(needle)
            if bound < best_cover or (bound == best_cover and run > best_run):
                continue
            if budget is not None and not budget.spend(len(passage) * len(needle)):
                return None
            blocks = matcher.get_matching_blocks()
            cover = sum(b.size for b in blocks) / len(needle)
            if cover > best_cover or (cover == best_cover and best is not None and run < best_run):
                best, best_cover, best_at, best_run = passage, cover, blocks[0].a, run
        if best is None or best_cover < 0.5:
            return None
        if len(best) <= width:
            return best
        start = max(0, min(best_at - 20, len(best) - width))
        return ("..." if start else "") + best[start:start + width].strip() + "..."


class Budget:
    """What is left of the closest-passage search of one brief, in character pairs. One brief's
    budget, not the run's: a brief's diagnostics are the same whichever other briefs are checked
    with it, in whatever worker, or taken from the check cache."""

    def __init__(self, pairs: int = HINT_BUDGET):
        self.left = pairs
        self.spent = False

    def spend(self, pairs: int) -> bool:
        """Take ``pairs`` from the budget; False (and spent for good) when there are not enough."""
        if pairs > self.left:
            self.left, self.spent = 0, True
            return False
        self.left -= pairs
        return True
