"""The check cache and the parallel check: the same answer as a fresh, sequential check, always."""

from __future__ import annotations

import json
import shutil
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from builder.cache import FILE, FOLDER, Cache
from builder.check import check

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """60 synthetic briefs sharing actors (bench/corpus.py), valid by construction."""
    out = tmp_path_factory.mktemp("corpus") / "project"
    subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "--briefs", "60", "--seed", "7",
                    "--out", str(out)], check=True, capture_output=True)
    return out


def lines(result) -> list[tuple]:
    return [(d.loc, d.severity, d.code, d.message, d.hint) for d in result.diagnostics]


def break_one_brief(root: Path) -> Path:
    events = sorted((root / "briefs").glob("*/events.yaml"))[3]
    text = events.read_text()
    events.write_text(text.replace("actor: ", "actor: x", 1))
    return events


def test_cached_and_parallel_checks_agree_with_a_fresh_one(corpus, tmp_path):
    root = tmp_path / "p"
    subprocess.run(["cp", "-r", str(corpus), str(root)], check=True)
    break_one_brief(root)
    fresh = check(root, cwd=root)
    assert any(d.code == "unknown-reference" for d in fresh.diagnostics)
    parallel = check(root, cwd=root, records=False, jobs=2)
    assert lines(parallel) == lines(fresh) and parallel.files == fresh.files
    first = check(root, cwd=root, records=False, cache=Cache(root))
    assert (root / FOLDER / FILE).is_file()
    cache = Cache(root)
    second = check(root, cwd=root, records=False, cache=cache)
    assert len(cache.lookup(sorted((root / "briefs").iterdir()), root.resolve())) == 60  # all hits
    assert lines(first) == lines(second) == lines(fresh)


def test_an_edit_is_seen_through_the_cache(corpus, tmp_path):
    root = tmp_path / "p"
    subprocess.run(["cp", "-r", str(corpus), str(root)], check=True)
    assert check(root, cwd=root, records=False, cache=Cache(root)).ok
    events = break_one_brief(root)
    result = check(root, cwd=root, records=False, cache=Cache(root))
    assert not result.ok
    assert {d.loc.file for d in result.diagnostics if d.severity == "error"} == {
        events.relative_to(root).as_posix()}
    events.write_text(events.read_text().replace("actor: x", "actor: ", 1))
    assert check(root, cwd=root, records=False, cache=Cache(root)).ok


def test_a_committed_cache_cannot_vouch_for_broken_briefs(corpus, tmp_path):
    """A cache file from elsewhere (say, committed in a pull request) has other file stamps."""
    root = tmp_path / "p"
    subprocess.run(["cp", "-r", str(corpus), str(root)], check=True)
    check(root, cwd=root, records=False, cache=Cache(root))
    saved = (root / FOLDER / FILE).read_text()
    other = tmp_path / "clone"
    subprocess.run(["cp", "-r", str(corpus), str(other)], check=True)
    break_one_brief(other)
    (other / FOLDER).mkdir(exist_ok=True)
    (other / FOLDER / FILE).write_text(saved.replace(json.dumps(str(root.resolve())),
                                                     json.dumps(str(other.resolve()))))
    assert not check(other, cwd=other, records=False, cache=Cache(other)).ok


