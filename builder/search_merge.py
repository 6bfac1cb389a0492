"""Merge Pagefind indexes into one, as if Pagefind had indexed all their pages in one run.

builder/search.py indexes a large site in shards, each by its own run of Pagefind, so that an edit
re-indexes one shard and Pagefind's memory is bounded by a shard's. A reader must not see them: an
index searched shard by shard ranks each result with its own shard's word statistics, and Pagefind
falls back to a shorter word in any shard that lacks the query's (content/performance.md). This
writes the shards as one index, with one index's statistics, so a query ranks and finds exactly
what one Pagefind run over every page would (tests/test_search_merge.py holds it to that).

What Pagefind 1.5 writes, and how each part is merged (every ``.pf_*`` file is gzip of
``pagefind_dcd`` and one CBOR item; the pages of an index are numbered from 0):

- ``pagefind.<hash>.pf_meta``: ``[version, pages, chunks, filters, sorts, meta fields]``. ``pages``
  is ``[fragment hash, word count]`` per page, in page-number order: the shards' lists one after
  the other, shard by shard, so a shard's page k becomes page ``base + k``. ``chunks`` is
  ``[from, to, chunk hash]`` per word chunk; ``filters`` ``[filter, filter hash]``; ``sorts`` must
  be empty (no record has a sort key); ``meta fields`` the sorted names of the metadata fields.
- ``index/<hash>.pf_index``: ``[words]``, each ``[word, pages, variants]``, words in byte order.
  ``pages`` is ``[page, locations, metadata locations]`` per page holding the word, in page order,
  each page number written as its distance from the one before (the first from 0). ``variants``
  is ``[word with diacritics, pages]`` per spelling (``grünewald`` under ``grunewald``). A word's
  merged pages are its pages in each shard in shard order: only the first page of each shard's
  run gets a new distance. In metadata locations a negative number ``-i - 1`` names field ``i``
  of ``meta fields``; those are renumbered when a shard's fields are not the merged list.
- ``filter/<hash>.pf_filter``: ``[filter, [[value, pages]]]``, page numbers as they are.
- ``fragment/<hash>.pf_fragment``: one page's JSON (its text, metadata and filters), which names
  no page number: a shard's fragments are placed as they are. Their names are short hashes; one
  that another shard's different fragment already took is renamed after its own SHA-256.
- ``pagefind-entry.json``: the language's meta file and its page count.

Pagefind numbers a shard's pages in the order it lists the folder of documents, which is the
file system's; a shard is renumbered when read (``prepare``) so that its pages are in the order
of the documents' file names, which builder/search.py gives in the records' order.

Chunks are cut as Pagefind cuts them (a chunk ends once its words hold ``CHUNK_SIZE`` locations
and metadata locations, a location more per page; a second spelling's pages are not counted)
and each chunk's ``from``/``to`` are the shortest prefixes that tell it from its neighbours, which
is how the search finds the chunk of a word. Every file is named after the SHA-256 of its CBOR,
so the merged index is a function of the shards alone: the same shards give the same bytes.
Anything in a shard that is not the shape above stops the merge (``MergeError``) rather than
writing an index that would answer wrongly.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import cbor2

from . import search_cache

MAGIC = b"pagefind_dcd"
CHUNK_SIZE = 20000  # Pagefind's: a word chunk ends once it holds this many locations
ENTRY = "pagefind-entry.json"
GZIP_LEVEL = 6  # 0.56 s for the 10.7 MB of words of 1,000 briefs; level 9 takes 2.3 s for 2 % less
PREPARED = "prepared.cbor"  # a shard, read and ready to merge (see Prepared), kept in its cache entry
FORMAT = "briefs-merge 3"  # bump when Prepared changes


class MergeError(Exception):
    """A shard is not the index this code knows how to merge."""


def _unpack(data: bytes, what: str) -> bytes:
    """The CBOR of a Pagefind index file (gzip of MAGIC and the CBOR)."""
    try:
        raw = gzip.decompress(data)
    except (OSError, EOFError) as exc:
        raise MergeError(f"{what} is not gzip ({exc})") from None
    if not raw.startswith(MAGIC):
        raise MergeError(f"{what} is not a Pagefind index file")
    return raw[len(MAGIC):]


def _cbor(data: bytes, what: str):
    try:
        return cbor2.loads(data)
    except (cbor2.CBORDecodeError, ValueError, TypeError) as exc:
        raise MergeError(f"{what} is not CBOR ({exc})") from None


def _head(major: int, n: int) -> bytes:
    """A CBOR head in its shortest form (as Pagefind and cbor2 write them)."""
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise MergeError(f"a number too large for the index: {n}")


def _text(value: str) -> bytes:
    raw = value.encode("utf-8")
    return _head(3, len(raw)) + raw


def _pack(encoded: bytes, packed: search_cache.Packed | None = None) -> tuple[bytes, str]:
    """A file's bytes for its CBOR, and the CBOR's SHA-256 (hex), which names it; with PACKED
    (a cache), compressed only when the cache does not have it."""
    raw = MAGIC + encoded
    data = (packed.compress(raw) if packed is not None
            else gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0))
    return data, hashlib.sha256(encoded).hexdigest()


def _unique(prefix: str, digest: str, taken, length: int) -> str:
    """PREFIX and the shortest start of DIGEST, LENGTH hex digits or more, not in TAKEN."""
    while prefix + digest[:length] in taken and length < len(digest):
        length += 1
    return prefix + digest[:length]


# A run: one word's pages in one shard, ready to be spliced into a merged page list without
# encoding their locations again: [first page, last page, pages, size, the run's CBOR after its
# first page number (that page's locations and metadata locations, then the other pages)]. Page
# numbers are the shard's own; size is Pagefind's measure of a chunk (each page's locations and
# metadata locations, and one for the page).

def _run(pages, encoded: bytes | None = None, what: str = "a word") -> list | None:
    """PAGES (decoded) as a run; ENCODED, when given, is their CBOR as the shard holds it."""
    if not pages:
        return None
    try:
        first = pages[0][0]
        end = sum(page[0] for page in pages)
        size = sum(len(page[1]) + len(page[2]) + 1 for page in pages)
        if not (isinstance(first, int) and first >= 0 and isinstance(end, int)):
            raise TypeError(first)
    except (TypeError, IndexError) as exc:
        raise MergeError(f"{what} holds a page list as {pages!r:.80} ({exc})") from None
    if encoded is None:
        encoded = cbor2.dumps(pages)
    skip = len(_head(4, len(pages))) + 1 + len(_head(0, first))
    if encoded[:skip] != _head(4, len(pages)) + b"\x83" + _head(0, first):
        raise MergeError(f"{what} holds a page list that does not start as a list of pages")
    return [first, end, len(pages), size, encoded[skip:]]


def _pages(run: list) -> list:
    first, _, count, _, after = run
    return cbor2.loads(_head(4, count) + b"\x83" + _head(0, first) + after)


def _words(raw: bytes, what: str):
    """The word entries of a chunk's CBOR (``[[entry, ...]]``), each as (entry decoded, its
    page list's CBOR): read entry by entry, so that each entry's bytes are known exactly."""
    if raw[:1] != b"\x81" or raw[1] >> 5 != 4:
        raise MergeError(f"{what} is not [words]")
    count, at = _read_head(raw, 1)
    stream = io.BytesIO(raw)
    stream.seek(at)
    decoder = cbor2.CBORDecoder(stream)
    for _ in range(count):
        start = stream.tell()
        try:
            entry = decoder.decode()
        except (cbor2.CBORDecodeError, ValueError, TypeError, EOFError) as exc:
            raise MergeError(f"{what} is not CBOR ({exc})") from None
        end = stream.tell()
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)
                and isinstance(entry[1], list) and isinstance(entry[2], list)):
            raise MergeError(f"{what} holds a word as {entry!r:.80}")
        # [word, pages, variants]: the pages are what lies between the word and the variants
        word = b"\x83" + _text(entry[0])
        variants = cbor2.dumps(entry[2]) if entry[2] else b"\x80"
        if raw[start:start + len(word)] != word or raw[end - len(variants):end] != variants:
            raise MergeError(f"{what} holds {entry[0]!r:.40} in a form this code does not know")
        yield entry, raw[start + len(word):end - len(variants)]
    if stream.tell() != len(raw):
        raise MergeError(f"{what} has {len(raw) - stream.tell()} bytes after its words")


def _read_head(data: bytes, at: int) -> tuple[int, int]:
    """The number in the CBOR head at AT, and where the item goes on."""
    info = data[at] & 31
    at += 1
    if info < 24:
        return info, at
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise MergeError(f"a CBOR head this code does not read (additional information {info})")
    return int.from_bytes(data[at:at + size], "big"), at + size


@dataclass
class Prepared:
    """One shard's index, read: what the merge needs of it besides its fragment files."""
    entry: dict  # its pagefind-entry.json
    language: str
    pages: list  # [fragment name, word count] per page
    fields: list  # the metadata fields' names
    words: list  # [word, run or None, [[spelling, run], ...]] in word order
    filters: list  # [filter, [[value, [page, ...]], ...]]

    def dumps(self) -> bytes:
        return cbor2.dumps([FORMAT, json.dumps(self.entry), self.language,
                            self.pages, self.fields, self.words, self.filters])

    @classmethod
    def loads(cls, data: bytes) -> Prepared:
        value = _cbor(data, PREPARED)
        if not (isinstance(value, list) and len(value) == 7 and value[0] == FORMAT):
            raise MergeError(f"{PREPARED} is not a prepared shard of {FORMAT}")
        try:
            return cls(json.loads(value[1]), *value[2:])
        except (TypeError, ValueError) as exc:
            raise MergeError(f"{PREPARED} is not a prepared shard ({exc})") from None

    def remapped(self, fields: list) -> Prepared:
        """The same shard with its metadata locations numbered by FIELDS (a superset)."""
        remap = [fields.index(f) for f in self.fields]

        def again(run):
            if run is None:
                return None
            pages = [[p[0], p[1], [v if v >= 0 else -remap[-v - 1] - 1 for v in p[2]]]
                     for p in _pages(run)]
            return _run(pages, what="a remapped shard")

        words = [[w, again(run), [[s, again(r)] for s, r in variants]]
                 for w, run, variants in self.words]
        return Prepared(self.entry, self.language, self.pages, fields, words, self.filters)


