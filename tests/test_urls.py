"""builder/urls.py owns the site's URL contract, and builder/words.py its relation labels: every URL
of the contract for a small example, the links templates get from a page, and that no template or
module builds a fact's URL or spells a relation's words itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from builder import urls
from builder.render import relative
from builder.words import RELATIONS

REPO = Path(__file__).resolve().parents[1]

soleimani = SimpleNamespace(id="qassem-soleimani", unnamed=False)
official = SimpleNamespace(id="iraq-militias-2020.us-official", unnamed=True)
strike = SimpleNamespace(brief="iraq-militias-2020", id="drone-strike")


@pytest.mark.parametrize("got, expected", [
    (urls.home(), ""),
    (urls.briefs(), "briefs/"),
    (urls.brief("iraq-militias-2020"), "briefs/iraq-militias-2020/"),
    (urls.brief("iraq-militias-2020", "update-1"), "briefs/iraq-militias-2020/#update-1"),
    (urls.brief_page("iraq-militias-2020", ""), "briefs/iraq-militias-2020/"),
    (urls.brief_page("iraq-militias-2020", "quotes"), "briefs/iraq-militias-2020/quotes/"),
    (urls.timeline("iraq-militias-2020"), "briefs/iraq-militias-2020/timeline/"),
    (urls.quotes("iraq-militias-2020"), "briefs/iraq-militias-2020/quotes/"),
    (urls.sources("iraq-militias-2020"), "briefs/iraq-militias-2020/sources/"),
    (urls.brief_json("iraq-militias-2020"), "briefs/iraq-militias-2020/brief.json"),
    (urls.event(strike), "briefs/iraq-militias-2020/timeline/#drone-strike"),
    (urls.event_in("iraq-militias-2020", "drone-strike"), "briefs/iraq-militias-2020/timeline/#drone-strike"),
    (urls.global_anchor(strike), "iraq-militias-2020.drone-strike"),
    (urls.quote("iraq-militias-2020", "q-trump"), "briefs/iraq-militias-2020/quotes/#q-trump"),
    (urls.source("iraq-militias-2020", "ap"), "briefs/iraq-militias-2020/sources/#ap"),
    (urls.actors(), "actors/"),
    (urls.actor(soleimani), "actors/qassem-soleimani/"),
    (urls.actor(soleimani, "iraq-militias-2020", "actor_relations"),
     "actors/qassem-soleimani/#actor_relations"),
    (urls.actor_id("qassem-soleimani"), "actors/qassem-soleimani/"),
    (urls.actor(official, "iraq-militias-2020"), "briefs/iraq-militias-2020/"),
    (urls.every_timeline(), "timeline/"),
    (urls.timeline_year(2020), "timeline/2020/"),
    (urls.timeline_background(), "timeline/background/"),
    (urls.places(), "places/"),
    (urls.place("baghdad"), "places/baghdad/"),
    (urls.guide(), "guide/"),
    (urls.guide("places"), "guide/places/"),
    (urls.feed(), "feed.xml"),
    (urls.brief_of("briefs/iraq-militias-2020/timeline/"), "iraq-militias-2020"),
    (urls.brief_of("briefs/iraq-militias-2020/"), "iraq-militias-2020"),
    (urls.brief_of("briefs/"), None),
    (urls.brief_of("actors/qassem-soleimani/"), None),
])
def test_each_url_of_the_contract(got, expected):
    assert got == expected


def test_an_unnamed_actor_has_no_profile_to_link_to():
    with pytest.raises(ValueError, match="unnamed actor 'iraq-militias-2020.us-official' has no profile"):
        urls.actor(official)


def test_templates_get_links_from_the_page_they_are_on():
    on_timeline = urls.Links(lambda to: relative("briefs/iraq-militias-2020/timeline/", to))
    assert on_timeline.event(strike) == "#drone-strike"
    assert on_timeline.actor(soleimani) == "../../../actors/qassem-soleimani/"
    assert on_timeline.brief_page("iraq-militias-2020", "sources") == "../sources/"
    assert on_timeline.every_timeline() == "../../../timeline/"
    at_home = urls.Links(lambda to: relative("", to))
    assert at_home.place("baghdad") == "places/baghdad/"
    with pytest.raises(AttributeError, match="no URL function 'global_anchor'"):
        at_home.global_anchor  # an anchor, not a link


# what building a fact's URL by hand looks like, in a template and in a module
TEMPLATE_CONCATENATION = re.compile(
    r"""'(?:briefs|actors|places|timeline|guide)/'\s*~|~\s*'/(?:timeline|quotes|sources)/|"""
    r"""/(?:timeline|quotes|sources)/#|link_to\(\s*'|'(?:feed\.xml|brief\.json)'|~\s*'/brief\.json""")
