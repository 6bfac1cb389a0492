"""How many diagnostics are printed: at most 100 per file and 1,000 per run, each cut closed by one
line that says how many more there are. The summary line still counts all of them.

A broken file can hold thousands of problems (one per entry of a long list); past the first
hundred they are the same mistake again, and printing them all made millions of lines and
millions of GitHub annotations. The checker still finds and counts every problem, the exit status
still depends on all of them, and the check cache keeps all of them: only printing stops.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Iterable, Iterator

from .diagnostics import Diagnostic, gh_escape, json_line, one_line

MAX_PER_FILE = 100
MAX_PER_RUN = 1_000


@dataclass(frozen=True)
class More:
    """A closing line: ``count`` problems not printed, in ``file``, or (``file`` None) in
    ``files`` files none of whose problems was printed."""

    file: str | None
    count: int
    files: int = 1

    @property
    def message(self) -> str:
        problems = f"{self.count} more problem" + ("" if self.count == 1 else "s")
        if self.file is not None:
            return f"and {problems} in this file"
        return f"and {problems} in {self.files} more file" + ("" if self.files == 1 else "s")


def capped(diagnostics: Iterable[Diagnostic], per_file: int = MAX_PER_FILE,
           per_run: int = MAX_PER_RUN) -> Iterator[Diagnostic | More]:
    """The diagnostics to print (sorted, so each file's are together), each file's cut followed by
    its ``More``, and one ``More`` at the end for the files left out whole."""
    shown = left_count = left_files = 0
    for file, group in groupby(diagnostics, key=lambda d: d.loc.file):
        room = min(per_file, per_run - shown)
        if room <= 0:
            left_count += sum(1 for _ in group)
            left_files += 1
            continue
        count = 0
        for d in group:
            if count < room:
                yield d
            count += 1
        shown += min(count, room)
        if count > room:
            yield More(file, count - room)
    if left_count:
        yield More(None, left_count, left_files)


def format_more(more: More, fmt: str) -> str:
    """The closing line in the output format: text, a GitHub notice, or one JSON object, with the
    file name made safe as the diagnostics' own formatters make it."""
    if fmt == "github":
        where = f" file={gh_escape(one_line(more.file), True)}" if more.file is not None else ""
        return f"::notice{where}::{gh_escape(more.message)}"
    if fmt == "json":
        return json_line({"file": more.file, "omitted": more.count, "files": more.files,
                          "message": more.message})
    return f"{one_line(more.file)}: {more.message}" if more.file is not None else more.message
