"""The search index's shards and their build cache (builder/search.py, builder/search_cache.py): a
shard whose documents did not change is taken from the cache, the output (one merged index) is
byte-identical with a cache and without one, and an entry that is not whole is never used."""

from __future__ import annotations

import dataclasses
import json
import os
import time

import pytest

from builder import search, search_cache, search_merge
from builder.check import check
from tests.sitetools import REPO, search_records, tree

PAGES = [("guide/", "Guide", '<h2 id="quotes">Quotes</h2><p>words about quotes</p>'),
         ("about/", "About", "<p>about the site</p>")]


@pytest.fixture(scope="module")
def records():
    return search.fact_records(check(REPO).site.published())


@pytest.fixture
def sharded(monkeypatch):
    """The seed's 59 records split as a site of 8,000 records or more is: into 8 shards."""
    monkeypatch.setattr(search, "RECORDS_PER_SHARD", 1)
    monkeypatch.setattr(search, "SHARDS", 8)


def _edited(records, kind="event"):
    """The records with one brief's first record of KIND retitled (an edit of one brief)."""
    at = next(i for i, r in enumerate(records) if r.kind == kind)
    changed = list(records)
    changed[at] = dataclasses.replace(records[at], title=records[at].title + " (edited)")
    return changed, records[at].url


def _entries(cache):
    return sorted(p.name for p in cache.iterdir()
                  if p.name.startswith("search-") and not p.name.startswith(search_cache.PACKED))


def _packed(cache):
    return sorted(p for p in cache.iterdir() if p.name.startswith(search_cache.PACKED))


def _compressed(site):
    """The merged index's files that the merge compresses (words, filters, metadata)."""
    index = site / "pagefind"
    return [*index.glob("index/*"), *index.glob("filter/*"), *index.glob("*.pf_meta")]


def test_shard_counts_and_the_stable_rule(monkeypatch):
    assert [search.shard_count(n) for n in (0, 59, 999, 1000, 1999, 2000, 16000, 19342, 10**6)] == [
        1, 1, 1, 2, 2, 4, 32, 32, 64]
    monkeypatch.setattr(search, "RECORDS_PER_SHARD", 2000)
    monkeypatch.setattr(search, "SHARDS", 8)
    assert [search.shard_count(n) for n in (0, 59, 3999, 4000, 8000, 15999, 16000, 10**6)] == [
        1, 1, 1, 2, 4, 4, 8, 8]
    # a brief's records share its shard; the rule is SHA-256, never Python's salted hash
    brief = search.shard_of("briefs/iraq-militias-2020/", 16)
    assert search.shard_of("briefs/iraq-militias-2020/timeline/#strike", 16) == brief
    assert search.shard_of("briefs/iraq-militias-2020/quotes/#q1", 16) == brief
    assert [search.shard_of(u, 16) for u in ("briefs/iraq-militias-2020/", "actors/iran/",
                                             "places/baghdad/", "guide/")] == [13, 14, 11, 13]


