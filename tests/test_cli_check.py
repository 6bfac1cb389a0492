"""The ``briefs`` command line: ``check`` (its three formats, its exit statuses, one brief by PATH)
and ``new``, each asserted as the exact text the user (or CI) sees."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder import cli, command

CASES = Path(__file__).resolve().parent / "cases"
CLEAN = CASES / "does-the-minimal-brief-check-clean"
B = "briefs/baghdad-rockets"
RULE = "ids use lowercase letters a-z, digits and '-', start with a letter or digit, at most 64 long"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """The clean case, copied, as the working directory."""
    root = tmp_path / "project"
    shutil.copytree(CLEAN / "briefs", root / "briefs")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def broken(project) -> Path:
    """Two errors (one with a hint, one without) and a warning."""
    edit(project / B / "quotes.yaml", "speaker: mike-pence", "speaker: mike-pense")
    edit(project / B / "brief.yaml", "key_quotes:", "key_actors: [mike-pence, henry-boyd]\nkey_quotes:")
    edit(project / B / "events.yaml", 'date: "2020-01-09"', 'date: "2020-01-11"')
    return project


def add_second_brief(root: Path, source: str = "wsj-article") -> None:
    """briefs/soleimani-strike: reuses mike-pence and the article with ref; its event cites
    ``source``."""
    second = root / "briefs" / "soleimani-strike"
    shutil.copytree(root / B, second)
    (second / "sources.yaml").write_text(f"sources:\n  - ref: {B.split('/')[1]}/wsj-article\n")
    shutil.rmtree(second / "sources")
    (second / "actors.yaml").write_text(
        "actors:\n  - ref: mike-pence\n    role: Said Iran was telling the militias to stand down\n")
    (second / "quotes.yaml").unlink()
    edit(second / "brief.yaml", "key_quotes: [pence-encouraging-intelligence]\n", "")
    edit(second / "events.yaml", "    quotes: [pence-encouraging-intelligence]\n", "")
    edit(second / "events.yaml", "- source: wsj-article", f"- source: {source}")


# -- the three formats -------------------------------------------------------------------------

TEXT = f"""\
{B}/brief.yaml:9:26: error: unknown actor 'henry-boyd' [unknown-reference]
{B}/events.yaml:4:11: warning: the event is dated after source 'wsj-article' was published (2020-01-10) [event-after-source]
    hint: check the event's date and the source's 'published'
{B}/quotes.yaml:3:14: error: unknown actor 'mike-pense' [unknown-reference]
    hint: did you mean 'mike-pence'?