def prepare(files: dict[str, str]) -> Prepared:
    """Read the Pagefind index whose files are FILES (relative path -> path on disk)."""
    def contents(name: str) -> bytes:
        try:
            path = files[name]
        except KeyError:
            raise MergeError(f"the shard has no {name}") from None
        with open(path, "rb") as fh:
            return _unpack(fh.read(), f"the shard's {name}")

    def read(name: str):
        return _cbor(contents(name), f"the shard's {name}")

    try:
        with open(files[ENTRY], encoding="utf-8") as fh:
            entry = json.load(fh)
        (language, about), = entry["languages"].items()
        meta_name = f"pagefind.{about['hash']}.pf_meta"
        if not isinstance(entry["version"], str) or not isinstance(about["wasm"], str):
            raise ValueError("a version or wasm name that is not text")
    except (KeyError, OSError, TypeError, ValueError, AttributeError) as exc:
        raise MergeError(f"the shard's {ENTRY} is not Pagefind 1.5's ({exc!r})") from None
    meta = read(meta_name)
    if not (isinstance(meta, list) and len(meta) == 6 and all(
            isinstance(part, list) for part in meta[1:])):
        raise MergeError("the shard's meta file is not [version, pages, chunks, filters, sorts, "
                         "fields]")
    if meta[4]:
        raise MergeError("the shard has sort orders, which are not merged")
    for page in meta[1]:
        if not (isinstance(page, list) and len(page) == 2 and isinstance(page[0], str)
                and f"fragment/{page[0]}.pf_fragment" in files and isinstance(page[1], int)):
            raise MergeError(f"the shard lists a page as {page!r:.80}")
    pages, order = _in_document_order(meta[1], files)
    words: list = []
    last = None
    for chunk in meta[2]:
        if not (isinstance(chunk, list) and len(chunk) == 3 and isinstance(chunk[2], str)):
            raise MergeError(f"the shard lists a chunk as {chunk!r:.80}")
        name = f"index/{chunk[2]}.pf_index"
        for item, encoded in _words(contents(name), f"the shard's {name}"):
            word = item[0]
            if last is not None and word <= last:
                raise MergeError(f"the shard's words are not in order at {word!r:.40}")
            last = word
            variants = []
            for variant in item[2]:
                if not (isinstance(variant, list) and len(variant) == 2
                        and isinstance(variant[0], str) and isinstance(variant[1], list)):
                    raise MergeError(f"the shard holds a variant of {word!r:.40} as {variant!r:.80}")
                variants.append([variant[0], _run(_renumbered(variant[1], order),
                                                  what=f"{word!r:.40}")])
            run = _run(item[1], encoded, f"{word!r:.40}")  # the bytes as Pagefind wrote them
            if order is not None:
                run = _run(_renumbered(item[1], order), what=f"{word!r:.40}")
            words.append([word, run, variants])
    filters = []
    for pair in meta[3]:
        try:
            name, digest = pair
            filter_name, values = read(f"filter/{digest}.pf_filter")
            if filter_name != name or not all(isinstance(v, str) and all(
                    isinstance(n, int) for n in numbers) for v, numbers in values):
                raise ValueError(filter_name)
            if order is not None:
                values = [[v, sorted(order[n] for n in numbers)] for v, numbers in values]
            values = sorted(values)  # Pagefind writes them in a hash map's order
        except (ValueError, TypeError, IndexError) as exc:
            raise MergeError(f"the shard's filter {pair!r:.60} is not [filter, [[value, pages]]] "
                             f"({exc})") from None
        filters.append([name, values])
    filters.sort()
    if not all(isinstance(f, str) for f in meta[5]):
        raise MergeError("the shard's metadata fields are not names")
    return Prepared(entry, language, pages, meta[5], words, filters)


