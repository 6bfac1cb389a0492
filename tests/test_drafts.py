"""A brief fresh from `briefs new` is a draft: it checks clean, `briefs serve` shows it marked as a
draft, and no build publishes it. Once `draft: true` is gone, the example text that `briefs new`
wrote is a warning, so `--strict` (CI) refuses to publish it."""

from __future__ import annotations

import json

import pytest

from builder.scaffold import FILES, PLACEHOLDERS
from tests.sitetools import build, copy_project, search_records
from tests.test_serve import fetch, serving, wait_for

DRAFT = "demo-draft"
HINT = ("    hint: replace it with the story's own text, or keep 'draft: true' in brief.yaml until the "
        "brief is ready: a draft is never published\n")


def test_every_placeholder_is_what_briefs_new_writes():
    written = {"brief": FILES["brief.yaml"],
               "sources": FILES["sources.yaml"] + FILES["sources/main-source.txt"]}
    for (file, field), text in PLACEHOLDERS.items():
        assert text in written[file], (file, field)


def test_a_finished_brief_that_keeps_the_example_text_fails_strict(tmp_path, monkeypatch, briefs):
    monkeypatch.chdir(tmp_path)
    assert briefs("new", DRAFT).exit == 0
    assert briefs("check", "--strict").exit == 0  # a draft checks clean
    brief = tmp_path / "briefs" / DRAFT / "brief.yaml"
    brief.write_text(brief.read_text().replace("draft: true\n", ""))
    run = briefs("check", "--strict")
    b = f"briefs/{DRAFT}"
    assert run.exit == 1
    assert run.out == "".join(line + "\n" + HINT for line in [
        f"{b}/brief.yaml:6:8: error: the brief's title is still the example text of 'briefs new' "
        "('Headline of the brief') [placeholder-text]",
        f"{b}/brief.yaml:7:13: error: the brief's standfirst is still the example text of "
        "'briefs new' ('One or two sentences that tell the story...') [placeholder-text]",
        f"{b}/brief.yaml:8:10: error: the brief's summary is still the example text of 'briefs new' "
        "('What happened, in a few short paragraphs...') [placeholder-text]",
        f"{b}/brief.yaml:10:17: error: the brief's why_it_matters is still the example text of "
        "'briefs new' ('Why it matters, in Markdown.') [placeholder-text]",
        f"{b}/sources.yaml:6:12: error: the title of source 'main-source' is still the example "
        "text of 'briefs new' ('Title of the article') [placeholder-text]",
        f"{b}/sources.yaml:7:16: error: the publisher of source 'main-source' is still the example "
        "text of 'briefs new' ('Name of the publisher') [placeholder-text]",
        f"{b}/sources.yaml:11:11: error: the stored text of source 'main-source' is still the "
        "example text of 'briefs new' ('Paste the article\\'s text here, exactly a...') [placeholder-text]",
    ])
    assert run.err == "7 errors, 0 warnings in 6 files\n"
    without_strict = briefs("check")
    assert (without_strict.exit, without_strict.err) == (0, "0 errors, 7 warnings in 6 files\n")


def _with_draft(tmp_path):
    """The project with a fresh draft that reuses an actor and defines one of its own."""
    from builder.check import check
    from builder.scaffold import scaffold

    project = copy_project(tmp_path / "project")
    scaffold(project, DRAFT)
    (project / "briefs" / DRAFT / "actors.yaml").write_text(
        "actors:\n"
        "  - ref: donald-trump\n    role: Appears in the draft\n"
        "  - id: draft-only-person\n    name: Draft Only Person\n    kind: person\n"
        "    role: Known only to the draft\n"
        "relations:\n  - from: draft-only-person\n    type: opposes\n    to: donald-trump\n"
        "    sources: [main-source]\n",
        encoding="utf-8")
    (project / "briefs" / DRAFT / "places.yaml").write_text(
        "places:\n  - id: draft-only-place\n    name: Draft Only Place\n    kind: city\n"
        "    tz: Asia/Baghdad\n", encoding="utf-8")
    assert check(project).ok
    return project


