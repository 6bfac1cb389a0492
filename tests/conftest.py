"""Shared fixtures: run the ``briefs`` command line in-process and capture what the user sees."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from builder import cli


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
