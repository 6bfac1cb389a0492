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
