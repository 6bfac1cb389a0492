"""The actors' relations as a picture: a deterministic layout, computed at build time.

A brief's network puts its related actors on a circle, ordered by a breadth-first walk from the
most connected actor so that linked actors sit near each other; an actor's neighbourhood puts the
actor in the middle and its neighbours around it. Both cost time in proportion to the actors and
relations drawn (no iterative force layout), and the same facts always give the same coordinates.
The template ``_network.html`` turns a ``Network`` into inline SVG.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from .model import RELATION_TYPES, Actor, Relation

WIDTH, HEIGHT, RADIUS = 860, 520, 20
NAME_CHARS = 22
CHAR_WIDTH, EDGE_CHAR_WIDTH, MARGIN = 7.2, 6.0, 8  # at the sizes site.css gives the labels
MAX_NEIGHBOURS = 12


@dataclass(frozen=True)
class Node:
    actor: Actor
    x: float
    y: float
    anchor: str  # text-anchor of the name label: start, middle or end
    lx: float  # where the name label goes
    ly: float
    centre: bool = False

    @property
    def label(self) -> str:
        name = self.actor.name
        return name if len(name) <= NAME_CHARS else name[:NAME_CHARS - 1].rstrip() + "\u2026"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str  # e.g. "leads; member of"
    x1: float
    y1: float
    x2: float
    y2: float
    lx: float  # where the label goes
    ly: float


@dataclass(frozen=True)
class Network:
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    relations: tuple[Relation, ...]  # every relation, for the text list beside the picture

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The viewBox that holds every circle and label, and no more: a small network is not
        drawn at the scale of a big one's frame (which on a phone makes its text unreadable)."""
        xs: list[float] = []
        ys: list[float] = []
        for n in self.nodes:
            xs += [n.x - RADIUS, n.x + RADIUS]
            ys += [n.y - RADIUS, n.y + RADIUS, n.ly - 12, n.ly + 4]
            width = CHAR_WIDTH * len(n.label)
            left = {"start": n.lx, "end": n.lx - width}.get(n.anchor, n.lx - width / 2)
            xs += [left, left + width]
        for e in self.edges:
            half = EDGE_CHAR_WIDTH * len(e.label) / 2
            xs += [e.lx - half, e.lx + half]
            ys += [e.ly - 10, e.ly + 3]
        if not xs:
            return (0, 0, 0, 0)
        x, y = min(xs) - MARGIN, min(ys) - MARGIN
        return (_r(x), _r(y), _r(max(xs) + MARGIN - x), _r(max(ys) + MARGIN - y))

    @property
    def x(self) -> float:
        return self.box[0]

    @property
    def y(self) -> float:
        return self.box[1]

    @property
    def width(self) -> float:
        return self.box[2]

    @property
    def height(self) -> float:
        return self.box[3]

    @property
    def omitted(self) -> int:
        drawn = {n.actor.id for n in self.nodes}
        return len({a for r in self.relations for a in (r.subject, r.object)} - drawn)


def _r(value: float) -> float:
    return round(value, 1)


