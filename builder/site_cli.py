"""``briefs build`` and ``briefs serve``: the site commands, which drive MkDocs.

A build refuses a site folder that is part of the project or not a site (builder/publish.py), holds
the site folder's lock, checks (errors stop it before anything is written), builds into a folder
beside the site folder and exchanges it in only on success, and takes its dates from the facts or
SOURCE_DATE_EPOCH (clamped into 1980..2106), never from the clock.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
import signal
import sys
import time
from pathlib import Path

from . import publish
from .check import Result, shown_path
from .command import EXIT_OK, EXIT_PROBLEMS, UsageError, find_root, run_check


def add_commands(sub) -> None:
    p = sub.add_parser("build", help="check, then build the site (default: site/)")
    p.add_argument("--site-dir", default=None, metavar="DIR",
                   help="where to write the site (default: site_dir of mkdocs.yml, site/)")
    p.add_argument("--strict", action="store_true",
                   help="treat warnings (the checker's and MkDocs') as errors")
    p.add_argument("--root", default=".", help="the project root, holding mkdocs.yml (default: .)")
    p.add_argument("--cache-dir", default=None, metavar="DIR",
                   help="the build cache: pages whose facts did not change are taken from it "
                        f"instead of rendered again (default: {CACHE_DEFAULT} in the project root)")
    p.add_argument("--no-cache", action="store_true", help="render every page; use no build cache")
    p.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' own messages")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="live preview on 127.0.0.1:8000; an edit re-renders the pages it "
                                     "touches and reloads the page")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                   help="address to serve on, a loopback one only (default: 127.0.0.1:8000)")
    p.add_argument("--root", default=".", help="the project root, holding mkdocs.yml (default: .)")
    p.set_defaults(func=cmd_serve)


CACHE_DEFAULT = ".briefs-cache/pages"


def cache_folder(config, root: Path, args, target: Path) -> Path | None:
    """The build cache's folder, or None with --no-cache. It may not be the site folder, be
    inside it or hold it, nor be or be inside a folder of the project's own files."""
    if args.no_cache:
        return None
    folder = (Path(args.cache_dir) if args.cache_dir else root / CACHE_DEFAULT).resolve()
    plugin = config.plugins["briefs"]
    for other, label in [(target, "the site folder")] + plugin.guarded_folders(config):
        other = Path(other).resolve()
        if folder == other or folder.is_relative_to(other) or other.is_relative_to(folder):
            raise UsageError(f"refusing to use {folder} as the build cache: it is {label}, inside "
                             "it or holds it; name a folder of its own (the default is "
                             f"{CACHE_DEFAULT})")
    if folder == root.resolve() or root.resolve().is_relative_to(folder):
        raise UsageError(f"refusing to use {folder} as the build cache: it holds the project")
    from .pages import NotACache, PageCache
    try:
        PageCache(folder)
    except NotACache as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # a read-only checkout still builds, rendering every page
        print(f"briefs build: note: no build cache ({exc.strerror or exc}: {folder}); every page "
              "is rendered", file=sys.stderr)
        return None
    return folder


def _config_file(root: Path) -> Path:
    config = root / "mkdocs.yml"
    if not config.is_file():
        raise UsageError(f"no mkdocs.yml in {root}")
    return config


# SOURCE_DATE_EPOCH is clamped into what every consumer of it accepts: gzip's header holds 32 bits
# (MkDocs gzips sitemap.xml) and zip's dates start in 1980. Any date the checker accepts builds.
EPOCH_MIN = 315532800  # 1980-01-01T00:00:00Z
EPOCH_MAX = 2**32 - 1  # 2106-02-07T06:28:15Z


def content_epoch(result: Result) -> int | None:
    """When the newest brief was last updated, in seconds since 1970 (None without briefs)."""
    starts = [b.last_updated.interval[0] for b in result.site.briefs]
    return math.floor(max(starts).timestamp()) if starts else None


def build_epoch(result: Result) -> int:
    """SOURCE_DATE_EPOCH as given, or from the facts; clamped, with a note when it had to be."""
    given = os.environ.get("SOURCE_DATE_EPOCH")
    if given is not None:
        if not re.fullmatch(r"-?[0-9]+", given):
            raise UsageError("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 "
                             f"(as `date +%s` prints it), not {given!r}")
        epoch, source = int(given), "SOURCE_DATE_EPOCH"
    else:
        epoch, source = content_epoch(result), "the newest brief's last update"
        if epoch is None:
            return EPOCH_MIN
    clamped = min(max(epoch, EPOCH_MIN), EPOCH_MAX)
    if clamped != epoch:
        print(f"briefs build: note: {source} ({epoch}) is outside 1980-01-01..2106-02-07; "
              f"SOURCE_DATE_EPOCH={clamped} is used", file=sys.stderr)
    return clamped


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