def test_a_build_never_publishes_a_draft(tmp_path):
    project = _with_draft(tmp_path)
    site = tmp_path / "site"
    result = build(project, site)
    assert not (site / "briefs" / DRAFT).exists()
    assert not (site / "actors" / "draft-only-person").exists()
    assert not (site / "places" / "draft-only-place").exists()
    assert (site / "places" / "baghdad" / "index.html").exists()  # the published brief's places stay
    assert (site / "actors" / "donald-trump" / "index.html").exists()
    # every page and index but the editor's guide (which quotes the example text)
    everything = "\n".join(
        [p.read_text("utf-8", "replace") for p in site.rglob("*") if p.is_file()
         and p.suffix in (".html", ".xml", ".json") and "guide" not in p.parts]
        + [json.dumps(r) for r in search_records(site) if not r["meta"]["href"].startswith("guide/")])
    for text in (DRAFT, "Headline of the brief", "Draft Only Person", "Appears in the draft",
                 "Draft Only Place"):
        assert text not in everything
    assert f"left out 1 draft: {DRAFT}" in result.stderr


def test_serve_shows_a_draft_marked_as_a_draft(tmp_path):
    with serving(_with_draft(tmp_path)) as base:
        page = wait_for(f"{base}/briefs/{DRAFT}/", "Headline of the brief")
        assert '<p class="draft-note" role="note"><strong>Draft.</strong>' in page
        home = fetch(f"{base}/")
        assert '<span class="draft-label">Draft</span>' in home
        assert home.count("draft-label") == 1  # only the draft is marked
        assert "Draft Only Person" in fetch(f"{base}/actors/draft-only-person/")


@pytest.mark.parametrize("value, published", [("true", False), ("false", True)])
def test_draft_is_a_boolean_field(tmp_path, monkeypatch, briefs, value, published):
    monkeypatch.chdir(tmp_path)
    from builder.check import check

    briefs("new", DRAFT)
    brief = tmp_path / "briefs" / DRAFT / "brief.yaml"
    brief.write_text(brief.read_text().replace("draft: true", f"draft: {value}"))
    site = check(tmp_path).site
    assert [b.id for b in site.published().briefs] == ([DRAFT] if published else [])


def test_a_published_brief_cannot_reuse_an_actor_event_or_source_of_a_draft(tmp_path):
    """The draft's id would leak into the published brief's JSON-LD and brief.json: the build
    refuses (ref-to-draft) and writes no site; published, the same briefs build and cite it."""
    import shutil

    from tests.sitetools import REPO, run_briefs

    case = REPO / "tests" / "cases" / "is-a-ref-to-an-event-or-source-of-a-draft-brief-refused"
    project = copy_project(tmp_path / "project", parts=("mkdocs.yml", "content", "templates"))
    shutil.copytree(case / "briefs", project / "briefs")
    site = tmp_path / "site"
    refused = run_briefs("build", "--root", str(project), "--site-dir", str(site))
    assert refused.returncode == 1
    assert refused.stdout.count("[ref-to-draft]") == 3  # the actor, the event and the source
    assert not site.exists()
    # both drafts: nothing is published, so nothing is refused
    reuser = project / "briefs" / "soleimani-strike" / "brief.yaml"
    reuser.write_text(reuser.read_text("utf-8") + "draft: true\n", encoding="utf-8")
    both = run_briefs("check", "--no-cache", str(project))
    assert both.returncode == 0 and "[ref-to-draft]" not in both.stdout, both.stdout
    reuser.write_text(reuser.read_text("utf-8").replace("draft: true\n", ""), encoding="utf-8")
    # the draft published: the same reuse builds, and cites the definition by the draft's id
    draft = project / "briefs" / "baghdad-rockets" / "brief.yaml"
    draft.write_text(draft.read_text("utf-8").replace("draft: true\n", ""), encoding="utf-8")
    build(project, site)
    shown = (site / "briefs" / "soleimani-strike" / "brief.json").read_text("utf-8")
    assert "baghdad-rockets/pence-on-cbs" in shown and "baghdad-rockets/wsj-article" in shown