"""


def test_text_format_prints_file_line_column_severity_message_code_and_hint(broken, briefs):
    for args in (("check",), ("check", "--format", "text"), ("check", ".")):
        run = briefs(*args)
        assert (run.exit, run.out, run.err) == (1, TEXT, "2 errors, 1 warning in 5 files\n")


def test_github_format_prints_one_workflow_annotation_per_diagnostic(broken, briefs):
    run = briefs("check", "--format", "github")
    assert run.exit == 1
    assert run.out == (
        f"::error file={B}/brief.yaml,line=9,col=26,title=unknown-reference::unknown actor 'henry-boyd'\n"
        f"::warning file={B}/events.yaml,line=4,col=11,title=event-after-source::the event is dated "
        "after source 'wsj-article' was published (2020-01-10)%0Ahint: check the event's date and the "
        "source's 'published'\n"
        f"::error file={B}/quotes.yaml,line=3,col=14,title=unknown-reference::unknown actor "
        "'mike-pense'%0Ahint: did you mean 'mike-pence'?\n")
    assert run.err == "2 errors, 1 warning in 5 files\n"


def test_github_format_escapes_what_would_end_a_property_or_the_command():
    from builder.diagnostics import Diagnostic, Loc, format_github

    d = Diagnostic(Loc("briefs/a,b:c/x.yaml", 3, 4), "error", "some-code", "50% done\r\nnext", "a, b: c")
    # a line break in a message is shown, not obeyed: the hint's is the annotation's only one
    assert format_github(d) == (
        "::error file=briefs/a%2Cb%3Ac/x.yaml,line=3,col=4,title=some-code::50%25 done\\u000d\\u000anext%0A"
        "hint: a, b: c")


def test_json_format_prints_one_object_per_line_with_fixed_keys(broken, briefs):
    run = briefs("check", "--format", "json")
    assert run.exit == 1
    lines = run.out.splitlines()
    objects = [json.loads(line) for line in lines]
    assert [list(o) for o in objects] == [
        ["file", "line", "column", "severity", "code", "message", "hint"]] * 3
    assert objects == [
        {"file": f"{B}/brief.yaml", "line": 9, "column": 26, "severity": "error",
         "code": "unknown-reference", "message": "unknown actor 'henry-boyd'", "hint": None},
        {"file": f"{B}/events.yaml", "line": 4, "column": 11, "severity": "warning",
         "code": "event-after-source",
         "message": "the event is dated after source 'wsj-article' was published (2020-01-10)",
         "hint": "check the event's date and the source's 'published'"},
        {"file": f"{B}/quotes.yaml", "line": 3, "column": 14, "severity": "error",
         "code": "unknown-reference", "message": "unknown actor 'mike-pense'",
         "hint": "did you mean 'mike-pence'?"},
    ]
    assert run.err == ""  # nothing but JSON lines, so the output can be piped as is


def test_json_keeps_non_ascii_as_written(project, briefs):
    edit(project / B / "quotes.yaml", "speaker: mike-pence", "speaker: mike-penсe")  # Cyrillic es
    run = briefs("check", "--format", "json")
    (obj,) = [json.loads(line) for line in run.out.splitlines()]
    assert obj["message"] == "invalid id 'mike-penсe': it contains 'с' (U+0441 CYRILLIC SMALL LETTER ES)"
    assert "mike-penсe" in run.out


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_strict_makes_warnings_errors_in_every_format(broken, briefs, fmt):
    run = briefs("check", "--strict", "--format", fmt)
    assert run.exit == 1
    assert "warning" not in run.out
    if fmt != "json":
        assert run.err == "3 errors, 0 warnings in 5 files\n"


# -- exit statuses ---------------------------------------------------------------------------------


def test_exit_0_when_clean(project, briefs):
    run = briefs("check")
    assert (run.exit, run.out, run.err) == (0, "", "checked 5 files: no problems\n")


def test_exit_0_with_only_warnings_and_1_with_strict(project, briefs):
    edit(project / B / "events.yaml", 'date: "2020-01-09"', 'date: "2020-01-11"')
    warning = (f"{B}/events.yaml:4:11: {{}}: the event is dated after source 'wsj-article' was "
               "published (2020-01-10) [event-after-source]\n"
               "    hint: check the event's date and the source's 'published'\n")
    run = briefs("check")
    assert (run.exit, run.out, run.err) == (0, warning.format("warning"), "0 errors, 1 warning in 5 files\n")
    run = briefs("check", "--strict")
    assert (run.exit, run.out, run.err) == (1, warning.format("error"), "1 error, 0 warnings in 5 files\n")


def test_exit_1_on_any_error(broken, briefs):
    assert briefs("check").exit == 1


@pytest.mark.parametrize("args, message", [
    (("check", "--bogus"), "briefs: error: unrecognized arguments: --bogus"),
    (("check", "--format", "xml"), "briefs check: error: argument --format: invalid choice: 'xml' "
                                   "(choose from github, json, text)"),
    (("check", "a", "b"), "briefs: error: unrecognized arguments: b"),
    ((), "briefs: error: the following arguments are required: COMMAND"),
    (("chekc",), "briefs: error: argument COMMAND: invalid choice: 'chekc'"),
])
def test_exit_2_on_a_usage_error(project, briefs, args, message):
    run = briefs(*args)
    assert run.exit == 2
    assert run.out == ""
    assert message.replace("'", "") in run.err.replace("'", "")


@pytest.mark.parametrize("where", ["nowhere", "briefs/baghdad-rockets/quotes.yaml", "../.."])
def test_exit_2_when_path_holds_no_briefs_folder(project, briefs, where):
    run = briefs("check", where)
    missing = (project / where).resolve()
    assert (run.exit, run.out) == (2, "")
    assert run.err == (f"briefs: error: no briefs/ folder in {missing}: run this from the project's "
                       "root, or name it\n")


def test_exit_2_and_one_line_on_an_internal_error(project, briefs, monkeypatch):
    def boom(root, **options):
        raise RuntimeError("boom")

    monkeypatch.setattr(command, "check", boom)
    run = briefs("check")
    assert (run.exit, run.out) == (2, "")
    assert run.err == "briefs: internal error: RuntimeError: boom (set BRIEFS_DEBUG=1 for the traceback)\n"


# -- one brief by PATH -------------------------------------------------------------------------------


@pytest.fixture
def two_broken_briefs(project) -> Path:
    edit(project / B / "quotes.yaml", "speaker: mike-pence", "speaker: mike-pense")
    add_second_brief(project, source="wsj-artcle")
    return project


FIRST = f"""\
{B}/quotes.yaml:3:14: error: unknown actor 'mike-pense' [unknown-reference]
    hint: did you mean 'mike-pence'?
