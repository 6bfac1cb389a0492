"""The search index's build cache: each shard's index, ready to merge, kept by what it indexes.

builder/search.py splits the records into shards and gives each shard a digest of exactly what
Pagefind reads for it (its documents, in order), of the Pagefind binary's version and of this
builder's search code. A shard whose digest has an entry here is read from the entry instead of
being indexed again; a shard indexed afresh is stored here afterwards. The folder::

    CACHE_DIR/
      search-<digest>/           one shard (its fragments and prepared.cbor), or Pagefind's runtime
        MANIFEST.json            written last: every file's path, size, SHA-256 and mtime
        fragment/... prepared.cbor   the files (builder/search_merge.py reads them)
      search-tmp-<random>/       an entry being written; renamed to search-<digest>/ when whole
      search-packed-<digest>     one file of the merged index, compressed (``Packed``)
      search-packed-tmp-<random> one being written

An entry is used only when it is whole: it is written under a temporary name and renamed into
place once its manifest is on disk, and before it is used every file it lists must be there with
its size, and with its recorded mtime or else its SHA-256 (a file changed in place, or restored by
a CI cache step that did not keep mtimes, is hashed). An entry that fails is deleted and its shard
indexed again. ``prune`` keeps only the entries the last build used. Only names of the forms above
are ever touched, so the folder may be shared with other caches.

Files are hard-linked between the cache and the site when both are on one file system (0.3 s for
the 19,500 files of 1,000 briefs, against 3.4 s to copy them), so nothing may write into a built
``site/pagefind/`` in place: the builder never does (it writes new files and swaps folders).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import time
import zlib
from pathlib import Path

PREFIX = "search-"
MANIFEST = "MANIFEST.json"
_ENTRY = re.compile(r"search-[0-9a-f]{64}")
_TEMP = re.compile(r"search-tmp-.+")
PACKED = "search-packed-"
_PACKED = re.compile(r"search-packed-[0-9a-f]{64}")
PACKED_TEMP = "search-packed-tmp-"
STALE_TEMP_SECONDS = 3600  # a temporary entry this old belongs to no build still running


def digest(*parts: bytes | str) -> str:
    """One SHA-256 over the parts, each preceded by its length (so no two lists collide).

    The parts are joined first and hashed in one call. hashlib lets go of the interpreter lock for
    every call on more than 2 KiB, and a thread that lets go waits for it again while another
    thread runs Python: a shard's 2,400 documents hashed one by one on the search thread, beside
    the page rendering, took 1.9 s for 0.14 s of work."""
    joined = []
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        joined.append(len(data).to_bytes(8, "big"))
        joined.append(data)
    return hashlib.sha256(b"".join(joined)).hexdigest()


def _file_sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def place(source: Path | str, target: Path | str) -> None:
    """Put SOURCE's file at TARGET (whose folder exists): a hard link when the file system allows
    it, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        if not os.path.isfile(source):
            raise
        shutil.copyfile(source, target)


def place_all(files: list[tuple[str, Path | str]], folder: Path | str) -> list[str]:
    """Put each (relative path, source) at FOLDER/relative path, making the folders once.
    Returns the paths placed; raises OSError (after placing some) when a source is gone."""
    root = str(folder)
    made: set[str] = set()
    placed = []
    for name, source in files:
        target = os.path.join(root, name)
        parent = os.path.dirname(target)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        place(source, target)
        placed.append(target)
    return placed


