"""Shared fixtures: run the ``briefs`` command line in-process and capture what the user sees."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from builder import cli

REPO = Path(__file__).resolve().parent.parent
# what the suite may write into the checkout: caches of Python and pytest, and the screenshots
WRITABLE = ("tests/artifacts/", ".pytest_cache/", ".hypothesis/")


def _checkout_files() -> set[str]:
    """Every file and folder of the checkout but the environment, the built site and what the
    suite may write (``WRITABLE``)."""
    found = set()
    for folder, dirs, files in os.walk(REPO):
        rel = Path(folder).relative_to(REPO).as_posix()
        rel = "" if rel == "." else rel + "/"
        dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith((".venv", ".git"))
                   and not (rel == "" and d in ("site", "build"))
                   and not f"{rel}{d}/".startswith(WRITABLE) and not d.endswith(".egg-info")]
        found.update(rel + d + "/" for d in dirs)
        found.update(rel + f for f in files if not (rel == "" and f == ".briefs.lock"))
    return found


@pytest.fixture(scope="session", autouse=True)
def checkout_left_as_found():
    """The suite leaves the checkout as it found it: no check cache in case folders, no lock
    files in fixtures, no stray output (tests work in copies under tmp_path)."""
    before = _checkout_files()
    yield
    added, removed = sorted(_checkout_files() - before), sorted(before - _checkout_files())
    assert not added and not removed, f"the tests changed the checkout: added {added[:10]}, removed {removed[:10]}"


@dataclass(frozen=True)
class Run:
    """One ``briefs`` run: its exit status, stdout and stderr."""

    exit: int
    out: str
    err: str


@pytest.fixture
def briefs(monkeypatch, capsys):
    """``briefs("check", "--strict")`` runs ``builder.cli.main`` and returns a ``Run``."""
    monkeypatch.delenv("BRIEFS_DEBUG", raising=False)

    def run(*argv: str) -> Run:
        capsys.readouterr()  # drop anything printed before
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run