def test_sharded_layout_and_two_builds_byte_identical(tmp_path, records, sharded):
    reports = []
    for name in ("one", "two"):
        reports.append(search.build_index(tmp_path / name, records, PAGES))
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    report = reports[0]
    assert len(report.shards) == search.SHARDS and report.records == len(records) + len(PAGES)
    assert sum(s.records for s in report.shards) == report.records
    index = tmp_path / "one" / "pagefind"
    # one index (the shards merged), with Pagefind's runtime once
    entry = json.loads((index / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == report.records
    assert sorted(p.name for p in index.iterdir() if p.is_dir()) == ["filter", "fragment", "index"]
    assert len(list(index.glob("*.pf_meta"))) == 1 and (index / "pagefind.js").is_file()
    found = search_records(tmp_path / "one")  # every record once, whatever its shard
    assert sorted(r["meta"]["href"] for r in found) == sorted(
        [r.url for r in records] + [u for u, _, _ in PAGES])


def test_an_edit_reindexes_only_its_shard_and_equals_a_clean_build(tmp_path, records, sharded):
    cache = tmp_path / "cache"
    first = search.build_index(tmp_path / "first", records, PAGES, cache)
    assert not first.reused
    again = search.build_index(tmp_path / "again", records, PAGES, cache)
    assert not again.indexed and tree(tmp_path / "again") == tree(tmp_path / "first")
    changed, url = _edited(records)
    cached = search.build_index(tmp_path / "cached", changed, PAGES, cache)
    clean = search.build_index(tmp_path / "clean", changed, PAGES)
    assert [s.number for s in cached.indexed] == [search.shard_of(url, search.SHARDS)]
    assert len(cached.reused) == len(cached.shards) - 1
    assert "1 indexed" in cached.summary()
    assert tree(tmp_path / "cached") == tree(tmp_path / "clean")
    # the cache keeps what the last build used: its shards and the runtime, and each file the
    # merge compressed
    assert len(_entries(cache)) == len(cached.shards) + 1
    assert len(_packed(cache)) == len(_compressed(tmp_path / "cached"))


def test_the_merge_compresses_only_what_changed_and_never_serves_a_damaged_file(
        tmp_path, records, sharded, monkeypatch):
    import gzip

    cache = tmp_path / "cache"
    search.build_index(tmp_path / "first", records, PAGES, cache)
    compressed = []
    real = gzip.compress
    with monkeypatch.context() as patch:
        patch.setattr(gzip, "compress",
                      lambda data, **kw: compressed.append(data) or real(data, **kw))
        search.build_index(tmp_path / "again", records, PAGES, cache)
        assert compressed == [] and tree(tmp_path / "again") == tree(tmp_path / "first")
        changed, _ = _edited(records)
        search.build_index(tmp_path / "cached", changed, PAGES, cache)
        assert 0 < len(compressed) < len(_compressed(tmp_path / "cached"))
    # a damaged entry, another file's bytes under its name, a link: compressed afresh
    entries = _packed(cache)
    assert len(entries) >= 3  # the words, a filter, the metadata
    planted = tmp_path / "planted"
    planted.write_bytes(entries[2].read_bytes())
    entries[0].write_bytes(entries[0].read_bytes()[:-3])
    entries[1].write_bytes(entries[2].read_bytes())
    entries[2].unlink()
    entries[2].symlink_to(planted)
    search.build_index(tmp_path / "repaired", changed, PAGES, cache)
    assert tree(tmp_path / "repaired") == tree(tmp_path / "cached")
    assert len(_packed(cache)) == len(_compressed(tmp_path / "repaired"))
    assert not any(p.is_symlink() for p in _packed(cache))


def test_write_index_keeps_its_signature(tmp_path, records, sharded):
    assert search.write_index(tmp_path / "a", records, PAGES) == len(records) + len(PAGES)
    assert search.write_index(tmp_path / "b", records, PAGES, tmp_path / "c") == len(records) + 2
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def _entry_files(cache):
    """Every cached data file but the manifests, largest first."""
    files = [p for p in cache.rglob("*") if p.is_file() and p.name != search_cache.MANIFEST]
    return sorted(files, key=lambda p: (-p.stat().st_size, str(p)))


@pytest.mark.parametrize("damage", ["truncate", "same-size", "delete", "manifest", "no-manifest"])
def test_a_damaged_entry_is_never_used(tmp_path, records, sharded, damage):
    cache = tmp_path / "cache"
    search.build_index(tmp_path / "first", records, PAGES, cache)
    victim = next(p for p in _entry_files(cache) if "fragment" in p.parts)
    entry = next(parent for parent in victim.parents if parent.parent == cache)
    if damage == "truncate":
        victim.write_bytes(victim.read_bytes()[:-1])
    elif damage == "same-size":  # changed in place (as through a hard link): the mtime moves
        data = bytearray(victim.read_bytes())
        data[-1] ^= 0xFF
        os.unlink(victim)  # a new inode: the site's hard link keeps the good bytes
        victim.write_bytes(bytes(data))
    elif damage == "delete":
        victim.unlink()
    elif damage == "manifest":
        (entry / search_cache.MANIFEST).write_text("{not json")
    else:
        (entry / search_cache.MANIFEST).unlink()
    report = search.build_index(tmp_path / "second", records, PAGES, cache)
    assert len(report.indexed) == 1  # the damaged shard, indexed again
    # (a change in place reaches the first site too, through the hard link: compare with a
    # build without the cache)
    search.build_index(tmp_path / "clean", records, PAGES)
    assert tree(tmp_path / "second") == tree(tmp_path / "clean")
    # and the entry was written again, whole
    assert search.build_index(tmp_path / "third", records, PAGES, cache).indexed == ()


def test_same_size_damage_with_the_old_mtime_is_found_by_its_hash(tmp_path, records, sharded):
    """A file whose mtime no longer matches (a CI cache restore) is hashed: a same-size change
    is found; an intact file with a new mtime is used."""
    cache = tmp_path / "cache"
    search.build_index(tmp_path / "first", records, PAGES, cache)
    files = [p for p in _entry_files(cache) if "fragment" in p.parts]
    intact, victim = files[0], files[1]
    os.utime(intact, ns=(1, 1))  # as restored without its mtime: hashed, and still good
    data = bytearray(victim.read_bytes())
    data[-1] ^= 0xFF
    os.unlink(victim)
    victim.write_bytes(bytes(data))
    os.utime(victim, ns=(2, 2))
    report = search.build_index(tmp_path / "second", records, PAGES, cache)
    assert len(report.indexed) == 1
    assert tree(tmp_path / "second") == tree(tmp_path / "first")


def test_an_unfinished_entry_is_ignored_and_pruned_when_stale(tmp_path, records, sharded):
    cache = tmp_path / "cache"
    first = search.build_index(tmp_path / "first", records, PAGES, cache)
    # a build that stopped while storing a shard: its temporary folder never became an entry
    key = first.shards[0].digest
    entry = cache / f"search-{key}"
    unfinished = cache / "search-tmp-stopped"
    os.rename(entry, unfinished)
    (cache / "search-tmp-fresh").mkdir()  # another build's, still being written
    report = search.build_index(tmp_path / "second", records, PAGES, cache)
    assert [s.number for s in report.indexed] == [first.shards[0].number]
    assert tree(tmp_path / "second") == tree(tmp_path / "first")
    assert unfinished.exists() and (cache / "search-tmp-fresh").exists()  # both recent
    old = time.time() - search_cache.STALE_TEMP_SECONDS - 10
    os.utime(unfinished, (old, old))
    search.build_index(tmp_path / "third", records, PAGES, cache)
    assert not unfinished.exists() and (cache / "search-tmp-fresh").exists()


def test_prune_leaves_other_caches_alone(tmp_path, records, sharded):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "check.json").write_text("{}")
    (cache / "search-notes").mkdir()
    search.build_index(tmp_path / "first", records, PAGES, cache)
    changed, _ = _edited(records, "quote")
    search.build_index(tmp_path / "second", changed, PAGES, cache)
    assert (cache / "check.json").is_file() and (cache / "search-notes").is_dir()


def test_the_runtime_comes_back_when_only_it_is_missing(tmp_path, records, sharded):
    cache = tmp_path / "cache"
    first = search.build_index(tmp_path / "first", records, PAGES, cache)
    shard_keys = {f"search-{s.digest}" for s in first.shards}
    (runtime,) = [name for name in _entries(cache) if name not in shard_keys]
    for path in sorted((cache / runtime).rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (cache / runtime).rmdir()
    report = search.build_index(tmp_path / "second", records, PAGES, cache)
    assert not report.indexed
    assert tree(tmp_path / "second") == tree(tmp_path / "first")


def test_new_search_code_or_pagefind_indexes_everything_again(tmp_path, records, sharded,
                                                              monkeypatch):
    cache = tmp_path / "cache"
    search.build_index(tmp_path / "first", records, PAGES, cache)
    monkeypatch.setattr(search, "CACHE_FORMAT", search.CACHE_FORMAT + " (changed)")
    report = search.build_index(tmp_path / "second", records, PAGES, cache)
    assert not report.reused and tree(tmp_path / "second") == tree(tmp_path / "first")


def test_an_entry_that_vanishes_while_linking_is_indexed_instead(tmp_path, records, sharded,
                                                                 monkeypatch):
    cache = tmp_path / "cache"
    search.build_index(tmp_path / "first", records, PAGES, cache)
    real, calls = search_cache.place, []

    def flaky(source, target):  # the third file linked went away (another build pruned it)
        calls.append(source)
        if len(calls) == 3:
            raise FileNotFoundError(source)
        real(source, target)

    monkeypatch.setattr(search_cache, "place", flaky)
    report = search.build_index(tmp_path / "second", records, PAGES, cache)
    assert len(calls) > 3 and len(report.indexed) == len(report.shards)  # indexed again, all
    assert tree(tmp_path / "second") == tree(tmp_path / "first")
    assert search.build_index(tmp_path / "third", records, PAGES, cache).indexed == ()


def test_a_prepared_shard_that_cannot_be_read_is_indexed_again(tmp_path, records, sharded,
                                                               monkeypatch):
    cache = tmp_path / "cache"
    first = search.build_index(tmp_path / "first", records, PAGES, cache)
    monkeypatch.setattr(search_merge, "FORMAT", "briefs-merge 0")  # what older code wrote
    report = search.build_index(tmp_path / "second", records, PAGES, cache)
    assert len(report.indexed) == len(first.shards)
    assert tree(tmp_path / "second") == tree(tmp_path / "first")
    assert search.build_index(tmp_path / "third", records, PAGES, cache).indexed == ()


def test_an_old_index_in_the_site_folder_is_replaced(tmp_path, records, sharded):
    site = tmp_path / "site"
    (site / "pagefind" / "s99").mkdir(parents=True)
    (site / "pagefind" / "s99" / "stale.txt").write_text("from an older build")
    search.build_index(site, records, PAGES, tmp_path / "cache")
    search.build_index(tmp_path / "clean", records, PAGES)
    assert tree(site) == tree(tmp_path / "clean")
