"""Relations in time: since/until on a relation, current and former relations apart on profiles."""

from __future__ import annotations

import json
import re
import shutil

from builder.check import check
from builder.diagnostics import format_text
from tests.golden import golden
from tests.sitetools import FIXTURES


def _lines(section: str) -> list[str]:
    section = re.sub(r"<details class=\"cite\">.*?</details>", "", section, flags=re.S)  # the marks
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", li)).strip()
            for li in re.findall(r"<li>(.*?)</li>", section, re.S)]


def test_a_profile_shows_current_and_former_relations_apart():
    html = (golden("two-zones") / "actors/iran/index.html").read_text()
    current = html[html.index('id="actor_current_relations"'):html.index('id="actor_former_relations"')]
    former = html[html.index('id="actor_former_relations"'):html.index("</ul>", html.index(
        'id="actor_former_relations"'))]
    assert [l.split(" Source")[0] for l in _lines(current)] == [
        "Opposed by Donald Trump since May 2018"]
    assert [l.split(" Source")[0] for l in _lines(former)] == [
        "Opposed by Iraq (at war) from September 1980 to August 1988"]
    # a profile with current relations only has no sub-headings
    trump = (golden("two-zones") / "actors/donald-trump/index.html").read_text()
    assert "actor_former_relations" not in trump and "actor_current_relations" not in trump
    assert "Opposes" in trump and "since" in trump


def test_brief_json_carries_since_and_until():
    data = json.loads((golden("two-zones") / "briefs/baghdad-night/brief.json").read_text())
    relation = data["relations"][0]
    assert (relation["since"]["value"], relation["until"]["value"]) == ("1980-09", "1988-08")
    assert relation["until"]["precision"] == "month"


def test_until_before_since_is_a_date_order_warning(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "two-zones", root)
    actors = root / "briefs" / "baghdad-night" / "actors.yaml"
    actors.write_text(actors.read_text().replace('until: "1988-08"', 'until: "1979"'))
    assert [format_text(d).split("briefs/", 1)[1] for d in check(root).diagnostics] == [
        "baghdad-night/actors.yaml:16:12: warning: the relation ends (until) before it begins "
        "(since) [date-order]\n    hint: check the two dates; since is when it began"]