"""
SECOND = """\
briefs/soleimani-strike/events.yaml:9:9: error: unknown source 'wsj-artcle' [unknown-reference]
    hint: did you mean 'wsj-article'?
"""


@pytest.mark.parametrize("path", [".", "briefs", "briefs/"])
def test_the_root_or_the_briefs_folder_checks_every_brief(two_broken_briefs, briefs, path):
    run = briefs("check", path)
    assert (run.exit, run.out) == (1, FIRST + SECOND)


@pytest.mark.parametrize("path", ["briefs/soleimani-strike", "briefs/soleimani-strike/", "ABSOLUTE"])
def test_a_brief_folder_as_path_reports_only_that_brief(two_broken_briefs, briefs, path):
    if path == "ABSOLUTE":
        path = str(two_broken_briefs / "briefs" / "soleimani-strike")
    run = briefs("check", path)
    assert (run.exit, run.out) == (1, SECOND)


def test_a_brief_folder_as_path_still_sees_actors_of_other_briefs(project, briefs):
    add_second_brief(project)
    run = briefs("check", "briefs/soleimani-strike")
    assert (run.exit, run.out) == (0, "")


def test_a_clean_brief_checks_clean_when_another_brief_is_broken(two_broken_briefs, briefs):
    edit(two_broken_briefs / "briefs/soleimani-strike/events.yaml", "wsj-artcle", "wsj-article")
    run = briefs("check", "briefs/soleimani-strike")
    assert (run.exit, run.out) == (0, "")
    assert briefs("check").exit == 1


def test_paths_are_shown_relative_to_where_the_command_runs(two_broken_briefs, briefs, monkeypatch):
    monkeypatch.chdir(two_broken_briefs.parent)
    run = briefs("check", "project/briefs/soleimani-strike")
    assert (run.exit, run.out) == (1, "project/" + SECOND)


@pytest.mark.parametrize("args", [("check",), ("check", ".")])
def test_check_run_inside_a_brief_folder_reports_its_problems(two_broken_briefs, briefs, monkeypatch, args):
    monkeypatch.chdir(two_broken_briefs / B)
    run = briefs(*args)
    assert (run.exit, run.out) == (1, FIRST.replace(f"{B}/", ""))


def test_the_summary_of_one_brief_counts_its_own_files(two_broken_briefs, briefs):
    run = briefs("check", "briefs/soleimani-strike")
    assert run.err == "1 error, 0 warnings in 4 files\n"


def test_check_prints_to_the_current_sys_stdout(broken):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["check"])
    assert (code, out.getvalue(), err.getvalue()) == (1, TEXT, "2 errors, 1 warning in 5 files\n")


# -- briefs new --------------------------------------------------------------------------------------

SCAFFOLD = ["actors.yaml", "brief.yaml", "events.yaml", "places.yaml", "quotes.yaml", "sources",
            "sources.yaml", "sources/main-source.txt"]


def tree(folder: Path) -> dict[str, bytes | None]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def test_new_creates_a_brief_that_checks_clean(tmp_path, monkeypatch, briefs):
    monkeypatch.chdir(tmp_path)
    run = briefs("new", "iraq-militias-2020")
    folder = tmp_path / "briefs" / "iraq-militias-2020"
    assert (run.exit, run.err) == (0, "")
    assert run.out == f"created {folder}: edit its files, then run 'briefs check' and 'briefs serve'\n"
    assert sorted(tree(folder)) == SCAFFOLD
    run = briefs("check", "--strict")
    assert (run.exit, run.out, run.err) == (0, "", "checked 6 files: no problems\n")


def test_new_writes_into_the_root_given(tmp_path, monkeypatch, briefs):
    monkeypatch.chdir(tmp_path)
    assert briefs("new", "--root", "site", "demo").exit == 0
    assert sorted(tree(tmp_path / "site" / "briefs" / "demo")) == SCAFFOLD


@pytest.mark.parametrize("existing", ["scaffolded-and-edited", "empty-folder", "a-file"])
def test_new_refuses_an_existing_brief_and_changes_nothing(tmp_path, monkeypatch, briefs, existing):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "briefs" / "demo"
    if existing == "scaffolded-and-edited":
        assert briefs("new", "demo").exit == 0
        (folder / "brief.yaml").write_text("title: edited by hand\n")
    elif existing == "empty-folder":
        folder.mkdir(parents=True)
    else:
        folder.parent.mkdir()
        folder.write_text("not a folder")
    before = tree(tmp_path)
    run = briefs("new", "demo")
    assert (run.exit, run.out) == (1, "")
    assert run.err == f"briefs new: {folder} already exists; nothing was written\n"
    assert tree(tmp_path) == before


@pytest.mark.parametrize("brief_id, problem", [
    ("../../etc", "it contains '.' (U+002E FULL STOP)"),
    ("a/b", "it contains '/' (U+002F SOLIDUS)"),
    ("Demo", "it contains 'D' (U+0044 LATIN CAPITAL LETTER D)"),
    ("d\u0435mo", "it contains '\u0435' (U+0435 CYRILLIC SMALL LETTER IE)"),
    ("", "it is empty"),
    ("-demo", "it starts with '-'"),
    ("a" * 65, "it is 65 characters long"),
])
def test_new_refuses_an_invalid_id_and_writes_nothing(tmp_path, monkeypatch, briefs, brief_id, problem):
    work = tmp_path / "a" / "b" / "c"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    run = briefs("new", "--", brief_id)
    assert (run.exit, run.out) == (1, "")
    assert run.err == f"briefs new: '{brief_id}' is not a valid id: {problem} ({RULE})\n"
    assert tree(tmp_path) == {"a": None, "a/b": None, "a/b/c": None}


@pytest.mark.parametrize("brief_id", ["index", "briefs", "actors", "timeline"])
def test_new_refuses_a_reserved_id_and_writes_nothing(tmp_path, monkeypatch, briefs, brief_id):
    """A brief named like one of the site's own paths would never check clean."""
    from builder.schema import RESERVED_BRIEF_IDS
    assert brief_id in RESERVED_BRIEF_IDS
    monkeypatch.chdir(tmp_path)
    run = briefs("new", brief_id)
    assert (run.exit, run.out) == (1, "")
    assert run.err == (f"briefs new: '{brief_id}' is reserved for the site's own pages: name the "
                       f"brief, for example, '{brief_id}-brief' (reserved: "
                       + ", ".join(sorted(RESERVED_BRIEF_IDS)) + ")\n")
    assert tree(tmp_path) == {}


