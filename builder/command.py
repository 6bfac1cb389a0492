"""What every ``briefs`` command shares: the exit codes, the two ways a command says no, finding
the project root, and running the checker with its report.

Exit codes (the CLI contract in DESIGN.md): 0 clean, 1 problems found (errors, or warnings with
--strict; a refused action), 2 usage or internal error.

Which refusal is which: a request that is well formed but conflicts with what is there now
(a brief that exists, another build writing the same site folder) is ``Refused`` (1). A path that
can never be used as asked (a site folder that is part of the project, a file, a folder of files no
build made, a folder that cannot be written in) or a malformed setting (SOURCE_DATE_EPOCH) is a
``UsageError`` (2): the command or the configuration has to change, not the briefs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import diagnostics as diag
from .cache import Cache, RecordsCache
from .check import Result, check, shown_path
from .exceptions import Refused, UsageError  # noqa: F401 (the commands import them from here)
from .report import More, capped, format_more
from .schema import FILES

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def find_root(path: Path) -> tuple[Path, Path | None]:
    """The project root (the folder holding briefs/) and, when PATH is one brief, that brief."""
    path = path.resolve()
    if (path / "briefs").is_dir():
        return path, None
    if path.name == "briefs" and path.is_dir():
        return path.parent, None
    if path.is_dir() and path.parent.name == "briefs":
        return path.parent.parent, path
    raise UsageError(f"no briefs/ folder in {path}: run this from the project's root, or name it")


def run_check(root: Path, only: Path | None, fmt: str, strict: bool, out=None, *,
              records: bool = True, use_cache: bool = False,
              cache_dir: Path | None = None) -> tuple[int, Result]:
    """Check, print the diagnostics, and return the exit code with the result. Briefs are
    checked in parallel (their records, for a build, come back from the workers). Unchanged
    briefs come from a cache: without ``records`` (a plain check) with ``use_cache``, the check
    cache; with them (a build), the build cache in CACHE_DIR."""
    out = out or sys.stdout
    cache = None
    if use_cache and not records:
        cache = Cache(root)
    elif records and cache_dir is not None:
        cache = RecordsCache(cache_dir)
    result = check(root, records=records, cache=cache, jobs=min(4, os.cpu_count() or 1))
    if isinstance(cache, Cache) and cache.problem:
        print(f"briefs: ignored the check cache {diag.show(shown_path(cache.path))}: {cache.problem}; "
              "it has been written afresh", file=sys.stderr)
    found = result.diagnostics
    files = result.files
    if only is not None:
        found = [d for d in found if Path(d.loc.file).resolve().is_relative_to(only)]
        files = sum(1 for name in FILES if (only / f"{name}.yaml").exists())
    if strict:
        found = [d if d.severity == diag.ERROR else
                 diag.Diagnostic(d.loc, diag.ERROR, d.code, d.message, d.hint) for d in found]
    formatter = diag.FORMATTERS[fmt]
    for item in capped(found):  # at most 100 a file and 1,000 in all; the summary counts all
        print(format_more(item, fmt) if isinstance(item, More) else formatter(item), file=out)
    errors, warnings = diag.counts(found)
    if fmt != "json":
        print(diag.summary(found, files) if found else
              f"checked {files} files: no problems", file=sys.stderr)
    return (EXIT_PROBLEMS if errors else EXIT_OK), result
