"""Make Pagefind's index byte-identical from one build to the next.

Pagefind 1.5.2 writes the values of each filter (``kind``: Actor, Event, ...) in the order of a Rust
``HashMap``, which is seeded at random in every process: two builds of the same site write the same
words and pages, but each filter file with its values in another order, so another file name (its
hash), so another ``pf_meta`` (which lists the filter files) and another ``pagefind-entry.json``.
Every other file (fragments, word index chunks, the scripts) is already stable.

This rewrites the filter files with their values sorted, names each after its new content, puts
the new names (sorted by filter) into the meta file, renames that after its content and updates
the entry file. The JavaScript finds every file through the entry and meta files, so the names
only have to be consistent, not Pagefind's own hashes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from . import cbor

MAGIC = b"pagefind_dcd"


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MAGIC):
        raise ValueError(f"{path.name} is not a Pagefind index file")
    return cbor.decode(data[len(MAGIC):])


def _packed(value) -> bytes:
    return gzip.compress(MAGIC + cbor.encode(value), compresslevel=9, mtime=0)


def _name(prefix: str, data: bytes, length: int) -> str:
    return prefix + hashlib.sha256(data).hexdigest()[:length]


def canonicalize(folder: Path) -> None:
    entry_path = folder / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    for language, about in sorted(entry["languages"].items()):
        old_meta = folder / f"pagefind.{about['hash']}.pf_meta"
        meta = _read(old_meta)
        filters = meta[3]  # [[filter name, file hash], ...]
        renamed = []
        for name, file_hash in filters:
            path = folder / "filter" / f"{file_hash}.pf_filter"
            value = _read(path)  # [filter name, [[value, [page numbers]], ...]]
            value[1] = sorted(value[1], key=lambda pair: pair[0])
            packed = _packed(value)
            new_hash = _name(f"{language}_", packed, 7)
            path.unlink()
            (folder / "filter" / f"{new_hash}.pf_filter").write_bytes(packed)
            renamed.append([name, new_hash])
        meta[3] = sorted(renamed, key=lambda pair: pair[0])
        packed = _packed(meta)
        new_meta = _name(f"{language}_", packed, 10)
        old_meta.unlink()
        (folder / f"pagefind.{new_meta}.pf_meta").write_bytes(packed)
        about["hash"] = new_meta
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
