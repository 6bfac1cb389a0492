"""The editor's guide in content/guide/ is the reference: it documents every fact-file field, every
diagnostic code and every command-line option, and fails here when one is missing."""

from __future__ import annotations

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