def _in_document_order(pages: list, files: dict[str, str]) -> tuple[list, list[int] | None]:
    """PAGES (the meta file's) in the order of the documents' file names, and each page number's
    new number (None when Pagefind numbered them so already). Pagefind numbers pages in the
    order it lists its folder, which is the file system's (ext4 lists by a hash of the name
    seeded per file system, a tmpfs by age): numbered by name, the index's bytes are the same on
    every machine, and so is the order of results that score alike."""
    names = []
    for name, _ in pages:
        path = files[f"fragment/{name}.pf_fragment"]
        with open(path, "rb") as fh:
            names.append(_fragment_url(_unpack(fh.read(), f"the shard's fragment {name}"), name))
    listed = sorted(range(len(pages)), key=names.__getitem__)
    if listed == list(range(len(pages))):
        return pages, None
    order = [0] * len(pages)
    for new, old in enumerate(listed):
        order[old] = new
    return [pages[old] for old in listed], order


def _fragment_url(raw: bytes, name: str) -> str:
    """The URL of a page's fragment (JSON): the file name of the document Pagefind read."""
    try:
        url = json.loads(raw)["url"]
    except (ValueError, TypeError, KeyError) as exc:
        raise MergeError(f"the shard's fragment {name} is not a page's JSON ({exc!r})") from None
    if not isinstance(url, str):
        raise MergeError(f"the shard's fragment {name} names its page as {url!r:.60}")
    return url


