"""Is a quote or excerpt really in the source text? Verbatim, after normalising only whitespace,
typographic quotes, apostrophes and dashes. When it is not, find the closest passage to show."""

from __future__ import annotations

import bisect
import difflib
import re

# the typographic variants that count as the same character as the plain one
_VARIANTS = {
    "'": "\u2018\u2019\u201a\u201b\u2032\u02bc",
    '"': "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb",
    "-": "\u2010\u2011\u2012\u2013\u2014\u2015\u2212",
}
_PAIRS = tuple((v, plain) for plain, variants in _VARIANTS.items() for v in variants)
_WORD = re.compile(r"\S+")
_SENTENCE = re.compile(r"(?<=[.!?\"'])\s+")  # in normalised text: no line breaks are left


def _plain_characters(text: str) -> str:
    """The text with typographic quotes and dashes made plain: same length, same positions."""
    for variant, plain in _PAIRS:  # a few fast scans beat a per-character translation table
        if variant in text:
            text = text.replace(variant, plain)
    return text


def normalise(text: str) -> str:
    return " ".join(_plain_characters(text).split())


class SourceText:
    """A stored source text, normalised once, that answers "is this in it?" and "what is closest?"."""

    def __init__(self, text: str):
        self.raw = text
        self.text = normalise(text)
        self._passages: list[str] | None = None
        self._words: tuple[list[int], list[int]] | None = None

    def _word_starts(self) -> tuple[list[int], list[int]]:
        """Where each word starts in the normalised text and in the raw one. Normalising keeps
        every character but whitespace runs, so these pairs map any position back."""
        if self._words is None:
            normal, raw, at = [], [], 0
            for match in _WORD.finditer(_plain_characters(self.raw)):
                normal.append(at)
                raw.append(match.start())
                at += match.end() - match.start() + 1
            self._words = (normal, raw)
        return self._words

    def _raw_position(self, index: int) -> int:
        normal, raw = self._word_starts()
        word = bisect.bisect_right(normal, index) - 1
        return raw[word] + index - normal[word]

    def original(self, words: str) -> str | None:
        """The words as the source writes them (curly quotes, dashes and line breaks included)."""
        needle = normalise(words)
        start = self.text.find(needle) if needle else -1
        if start < 0:
            return None
        end = self._raw_position(start + len(needle) - 1) + 1
        return self.raw[self._raw_position(start):end]

    def contains(self, words: str) -> bool:
        needle = normalise(words)
        return bool(needle) and needle in self.text

    def passages(self) -> list[str]:
        if self._passages is None:
            self._passages = [p for p in (normalise(s) for s in _SENTENCE.split(self.text)) if p]
        return self._passages

    def closest(self, words: str, width: int = 160) -> str | None:
        """The run of sentences that holds most of the words (None when nothing is alike), cut to
        about ``width`` characters around where they match."""
        needle = normalise(words)
        sentences = self.passages()
        if not needle or not sentences:
            return None
        span = max(1, min(4, needle.count(". ") + 1))
        best, best_cover, best_at = None, 0.0, 0
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(needle)
        for size in range(1, span + 1):
            for i in range(len(sentences) - size + 1):
                passage = " ".join(sentences[i:i + size])
                matcher.set_seq1(passage)
                # quick_ratio bounds the matching characters from above: skip what cannot win
                bound = matcher.quick_ratio() * (len(passage) + len(needle)) / 2 / len(needle)
                if bound <= best_cover:
                    continue
                blocks = matcher.get_matching_blocks()
                cover = sum(b.size for b in blocks) / len(needle)
                if cover > best_cover:
                    best, best_cover, best_at = passage, cover, blocks[0].a
        if best is None or best_cover < 0.5:
            return None
        if len(best) <= width:
            return best
        start = max(0, min(best_at - 20, len(best) - width))
        return ("..." if start else "") + best[start:start + width].strip() + "..."
