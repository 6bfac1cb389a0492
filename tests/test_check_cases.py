"""``briefs check`` on small projects, each compared with the exact text the editor sees.

Case folders
------------
Each ``tests/cases/<question>/`` is a tiny project: ``briefs/<brief-id>/*.yaml`` (and
``sources/*.txt``). Every case starts from the same valid brief (``does-the-minimal-brief-check-clean``,
built on the seed article) and breaks one thing; the folder's name is the question it answers.

Next to ``briefs/`` are one or more ``expected*.txt`` files, one per run of the command line::

    # args: check --strict          optional: the arguments after 'briefs' (default: check)
    # exit: 1                       the exit status
    # stderr: 8 errors, 0 warnings in 5 files
    # xfail: <reason>               optional: a known checker bug (see below)
    briefs/x/events.yaml:4:11: error: ... [code]      <- from here on: stdout, byte for byte
        hint: ...

The test runs ``builder.cli.main(args)`` in a copy of the case folder (so that nothing, not even the
check cache, is written into the repository) and compares the exit status, stdout and the summary
line on stderr.

A file with an ``# xfail:`` line specifies the *correct* output for a checker bug that is not fixed
yet: the test is marked ``xfail(strict=True)``, so it starts failing (XPASS) the day the bug is
fixed, and the line can then be removed. Regeneration never touches those files.

Regenerating
------------
After an intended change of wording, regenerate the expected files and review the diff::

    BRIEFS_REGENERATE=1 .venv/bin/python -m pytest tests/test_check_cases.py
    .venv/bin/python -m tests.test_check_cases --regenerate [CASE-FOLDER ...]

The second form runs the real command (``python -m builder.cli``) in each case folder.

Generated cases
---------------
Inputs that should not be committed as files (binary encodings, files over the size cap, nesting
10,000 deep, odd folder names, symbolic links) are built in ``tmp_path`` from the clean case by
``test_generated_case`` below, with their expected output inline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parent / "cases"
CLEAN = CASES / "does-the-minimal-brief-check-clean"
BRIEF = "briefs/baghdad-rockets"
REGENERATE = bool(os.environ.get("BRIEFS_REGENERATE"))


# -- expected files ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    args: tuple[str, ...]
    exit: int
    stderr: str
    stdout: str
    xfail: str | None = None

    @classmethod
    def parse(cls, text: str) -> "Expected":
        header: dict[str, str] = {}
        lines = text.splitlines(keepends=True)
        while lines and lines[0].startswith("# ") and ":" in lines[0]:
            key, _, value = lines.pop(0)[2:].rstrip("\n").partition(":")
            header[key.strip()] = value.strip()
        return cls(tuple(header.get("args", "check").split()), int(header["exit"]),
                   header.get("stderr", ""), "".join(lines), header.get("xfail"))

    def render(self) -> str:
        head = ""
        if self.args != ("check",):
            head += f"# args: {' '.join(self.args)}\n"
        head += f"# exit: {self.exit}\n# stderr: {self.stderr}\n"
        if self.xfail:
            head += f"# xfail: {self.xfail}\n"
        return head + self.stdout


def expected_files() -> list[Path]:
    return sorted(CASES.glob("*/expected*.txt"))


def _params():
    for path in expected_files():
        expected = Expected.parse(path.read_text(encoding="utf-8"))
        marks = [pytest.mark.xfail(strict=True, reason=expected.xfail)] if expected.xfail else []
        yield pytest.param(path, id=f"{path.parent.name}/{path.name}", marks=marks)


@pytest.mark.parametrize("expected_file", list(_params()))
def test_case(expected_file: Path, briefs, monkeypatch, tmp_path):
    """The case folder's ``briefs check`` output is exactly its expected file."""
    expected = Expected.parse(expected_file.read_text(encoding="utf-8"))
    monkeypatch.chdir(in_copy(expected_file.parent, tmp_path))
    run = briefs(*expected.args)
    if REGENERATE and not expected.xfail:
        _write(expected_file, Expected(expected.args, run.exit, run.err.strip(), run.out))
        pytest.skip("regenerated")
    assert run.out == expected.stdout
    assert run.err.strip() == expected.stderr
    assert run.exit == expected.exit


def test_every_case_folder_has_an_expected_file_and_a_brief():
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir()):
        assert list(folder.glob("expected*.txt")), f"{folder.name} has no expected*.txt"
        assert (folder / "briefs").is_dir(), f"{folder.name} has no briefs/ folder"


def in_copy(case: Path, tmp_path: Path) -> Path:
    """A copy of a case folder (its briefs/ only) under the same name, to run the checker in."""
    copy = tmp_path / case.name
    shutil.copytree(case / "briefs", copy / "briefs", symlinks=True)
    return copy


def test_the_clean_case_is_clean_so_each_case_breaks_one_thing(briefs, monkeypatch, tmp_path):
    monkeypatch.chdir(in_copy(CLEAN, tmp_path))
    run = briefs("check", "--strict")
    assert (run.exit, run.out, run.err) == (0, "", "checked 5 files: no problems\n")