def test_ci_checks_without_the_cache(corpus, tmp_path):
    root = tmp_path / "p"
    subprocess.run(["cp", "-r", str(corpus), str(root)], check=True)
    env = {**os.environ, "CI": "true"}
    run = subprocess.run([sys.executable, "-m", "builder.cli", "check"], cwd=root, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert not (root / FOLDER).exists()
    env.pop("CI")
    subprocess.run([sys.executable, "-m", "builder.cli", "check"], cwd=root, env=env, check=True,
                   capture_output=True)
    assert (root / FOLDER / FILE).is_file()


# -- the build's records cache (builder/cache.py RecordsCache, builder/codec.py) ------------------

from builder import codec  # noqa: E402
from builder.cache import RECORDS_MANIFEST, RecordsCache  # noqa: E402
from builder.check import brief_dirs, check_brief  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures"


def same_result(one, other) -> None:
    """Two check results say the same, field locations and stored texts included."""
    assert codec.encode(one.site.briefs) == codec.encode(other.site.briefs)
    assert codec.encode(one.site.actors) == codec.encode(other.site.actors)
    assert codec.encode(one.site.places) == codec.encode(other.site.places)
    assert one.site == other.site and one.files == other.files
    assert lines(one) == lines(other)
    assert {k: t.raw for k, t in one.texts.items()} == {k: t.raw for k, t in other.texts.items()}


@pytest.mark.parametrize("project", [REPO, *sorted(p for p in FIXTURES.iterdir() if (p / "briefs").is_dir())],
                         ids=lambda p: p.name)
def test_every_record_of_a_brief_reads_back_as_it_was_written(project):
    """The codec makes back each record with every field, its field locations (which records
    do not compare) included: encoding what was decoded gives the same JSON."""
    for folder in brief_dirs(project):
        checked = check_brief(folder, project)
        records = replace(checked, texts=None)
        back = codec.loads(codec.dumps(records))
        assert back == records
        assert codec.encode(back) == codec.encode(records)
        assert back.brief is None or back.brief.events == records.brief.events
        assert type(back.listed) is frozenset and type(back.diagnostics) is tuple


@pytest.mark.parametrize("text", [
    '{"os.system": ["ls"]}', '{"Loc": ["a", 1]}', '{"Loc": ["a", 1, 1], "x": 1}', '[1, 2',
    '{"BriefCheck": 3}', '{"Actor": {"id": "x"}}', '{"Brief": [' + "1," * 23 + '1]}',
])
def test_the_codec_makes_nothing_it_did_not_write(text):
    with pytest.raises(codec.ERRORS + (json.JSONDecodeError,)):
        codec.loads(text)


def test_the_codec_refuses_what_is_not_a_record():
    with pytest.raises(TypeError):
        codec.dumps({"=": {1, 2}})
    with pytest.raises(TypeError):
        codec.dumps(Path("x"))


def entries(folder: Path) -> list[Path]:
    return [p for p in folder.glob("check-*.json") if p.name != RECORDS_MANIFEST]


def copy(source: Path, target: Path) -> Path:
    subprocess.run(["cp", "-r", str(source), str(target)], check=True)
    return target


def test_a_build_s_check_reads_back_every_unchanged_brief_and_checks_an_edited_one(corpus, tmp_path):
    root = copy(corpus, tmp_path / "p")
    folder = tmp_path / "cache"
    fresh = check(root, cwd=root)
    first = check(root, cwd=root, cache=RecordsCache(folder), jobs=2)
    same_result(first, fresh)
    assert (folder / RECORDS_MANIFEST).is_file() and len(entries(folder)) == 60
    cache = RecordsCache(folder)
    same_result(check(root, cwd=root, cache=cache), fresh)
    assert cache.hits == 60
    events = break_one_brief(root)
    cache = RecordsCache(folder)
    broken = check(root, cwd=root, cache=cache)
    assert cache.hits == 59
    same_result(broken, check(root, cwd=root))
    assert {d.loc.file for d in broken.diagnostics if d.severity == "error"} == {
        events.relative_to(root).as_posix()}
    assert len(entries(folder)) == 60  # the edited brief's old entry is gone
    events.write_text(events.read_text().replace("actor: x", "actor: ", 1))
    cache = RecordsCache(folder)
    assert check(root, cwd=root, cache=cache).ok and cache.hits == 59


def test_a_restored_cache_serves_a_fresh_checkout_but_a_committed_one_serves_nothing(corpus,
                                                                                       tmp_path):
    """CI's cache step restores the files with the times they were saved with: a checkout of the
    same commit (new file times, same contents) finds every brief. A cache that came with the
    repository has the checkout's times: it is not read, even with the right contents."""
    root = copy(corpus, tmp_path / "p")
    folder = tmp_path / "cache"
    check(root, cwd=root, cache=RecordsCache(folder), jobs=2)
    shutil.rmtree(root / "briefs")
    copy(corpus / "briefs", root / "briefs")  # a fresh checkout: other times and inodes
    cache = RecordsCache(folder)
    same_result(check(root, cwd=root, cache=cache), check(root, cwd=root))
    assert cache.hits == 60
    committed = copy(folder, tmp_path / "committed")  # cp -r: the copies have new times
    break_one_brief(root)
    cache = RecordsCache(committed)
    result = check(root, cwd=root, cache=cache)
    assert cache.hits == 0 and not result.ok


def test_a_corrupt_entry_is_checked_afresh_and_replaced(corpus, tmp_path):
    root = copy(corpus, tmp_path / "p")
    folder = tmp_path / "cache"
    check(root, cwd=root, cache=RecordsCache(folder), jobs=2)
    manifest = json.loads((folder / RECORDS_MANIFEST).read_text())
    entry = folder / f"check-{manifest['briefs'][sorted(manifest['briefs'])[0]][2]}.json"
    stat = entry.stat()
    entry.write_bytes(entry.read_bytes()[: stat.st_size // 2].ljust(stat.st_size, b" "))
    os.utime(entry, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the times it had
    cache = RecordsCache(folder)
    same_result(check(root, cwd=root, cache=cache), check(root, cwd=root))
    assert cache.hits == 59
    cache = RecordsCache(folder)
    check(root, cwd=root, cache=cache)
    assert cache.hits == 60


def test_another_builder_or_another_working_folder_finds_nothing(corpus, tmp_path, monkeypatch):
    root = copy(corpus, tmp_path / "p")
    folder = tmp_path / "cache"
    check(root, cwd=root, cache=RecordsCache(folder), jobs=2)
    cache = RecordsCache(folder)
    check(root, cwd=root / "briefs", cache=cache)  # its paths are shown from elsewhere
    assert cache.hits == 0
    import builder.pages
    monkeypatch.setattr(builder.pages, "code_digest", lambda templates: "another builder")
    cache = RecordsCache(folder)
    check(root, cwd=root, cache=cache)
    assert cache.hits == 0


def test_a_brief_with_a_link_in_it_is_checked_every_time(corpus, tmp_path):
    root = copy(corpus, tmp_path / "p")
    linked = sorted((root / "briefs").iterdir())[2]
    (linked / "sources" / "elsewhere.txt").symlink_to(tmp_path / "outside.txt")
    (tmp_path / "outside.txt").write_text("what the link points to can change")
    folder = tmp_path / "cache"
    check(root, cwd=root, cache=RecordsCache(folder))
    cache = RecordsCache(folder)
    same_result(check(root, cwd=root, cache=cache), check(root, cwd=root))
    assert cache.hits == 59 and linked.name not in cache.rows


def test_a_brief_edited_while_it_is_checked_is_not_stored(corpus, tmp_path, monkeypatch):
    """The editor saves after the worker took the folder's contents, before it read the file:
    the check saw the new file, so it must not be stored under the old contents (an undo would
    bring back the old contents, and with them the new file's check)."""
    import builder.check
    root = copy(corpus, tmp_path / "p")
    events = sorted((root / "briefs").iterdir())[4] / "events.yaml"
    original = events.read_text()
    real = builder.check.check_brief

    def edit_and_check(folder, cwd, records=True):
        if folder == events.parent:
            events.write_text(original.replace("actor: ", "actor: x", 1))
        return real(folder, cwd, records)

    monkeypatch.setattr(builder.check, "check_brief", edit_and_check)
    folder = tmp_path / "cache"
    assert not check(root, cwd=root, cache=RecordsCache(folder)).ok
    monkeypatch.setattr(builder.check, "check_brief", real)
    events.write_text(original)  # the undo
    cache = RecordsCache(folder)
    assert check(root, cwd=root, cache=cache).ok
    assert cache.hits == 59


def test_what_a_killed_writer_left_is_swept_after_an_hour(corpus, tmp_path):
    """A check killed while it wrote a cache file leaves ``.tmp-check-*`` behind: the next check
    removes those an hour old or more, in the build cache and in .briefs-cache/, and leaves a
    newer one (another process may be writing it) and every file that is not its own."""
    import time

    root = copy(corpus, tmp_path / "p")
    folder = tmp_path / "cache"
    check(root, cwd=root, cache=RecordsCache(folder))
    check(root, cwd=root, records=False, cache=Cache(root))
    made = {}
    for where in (folder, root / FOLDER):
        old, new, other = (where / ".tmp-check-old1", where / ".tmp-check-new1",
                           where / "pages-notes.tmp")
        for path in (old, new, other):
            path.write_text("half written")
        two_hours_ago = time.time() - 7200
        for path in (old, other):
            os.utime(path, (two_hours_ago, two_hours_ago))
        made[where] = (old, new, other)
    check(root, cwd=root, cache=RecordsCache(folder))
    check(root, cwd=root, records=False, cache=Cache(root))
    for old, new, other in made.values():
        assert not old.exists() and new.exists() and other.exists()
    assert len(entries(folder)) == 60
