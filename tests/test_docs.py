"""The editor's guide in content/guide/ is the reference: it documents every fact-file field, every
diagnostic code and every command-line option, and fails here when one is missing."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from builder import schema
from builder.cli import parser
from builder.diagnostics import CODES

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "content" / "guide"
SHARED_PAGES = {"date": "dates.md", "citation": "sources.md"}


def table_fields(page: str) -> set[str]:
    """Field names written as the first cell of a Markdown table row: | `field` | ..."""
    return set(re.findall(r"^\|\s*`([a-z_]+)`\s*\|", (GUIDE / page).read_text(), re.M))


@pytest.mark.parametrize("name", schema.FILES)
def test_every_field_of_every_file_is_documented(name):
    missing = []
    for title, fields in schema.fields(name).items():
        page = SHARED_PAGES.get(title, f"{name}.md")
        documented = table_fields(page)
        missing += [f"{page}: {title}.{f}" for f in fields if f not in documented]
    assert missing == []


@pytest.mark.parametrize("name", schema.FILES)
def test_every_field_cap_is_documented_in_its_row(name):
    missing = []
    for title, caps in schema.caps(name).items():
        page = SHARED_PAGES.get(title, f"{name}.md")
        rows = {m.group(1): m.group(0) for m in
                re.finditer(r"^\|\s*`([a-z_]+)`\s*\|.*$", (GUIDE / page).read_text(), re.M)}
        missing += [f"{page}: {title}.{f} (at most {cap:,} characters)" for f, cap in caps.items()
                    if f"at most {cap:,} characters" not in rows.get(f, "")]
    assert missing == []


def test_every_diagnostic_code_is_documented():
    headings = set(re.findall(r"^### `([a-z-]+)`", (GUIDE / "diagnostics.md").read_text(), re.M))
    assert sorted(set(CODES) - headings) == []
    assert sorted(headings - set(CODES)) == []  # and nothing documented that no longer exists


def test_every_code_the_checker_reports_is_registered():
    emitted = set()
    for path in (REPO / "builder").glob("*.py"):
        text = path.read_text()
        emitted |= set(re.findall(r'(?:error|warning)\(\s*[^,()]+(?:\([^()]*\))?,\s*"([a-z-]+)"', text))
        emitted |= set(re.findall(r'DateProblem\(\s*"([a-z-]+)"', text))
        emitted |= set(re.findall(r'self\.fatal\([^,]+,\s*"([a-z-]+)"', text))
    assert len(emitted) > 30
    assert sorted(emitted - set(CODES)) == []


def test_every_command_and_option_is_documented():
    text = (GUIDE / "cli.md").read_text()
    top = parser()
    sub = next(a for a in top._actions if a.dest == "command")
    assert set(sub.choices) >= {"check", "build", "serve", "new"}
    for name, command in sub.choices.items():
        assert f"## `briefs {name}" in text, name
        for action in command._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert f"`{option}" in text, f"briefs {name} {option}"


def _wordings() -> list[re.Pattern]:
    """Every wording the builder can print, from its source: each string literal, f-string and
    sum of strings becomes a pattern, its interpolated parts matching any text (a module-level
    text constant such as ``ID_RULE`` stands for itself, each branch of ``a if c else b`` for
    one wording). Literals shorter than a few characters (separators, single words) are left
    out, so that a pattern says something."""
    trees = [ast.parse(path.read_text()) for path in sorted((REPO / "builder").glob("*.py"))]
    constants = {target.id: node.value.value for tree in trees for node in tree.body
                 if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                 and isinstance(node.value.value, str)
                 for target in node.targets if isinstance(target, ast.Name)}

    def patterns(node) -> list[tuple[str, str]]:  # (regex, its literal text)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [(re.escape(node.value), node.value)]
        if isinstance(node, ast.Name) and node.id in constants:
            return [(re.escape(constants[node.id]), constants[node.id])]
        if isinstance(node, ast.JoinedStr):
            made = [("", "")]
            for value in node.values:
                parts = patterns(value) if isinstance(value, ast.Constant) else [(".+?", "")]
                made = [(a + b, la + lb) for a, la in made for b, lb in parts]
            return made
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return [(a + b, la + lb) for a, la in patterns(node.left) or [(".+?", "")]
                    for b, lb in patterns(node.right) or [(".+?", "")]]
        if isinstance(node, ast.IfExp):
            return patterns(node.body) + patterns(node.orelse)
        return []

    found = {regex for tree in trees for node in ast.walk(tree) for regex, literal in patterns(node)
             if len(literal.strip()) >= 6}
    return [re.compile(p, re.S) for p in found]


def test_every_example_message_and_hint_is_worded_as_the_checker_words_it():
    """The examples on the diagnostics page are what the tool prints: each message and hint line
    matches a wording in the builder's code, so a reworded message fails here until the guide
    follows."""
    wordings = _wordings()
    text = (GUIDE / "diagnostics.md").read_text()
    shown = re.findall(r"^(?:[^\s:]+\.yaml:\d+:\d+: (?:error|warning): (.+) \[[a-z-]+\]|    hint: (.+))$",
                       text, re.M)
    assert len(shown) > 80
    unknown = [m or h for m, h in shown if not any(w.fullmatch(m or h) for w in wordings)]
    assert unknown == []


def test_the_wording_check_catches_a_message_the_tool_does_not_print():
    wordings = _wordings()
    assert any(w.fullmatch("the fact file is larger than 1 MiB") for w in wordings)
    assert not any(w.fullmatch("the fact file is larger than 1024 KiB") for w in wordings)
