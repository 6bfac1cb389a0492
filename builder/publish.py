"""Where a site may be written, and how a finished site is put in its place.

Used by ``briefs build`` (all of it) and by the MkDocs plugin (the target rules and the marker), so
that plain ``mkdocs build`` refuses the same folders. No MkDocs import here.

- **The target.** Symlinks are resolved first. A site folder must not be the project root or hold
  it, nor be, be inside or hold ``briefs/``, docs_dir, the theme's folders or the repository
  (``.git``, and the git folder a worktree's ``.git`` file names). It must not be a file. An
  existing folder is replaced only when it is empty, carries the marker ``.briefs-site`` (which
  every build writes), or looks like a site an older version built without the marker: it has
  ``index.html``, ``sitemap.xml`` and ``404.html`` at its top.
- **The lock.** ``.SITE.lock`` beside the site folder, held with ``flock`` for the whole build: two
  builds into one folder (from one checkout or two) never overlap; builds into different folders do.
- **The swap.** The site is built into ``.SITE.building-PID`` beside the target, then exchanged with
  the target in one ``renameat2(RENAME_EXCHANGE)`` (Linux 3.15+, through ctypes): at every instant
  the target holds the old site or the complete new one. Where the system or filesystem cannot
  exchange, two renames are used (the old site to ``.SITE.old-PID``, the new one in its place), and
  a kill between them is repaired by the next build, which puts the newest complete leftover back.
  A symlink swapped in one rename was not chosen: the site folder would become a symlink, which
  ``.gitignore``'s ``site/``, upload steps and users' scripts treat differently from a folder.
- **The spare folders.** Making a site's folders costs more than filling them (ext4 on the bench
  machine: 0.45 ms a folder, 8 µs a hard link; 5,300 page folders at 1,000 briefs), and removing
  the previous site's folders as much again. So the previous site, once swapped out, is emptied of
  its files and kept as ``.SITE.spare``: folders only. The next build takes it (renamed to
  ``.SITE.spare-PID``) and, once MkDocs has emptied the staged folder (``graft``, from the briefs
  plugin's ``on_files``), moves its folders into the staged one; the folders this build put nothing
  in are removed before the swap, so the site is the one a build into an empty folder makes. A
  spare holding anything but folders was not made by a build: it is left alone, and not used.
- **Leftovers.** A build killed outright (SIGKILL, power loss) leaves its ``.SITE.building-PID`` or
  ``.SITE.old-PID`` (or ``.SITE.spare-PID``). The next build, holding the lock, removes those of
  this site whose PID is not a live process, and nothing else. SIGTERM and SIGHUP are turned into
  an exception, so a stopped build removes its own; they are held off during the renames.
- **Fault injection for tests.** ``BRIEFS_TEST_KILL_AT=STEP[:SIGNAL]`` makes the build send itself
  SIGNAL (default KILL; TERM, HUP, STOP...) at STEP: ``locked``, ``built``, ``swapped``,
  ``moved-old`` (the two-rename fallback only) or ``cleaned``. Nothing else reads it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import shutil
import signal
from pathlib import Path

from .exceptions import Refused, UsageError

MARKER = ".briefs-site"
MARKER_TEXT = ("This folder is a site built by briefs. `briefs build` replaces it whole: "
               "keep nothing of your own in it.\n")
OLD_SITE_FILES = ("index.html", "sitemap.xml", "404.html")
ADVICE = "Choose another site folder (--site-dir, or site_dir in mkdocs.yml)"
HELD_SIGNALS = {signal.SIGTERM, signal.SIGHUP, signal.SIGINT}
AT_FDCWD, RENAME_NOREPLACE, RENAME_EXCHANGE = -100, 1, 2


class Interrupted(BaseException):
    """SIGTERM or SIGHUP during a build: unwinds like Ctrl-C, so the build removes its folders."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def step(name: str) -> None:
    """The fault-injection hook for tests (see the module's docstring)."""
    spec = os.environ.get("BRIEFS_TEST_KILL_AT", "")
    where, _, sig = spec.partition(":")
    if where == name:
        os.kill(os.getpid(), getattr(signal, f"SIG{sig or 'KILL'}"))


# -- the target -----------------------------------------------------------------------------------

def guarded_folders(root: Path, docs_dir: Path, theme_dirs) -> list[tuple[Path, str]]:
    """The folders a site must keep clear of, each with how a message names it."""
    def name(path: Path) -> str:
        path = path.resolve()
        return f"{path.relative_to(root).as_posix()}/" if path.is_relative_to(root) else str(path)

    root = root.resolve()
    found = [(root / "briefs", f"{name(root / 'briefs')} (the fact files)"),
             (Path(docs_dir), f"{name(Path(docs_dir))} (docs_dir, the hand-written pages)")]
    found += [(Path(d), f"{name(Path(d))} (the theme)") for d in theme_dirs if d]
    git = root / ".git"
    found.append((git, ".git (the repository)"))
    if git.is_file():  # a worktree: .git names its git folder, whose commondir names the shared one
        text = git.read_text("utf-8", "replace").strip()
        if text.startswith("gitdir:"):
            gitdir = (root / text[len("gitdir:"):].strip()).resolve()
            found.append((gitdir, f"{gitdir} (the repository)"))
            common = gitdir / "commondir"
            if common.is_file():
                shared = (gitdir / common.read_text("utf-8", "replace").strip()).resolve()
                found.append((shared, f"{shared} (the repository)"))
    return found