class Cache:
    """The entries under one folder (created when first written)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.folder / f"{PREFIX}{key}"

    def lookup(self, key: str) -> list[tuple[str, str]] | None:
        """The files of a whole, verified entry ((relative path, path in the cache)), or None.
        An entry that fails verification is removed. (Plain strings and os.stat in the loop: it
        runs for every file of every shard on every build.)"""
        entry = self._path(key)
        root = str(entry)
        try:
            manifest = json.loads((entry / MANIFEST).read_text("utf-8"))
            if manifest.get("digest") != key:
                raise ValueError("the manifest is another entry's")
            files = []
            for name, size, sha, mtime_ns in manifest["files"]:
                if (not isinstance(name, str) or name.startswith("/") or name == MANIFEST
                        or ".." in name.split("/")):
                    raise ValueError(f"a strange name in the manifest: {name!r}")
                path = os.path.join(root, name)
                st = os.stat(path)
                if st.st_size != size:
                    raise ValueError(f"{name} has {st.st_size} bytes, not {size}")
                if st.st_mtime_ns != mtime_ns and _file_sha256(Path(path)) != sha:
                    raise ValueError(f"{name} is not the file that was stored")
                files.append((name, path))
            if not files:
                raise ValueError("an empty entry")
        except FileNotFoundError:
            if entry.exists():  # a file it lists is missing, or it has no manifest
                shutil.rmtree(entry, ignore_errors=True)
            return None
        except (OSError, ValueError, TypeError, KeyError):
            shutil.rmtree(entry, ignore_errors=True)
            return None
        self.used.add(key)
        return files

    def discard(self, key: str) -> None:
        """Remove the entry KEY (one whose files are whole but could not be read)."""
        self.used.discard(key)
        shutil.rmtree(self._path(key), ignore_errors=True)

    def store(self, key: str, files: list[tuple[str, Path]]) -> bool:
        """Keep FILES ((relative path, path on disk)) as the entry KEY: written under a temporary
        name, its manifest last, then renamed into place. False when it could not be stored (the
        build goes on without it); an entry already there (another build's) is left alone."""
        self.used.add(key)
        if self.lookup(key) is not None:
            return True
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temp = Path(tempfile.mkdtemp(prefix=f"{PREFIX}tmp-", dir=self.folder))
        except OSError:
            return False
        try:
            listed = []
            ordered = sorted(files)
            for (name, _), target in zip(ordered, place_all(ordered, temp)):
                st = os.stat(target)
                listed.append([name, st.st_size, _file_sha256(Path(target)), st.st_mtime_ns])
            (temp / MANIFEST).write_text(json.dumps({"digest": key, "files": listed}), "utf-8")
            try:
                os.rename(temp, self._path(key))
            except OSError:  # another build stored it first
                shutil.rmtree(temp, ignore_errors=True)
            return True
        except OSError:
            shutil.rmtree(temp, ignore_errors=True)
            return False

    def prune(self) -> int:
        """Remove every entry this build did not use, and temporary entries left by builds that
        stopped. Returns the number of entries removed."""
        removed = 0
        try:
            names = os.listdir(self.folder)
        except OSError:
            return 0
        now = time.time()
        for name in names:
            path = self.folder / name
            if _ENTRY.fullmatch(name) and name[len(PREFIX):] not in self.used:
                shutil.rmtree(path, ignore_errors=True)
                removed += 1
            elif _TEMP.fullmatch(name):
                try:
                    old = now - path.stat().st_mtime > STALE_TEMP_SECONDS
                except OSError:
                    continue
                if old:
                    shutil.rmtree(path, ignore_errors=True)
                    removed += 1
        return removed


class Packed:
    """The merged index's files as the last build compressed them, each named by a digest of
    its bytes before compression (and of what makes the compressed bytes: zlib's version, the
    level, Python's): a one-brief edit changes a few of the 160 word chunks of 1,000 briefs, and
    compressing them all again took 0.9 s of a 2 s merge. An entry is used only when it
    decompresses to exactly the bytes asked for (so a damaged or planted file is never
    served: it is compressed afresh and replaced); ``prune`` keeps the entries this build used."""

    def __init__(self, folder: Path, level: int):
        self.folder = Path(folder)
        self.level = level
        self.used: set[str] = set()

    def key(self, raw: bytes) -> str:
        # what makes the compressed bytes: zlib, the level, and Python's gzip module (its header)
        return digest(zlib.ZLIB_RUNTIME_VERSION, str(self.level), sys.version,
                      hashlib.sha256(raw).digest())

    def compress(self, raw: bytes) -> bytes:
        """RAW compressed, gzip with no time in it, from an entry when there is one."""
        key = self.key(raw)
        self.used.add(key)
        path = self.folder / f"{PACKED}{key}"
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as fh:
                st = os.fstat(fh.fileno())
                # gzip makes nothing much larger than it was: a bigger file is not RAW's
                if not stat.S_ISREG(st.st_mode) or st.st_size > len(raw) + len(raw) // 64 + 1024:
                    raise OSError("not an entry")
                data = fh.read()
            unpacked = zlib.decompressobj(wbits=31)  # gzip, no further than RAW's length
            if (unpacked.decompress(data, len(raw) + 1) == raw and unpacked.eof
                    and not unpacked.unused_data):
                return data
        except (OSError, zlib.error):
            pass
        data = gzip.compress(raw, compresslevel=self.level, mtime=0)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=PACKED_TEMP)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(temp, path)
            except OSError:
                os.unlink(temp)
                raise
        except OSError:
            pass  # only a slower next build
        return data

    def prune(self) -> None:
        """Remove the entries this build did not use, and what a killed build left half written
        an hour or more ago; never fails."""
        now = time.time()
        try:
            for entry in os.scandir(self.folder):
                if (_PACKED.fullmatch(entry.name) and entry.name[len(PACKED):] not in self.used
                        or entry.name.startswith(PACKED_TEMP) and entry.is_file(follow_symlinks=False)
                        and now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS):
                    os.unlink(entry.path)
        except OSError:
            pass
