"""Shards merged into one index (builder/search_merge.py) are Pagefind's own index of the same
records: decoded, every word's pages, locations, weights and spellings, every filter and every
page's word count and fragment are the same, so a query ranks and finds the same. (The browser
suite asks both the same queries: tests/browser/test_search.py.)"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import tempfile
from pathlib import Path

import cbor2
import pytest

from builder import search
from builder import search_merge as merging
from builder.check import check
from tests.sitetools import REPO

PAGES = [("guide/", "Guide", '<h2 id="quotes">Quotes</h2><p>words about quotes</p>'),
         ("about/", "About", "<p>about the site</p>")]


@pytest.fixture(scope="module")
def records():
    found = search.fact_records(check(REPO).site.published())
    # one spelling with diacritics and one without, in records of different shards
    return found + [
        search.Record("actors/cyrus-grunewald/", "actor", "Cyrus Grünewald", ("Grunewald",),
                      "A Grünewald of Zürich.", None),
        search.Record("briefs/zz-other/", "brief", "Grunewald in Zurich", (), "Zürich talks.", None)]


def _read(path: Path):
    return cbor2.loads(gzip.decompress(path.read_bytes())[len(merging.MAGIC):])


def _pages(pages, hrefs, fields):
    """A page list as {href: (locations, metadata locations by field name)}."""
    out, number = {}, 0
    for distance, locations, meta in pages:
        number += distance
        out[hrefs[number]] = (locations, [v if v >= 0 else fields[-v - 1] for v in meta])
    return out


def decoded(folder: Path) -> dict:
    """What a query of the index at FOLDER can see, with every page named by its href (so that
    two indexes that number their pages differently compare equal when they hold the same)."""
    entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
    (language, about), = entry["languages"].items()
    meta = _read(folder / f"pagefind.{about['hash']}.pf_meta")
    version, listed, chunks, filters, sorts, fields = meta
    hrefs, pages = [], {}
    for name, words in listed:
        fragment = json.loads(gzip.decompress(
            (folder / "fragment" / f"{name}.pf_fragment").read_bytes())[len(merging.MAGIC):])
        del fragment["url"]  # the scratch file's name in the run that indexed it
        hrefs.append(fragment["meta"]["href"])
        pages[fragment["meta"]["href"]] = (words, fragment)
    assert about["page_count"] == len(hrefs) == len(pages)
    words, bounds = {}, []
    for low, high, name in chunks:
        bounds.append((low, high))
        (entries,) = _read(folder / "index" / f"{name}.pf_index")
        for word, found, variants in entries:
            # the search looks for a word in the chunk whose bounds hold it
            assert low <= word[:len(low)] and word[:len(high)] <= high, (low, word, high)
            words[word] = (_pages(found, hrefs, fields),
                           {spelling: _pages(p, hrefs, fields) for spelling, p in variants})
    for a, b in zip(chunks, chunks[1:]):
        assert a[1] < b[0]
    by_filter = {}
    for name, file_name in filters:
        filter_name, values = _read(folder / "filter" / f"{file_name}.pf_filter")
        assert filter_name == name
        by_filter[name] = {value: sorted(hrefs[n] for n in numbers) for value, numbers in values}
    rest = {k: v for k, v in entry.items() if k != "languages"}
    # where the chunks are cut matters too: a word's extensions are looked for in the chunks whose
    # bounds hold it, so other cuts can find other extensions and rank otherwise
    return {"version": version, "pages": pages, "words": words, "chunks": bounds,
            "filters": by_filter,
            "sorts": sorts, "fields": fields, "entry": rest, "wasm": about["wasm"]}


def pagefind_alone(folder: Path, docs: list[tuple[str, str]]) -> dict[str, str]:
    """Pagefind's own index of DOCS, in one run, as its files (relative path -> path)."""
    source = folder / "in"
    source.mkdir(parents=True)
    for i, (_, document) in enumerate(docs):
        (source / f"{i:04d}.html").write_text(document, "utf-8")
    search._run_pagefind(source, folder / "out")
    return {name: str(path) for name, path in search._files(folder / "out")}


def _folder(files: dict[str, str]) -> Path:
    return Path(files[merging.ENTRY]).parent


@pytest.fixture(scope="module")
def one_run(records, tmp_path_factory):
    """Pagefind's index of every record and page, in one run."""
    return decoded(_folder(pagefind_alone(tmp_path_factory.mktemp("alone"),
                                          search.documents(records, PAGES))))


@pytest.mark.parametrize("shards", [1, 2, 8])
def test_merged_shards_are_pagefinds_own_index(tmp_path, records, one_run, monkeypatch, shards):
    monkeypatch.setattr(search, "RECORDS_PER_SHARD", 1)
    monkeypatch.setattr(search, "SHARDS", shards)
    report = search.build_index(tmp_path, records, PAGES)
    assert len(report.shards) == shards
    merged = decoded(tmp_path / "pagefind")
    assert merged == one_run
    # what the comparison covers: words in several chunks' worth, and both spellings
    assert len(merged["words"]) > 450 and merged["fields"] == ["brief", "href", "kind", "title"]
    assert set(merged["words"]["grunewald"][1]) == {"grünewald"}
    assert set(merged["words"]["grunewald"][1]["grünewald"]) == {"actors/cyrus-grunewald/"}
    assert {"actors/cyrus-grunewald/", "briefs/zz-other/"} <= set(merged["words"]["grunewald"][0])


