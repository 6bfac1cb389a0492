"""The ``briefs`` command: check, build, serve and scaffold briefs.

Exit codes (the CLI contract in DESIGN.md): 0 clean, 1 problems found (errors, or warnings with
--strict; a refused action), 2 usage or internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from . import diagnostics as diag
from .check import FACT_FILES, Result, check

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


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
              records: bool = True, use_cache: bool = False) -> tuple[int, Result]:
    """Check, print the diagnostics, and return the exit code with the result. Without
    ``records`` (a plain check) unchanged briefs come from the cache and the rest are checked in
    parallel."""
    out = out or sys.stdout
    cache = None
    if use_cache and not records:
        from .cache import Cache

        cache = Cache(root)
    result = check(root, records=records, cache=cache, jobs=1 if records else min(4, os.cpu_count() or 1))
    found = result.diagnostics
    files = result.files
    if only is not None:
        found = [d for d in found if Path(d.loc.file).resolve().is_relative_to(only)]
        files = sum(1 for name in FACT_FILES if (only / f"{name}.yaml").exists())
    if strict:
        found = [d if d.severity == diag.ERROR else
                 diag.Diagnostic(d.loc, diag.ERROR, d.code, d.message, d.hint) for d in found]
    formatter = diag.FORMATTERS[fmt]
    for d in found:
        print(formatter(d), file=out)
    errors, warnings = diag.counts(found)
    if fmt != "json":
        print(diag.summary(found, files) if found else
              f"checked {files} files: no problems", file=sys.stderr)
    return (EXIT_PROBLEMS if errors else EXIT_OK), result


def cmd_check(args) -> int:
    root, only = find_root(Path(args.path))
    use_cache = not args.no_cache and not os.environ.get("CI")
    code, _ = run_check(root, only, args.format, args.strict, records=False, use_cache=use_cache)
    return code


def cmd_new(args) -> int:
    from .scaffold import scaffold

    message, ok = scaffold(Path(args.root).resolve(), args.brief_id)
    print(message, file=sys.stdout if ok else sys.stderr)
    return EXIT_OK if ok else EXIT_PROBLEMS


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="briefs", description="Check and build explainer briefs.")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check", help="check every fact file and report all problems at once")
    p.add_argument("path", nargs="?", default=".", metavar="PATH",
                   help="the project root (holding briefs/), or one brief folder (default: .)")
    p.add_argument("--format", choices=sorted(diag.FORMATTERS), default="text",
                   help="text (default), github (workflow annotations) or json (one object a line)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--no-cache", action="store_true",
                   help="check every brief afresh (the cache in .briefs-cache/ is also off when "
                        "the CI environment variable is set)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("new", help="scaffold a brief folder with commented example files")
    p.add_argument("brief_id", metavar="BRIEF-ID", help="the new brief's id, e.g. iraq-militias-2020")
    p.add_argument("--root", default=".", help="the project root (default: .)")
    p.set_defaults(func=cmd_new)

    _add_site_commands(sub)
    return top


def _add_site_commands(sub) -> None:
    try:
        from . import site_cli
    except ImportError:  # the site commands need mkdocs; checking does not
        return
    site_cli.add_commands(sub)


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return EXIT_USAGE if exc.code else EXIT_OK
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"briefs: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # an internal error: one line, and the traceback only when asked for
        if os.environ.get("BRIEFS_DEBUG"):
            traceback.print_exc()
        print(f"briefs: internal error: {type(exc).__name__}: {exc} "
              "(set BRIEFS_DEBUG=1 for the traceback)", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