def test_new_shows_an_invisible_character_of_a_refused_id(tmp_path, monkeypatch, briefs):
    monkeypatch.chdir(tmp_path)
    run = briefs("new", "demo\u200bbrief")
    assert run.err == ("briefs new: 'demo\\u200bbrief' is not a valid id: it contains '\\u200b' "
                       f"(U+200B ZERO WIDTH SPACE) ({RULE})\n")


# -- the real console script on hostile input ---------------------------------------------------

DIAGNOSTIC_LINE = re.compile(r"^(briefs/[^:]+:\d+:\d+: (error|warning): .+ \[[a-z-]+\]|    hint: .+)$")


def test_the_console_script_prints_diagnostics_and_no_traceback_on_hostile_input(project):
    brief = project / B
    (brief / "events.yaml").write_text("a: &a [lol, lol, lol]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n")
    (brief / "quotes.yaml").write_bytes("quotes: []\n".encode("utf-16"))
    (brief / "actors.yaml").write_text("actors: " + "[" * 10_000 + "]" * 10_000 + "\n")
    (brief / "brief.yaml").write_text("title: !!python/object/apply:os.system [echo pwned]\n")
    (brief / "sources.yaml").write_text("sources:\n  - id: x\n    text: /dev/zero\n---\n")
    (project / "briefs" / "Bad Name" / "sources").mkdir(parents=True)
    (project / "briefs" / "no-brief" / "events.yaml").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != "BRIEFS_DEBUG"}
    done = subprocess.run([sys.executable, "-m", "builder.cli", "check"], cwd=project,
                          capture_output=True, text=True, timeout=60, env=env)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines and all(DIAGNOSTIC_LINE.match(line) for line in lines), done.stdout
    codes = re.findall(r"\[([a-z-]+)\]$", done.stdout, re.M)
    assert sorted(set(codes)) == ["encoding", "invalid-id", "missing-file", "unreadable-file",
                                  "yaml-anchor", "yaml-multi-document", "yaml-tag", "yaml-too-deep"]
    assert done.stderr.endswith(" errors, 0 warnings in 6 files\n")
