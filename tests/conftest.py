"""Shared fixtures: run the ``briefs`` command line in-process and capture what the user sees."""

from __future__ import annotations

import inspect
import sys
from dataclasses import dataclass

import pytest

from builder import cli


@dataclass(frozen=True)
class Run:
    """One ``briefs`` run: its exit status, stdout and stderr."""

    exit: int
    out: str
    err: str


def follow_sys_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``run_check`` print to the current ``sys.stdout``.

    Workaround for a checker bug: ``run_check(..., out=sys.stdout)`` binds the stdout of the moment
    ``builder.cli`` was imported, so capsys (or contextlib.redirect_stdout) never sees the
    diagnostics. ``test_cli_check.py::test_check_prints_to_the_current_sys_stdout`` (xfail) specifies
    the fix; once it is made (default ``out=None``, or no ``out`` at all) this does nothing.
    """
    params = inspect.signature(cli.run_check).parameters
    out = params.get("out")
    if out is None or out.default in (None, inspect.Parameter.empty):
        return
    original = cli.run_check

    def run_check(*args, **kwargs):
        kwargs.setdefault("out", sys.stdout)
        return original(*args, **kwargs)

    monkeypatch.setattr(cli, "run_check", run_check)


@pytest.fixture
def briefs(monkeypatch, capsys):
    """``briefs("check", "--strict")`` runs ``builder.cli.main`` and returns a ``Run``."""
    follow_sys_stdout(monkeypatch)
    monkeypatch.delenv("BRIEFS_DEBUG", raising=False)

    def run(*argv: str) -> Run:
        capsys.readouterr()  # drop anything printed before
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run