def refusal(target: Path, why: str, advice: str = ADVICE) -> UsageError:
    return UsageError(f"refusing to build the site into {target}: {why}; nothing was changed. {advice}")


def check_target(target: Path, root: Path, guarded: list[tuple[Path, str]]) -> Path:
    """The resolved target, or a UsageError saying why it may not be a site folder."""
    target, root = Path(target).resolve(), root.resolve()
    if target == root:
        raise refusal(target, "it is the project root")
    if root.is_relative_to(target):
        raise refusal(target, f"it holds the project root {root}")
    for folder, label in guarded:
        folder = folder.resolve()
        if target == folder:
            raise refusal(target, f"it is {label}")
        if target.is_relative_to(folder):
            raise refusal(target, f"it is inside {label}")
        if folder.is_relative_to(target):
            raise refusal(target, f"it holds {label}")
    check_replaceable(target)
    return target


def check_replaceable(target: Path) -> None:
    """Refuse a file, or a folder with content that no build made."""
    if not target.exists():
        return
    if not target.is_dir():
        raise refusal(target, "it is a file, not a folder")
    if not os.listdir(target) or is_site(target):
        return
    raise refusal(target, f"it holds files that no build made (it has no {MARKER} marker, nor the "
                  "index.html, sitemap.xml and 404.html of a site)",
                  "Empty it, or choose another site folder (--site-dir, or site_dir in mkdocs.yml)")


def is_site(folder: Path) -> bool:
    """Built by briefs: the marker, or the top files of a site of a version before the marker."""
    return (folder / MARKER).is_file() or all((folder / n).is_file() for n in OLD_SITE_FILES)


def write_marker(site_dir: Path) -> None:
    (Path(site_dir) / MARKER).write_text(MARKER_TEXT, "utf-8")


# -- the lock and the leftovers -------------------------------------------------------------------

def beside(target: Path, kind: str) -> Path:
    """A name beside the target: .SITE.lock, .SITE.spare, .SITE.building-PID, .SITE.old-PID,
    .SITE.spare-PID (our PID) for KIND lock, spare, building, old, taken."""
    suffix = {"lock": "lock", "spare": "spare", "taken": f"spare-{os.getpid()}"}.get(
        kind, f"{kind}-{os.getpid()}")
    return target.parent / f".{target.name}.{suffix}"


def unwritable(target: Path, folder: Path, exc: OSError) -> UsageError:
    return UsageError(f"cannot build the site into {target}: cannot write in {folder} "
                      f"({exc.strerror or exc}); nothing was changed")


@contextlib.contextmanager
def site_lock(target: Path):
    """Hold .SITE.lock beside the site folder (created with the folder's parent if need be)."""
    parent, lock = target.parent, beside(target, "lock")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # exc.filename is the folder that could not be made
        raise unwritable(target, Path(exc.filename or parent).parent, exc) from None
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise unwritable(target, parent, exc) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Refused(f"another build is writing {target} (it holds {lock}); "
                          "try again when it has finished") from None
        yield lock
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier process that had our pid: we hold the lock, we made nothing yet
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(target: Path) -> list[Path]:
    """Remove what dead builds of this site left beside it (call with the lock held). When the
    target is missing (a fallback swap killed between its renames), the newest complete leftover
    is put back first. Returns what was removed."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(?:building|old|spare)-([0-9]+)")
    found = [Path(e.path) for e in os.scandir(target.parent)
             if (m := pattern.fullmatch(e.name)) and e.is_dir(follow_symlinks=False)
             and not _alive(int(m[1]))]
    if not target.exists():
        # a .building- folder is complete once it has the marker (written last); an .old- one held
        # the site that was in place, perhaps one of a version before the marker
        complete = [p for p in found if (p / MARKER).is_file() or (".old-" in p.name and is_site(p))]
        if complete:
            newest = max(complete, key=lambda p: (p / "index.html").stat().st_mtime_ns)
            os.rename(newest, target)
            found.remove(newest)
    for path in found:
        shutil.rmtree(path, ignore_errors=True)
    return found


# -- the swap -------------------------------------------------------------------------------------

def _libc_renameat2():
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn


def renameat2(src: Path, dst: Path, flags: int) -> bool:
    """rename with flags; False when this system or filesystem does not support them."""
    fn = _libc_renameat2()
    if fn is None:
        return False
    if fn(AT_FDCWD, os.fsencode(src), AT_FDCWD, os.fsencode(dst), flags) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(src), None, str(dst))


@contextlib.contextmanager
def signals_held():
    """Hold SIGTERM, SIGHUP and SIGINT off (they are delivered afterwards)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def swap_in(new: Path, target: Path, old: Path) -> None:
    """Put the complete site at ``new`` in place of ``target``. Afterwards the previous site is at
    ``new`` (exchanged) or ``old`` (two renames); the caller removes both names."""
    step("built")
    with signals_held():
        if target.exists():
            if renameat2(new, target, RENAME_EXCHANGE):
                step("swapped")
                return
            os.rename(target, old)
            try:
                step("moved-old")
                os.rename(new, target)
            except BaseException:
                os.rename(old, target)
                raise
            step("swapped")
        elif not renameat2(new, target, RENAME_NOREPLACE):
            os.rename(new, target)