MODULE_PATH = re.compile(r"""^(?:briefs|actors|places|timeline|guide)/(?:\{|$)|/(?:timeline|quotes|sources)/#|"""
                         r"""^feed\.xml$|/brief\.json$""")


def test_no_template_builds_a_url_by_concatenation():
    found = []
    for path in sorted((REPO / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            for match in TEMPLATE_CONCATENATION.finditer(line):
                found.append(f"{path.relative_to(REPO)}:{number}: {match.group()}")
    assert found == []


def test_the_patterns_catch_what_templates_used_to_write():
    for old in ("link_to('briefs/' ~ r.brief ~ '/timeline/#' ~ r.id)", "link_to('actors/' ~ a.id ~ '/')",
                "link_to('places/' ~ p.id ~ '/')", "{{ 'feed.xml'|url }}", "link_to('timeline/')",
                "('briefs/' ~ where[1] ~ '/brief.json')|url"):
        assert TEMPLATE_CONCATENATION.search(old), old
    for old in ("actors/{", "places/{", "briefs/{", "{b}/timeline/#", "feed.xml", "briefs/x/brief.json"):
        assert MODULE_PATH.search(old), old


def _strings(path: Path):
    """Each string constant of a module (f-string parts included) but its docstrings."""
    tree = ast.parse(path.read_text("utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            yield node.lineno, node.value


def test_no_module_but_urls_spells_a_site_path():
    found = [f"builder/{path.name}:{line}: {value!r}"
             for path in sorted((REPO / "builder").glob("*.py"))
             if path.name not in ("urls.py", "scaffold.py")  # scaffold writes an editor's files
             for line, value in _strings(path) if MODULE_PATH.search(value)]
    assert found == []


# the words of a relation that are phrases (a one-word label such as "leads" is also its type's id)
PHRASES = sorted({words for w in RELATIONS.values() for words in (w.label, w.inverse, w.singular, w.plural)
                  if " " in words}, key=len, reverse=True)
SPELLS_A_RELATION = re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, PHRASES)))
# a diagnostic code's one-line description explains it by example, as the guide does
EXPLAINS = {("diagnostics.py", "two current relations that cannot both hold: A leads B and B leads A, "
                               "or A both allied with and opposing B")}


def test_relation_words_come_only_from_words_py():
    assert "acts for" in PHRASES and "represented by" in PHRASES and "is a member of" in PHRASES
    found = []
    for path in sorted((REPO / "builder").glob("*.py")):
        if path.name == "words.py":
            continue
        for line, value in _strings(path):
            if SPELLS_A_RELATION.search(value) and (path.name, value) not in EXPLAINS:
                found.append(f"builder/{path.name}:{line}: {value!r}")
    for path in sorted((REPO / "templates").rglob("*")):
        if path.suffix in (".html", ".js", ".xml"):
            text = re.sub(r"\{#.*?#\}", "", path.read_text("utf-8"), flags=re.S)  # not comments
            found += [f"{path.relative_to(REPO)}: {m.group()!r}" for m in SPELLS_A_RELATION.finditer(text)]
    assert found == []
