"""What checking each brief folder found, kept between runs so that only the briefs that changed
are read again. Two caches, one per command, both JSON (never pickle: a file in a repository must
not run code; builder/codec.py) and written atomically; a cache that cannot be read is a miss.

- ``Cache``, for ``briefs check``: ``.briefs-cache/check.json``, the diagnostics of each brief
  (without its records). An entry is valid while every file of the folder keeps its stamp (size,
  modification and change times in nanoseconds, inode, mode) and the builder is unchanged. Stamps
  are local to this checkout: a fresh clone has others, so a committed cache file vouches for
  nothing and everything is checked.
- ``RecordsCache``, for ``briefs build``: in the build cache folder (beside the page cache, which
  CI restores between runs), each brief's records and stored source texts, under a key made of the
  contents of its files (so that a fresh clone with the cache restored still finds them), the
  builder's code and libraries, and where the brief and the build stand. An entry is only read
  when its own file keeps the size and modification time this builder gave it: a cache committed
  to the repository has the times of the checkout, so it is never used, while CI's cache step
  restores the times it saved.

A folder that holds a link or anything but files and folders is not cached: it is checked afresh
every time (what a link points to can change without the folder changing).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from . import codec
from .check import BriefCheck
from .search_cache import STALE_TEMP_SECONDS  # as for the search cache's half-written entries
from .verbatim import SourceText

FOLDER = ".briefs-cache"
FILE = "check.json"
RECORDS_FORMAT = "briefs-records-2"
RECORDS_MANIFEST = "check-manifest.json"
_ENTRY = re.compile(r"check-[0-9a-f]{64}\.json")
TEMP_PREFIX = ".tmp-check-"


class _Unfit(Exception):
    """A folder that is not cached: a link or special file in it, or it cannot be walked or read."""


def _walk(folder: Path, digest=None) -> list:
    """[relative path, size, mtime_ns, ctime_ns, inode, mode] of every file in FOLDER, in name
    order; with DIGEST (a hashlib object), every file's path and bytes are fed to it too."""
    stamps: list = []

    def walk(path: str, prefix: str) -> None:
        with os.scandir(path) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_symlink():
                    raise _Unfit(entry.path)
                if entry.is_dir():
                    walk(entry.path, prefix + entry.name + "/")
                    continue
                if not entry.is_file():
                    raise _Unfit(entry.path)
                stat = entry.stat()
                name = prefix + entry.name
                stamps.append([name, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino,
                               stat.st_mode])
                if digest is not None:
                    with open(entry.path, "rb") as fh:
                        data = fh.read()
                    digest.update(f"{name}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
                    digest.update(data)

    try:
        walk(str(folder), "")
    except (OSError, _Unfit) as exc:
        raise _Unfit(str(folder)) from exc
    return stamps


def folder_stamp(folder: Path) -> list | None:
    """The stamps of every file of FOLDER (``_walk``); None when it is not cached."""
    try:
        return _walk(folder)
    except _Unfit:
        return None


def folder_contents(folder: Path) -> tuple[list, str] | None:
    """FOLDER's stamps and the SHA-256 of its files' names and bytes; None when it is not cached."""
    digest = hashlib.sha256()
    try:
        return _walk(folder, digest), digest.hexdigest()
    except _Unfit:
        return None


def _builder_stamp() -> str:
    """Changes whenever the checker's code or schemas change."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*here.glob("*.py"), *here.glob("schema/*.json")]):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def write_whole(path: Path, text: str, prefix: str = TEMP_PREFIX) -> os.stat_result:
    """Write TEXT to PATH under a temporary name (PREFIX...), then rename it into place: a reader
    never finds it half written. The build cache's files are all written so."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=prefix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path.stat()


def _stale_temp(entry: os.DirEntry, now: float) -> bool:
    """A file ``_write`` left half written (its process was killed) an hour or more ago."""
    if not entry.name.startswith(TEMP_PREFIX):
        return False
    try:
        return entry.is_file(follow_symlinks=False) and now - entry.stat(
            follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS
    except OSError:
        return False


def sweep_temps(folder: Path) -> None:
    """Remove what killed writers left in FOLDER (``_stale_temp``); never fails."""
    now = time.time()
    try:
        for entry in os.scandir(folder):
            if _stale_temp(entry, now):
                os.unlink(entry.path)
    except OSError:
        pass


class Cache:
    """``briefs check``'s cache: the checks of unchanged folders, without their records."""

    records = False

    def __init__(self, root: Path):
        self.path = root / FOLDER / FILE
        self.stamp = _builder_stamp()
        self.entries: dict = {}
        self.stamps: dict[str, list | None] = {}
        self.problem: str | None = None  # why a cache file there was not used, for the editor

    def lookup(self, folders: list[Path], cwd: Path) -> dict[str, BriefCheck]:
        """The cached checks of the folders that have not changed since they were cached. A
        cache file that is not one this builder wrote is ignored (and replaced), with
        ``problem`` set."""
        saved: object = {}
        try:
            saved = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            self.problem = f"cannot read it ({getattr(exc, 'strerror', None) or 'not JSON'})"
        if not isinstance(saved, dict) or not isinstance(saved.get("briefs", {}), dict):
            self.problem, saved = "it is not a check cache", {}
        elif saved.get("builder") != self.stamp or saved.get("cwd") != str(cwd):
            saved = {}  # another version of the builder, or another working folder: stale
        self.entries = saved.get("briefs", {})
        found = {}
        for folder in folders:
            self.stamps[folder.name] = stamp = folder_stamp(folder)
            entry = self.entries.get(folder.name)
            if stamp is not None and isinstance(entry, dict) and entry.get("stamp") == stamp:
                try:
                    check = codec.loads(entry["check"])
                except (*codec.ERRORS, json.JSONDecodeError):
                    continue  # an entry this builder did not write: check the brief afresh
                if type(check) is BriefCheck and check.id == folder.name:
                    found[folder.name] = check
        return found

    def keeper(self) -> None:
        return None  # the checks are kept all at once, by ``store``

    def store(self, folders: list[Path], cwd: Path, checks: dict[str, BriefCheck],
              kept: dict | None = None) -> None:
        """Save the checks of these folders, if anything changed; never fails the check."""
        stamps = {f.name: self.stamps[f.name] if f.name in self.stamps else folder_stamp(f)
                  for f in folders}
        try:
            briefs = {f.name: {"stamp": stamps[f.name], "check": codec.dumps(checks[f.name].without_records())}
                      for f in folders if stamps[f.name] is not None}
        except TypeError:
            return
        sweep_temps(self.path.parent)
        if briefs == self.entries:
            return
        try:
            write_whole(self.path, json.dumps(
                {"builder": self.stamp, "cwd": str(cwd), "briefs": briefs}, separators=(",", ":")))
        except OSError:
            pass


@dataclass(frozen=True)
class Keeper:
    """What a worker process needs to store the records of the briefs it checks (picklable)."""

    folder: Path
    code: str  # the builder's code, schemas and libraries (pages.code_digest)

    def key(self, folder: Path, cwd: Path, contents: str) -> str:
        where = "\0".join([RECORDS_FORMAT, self.code, str(cwd), str(folder), str(folder.resolve())])
        return hashlib.sha256(f"{where}\0{contents}".encode("utf-8", "surrogateescape")).hexdigest()

    def entry(self, key: str) -> Path:
        return self.folder / f"check-{key}.json"

    def keep(self, folder: Path, cwd: Path, check: BriefCheck, before) -> list | None:
        """Store CHECK, made from FOLDER's contents BEFORE (``folder_contents`` taken before it was
        checked), if the folder still holds them. The manifest's row for it: [stamps, contents,
        key, entry's size, entry's mtime_ns]; None when it was not stored."""
        # a write while it was checked changes a file's stamp (its change time at least): then
        # the next build checks it again. The stamps suffice: the bytes need not be read twice
        if before is None or check.texts is None or folder_stamp(folder) != before[0]:
            return None
        key = self.key(folder, cwd, before[1])
        texts = {source: text.raw for source, text in check.texts.items()}
        try:
            text = codec.dumps([RECORDS_FORMAT, key, replace(check, texts=None), texts])
            stat = write_whole(self.entry(key), text)
        except (TypeError, ValueError, OSError):
            return None
        return [before[0], before[1], key, stat.st_size, stat.st_mtime_ns]


def _read_entries(items: list[tuple[str, str, str]]) -> list[tuple[str, BriefCheck | None]]:
    """Each (brief, entry file, key) as the check stored there, or None for an entry that is not
    one this builder wrote for that key."""
    out = []
    for name, entry, key in items:
        check = None
        try:
            format_, stored_key, check, texts = codec.loads(Path(entry).read_bytes())
            if (format_, stored_key) != (RECORDS_FORMAT, key) or type(check) is not BriefCheck \
                    or check.id != name:
                raise ValueError("another entry")
            check = replace(check, texts={source: SourceText(raw) for source, raw in texts.items()})
        except (OSError, *codec.ERRORS):
            check = None
        out.append((name, check))
    return out


class RecordsCache:
    """``briefs build``'s cache of each brief's check with its records, in the build cache's folder
    (``check-manifest.json`` and one ``check-<key>.json`` a brief)."""

    records = True

    def __init__(self, folder: Path):
        from .pages import code_digest

        self.folder = Path(folder)
        self.keeping = Keeper(self.folder, code_digest(None))
        self.rows: dict[str, list] = {}  # the manifest's rows of the briefs found
        self.hits = 0
        try:
            saved = json.loads((self.folder / RECORDS_MANIFEST).read_text("utf-8"))
        except (OSError, ValueError):
            saved = {}
        ok = isinstance(saved, dict) and saved.get("format") == RECORDS_FORMAT
        self.manifest = saved.get("briefs") if ok and isinstance(saved.get("briefs"), dict) else {}

    def lookup(self, folders: list[Path], cwd: Path) -> dict[str, BriefCheck]:
        """The checks of the folders whose entry is there, read back in this process: decoding
        1,000 briefs' entries takes 2.9 s here, against 5.0 s in two worker processes, whose
        results cost more to pickle back than to decode (measured on 2 cores)."""
        wanted = {}
        for folder in folders:
            found = self._entry(folder, cwd)
            if found is not None:
                wanted[folder.name] = found
        read = _read_entries([(name, str(entry), row[2]) for name, (entry, row) in wanted.items()])
        found = {}
        for name, check in read:
            if check is not None:
                found[name], self.rows[name] = check, wanted[name][1]
        self.hits = len(found)
        return found

    def _entry(self, folder: Path, cwd: Path) -> tuple[Path, list] | None:
        """FOLDER's entry and its row for the new manifest, when the manifest vouches for it."""
        row = self.manifest.get(folder.name)
        if not (isinstance(row, list) and len(row) == 5):
            return None
        stamp = folder_stamp(folder)
        if stamp is None:
            return None
        # the same stamps: the same files as when the row was written; else read them
        contents = (stamp, row[1]) if stamp == row[0] else folder_contents(folder)
        if contents is None:
            return None
        key = self.keeping.key(folder, cwd, contents[1])
        entry = self.keeping.entry(key)
        try:
            stat = entry.stat()
        except OSError:
            return None
        if row[2] != key or [stat.st_size, stat.st_mtime_ns] != row[3:]:
            return None
        return entry, [contents[0], contents[1], key, *row[3:]]

    def keeper(self) -> Keeper:
        return self.keeping

    def store(self, folders: list[Path], cwd: Path, checks: dict[str, BriefCheck],
              kept: dict[str, list]) -> None:
        """Write the manifest of this build's briefs (found, or KEPT by whoever checked them)
        and remove the entries of any other; never fails the build."""
        rows = {f.name: self.rows.get(f.name) or kept.get(f.name) for f in folders}
        rows = {name: row for name, row in rows.items() if row is not None}
        names = {self.keeping.entry(row[2]).name for row in rows.values()}
        now = time.time()
        try:
            for entry in os.scandir(self.folder):
                if (_ENTRY.fullmatch(entry.name) and entry.name not in names
                        or _stale_temp(entry, now)):
                    os.unlink(entry.path)
            if rows != self.manifest:
                write_whole(self.folder / RECORDS_MANIFEST, json.dumps(
                    {"format": RECORDS_FORMAT, "briefs": rows}, separators=(",", ":")))
        except OSError:
            pass