# how MkDocs words an error in a plugin's settings, and how we say it instead
_PLUGIN_SETTING = re.compile(r"Config value 'plugins': Plugin 'briefs' option '([^']+)': ", re.S)


class _Errors(logging.Filter):
    """Keeps MkDocs' configuration errors (it logs each, then aborts) to report them ourselves."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            self.found.append(record.getMessage())
            return False
        return True


def load_site_config(root: Path, strict: bool):
    """mkdocs.yml, validated by MkDocs; a configuration error (a bad setting of the briefs plugin
    included) is a UsageError (exit 2) that says which setting and how to mend it."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    config_file = _config_file(root)
    errors = _Errors()
    logger = logging.getLogger("mkdocs.config")
    logger.addFilter(errors)
    try:
        return load_config(config_file=str(config_file), strict=strict)
    except (Abort, ConfigurationError) as exc:
        found = [_PLUGIN_SETTING.sub(lambda m: f"the briefs plugin's {m[1]} setting: ", e)
                 for e in errors.found] or [str(exc)]
        raise UsageError("\n".join(f"{shown_path(config_file)}: {e}" for e in found)) from None
    finally:
        logger.removeFilter(errors)


def site_target(config, root: Path, site_dir: str | None) -> Path:
    """The site folder, resolved and checked (publish.check_target); a UsageError if refused."""
    plugin = config.plugins["briefs"]
    return publish.check_target(Path(site_dir) if site_dir else Path(config.site_dir), root,
                                plugin.guarded_folders(config))


def build_site(config, target: Path, result: Result) -> int:
    """Build with MkDocs beside the target, then swap it in (publish.publish). Returns the page
    count. Call with the site's lock held."""
    from mkdocs.commands.build import build

    def run_mkdocs(folder: Path, spare: publish.Spare | None) -> None:
        with _environment(SOURCE_DATE_EPOCH=str(build_epoch(result))):
            config.site_dir = str(folder)
            config.plugins["briefs"].prechecked = result
            config.plugins["briefs"].spare = spare
            build(config)

    publish.publish(target, run_mkdocs)
    counted = config.plugins["briefs"].page_count
    return counted if counted is not None else sum(1 for _ in target.rglob("index.html"))


def cmd_build(args) -> int:
    from mkdocs.exceptions import MkDocsException

    root, _ = find_root(Path(args.root))
    started = time.perf_counter()
    logging.getLogger("mkdocs").setLevel(logging.INFO if args.verbose else logging.WARNING)
    try:
        config = load_site_config(root, args.strict)
        target = site_target(config, root, args.site_dir)
        with publish.interrupts_raise(), publish.site_lock(target):
            publish.clean_leftovers(target)
            publish.step("locked")
            cache_dir = config.plugins["briefs"].cache_dir = cache_folder(config, root, args, target)
            code, result = run_check(root, None, "text", args.strict, cache_dir=cache_dir)
            if code != EXIT_OK:
                print("briefs build: the briefs have errors; nothing was built and the previous "
                      "site is unchanged", file=sys.stderr)
                return code
            pages = build_site(config, target, result)
    except publish.Interrupted as exc:
        print(f"briefs build: stopped by {signal.Signals(exc.signum).name}; no half-built folder "
              "is left, and the site folder holds the previous site or, if it was already in "
              "place, the new one", file=sys.stderr)
        return 128 + exc.signum
    except (MkDocsException, SystemExit) as exc:
        print(f"briefs build: MkDocs stopped: {exc}; the previous site is unchanged", file=sys.stderr)
        return EXIT_PROBLEMS
    written = config.plugins["briefs"].written
    reused = (f" ({written.rendered} rendered, {written.reused} unchanged from the build cache)"
              if written is not None and written.reused else "")
    print(f"built {pages} pages into {shown_path(target)}/{reused} in "
          f"{time.perf_counter() - started:.2f} s",
          file=sys.stderr)
    drafts = [b.id for b in result.site.briefs if b.draft]
    if drafts:
        print(f"left out {len(drafts)} draft{'s' if len(drafts) > 1 else ''}: {', '.join(drafts)} "
              "(briefs serve shows them; delete 'draft: true' to publish one)", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args) -> int:
    from .serve import serve

    root, _ = find_root(Path(args.root))
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)  # its per-build chatter, not ours
    serve(root, _config_file(root), args.dev_addr)
    return EXIT_OK
