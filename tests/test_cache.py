"""The check cache and the parallel check: the same answer as a fresh, sequential check, always."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
