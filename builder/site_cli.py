"""``briefs build`` and ``briefs serve``: the site commands, which drive MkDocs.

A build checks first (errors stop it before anything is written), builds into a temporary folder
beside the site folder and swaps it in only on success, holds a lock so that two builds never run
at once, and takes its dates from the facts or SOURCE_DATE_EPOCH, never from the clock.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import sys
import time
from pathlib import Path

from .check import Result
from .command import EXIT_OK, EXIT_PROBLEMS, UsageError, find_root, run_check

LOCK_NAME = ".briefs.lock"


def add_commands(sub) -> None:
    p = sub.add_parser("build", help="check, then build the site (default: site/)")
    p.add_argument("--site-dir", default=None, metavar="DIR",
                   help="where to write the site (default: site_dir of mkdocs.yml, site/)")
    p.add_argument("--strict", action="store_true",
                   help="treat warnings (the checker's and MkDocs') as errors")
    p.add_argument("--root", default=".", help="the project root, holding mkdocs.yml (default: .)")
    p.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' own messages")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="live preview on 127.0.0.1:8000; edits reload the page")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                   help="address to serve on (default: 127.0.0.1:8000)")
    p.add_argument("--root", default=".", help="the project root, holding mkdocs.yml (default: .)")
    p.set_defaults(func=cmd_serve)


def _config_file(root: Path) -> Path:
    config = root / "mkdocs.yml"
    if not config.is_file():
        raise UsageError(f"no mkdocs.yml in {root}")
    return config


@contextlib.contextmanager
def build_lock(root: Path):
    """An exclusive, non-blocking lock on ROOT/.briefs.lock; a second build is refused."""
    path = root / LOCK_NAME
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildRefused(f"another build is running in {root} (it holds {LOCK_NAME}); "
                               "try again when it has finished") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class BuildRefused(Exception):
    pass


def content_epoch(result: Result) -> int:
    """SOURCE_DATE_EPOCH from the facts: when the newest brief was last updated."""
    starts = [b.last_updated.interval[0] for b in result.site.briefs]
    return int(max(starts).timestamp()) if starts else 0


@contextlib.contextmanager
def _environment(**values: str):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_site(root: Path, site_dir: Path | None, result: Result, strict: bool, verbose: bool) -> int:
    """Build with MkDocs into a temporary folder, then swap it in. Returns the page count."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.INFO if verbose else logging.WARNING)
    config_file = _config_file(root)
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(content_epoch(result))
    with _environment(SOURCE_DATE_EPOCH=epoch):
        config = load_config(config_file=str(config_file), strict=strict)
        target = Path(site_dir).resolve() if site_dir else Path(config.site_dir).resolve()
        temp = target.parent / f".{target.name}.building-{os.getpid()}"
        shutil.rmtree(temp, ignore_errors=True)
        config.site_dir = str(temp)
        config.plugins["briefs"].prechecked = result
        try:
            build(config)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(temp, target)
    shutil.rmtree(old, ignore_errors=True)
    return sum(1 for _ in target.rglob("index.html"))


def cmd_build(args) -> int:
    from mkdocs.exceptions import MkDocsException

    root, _ = find_root(Path(args.root))
    started = time.perf_counter()
    try:
        with build_lock(root):
            code, result = run_check(root, None, "text", args.strict)
            if code != EXIT_OK:
                print("briefs build: the briefs have errors; nothing was built and the previous "
                      "site is unchanged", file=sys.stderr)
                return code
            pages = build_site(root, Path(args.site_dir) if args.site_dir else None, result,
                               args.strict, args.verbose)
    except BuildRefused as exc:
        print(f"briefs build: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except (MkDocsException, SystemExit) as exc:
        print(f"briefs build: MkDocs stopped: {exc}; the previous site is unchanged", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"built {pages} pages in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    drafts = [b.id for b in result.site.briefs if b.draft]
    if drafts:
        print(f"left out {len(drafts)} draft{'s' if len(drafts) > 1 else ''}: {', '.join(drafts)} "
              "(briefs serve shows them; delete 'draft: true' to publish one)", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args) -> int:
    from mkdocs.commands.serve import serve

    root, _ = find_root(Path(args.root))
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    serve(config_file=str(_config_file(root)), dev_addr=args.dev_addr, livereload=True)
    return EXIT_OK
