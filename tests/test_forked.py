"""builder/forked.py: a call made in a forked child, its answer or its exception sent back."""

from __future__ import annotations

import os

import pytest

from builder.forked import ChildFailed, Forked

STATE = {"touched": False}


def test_the_child_s_return_value_comes_back_and_its_memory_stays_its_own():
    def call():
        STATE["touched"] = True  # in the child's copy of this module
        return os.getpid(), {"records": list(range(3))}

    pid, value = Forked(call, "test-child").result()
    assert pid != os.getpid() and value == {"records": [0, 1, 2]}
    assert STATE == {"touched": False}


def test_the_child_s_exception_is_raised_in_the_parent_as_it_was():
    class Refused(ValueError):
        pass

    def call():
        raise KeyError("no such shard")

    with pytest.raises(KeyError, match="no such shard"):
        Forked(call, "test-child").result()

    def unpicklable():  # a class local to a function does not pickle: its text comes back
        raise Refused("the index is empty")

    with pytest.raises(ChildFailed, match="Refused: the index is empty"):
        Forked(unpicklable, "test-child").result()


def test_a_child_that_stops_without_an_answer_or_cannot_send_it_fails_with_what_happened():
    with pytest.raises(ChildFailed, match=r"test-child stopped without an answer \(exit code 3\)"):
        Forked(lambda: os._exit(3), "test-child").result()
    with pytest.raises(ChildFailed, match="returned generator, which cannot be sent back"):
        Forked(lambda: (n for n in range(3)), "test-child").result()


def test_waiting_twice_or_after_the_result_is_harmless():
    child = Forked(lambda: 42, "test-child")
    child.wait()
    child.wait()
    assert child.result() == 42 and child.result() == 42


# -- the search index, started once the facts are checked (builder/plugin.py, _start_search) ------

def _build_in_process(project, site):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.site_dir = str(site)
    mkdocs_build(config)
    return config


@pytest.mark.parametrize("forks", [True, False])
def test_a_build_that_fails_after_the_search_started_stops_it_and_leaves_no_child(
        tmp_path, monkeypatch, forks):
    """The search starts in on_files and waits for the hand-written pages; a build that stops
    before on_post_build (here: MkDocs' nav event raises) closes the pipe (on_build_error), and
    the search ends without writing anything, on a forked child or on a thread."""
    import multiprocessing
    import threading

    from builder.plugin import BriefsPlugin
    from tests.sitetools import small_project

    project = small_project(tmp_path / "project")
    started = []
    real = BriefsPlugin._start_search

    def start(self, config):
        started.append(True)
        return real(self, config)

    def broken_nav(self, nav, config, files):
        raise RuntimeError("a nav that cannot be made")
    monkeypatch.setattr(BriefsPlugin, "_start_search", start)
    monkeypatch.setattr(BriefsPlugin, "on_nav", broken_nav)
    monkeypatch.setattr(BriefsPlugin, "_may_fork", lambda self: forks)
    with pytest.raises(RuntimeError, match="a nav that cannot be made"):
        _build_in_process(project, tmp_path / "site")
    assert started == [True]
    assert multiprocessing.active_children() == []
    assert [t.name for t in threading.enumerate() if t.name.startswith("briefs-search")] == []
    assert not (tmp_path / "site" / "pagefind").exists()


def test_the_search_started_early_indexes_the_hand_written_pages_too(tmp_path):
    from tests.sitetools import search_records, small_project

    project = small_project(tmp_path / "project")
    config = _build_in_process(project, tmp_path / "site")
    urls = {r["meta"]["href"] for r in search_records(tmp_path / "site")}
    guide = {page[0] for page in config.plugins["briefs"].hand_written}
    assert guide and guide <= urls  # content/'s pages, sent to the search after MkDocs made them
    assert any(u.startswith("briefs/") for u in urls)