def _order(ids: list[str], relations: list[Relation]) -> list[str]:
    """Breadth-first from the most connected actor (ties by id), component after component."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for rel in relations:
        neighbours[rel.subject].add(rel.object)
        neighbours[rel.object].add(rel.subject)
    remaining = sorted(ids, key=lambda a: (-len(neighbours[a]), a))
    order: list[str] = []
    seen: set[str] = set()
    for start in remaining:
        if start in seen:
            continue
        queue = [start]
        seen.add(start)
        while queue:
            current = queue.pop(0)
            order.append(current)
            for nxt in sorted(neighbours[current] - seen, key=lambda a: (-len(neighbours[a]), a)):
                seen.add(nxt)
                queue.append(nxt)
    return order


def _label_side(dx: float) -> str:
    return "start" if dx > 0.3 else "end" if dx < -0.3 else "middle"


def _ring(ids: list[str], actors: dict[str, Actor], cx: float, cy: float, rx: float, ry: float,
          offset: float = -math.pi / 2) -> list[Node]:
    nodes = []
    for i, actor_id in enumerate(ids):
        angle = offset + 2 * math.pi * i / max(1, len(ids))
        dx, dy = math.cos(angle), math.sin(angle)
        x, y = cx + rx * dx, cy + ry * dy
        anchor = _label_side(dx)
        lx = x + (RADIUS + 6) * dx if anchor != "middle" else x
        ly = y + (RADIUS + 14) * dy + 4 if anchor == "middle" else y + 4
        nodes.append(Node(actors[actor_id], _r(x), _r(y), anchor, _r(lx), _r(ly)))
    return nodes


def _edges(nodes: list[Node], relations: list[Relation]) -> list[Edge]:
    where = {n.actor.id: n for n in nodes}
    labels: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rel in relations:
        if rel.subject in where and rel.object in where:
            label = RELATION_TYPES[rel.type][0]
            if label not in labels[(rel.subject, rel.object)]:
                labels[(rel.subject, rel.object)].append(label)
    edges = []
    for (a, b), names in sorted(labels.items()):
        na, nb = where[a], where[b]
        dx, dy = nb.x - na.x, nb.y - na.y
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        # a pair linked both ways gets its two arrows side by side
        shift = 5 if (b, a) in labels else 0
        sx, sy = -uy * shift, ux * shift
        x1, y1 = na.x + ux * RADIUS + sx, na.y + uy * RADIUS + sy
        x2, y2 = nb.x - ux * (RADIUS + 4) + sx, nb.y - uy * (RADIUS + 4) + sy
        edges.append(Edge(a, b, "; ".join(names), _r(x1), _r(y1), _r(x2), _r(y2),
                          _r((x1 + x2) / 2 + sx * 2), _r((y1 + y2) / 2 + sy * 2)))
    return edges


def brief_network(title: str, relations: tuple[Relation, ...], actors: dict[str, Actor]) -> Network:
    """The most connected actor in the middle (when it links three or more), the rest on a ring in
    breadth-first order."""
    ids = sorted({a for r in relations for a in (r.subject, r.object)})
    order = _order(ids, list(relations))
    degree = defaultdict(set)
    for rel in relations:
        degree[rel.subject].add(rel.object)
        degree[rel.object].add(rel.subject)
    nodes: list[Node] = []
    if len(order) > 4 and len(degree[order[0]]) >= 3:
        hub = actors[order[0]]
        nodes.append(Node(hub, WIDTH / 2, HEIGHT / 2, "middle", WIDTH / 2,
                          _r(HEIGHT / 2 + RADIUS + 16), centre=True))
        order = order[1:]
    rx = max(120, min(WIDTH / 2 - 190, 28 * len(order)))
    nodes += _ring(order, actors, WIDTH / 2, HEIGHT / 2, rx, rx * 0.8)
    return Network(title, tuple(nodes), tuple(_edges(nodes, list(relations))), relations)


def neighbourhood(actor: Actor, relations: tuple[Relation, ...], actors: dict[str, Actor]) -> Network:
    """The actor in the middle, its most connected neighbours around it."""
    weight: dict[str, int] = defaultdict(int)
    for rel in relations:
        other = rel.object if rel.subject == actor.id else rel.subject
        if other != actor.id:
            weight[other] += 1
    chosen = sorted(weight, key=lambda a: (-weight[a], actors[a].name.casefold(), a))[:MAX_NEIGHBOURS]
    height = 380
    rx = max(120, min(WIDTH / 2 - 190, 28 * len(chosen)))
    ring = _ring(sorted(chosen, key=lambda a: (actors[a].name.casefold(), a)), actors,
                 WIDTH / 2, height / 2, rx, rx * 0.8)
    centre = Node(actor, WIDTH / 2, height / 2, "middle", WIDTH / 2, _r(height / 2 + RADIUS + 16),
                  centre=True)
    nodes = [centre, *ring]
    return Network(f"Relations of {actor.name}", tuple(nodes),
                   tuple(_edges(nodes, list(relations))), relations)
