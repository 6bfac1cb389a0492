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
from . import site_cli
from .command import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Refused, UsageError, find_root, run_check

def cmd_check(args) -> int:
    root, only = find_root(Path(args.path))
    use_cache = not args.no_cache and not os.environ.get("CI")
    code, _ = run_check(root, only, args.format, args.strict, records=False, use_cache=use_cache)
    return code


def cmd_new(args) -> int:
    from .scaffold import scaffold

    print(scaffold(Path(args.root).resolve(), args.brief_id))
    return EXIT_OK


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

    site_cli.add_commands(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return EXIT_USAGE if exc.code else EXIT_OK
    try:
        return args.func(args)
    except Refused as exc:
        print(f"briefs {args.command}: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
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