def _renumbered(pages, order: list[int] | None):
    """A word's page list (page numbers as distances) with its pages numbered by ORDER and put
    back in page order; PAGES as they are when ORDER is None."""
    if order is None:
        return pages
    try:
        number, moved = 0, []
        for page in pages:
            number += page[0]
            moved.append((order[number], page[1], page[2]))
    except (TypeError, IndexError) as exc:
        raise MergeError(f"a page list names a page the shard does not have ({exc!r})") from None
    moved.sort()
    out, last = [], 0
    for number, locations, meta in moved:
        out.append([number - last, locations, meta])
        last = number
    return out


def _spliced(runs: list[tuple[int, list]]) -> tuple[bytes, int]:
    """One page list (as CBOR) from runs of pages of shards ((base, run) in shard order), and its
    size. Only each run's first page is written anew: its distance from the page before it."""
    out = [_head(4, sum(run[2] for _, run in runs))]
    last = size = 0
    for base, (first, end, _, run_size, after) in runs:
        out += (b"\x83", _head(0, base + first - last), after)
        last = base + end
        size += run_size
    return b"".join(out), size


def merge(shards: list[tuple[Prepared, dict[str, str]]], output: Path,
          movable: str | None = None, packed: search_cache.Packed | None = None) -> None:
    """Write one index of every page of SHARDS ((prepared shard, its files: relative path ->
    path), in shard order) into OUTPUT. Fragments are linked from the shards' files
    (search_cache.place), or moved when they are under the folder MOVABLE (a scratch folder: a
    rename costs less than a link and the unlink of the scratch name); the rest is written,
    compressed, or taken compressed from PACKED (search_cache.Packed, made with GZIP_LEVEL)."""
    if not shards:
        raise MergeError("there is no shard to merge")
    output = Path(output)
    first = shards[0][0]
    language, version = first.language, first.entry["version"]
    wasm = first.entry["languages"][language]["wasm"]
    for prepared, _ in shards:
        if (prepared.entry["version"] != version or prepared.language != language
                or prepared.entry["languages"][language]["wasm"] != wasm):
            raise MergeError("the shards were written by other Pagefind versions or languages")
    prefix = f"{language}_"
    fields = sorted({f for prepared, _ in shards for f in prepared.fields})
    parts = [p if p.fields == fields else p.remapped(fields) for p, _ in shards]

    # pages and their fragments, shard after shard
    pages: list = []
    bases: list[int] = []
    placed: dict[str, str] = {}  # fragment name in the merged index -> the file it is
    fragments: list[tuple[str, str]] = []
    for prepared, (_, files) in zip(parts, shards):
        bases.append(len(pages))
        renamed: dict[str, str] = {}
        for name, words in prepared.pages:
            if name not in renamed:
                source = files[f"fragment/{name}.pf_fragment"]
                renamed[name] = name
                if name in placed and not _same(placed[name], source):
                    with open(source, "rb") as fh:
                        digest = hashlib.sha256(fh.read()).hexdigest()
                    renamed[name] = _unique(prefix, digest, placed, 7)
                if renamed[name] not in placed:
                    placed[renamed[name]] = source
                    fragments.append((f"fragment/{renamed[name]}.pf_fragment", source))
            pages.append([renamed[name], words])

    names: set[str] = set()

    def write(pattern: str, encoded: bytes, length: int = 7) -> str:
        """Write ENCODED as the file PATTERN names with its hash ("index/{}.pf_index")."""
        data, digest = _pack(encoded, packed)
        name = _unique(prefix, digest, names, length)
        names.add(name)
        path = output / pattern.format(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return name

    # the words: every shard's, in word order, each word's runs in shard order
    chunks: list[list] = []  # [from, to, hash] as they are cut
    current: list[bytes] = []
    bounds: list[str] = []
    size = 0

    def cut() -> None:
        nonlocal current, size
        name = write("index/{}.pf_index", b"\x81" + _head(4, len(current)) + b"".join(current))
        chunks.append([bounds[0], bounds[-1], name])
        current, size = [], 0
        bounds.clear()

    def emit(word: str, group: list[tuple[int, list]]) -> int:
        runs = [(bases[n], entry[1]) for n, entry in group if entry[1] is not None]
        listed, total = _spliced(runs)
        spellings: dict[str, list] = {}
        for n, entry in group:
            for spelling, run in entry[2]:
                if run is not None:
                    spellings.setdefault(spelling, []).append((bases[n], run))
        out = [b"\x83", _text(word), listed, _head(4, len(spellings))]
        for spelling in sorted(spellings):
            listed, _ = _spliced(spellings[spelling])  # a spelling's pages weigh nothing
            out += (b"\x82", _text(spelling), listed)
        current.append(b"".join(out))
        bounds.append(word)
        return total

    def words(n: int):
        for entry in parts[n].words:
            yield entry[0], n, entry

    group: list[tuple[int, list]] = []
    word = None
    for item_word, n, entry in heapq.merge(*(words(n) for n in range(len(parts)))):
        if item_word != word and group:
            size += emit(word, group)
            if size >= CHUNK_SIZE:
                cut()
            group = []
        word = item_word
        group.append((n, entry))
    if group:
        emit(word, group)
    if current:
        cut()
    for a, b in zip(chunks, chunks[1:]):
        to, b[0] = _prefixes(a[1], b[0])
        if to >= a[0]:  # a bound shorter than the chunk's first word is not cut (Pagefind's rule)
            a[1] = to

    # the filters: each value's pages, renumbered, over every shard
    values: dict[str, dict[str, list[int]]] = {}
    for prepared, base in zip(parts, bases):
        for name, listed in prepared.filters:
            for value, numbers in listed:
                values.setdefault(name, {}).setdefault(value, []).extend(base + n for n in numbers)
    filters = [[name, write("filter/{}.pf_filter", cbor2.dumps(
        [name, [[value, values[name][value]] for value in sorted(values[name])]]))]
        for name in sorted(values)]

    meta = write("pagefind.{}.pf_meta", cbor2.dumps([version, pages, chunks, filters, [], fields]),
                 10)
    entry = dict(first.entry)
    entry["languages"] = {language: dict(first.entry["languages"][language], hash=meta,
                                         page_count=len(pages))}
    (output / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                "utf-8")
    if movable is not None:
        inside = os.path.join(movable, "")
        moved = [(name, source) for name, source in fragments if source.startswith(inside)]
        if moved:
            os.makedirs(output / "fragment", exist_ok=True)
        for name, source in moved:
            os.replace(source, os.path.join(output, name))
        fragments = [(name, source) for name, source in fragments if not source.startswith(inside)]
    search_cache.place_all(fragments, output)


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """The starts of A and B one character past what they share (Pagefind's chunk bounds)."""
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return a[:common + 1], b[:common + 1]


def _same(a: str, b: str) -> bool:
    if os.path.samefile(a, b):
        return True
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()
