"""Python-Markdown with link parsing whose work is bounded (upstream Python-Markdown issue #798).

Every inline link, image and reference pattern calls ``getText`` at each ``[``: a Python loop to
the matching ``]``, to the end of the text when there is none, so that N unmatched ``[`` cost N
times the text. Here it jumps from ``]`` to ``]`` with ``str.find`` and counts the ``[`` between
with ``str.count`` (C speed; the same answer). It loops once per ``]`` passed, at most once per
``[`` in between: ``builder.text`` caps the ``[`` of a field.

``getLink`` (the Python loop over ``(address "title")`` after ``](``) is given at most
``LINK_WINDOW`` characters: a link whose address and title run longer stays text.
"""

from __future__ import annotations

import markdown as markdown_lib
from markdown.extensions import Extension
from markdown import inlinepatterns as ip

LINK_WINDOW = 2_000


class _BoundedText:
    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        depth, pos = 1, index
        while True:
            close = data.find("]", pos)
            if close < 0:
                return data[index:], len(data), False
            depth += data.count("[", pos, close) - 1
            if depth == 0:
                return data[index:close], close + 1, True
            pos = close + 1

    def getLink(self, data: str, index: int):
        return super().getLink(data[:index + LINK_WINDOW], index)


class _Link(_BoundedText, ip.LinkInlineProcessor):
    pass


class _Image(_BoundedText, ip.ImageInlineProcessor):
    pass


class _Reference(_BoundedText, ip.ReferenceInlineProcessor):
    pass


class _ShortReference(_BoundedText, ip.ShortReferenceInlineProcessor):
    pass


class _ImageReference(_BoundedText, ip.ImageReferenceInlineProcessor):
    pass


class _ShortImageReference(_BoundedText, ip.ShortImageReferenceInlineProcessor):
    pass


_REPLACEMENTS = {"reference": _Reference, "link": _Link, "image_link": _Image,
                 "image_reference": _ImageReference, "short_reference": _ShortReference,
                 "short_image_ref": _ShortImageReference}


class BoundedLinks(Extension):
    """Swap each link pattern for its bounded twin, at the same name and priority."""

    def extendMarkdown(self, md) -> None:
        patterns = md.inlinePatterns
        for name, cls in _REPLACEMENTS.items():
            old = patterns[name]
            priority = next(item.priority for item in patterns._priority if item.name == name)
            patterns.register(cls(old.pattern, md), name, priority)


def converter() -> markdown_lib.Markdown:
    return markdown_lib.Markdown(extensions=["sane_lists", BoundedLinks()], output_format="html")
