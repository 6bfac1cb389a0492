"""No diagnostic can be forged by what it quotes (issue 9, finding 6): a value holding a line
break or a terminal escape once printed a line of its own, which GitHub Actions read as a workflow
command (``::warning file=x::forged``), or a fake "no problems" line. Every message escapes what
it quotes, and every format makes sure of it itself, for a message that one day forgets."""

from __future__ import annotations

import json
import unicodedata

import pytest

from builder.diagnostics import FORMATTERS, Diagnostic, Loc, escape, format_github, format_json, format_text, show

# -- diagnostics cannot be forged ------------------------------------------------------------------

# what a message might one day quote raw: a workflow command, a fake summary, terminal escapes,
# and every character that str.splitlines() or a terminal takes for a line break
HOSTILE = ("x\n::warning file=x::forged\r\nchecked 5 files: no problems\x1b[31m\x1b]0;t\x07"
           "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x9b\x7f\ud800 end")
RAW = Diagnostic(Loc("briefs/a\nb/brief.yaml", 2, 3), "error", "some-code", HOSTILE, HOSTILE)


def _unsafe(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs")]


def test_the_text_format_is_always_a_line_and_a_hint_line():
    out = format_text(RAW)
    assert len(out.splitlines()) == 2
    assert _unsafe(out) == ["\n"]
    first, hint = out.split("\n")
    assert first.startswith("briefs/a\\u000ab/brief.yaml:2:3: error: x\\u000a::warning file=x::forged")
    assert first.endswith(" end [some-code]")
    assert hint.startswith("    hint: x\\u000a::warning")


def test_the_github_format_is_always_one_workflow_command():
    out = format_github(RAW)
    assert len(out.splitlines()) == 1 and _unsafe(out) == []
    assert out.startswith("::error file=briefs/a\\u000ab/brief.yaml,line=2,col=3,title=some-code::x\\u000a")
    assert out.count("::") == 6  # the command's own two, then two quoted in the message and the hint
    assert "%0Ahint: x\\u000a::warning file=x::forged" in out


def test_the_json_format_is_one_line_of_ascii_safe_json_that_parses_back():
    out = format_json(RAW)
    assert len(out.splitlines()) == 1 and _unsafe(out) == []
    assert "\\u2028" in out and "\\u0085" in out and "\\u001b" in out
    data = json.loads(out)
    assert (data["message"], data["hint"], data["file"]) == (HOSTILE, HOSTILE, RAW.loc.file)


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_no_format_can_print_a_line_that_a_message_did_not_start(fmt):
    for ch in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
        d = Diagnostic(Loc("f.yaml"), "error", "c", f"a{ch}::error::forged", None)
        assert len(FORMATTERS[fmt](d).splitlines()) == 1, (fmt, hex(ord(ch)))


def test_show_and_escape_write_every_invisible_character_as_a_code():
    assert escape("a\nb\x1b\u2028\u200b\\") == "a\\u000ab\\u001b\\u2028\\u200b\\\\"
    assert show("it's\n") == "'it\\'s\\u000a'"
    assert show("x" * 100) == "'" + "x" * 80 + "...'"