# -- what the clean cases load -----------------------------------------------------------------


def test_no_1_30_012_and_1_10_are_kept_as_the_strings_written(monkeypatch):
    """YAML 1.1 would read NO as false, 1:30 as 90, 012 as 10 and 1.10 as 1.1; the checker keeps
    what the editor wrote, and dates stay text until the schema reads them."""
    from builder.check import check

    folder = CASES / "are-no-1-30-012-and-1-10-kept-as-written"
    monkeypatch.chdir(folder)
    result = check(folder)
    assert result.diagnostics == []
    (brief,) = result.site.briefs
    (actor,) = result.site.actors
    (event,) = brief.events
    (quote,) = brief.quotes
    assert actor.aliases == ("NO", "1:30", "012", "1.10")
    assert brief.topics == ("NO", "1:30", "012", "1.10")
    assert event.place == "NO"
    assert quote.occasion == "1:30"
    assert (event.date.written, quote.said.written) == ("2020-01-09", "2020-01-09")


def test_an_actor_reused_with_ref_has_one_profile_and_a_role_in_each_brief(monkeypatch):
    from builder.check import check

    folder = CASES / "can-an-actor-be-reused-with-ref-in-another-brief"
    monkeypatch.chdir(folder)
    result = check(folder)
    assert result.diagnostics == []
    assert [a.id for a in result.site.actors] == ["mike-pence"]
    assert result.site.actors[0].defined_in == "baghdad-rockets"
    assert {b.id: [r.actor for r in b.roles] for b in result.site.briefs} == {
        "baghdad-rockets": ["mike-pence"], "soleimani-strike": ["mike-pence"]}


# -- generated cases ---------------------------------------------------------------------------

EVENTS = f"{BRIEF}/events.yaml"
TOO_DEEP_HINT = "    hint: fact files need only a few levels; check the indentation\n"


def _write_bytes(rel: str, data: bytes):
    def setup(root: Path) -> None:
        (root / rel).write_bytes(data)
    return setup


def _events_with(old: str, new: str, encoding: str = "utf-8"):
    def setup(root: Path) -> None:
        text = (root / EVENTS).read_text(encoding="utf-8")
        assert old in text
        (root / EVENTS).write_bytes(text.replace(old, new).encode(encoding))
    return setup


def _padded_events(size: int):
    def setup(root: Path) -> None:
        data = (root / EVENTS).read_bytes() + b"# "
        (root / EVENTS).write_bytes(data + b"x" * (size - len(data) - 1) + b"\n")
        assert (root / EVENTS).stat().st_size == size
    return setup


def _rename_brief(name: str):
    def setup(root: Path) -> None:
        (root / BRIEF).rename(root / "briefs" / name)
    return setup


def _source_text_outside(root: Path) -> None:
    outside = root.parent / "secret.txt"
    outside.write_text("token: We are receiving some encouraging intelligence, password hunter2\n")
    text = root / BRIEF / "sources" / "wsj-article.txt"
    text.unlink()
    text.symlink_to(outside)


def _source_text_cp1252(root: Path) -> None:
    text = root / BRIEF / "sources" / "wsj-article.txt"
    text.write_bytes(text.read_text(encoding="utf-8").encode("cp1252"))


