"""The relations diagrams: a layout that is the same every time, inside its frame, with every
relation drawn between the right actors."""

from __future__ import annotations

from builder.diagnostics import Loc
from builder.graph import MAX_NEIGHBOURS, RADIUS, brief_network, neighbourhood
from builder.model import Actor, Relation

LOC = Loc("briefs/b/actors.yaml")


def actor(i: str, kind: str = "person") -> Actor:
    return Actor(i, i.replace("-", " ").title(), kind, (), None, "b", LOC)


def rel(a: str, kind: str, b: str) -> Relation:
    return Relation("b", a, kind, b, None, (), LOC)


def test_a_brief_network_is_deterministic_framed_and_complete():
    actors = {i: actor(i) for i in ("hub", "a", "b", "c", "d", "e")}
    relations = (rel("hub", "leads", "a"), rel("b", "backs", "hub"), rel("hub", "opposes", "c"),
                 rel("d", "member-of", "e"), rel("hub", "leads", "e"), rel("hub", "backs", "a"))
    net = brief_network("Who is who", relations, actors)
    assert net == brief_network("Who is who", relations, actors)
    centre = [n for n in net.nodes if n.centre]
    assert [n.actor.id for n in centre] == ["hub"]
    assert {n.actor.id for n in net.nodes} == set(actors)
    x, y, width, height = net.box
    for n in net.nodes:
        assert x + RADIUS <= n.x <= x + width - RADIUS and y + RADIUS <= n.y <= y + height - RADIUS
    drawn = {(e.source, e.target): e.label for e in net.edges}
    assert drawn[("hub", "a")] == "leads; backs"  # two relations of one pair share an arrow
    assert drawn[("b", "hub")] == "backs"
    assert len(drawn) == 5


def test_small_networks_have_no_centre():
    actors = {i: actor(i) for i in ("a", "b", "c")}
    net = brief_network("t", (rel("a", "leads", "b"), rel("b", "leads", "c")), actors)
    assert not any(n.centre for n in net.nodes)


def test_a_neighbourhood_puts_the_actor_in_the_middle_and_caps_its_neighbours():
    ids = [f"n{i:02d}" for i in range(20)]
    actors = {i: actor(i) for i in ids + ["me"]}
    relations = tuple(rel("me", "backs", i) for i in ids) + (rel(ids[19], "opposes", "me"),)
    net = neighbourhood(actors["me"], relations, actors)
    assert net.nodes[0].actor.id == "me" and net.nodes[0].centre
    assert len(net.nodes) == 1 + MAX_NEIGHBOURS
    assert "n19" in {n.actor.id for n in net.nodes}  # the most connected neighbour comes first
    assert net.omitted == 20 - MAX_NEIGHBOURS


# -- what the picture promises (builder/graph.py's docstring) -------------------------------------

from builder.dates import parse as parse_date  # noqa: E402
from builder.graph import GAP, NAME_SIZE, PHONE_WIDTH, base_mark, marks, wrap  # noqa: E402
from builder.graph import _meets  # noqa: E402


def named(i: str, name: str, kind: str = "state") -> Actor:
    return Actor(i, name, kind, (), None, "b", LOC)


def test_marks_tell_iran_from_iraq_and_never_repeat():
    assert base_mark("Iran") == "IRN" and base_mark("Iraq") == "IRQ"
    assert base_mark("International Institute for Strategic Studies") == "IISS"
    assert base_mark("Iraqi militia groups aligned with Iran") == "IMG"  # not "II"
    assert base_mark("Iraq's parliament") == "IP" and base_mark("NATO") == "NATO"
    assert base_mark("Qassem Soleimani") == "QS"
    twins = [named("a", "Ana Ruiz"), named("b", "Alan Reyes"), named("c", "Amy Ross")]
    got = marks(twins)
    assert got == {"a": "AR", "b": "AR2", "c": "AR3"}
    assert len(set(got.values())) == 3


def test_long_names_wrap_and_are_cut_only_past_three_lines():
    assert wrap("International Institute for Strategic Studies") == (
        ("International", "Institute for", "Strategic Studies"), False)
    lines, cut = wrap("The Very Long Name of an Organisation That Goes On and On Forever More")
    assert cut and len(lines) == 3 and lines[-1].endswith("\u2026")
    assert all(len(line) <= 20 for line in lines)


def _all_boxes(net):
    names = [n.boxes[1] for n in net.nodes]
    labels = [e.label_box for e in net.edges if e.placed]
    circles = [n.boxes[0] for n in net.nodes]
    arrows = [e.arrow_box for e in net.edges]
    return names + labels, circles + arrows


def test_no_label_meets_another_label_a_circle_or_an_arrowhead():
    ids = [f"actor-{i}" for i in range(14)]
    actors = {i: named(i, f"Some Long Actor Name {i}", "person") for i in ids}
    relations = tuple(rel(ids[0], "backs", i) for i in ids[1:])
    relations += tuple(rel(ids[i], "opposes", ids[i + 1]) for i in range(1, 13))
    for net in (brief_network("t", relations, actors),
                neighbourhood(actors[ids[0]], relations, actors)):
        labels, solid = _all_boxes(net)
        for i, a in enumerate(labels):
            for b in labels[i + 1:] + solid:
                assert not _meets(a, b, 0), (a, b)
        assert net.unlabelled == 0


def test_a_small_network_keeps_its_natural_size_and_fits_a_phone():
    actors = {"a": named("a", "Iran"), "b": named("b", "Iraq")}
    net = neighbourhood(actors["a"], (rel("a", "opposes", "b"),), actors)
    assert net.width <= PHONE_WIDTH and not net.wide
    assert NAME_SIZE >= 12 and GAP > 0


def test_former_relations_are_drawn_apart_and_say_until_when():
    actors = {"a": named("a", "Iraq"), "b": named("b", "Iran")}
    ended = Relation("b", "a", "opposes", "b", None, (), LOC, until=parse_date("1988-08"))
    current = rel("b", "backs", "a")
    net = brief_network("t", (ended, current), actors)
    by_pair = {(e.source, e.target): e for e in net.edges}
    assert by_pair[("a", "b")].former and by_pair[("a", "b")].label == "opposes, until 1988"
    assert not by_pair[("b", "a")].former


def test_no_line_passes_through_an_actor_it_does_not_join():
    """An even ring put two actors opposite each other, and their line through the one in the
    middle: the seed's Mike Pence -> United States ran through the militias' circle. A line
    between actors on the ring now keeps off every circle but its own two ends."""
    from builder.graph import through_circles

    ids = [f"actor-{i}" for i in range(15)]
    actors = {i: named(i, f"Actor {i}", "person") for i in ids}
    # the centre links everyone; ring actors 1..14 are joined to the one across the ring
    relations = tuple(rel(ids[0], "backs", i) for i in ids[1:])
    relations += tuple(rel(ids[i], "opposes", ids[i + 7]) for i in range(1, 8))
    net = brief_network("t", relations, actors)
    assert net.nodes[0].actor.id == "actor-0" and net.nodes[0].centre
    assert through_circles(net.nodes, net.edges) == []


def test_no_line_of_the_seed_passes_through_a_circle():
    from builder.check import check
    from builder.graph import through_circles
    from tests.sitetools import REPO

    site = check(REPO).site
    actors = {a.id: a for a in site.actors}
    for brief in site.briefs:
        net = brief_network(brief.title, brief.relations, actors)
        assert len(net.nodes) >= 10 and through_circles(net.nodes, net.edges) == [], brief.id