@contextlib.contextmanager
def interrupts_raise():
    """SIGTERM and SIGHUP raise Interrupted for the duration, so that cleanup code runs."""
    def handler(signum, frame):
        raise Interrupted(signum)

    saved = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, h in saved.items():
            signal.signal(s, h)


# -- the spare folders ----------------------------------------------------------------------------

def _folders(top: Path) -> list[str] | None:
    """Every folder under TOP (relative, each after its parent), or None when anything under it
    is not a folder (a file, a symlink) or cannot be read."""
    found, stack = [], [""]
    try:
        while stack:
            rel = stack.pop()
            with os.scandir(top / rel if rel else top) as entries:
                for entry in entries:
                    if not entry.is_dir(follow_symlinks=False):
                        return None
                    found.append(name := f"{rel}/{entry.name}" if rel else entry.name)
                    stack.append(name)
    except OSError:
        return None
    return found


def _strip(top: Path) -> None:
    """Remove every file and symlink under TOP, keeping its folders."""
    stack = [str(top)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    os.unlink(entry.path)


class Spare:
    """The previous site's folders, taken for this build at .SITE.spare-PID (see the module's
    docstring). ``graft`` moves them into the staged folder; ``prune`` removes, before the swap,
    those of them the build left empty, and whatever was not grafted."""

    def __init__(self, taken: Path, folders: list[str]):
        self.taken, self.folders, self.site = taken, folders, None

    @classmethod
    def take(cls, target: Path) -> Spare | None:
        spare, taken = beside(target, "spare"), beside(target, "taken")
        folders = _folders(spare) if spare.is_dir() and not spare.is_symlink() else None
        if folders is None:
            return None
        try:
            os.rename(spare, taken)
        except OSError:
            return None
        return cls(taken, folders)

    def graft(self, site: Path) -> None:
        """Move the spare folders into SITE, which holds nothing yet of what they hold (MkDocs
        empties a site folder before it writes; the staged folder was empty anyway)."""
        self.site = site
        with os.scandir(self.taken) as entries:
            for entry in entries:
                try:
                    os.rename(entry.path, site / entry.name)  # an existing one: refused
                except OSError:
                    pass

    def prune(self) -> None:
        if self.site is not None:
            for rel in reversed(self.folders):  # each before its parent
                try:
                    os.rmdir(self.site / rel)
                except OSError:  # it holds a page, or was not grafted
                    pass
        shutil.rmtree(self.taken, ignore_errors=True)


def keep_spare(previous: Path, target: Path) -> None:
    """The previous site, swapped out to PREVIOUS, emptied of its files and kept as the spare
    folders of the next build; removed instead when the name is taken (not by a build of ours)."""
    spare = beside(target, "spare")
    if not previous.is_dir() or spare.exists() or spare.is_symlink():
        return
    try:
        _strip(previous)
        os.rename(previous, spare)
    except OSError:  # only a slower next build: the caller removes what is left
        pass


def publish(target: Path, build) -> None:
    """Call ``build(folder, spare)`` to build the site into a folder beside the target, then swap
    it in; whatever happens, no folder of ours is left behind but the spare one of the next build.
    SPARE (a Spare or None): the previous site's folders, for the build to ``graft`` into its
    folder once it is empty. Call with the lock held."""
    new, old = beside(target, "building"), beside(target, "old")
    spare = None
    try:
        shutil.rmtree(new, ignore_errors=True)
        try:
            new.mkdir()
        except OSError as exc:
            raise unwritable(target, target.parent, exc) from None
        spare = Spare.take(target)
        build(new, spare)
        if spare is not None:
            spare.prune()
        check_replaceable(target)  # again, now that we hold the lock and the build is done
        swap_in(new, target, old)
        keep_spare(old if old.exists() else new, target)
    finally:
        if spare is not None:
            shutil.rmtree(spare.taken, ignore_errors=True)
        for path in (new, old):
            shutil.rmtree(path, ignore_errors=True)
    step("cleaned")