GENERATED = [
    pytest.param(
        _write_bytes(EVENTS, b"events: " + b"[" * 10_000 + b"]" * 10_000 + b"\n"),
        f"{EVENTS}:1:40: error: the data is nested more than 32 levels deep [yaml-too-deep]\n"
        + TOO_DEEP_HINT,
        id="flow-sequences-10000-deep-are-refused-at-level-33"),
    pytest.param(
        _write_bytes(EVENTS, b"events:\n  " + b"- " * 10_000 + b"x\n"),
        f"{EVENTS}:2:65: error: the data is nested more than 32 levels deep [yaml-too-deep]\n"
        + TOO_DEEP_HINT,
        id="block-sequences-10000-deep-are-refused-at-level-33"),
    pytest.param(
        _write_bytes(EVENTS, b"events: []\nnotes:\n"
                     + b"".join(b" " * (i + 1) + b"k%d:\n" % i for i in range(1_000))),
        f"{EVENTS}:33:32: error: the data is nested more than 32 levels deep [yaml-too-deep]\n"
        + TOO_DEEP_HINT,
        id="block-mappings-1000-deep-are-refused-at-level-33"),
    pytest.param(
        _padded_events(1_048_577),
        f"{EVENTS}:1:1: error: the fact file is larger than 1 MiB [file-too-large]\n"
        "    hint: split the brief into smaller files, or shorten the text\n",
        id="a-file-one-byte-over-1-mib-is-refused"),
    pytest.param(_padded_events(1_048_576), "", id="a-file-of-exactly-1-mib-is-read"),
    pytest.param(
        _events_with("part: spoke on CBS News", "part: spoke on CBS News «Face the Nation»", "latin-1"),
        f"{EVENTS}:7:33: error: the fact file is not valid UTF-8 (byte 0xAB) [encoding]\n"
        "    hint: save the file as UTF-8; Latin-1 and Windows-1252 are not accepted\n",
        id="latin-1-is-refused-where-the-first-bad-byte-is"),
    pytest.param(
        _events_with("events:", "events:", "utf-16"),
        f"{EVENTS}:1:1: error: the fact file is encoded as UTF-16, not UTF-8 [encoding]\n"
        "    hint: save the file as UTF-8\n",
        id="utf-16-with-a-byte-order-mark-is-named"),
    pytest.param(
        _events_with("events:", "events:", "utf-16-le"),
        f"{EVENTS}:1:2: error: the fact file contains a NUL byte [encoding]\n"
        "    hint: this is a binary file or is not UTF-8: save it as UTF-8 text\n",
        id="utf-16-without-a-byte-order-mark-is-refused-at-its-first-nul"),
    pytest.param(
        _events_with("Pence says Iran", "Pence says\x00 Iran"),
        f"{EVENTS}:3:27: error: the fact file contains a NUL byte [encoding]\n"
        "    hint: this is a binary file or is not UTF-8: save it as UTF-8 text\n",
        id="a-nul-byte-is-refused-where-it-is"),
    pytest.param(
        _events_with("events:", "\ufeffevents:"),
        "", id="a-utf-8-byte-order-mark-is-fine"),
    pytest.param(
        lambda root: (root / EVENTS).write_bytes((root / EVENTS).read_bytes().replace(b"\n", b"\r\n")),
        "", id="crlf-line-ends-are-fine"),
    pytest.param(
        _source_text_cp1252,
        f"{BRIEF}/sources/wsj-article.txt:7:1: error: the source text is not valid UTF-8 (byte 0x93) "
        "[encoding]\n"
        "    hint: save the file as UTF-8; Latin-1 and Windows-1252 are not accepted\n",
        id="a-source-text-in-windows-1252-is-refused"),
    pytest.param(
        _rename_brief("baghdad\u200brockets"),
        "briefs/baghdad\u200brockets/brief.yaml:1:1: error: the brief folder name "
        "'baghdad\\u200brockets' is not a valid id: it contains '\\u200b' (U+200B ZERO WIDTH SPACE) "
        "[invalid-id]\n"
        "    hint: ids use lowercase letters a-z, digits and '-', start with a letter or digit, at most "
        "64 long: rename the folder\n",
        id="a-folder-name-with-a-zero-width-space-shows-it"),
    pytest.param(
        _source_text_outside,
        f"{BRIEF}/sources.yaml:8:11: error: the source text 'sources/wsj-article.txt' links to a file "
        "outside this brief's folder [invalid-path]\n"
        "    hint: copy the text into the brief's sources/ folder instead of linking to it\n",
        id="a-source-text-linked-from-outside-the-brief-is-refused"),
]


@pytest.mark.parametrize("setup, stdout", GENERATED)
def test_generated_case(setup, stdout, tmp_path, briefs, monkeypatch):
    """The clean case with one file rewritten (see the ids): exactly these lines, or none."""
    root = tmp_path / "project"
    shutil.copytree(CLEAN / "briefs", root / "briefs")
    setup(root)
    monkeypatch.chdir(root)
    run = briefs("check")
    assert run.out == stdout
    assert run.exit == (1 if stdout else 0)
    assert run.err == ("1 error, 0 warnings in 5 files\n" if stdout else "checked 5 files: no problems\n")


# -- regeneration --------------------------------------------------------------------------------


def _write(path: Path, expected: Expected) -> None:
    path.write_text(expected.render(), encoding="utf-8", newline="\n")


def regenerate(names: list[str]) -> None:
    """Rewrite the expected files of the named case folders (all when none are named) from the
    output of the real command; files marked xfail are left as they are."""
    folders = [CASES / n.rstrip("/").split("/")[-1] for n in names] or sorted(
        p for p in CASES.iterdir() if p.is_dir())
    env = {**os.environ, "PYTHONPATH": str(CASES.parent.parent)}
    for folder in folders:
        files = sorted(folder.glob("expected*.txt")) or [folder / "expected.txt"]
        for path in files:
            old = Expected.parse(path.read_text(encoding="utf-8")) if path.exists() else None
            if old is not None and old.xfail:
                print(f"kept (xfail)  {path.relative_to(CASES)}")
                continue
            args = old.args if old else ("check",)
            done = subprocess.run([sys.executable, "-m", "builder.cli", *args], cwd=folder,
                                  capture_output=True, text=True, env=env)
            _write(path, Expected(args, done.returncode, done.stderr.strip(), done.stdout))
            print(f"regenerated   {path.relative_to(CASES)}")


if __name__ == "__main__":
    if sys.argv[1:2] != ["--regenerate"]:
        sys.exit("usage: python -m tests.test_check_cases --regenerate [CASE-FOLDER ...]")
    regenerate(sys.argv[2:])