def _shards(tmp_path: Path, docs: list[tuple[str, str]], groups: list[list[int]]):
    """Pagefind's index of each group of DOCS (by position), prepared for the merge."""
    made = []
    for n, group in enumerate(groups):
        files = pagefind_alone(tmp_path / f"shard-{n}", [docs[i] for i in group])
        made.append((merging.prepare(files), files))
    return made


def test_a_shard_without_a_metadata_field_is_renumbered(tmp_path, records):
    """The actors' shard has no "brief" field (an actor belongs to no brief): its metadata
    locations name its fields by their place in its own list, renumbered in the merged one."""
    docs = search.documents(records, [])
    actors = [i for i, r in enumerate(records) if r.kind == "actor"]
    others = [i for i, r in enumerate(records) if r.kind != "actor"]
    shards = _shards(tmp_path, docs, [actors, others])
    assert shards[0][0].fields == ["href", "kind", "title"]
    assert shards[1][0].fields == ["brief", "href", "kind", "title"]
    merging.merge(shards, tmp_path / "merged")
    alone = pagefind_alone(tmp_path / "alone", [docs[i] for i in actors + others])
    assert decoded(tmp_path / "merged") == decoded(_folder(alone))


def test_small_chunks_are_cut_and_bounded_as_pagefind_does(tmp_path, records, one_run,
                                                           monkeypatch):
    monkeypatch.setattr(merging, "CHUNK_SIZE", 40)
    monkeypatch.setattr(search, "RECORDS_PER_SHARD", 1)
    monkeypatch.setattr(search, "SHARDS", 4)
    search.build_index(tmp_path, records, PAGES)
    alone = decoded(_folder(pagefind_alone(tmp_path / "alone", search.documents(records, PAGES))))
    assert alone["chunks"] != one_run["chunks"]  # Pagefind cut by the same small size
    assert decoded(tmp_path / "pagefind") == alone
    entry = json.loads((tmp_path / "pagefind" / merging.ENTRY).read_text())
    meta = _read(tmp_path / "pagefind" / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    chunks = meta[2]
    assert len(chunks) > 50
    (first_words,) = _read(tmp_path / "pagefind" / "index" / f"{chunks[1][2]}.pf_index")
    (last_words,) = _read(tmp_path / "pagefind" / "index" / f"{chunks[0][2]}.pf_index")
    # the bounds between two chunks: the shortest starts of their words that tell them apart
    a, b = last_words[-1][0], first_words[0][0]
    common = next(i for i, (x, y) in enumerate(zip(a + "\0", b + "\0")) if x != y)
    assert (chunks[0][1], chunks[1][0]) == (a[:common + 1], b[:common + 1])


def test_fragments_of_the_same_name_in_two_shards_are_told_apart(tmp_path, records):
    """Pagefind names a fragment by 7 hex digits of its hash, unique within its own run; two
    shards can hold different fragments of one name. The later one is renamed."""
    docs = search.documents(records[:20], [])
    (first, first_files), (second, second_files) = _shards(tmp_path, docs, [
        list(range(10)), list(range(10, 20))])
    taken, theirs = first.pages[0][0], second.pages[3][0]
    second_files = dict(second_files)
    second_files[f"fragment/{taken}.pf_fragment"] = second_files.pop(f"fragment/{theirs}.pf_fragment")
    second = dataclasses.replace(second, pages=[[taken if name == theirs else name, words]
                                                for name, words in second.pages])
    merging.merge([(first, first_files), (second, second_files)], tmp_path / "merged")
    meta_names = [name for name, _ in decoded_meta(tmp_path / "merged")[1]]
    assert len(set(meta_names)) == 20 and meta_names[0] == taken and meta_names[13] != taken
    alone = pagefind_alone(tmp_path / "alone", docs)
    assert decoded(tmp_path / "merged") == decoded(_folder(alone))


def decoded_meta(folder: Path):
    entry = json.loads((folder / merging.ENTRY).read_text())
    return _read(folder / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")


def test_what_the_merge_does_not_know_stops_it(tmp_path, records):
    sorted_doc = ('<html lang="en"><body><main data-pagefind-body><h1>A</h1>'
                  '<span data-pagefind-sort="date">2020</span><p>words</p></main></body></html>')
    files = pagefind_alone(tmp_path / "sorts", [("a/", sorted_doc)])
    with pytest.raises(merging.MergeError, match="^the shard has sort orders, which are not merged$"):
        merging.prepare(files)
    files = pagefind_alone(tmp_path / "plain", search.documents(records[:3], []))
    meta = Path(files[next(n for n in files if n.endswith(".pf_meta"))])
    value = _read(meta)
    meta.write_bytes(gzip.compress(merging.MAGIC + cbor2.dumps(value[:5])))
    with pytest.raises(merging.MergeError, match="^the shard's meta file is not "):
        merging.prepare(files)
    meta.write_bytes(b"not gzip")
    with pytest.raises(merging.MergeError, match=r"^the shard's pagefind\..*\.pf_meta is not gzip"):
        merging.prepare(files)
    # a page number written longer than it needs (0x18 0x05 for 5): the same value decoded, but
    # not the bytes the merge splices, so it stops rather than guess
    files = pagefind_alone(tmp_path / "long", search.documents(records[:3], []))
    chunk = Path(files[next(n for n in files if n.startswith("index/"))])
    (words,) = _read(chunk)
    at = next(i for i, w in enumerate(words) if w[1] and 0 < w[1][0][0] < 24)
    encoded = [cbor2.dumps(w) for w in words]
    word, pages, variants = words[at]
    listed = cbor2.dumps(pages)
    head = cbor2.dumps([None] * len(pages))[:-len(pages)]  # the list's head
    longer = head + b"\x83\x18" + bytes([pages[0][0]]) + listed[len(head) + 2:]
    assert cbor2.loads(longer) == pages
    encoded[at] = b"\x83" + cbor2.dumps(word) + longer + cbor2.dumps(variants)
    raw = b"\x81" + cbor2.dumps([None] * len(words))[:-len(words)] + b"".join(encoded)
    chunk.write_bytes(gzip.compress(merging.MAGIC + raw))
    with pytest.raises(merging.MergeError, match="holds a page list that does not start as a list "
                                                 "of pages$"):
        merging.prepare(files)
    with pytest.raises(merging.MergeError, match="^prepared.cbor is not a prepared shard of "):
        merging.Prepared.loads(cbor2.dumps(["briefs-merge 0"]))
    with pytest.raises(merging.MergeError, match="^there is no shard to merge$"):
        merging.merge([], tmp_path / "none")


def test_a_merge_error_stops_the_build_with_its_words(tmp_path, records, monkeypatch):
    def broken(files):
        raise merging.MergeError("the shard lists a page as 'x'")

    monkeypatch.setattr(merging, "prepare", broken)
    with pytest.raises(search.SearchError) as caught:
        search.build_index(tmp_path, records[:3], [])
    assert str(caught.value) == ("Pagefind wrote an index this builder cannot read: the shard "
                                 "lists a page as 'x'")


SHM = Path("/dev/shm")


@pytest.mark.skipif(not (SHM.is_dir() and os.access(SHM, os.W_OK)), reason="no /dev/shm")
def test_pages_are_numbered_by_document_whatever_order_the_folder_lists(tmp_path, records):
    """Pagefind numbers pages in the order it lists its folder (a tmpfs lists the newest file
    first, ext4 by a hash of the name seeded per file system); the shard read for the merge is
    numbered in the order of the documents' names, so the index is the same on every machine."""
    docs = search.documents(records[:40], PAGES)
    made = []
    for n, order in enumerate((range(len(docs)), range(len(docs) - 1, -1, -1))):
        with tempfile.TemporaryDirectory(dir=SHM) as scratch:
            source = Path(scratch) / "in"
            source.mkdir()
            for i in order:
                (source / f"{i:04d}.html").write_text(docs[i][1], "utf-8")
            search._run_pagefind(source, tmp_path / f"out-{n}")
        files = {name: str(path) for name, path in search._files(tmp_path / f"out-{n}")}
        meta = next(name for name in files if name.endswith(".pf_meta"))
        made.append((_read(Path(files[meta]))[1], merging.prepare(files), files))
    (listed_a, a, files_a), (listed_b, b, files_b) = made
    assert listed_a != listed_b  # Pagefind's own numbering followed the folder's order
    # all but the entry file, which names Pagefind's own meta file of the shard
    assert ((a.pages, a.words, a.filters, a.fields)
            == (b.pages, b.words, b.filters, b.fields))
    urls = [json.loads(gzip.decompress(Path(files_a[f"fragment/{name}.pf_fragment"])
                                       .read_bytes())[len(merging.MAGIC):])["url"]
            for name, _ in a.pages]
    assert urls == [f"/{i:04d}.html" for i in range(len(docs))]
    merging.merge([(a, files_a)], tmp_path / "merged-a")
    merging.merge([(b, files_b)], tmp_path / "merged-b")
    assert ({p.relative_to(tmp_path / "merged-a"): p.read_bytes()
             for p in (tmp_path / "merged-a").rglob("*") if p.is_file()}
            == {p.relative_to(tmp_path / "merged-b"): p.read_bytes()
                for p in (tmp_path / "merged-b").rglob("*") if p.is_file()})
    assert decoded(tmp_path / "merged-a") == decoded(_folder(files_a))
