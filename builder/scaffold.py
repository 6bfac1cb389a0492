"""``briefs new BRIEF-ID``: a brief folder whose files check clean and explain themselves.

It never overwrites: an existing folder (or file) of that name is refused. Files are created with
O_EXCL, so even a folder that appears in the meantime is not written over.
"""

from __future__ import annotations

import os
from pathlib import Path

from .exceptions import Refused
from .diagnostics import show
from .schema import ID_PATTERN, ID_RULE, RESERVED_BRIEF_IDS, id_problem

# What `briefs new` writes for the editor to replace. A brief that is no longer a draft but still
# holds one of these is not ready to publish: the checker warns (placeholder-text), so --strict fails.
PLACEHOLDERS = {
    ("brief", "title"): "Headline of the brief",
    ("brief", "standfirst"): "One or two sentences that tell the story in short.",
    ("brief", "summary"): "What happened, in a few short paragraphs of Markdown.",
    ("brief", "why_it_matters"): "Why it matters, in Markdown.",
    ("sources", "title"): "Title of the article",
    ("sources", "publisher"): "Name of the publisher",
    ("sources", "text"): "Paste the article's text here, exactly as published.",
}

_SCHEMA = "# yaml-language-server: $schema=../../builder/schema/{name}.schema.json\n"

FILES = {
    "brief.yaml": """\
# The brief: headline, standfirst and summary. The editor's guide (content/guide/brief.md)
# explains every field.
# A draft is checked and shown by `briefs serve` (marked as a draft), but never published: when
# every placeholder below is replaced, delete this line (or write draft: false).
draft: true
title: Headline of the brief
standfirst: One or two sentences that tell the story in short.
summary: |
  What happened, in a few short paragraphs of Markdown. Cite each one.[^main-source]
why_it_matters: |
  Why it matters, in Markdown.[^main-source]
published: "{today}"
# updated: "2020-01-11"
topics: []
main_source: main-source
# key_actors: [first-actor-id, second-actor-id]
# key_quotes: [a-quote-id]
updates: []
# updates:
#   - date: "2020-01-11"
#     kind: correction        # or: update
#     text: Corrected the date of the vote.
""",
    "actors.yaml": """\
# The people, organisations, states and groups of the story, and how they relate.
actors: []
# actors:
#   - id: qassem-soleimani          # the name as the article spells it, lowercased, hyphenated
#     name: Qassem Soleimani
#     kind: person                  # person, organisation, state or group
#     role: Iranian general killed in the US drone strike in Baghdad
#     aliases: [Soleimani]
#     sources: [main-source]
#   - ref: donald-trump             # an actor defined in another brief: give only its role here
#     role: Ordered the drone strike
relations: []
# relations:
#   - from: abu-mahdi-al-mohandes
#     type: leads                   # leads, member-of, part-of, backs, allied-with, opposes,
#     to: kataeb-hezbollah          # works-for, agent-of, holds-office-in, blames
#     sources:
#       - source: main-source
#         excerpt: Mohandes's Kataeb Hezbollah
""",
    "events.yaml": """\
# What happened, each event dated as precisely as the source allows (see the guide's dates page).
events: []
# events:
#   - id: drone-strike
#     title: US drone strike in Baghdad kills Qassem Soleimani
#     date: "2020-01-03"            # or 2020, 2020-01, a range 2020-01-06/2020-01-08,
#                                   # or {value: 2020-01-08T23:30, tz: Asia/Baghdad}
#     place: baghdad                # a place id from places.yaml, or free text: US embassy, Baghdad
#     actors:
#       - actor: qassem-soleimani
#         part: killed
#     sources:
#       - source: main-source
#         excerpt: last Friday's drone strike in Baghdad
""",
    "places.yaml": """\
# The places the story happens in: defined once across all briefs, like actors, and named by id
# from any brief's events (event place: baghdad). Each gets a page at /places/<id>/.
places: []
# places:
#   - id: baghdad                   # the name as the article spells it, lowercased, hyphenated
#     name: Baghdad
#     kind: city                    # country, region, city, base or building
#     tz: Asia/Baghdad              # the IANA zone of its clock, shown beside times told by another
#     in: iraq                      # the place it lies in, defined here or in another brief
""",
    "quotes.yaml": """\
# What was said, word for word as in the source's stored text.
quotes: []
# quotes:
#   - id: pence-encouraging-intelligence
#     speaker: mike-pence
#     text: We're receiving some encouraging intelligence
#     said: "2020-01-09"
#     occasion: on CBS News
#     context: On whether Iran was restraining the militias
#     source: main-source
""",
    "sources.yaml": """\
# Where the facts come from. A source with a stored text (under sources/) lets the checker find
# every quote and excerpt in it.
sources:
  - id: main-source
    title: Title of the article
    publisher: Name of the publisher
    # url: https://example.com/the-article
    # published: "2020-01-09"
    kind: article
    text: sources/main-source.txt
""",
    "sources/main-source.txt": """\
Paste the article's text here, exactly as published. It is used to check quotes and excerpts, and
is never published in full.
""",
}


def scaffold(root: Path, brief_id: str, today: str | None = None) -> str:
    """Create briefs/BRIEF-ID/ and say so; raise ``Refused`` with nothing written when the id
    breaks the id rule, is one of the site's own paths, or the folder (or a file of that name)
    exists."""
    if not ID_PATTERN.fullmatch(brief_id):
        raise Refused(f"{show(brief_id)} is not a valid id: {id_problem(brief_id)} ({ID_RULE})")
    if brief_id in RESERVED_BRIEF_IDS:
        raise Refused(f"'{brief_id}' is reserved for the site's own pages: name the brief, for "
                      f"example, '{brief_id}-brief' (reserved: "
                      + ", ".join(sorted(RESERVED_BRIEF_IDS)) + ")")
    folder = root / "briefs" / brief_id
    if folder.exists():
        raise Refused(f"{folder} already exists; nothing was written")
    today = today or _today()
    try:
        (folder / "sources").mkdir(parents=True)
        for name, text in FILES.items():
            body = text.replace("{today}", today)
            if name.endswith(".yaml"):
                body = _SCHEMA.format(name=name[:-5]) + body
            fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(body)
    except FileExistsError as exc:
        raise Refused(f"{exc.filename} already exists; stopped without overwriting it") from None
    return f"created {folder}: edit its files, then run 'briefs check' and 'briefs serve'"


def _today() -> str:
    import datetime

    return datetime.date.today().isoformat()
