"""Text that could break what the site prints (issue 9, finding 11): control characters are refused
in every field, and the feed and the sitemap parse as XML whatever the facts hold."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from builder import schema
from builder import text as rules
from builder.check import check
from builder.render import SiteInfo, render
from tests.sitetools import FIXTURES, REPO, build

# -- what a text may hold ------------------------------------------------------------------------


@pytest.mark.parametrize("ch, what", [
    ("\x00", "a control character"), ("\x0b", "a control character"), ("\x0c", "a control character"),
    ("\r", "a control character"), ("\x1b", "a control character"), ("\x7f", "a control character"),
    ("\x80", "a control character"), ("\x85", "a control character"), ("\x9f", "a control character"),
    ("\ud800", "a lone surrogate"), ("\udfff", "a lone surrogate"), ("\ufdd0", "a noncharacter"),
    ("\ufffe", "a noncharacter"), ("\uffff", "a noncharacter"), ("\U0001fffe", "a noncharacter"),
    ("\U0010ffff", "a noncharacter"), ("\u202a", "a bidirectional control"),
    ("\u202e", "a bidirectional control"), ("\u2066", "a bidirectional control"),
    ("\u2069", "a bidirectional control"),
])
def test_control_characters_surrogates_and_noncharacters_are_refused(ch, what):
    assert rules.forbidden_character(f"ab{ch}c{ch}") == (2, ch)
    assert rules.what_character(ch) == what


@pytest.mark.parametrize("text", ["tab\there", "two\nlines", "\u2028 \u00a0 \u200b \u00ad é 日本 🙂",
                                  "\ufdcf \ufdf0 \ufffd \U0001fffd",
                                  "\u0645\u0642\u062a\u062f\u0649 \u200f(Moqtada)\u200e \u061c"])
def test_tabs_line_breaks_and_ordinary_unicode_are_fine(text):
    assert rules.forbidden_character(text) is None


def test_every_markdown_field_of_the_schema_gets_the_markdown_rules():
    from builder import schema

    found = {}
    for name in schema.FILES:
        def walk(node, path):
            if isinstance(node, dict):
                if node.get("$ref", "").endswith("/markdown"):
                    found.setdefault(name, set()).add(path)
                for key, value in node.get("properties", {}).items():
                    walk(value, path + (key,))
                if isinstance(node.get("items"), dict):
                    walk(node["items"], path + ("*",))
        walk(json.loads(schema.schema_text(name)), ())
    assert found == rules.MARKDOWN_FIELDS


# -- the feed and the sitemap are XML whatever the facts hold ------------------------------------


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.iterdir() if (p / "mkdocs.yml").exists()))
def test_the_feed_and_the_sitemap_of_every_fixture_parse_as_xml(fixture, tmp_path):
    out = tmp_path / "site"
    build(FIXTURES / fixture, out)
    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.findall("{http://www.w3.org/2005/Atom}entry")
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    assert sitemap.tag.endswith("urlset") and len(sitemap) > 5


def _hostile_with_control_characters(tmp_path: Path) -> Path:
    root = tmp_path / "hostile"
    shutil.copytree(FIXTURES / "hostile", root)
    config = root / "mkdocs.yml"  # the fixture finds the theme relative to tests/fixtures/hostile
    config.write_text(config.read_text().replace("../../../templates", str(REPO / "templates")))
    brief = root / "briefs" / "hostile-brief" / "brief.yaml"
    text = brief.read_text()
    text = text.replace("""title: '<script>alert(1)</script> title "><img src=x onerror=alert(2)>'""",
                        'title: "\\v\\x01\\x85\\uFFFE<script>alert(1)</script> title \\"><img src=x '
                        'onerror=alert(2)>"',
                        1)
    text = text.replace("standfirst: '</script><script>alert(3)</script> standfirst <svg onload=alert(4)>'",
                        'standfirst: "\\e</script><script>alert(3)</script> standfirst <svg onload=alert(4)>"',
                        1)
    brief.write_text(text)
    return root


def test_a_title_with_a_control_character_is_refused_and_the_feed_would_parse_all_the_same(tmp_path):
    root = _hostile_with_control_characters(tmp_path)
    result = check(root, cwd=root)
    found = [(d.loc.line, d.code, d.message) for d in result.diagnostics if d.severity == "error"]
    assert found == [
        (1, "control-character",
         "field 'title' contains '\\u000b' (U+000B, a control character) at character 1"),
        (2, "control-character",
         "field 'standfirst' contains '\\u001b' (U+001B, a control character) at character 1"),
    ]
    # the build stops at those errors; were the records rendered anyway, the feed still parses
    _, files = render(result.site, REPO / "templates",
                      SiteInfo("Site \x0b name", "https://example.org/", "A \x00 description"),
                      result.texts)
    feed = ET.fromstring(next(f.content for f in files if f.path == "feed.xml"))
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title")
              for e in feed.findall("{http://www.w3.org/2005/Atom}entry")]
    assert titles and all(t.startswith(("\ufffd\ufffd\x85\ufffd<script>", "Correction: \ufffd"))
                          for t in titles)


def test_the_build_refuses_a_title_with_a_control_character(tmp_path):
    from tests.sitetools import run_briefs

    root = _hostile_with_control_characters(tmp_path)
    result = run_briefs("build", "--root", str(root), "--site-dir", str(tmp_path / "site"), cwd=root)
    assert result.returncode == 1
    assert "[control-character]" in result.stdout
    assert not (tmp_path / "site").exists()


def test_the_renderers_markdown_cap_is_the_schemas():
    """render.markdown() refuses to render past text.MAX_MARKDOWN; the check refuses the same texts
    through the schema's maxLength, so nothing the check passes is shown escaped instead."""
    definitions = json.loads(schema.schema_text("definitions"))["$defs"]
    assert definitions["markdown"]["maxLength"] == rules.MAX_MARKDOWN
