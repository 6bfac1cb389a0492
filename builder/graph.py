"""The actors' relations as a picture: a deterministic layout, computed at build time.

A brief's network puts its related actors on a ring, ordered by a breadth-first walk from the
most connected actor so that linked actors sit near each other; an actor's neighbourhood puts the
actor in the middle and its neighbours around it. The same facts always give the same picture.

What the picture promises (tests/test_graph.py and tests/browser/test_diagrams.py hold it to it):

- **Nothing is drawn over a label.** Every circle, name, arrowhead and relation label has a box;
  the ring grows until no two names or circles meet, and each relation's label takes the first
  place along its arrow (the middle, then nearer either end, then beside it) whose box meets no
  other box. A label that finds no place after the ring has grown ``GROWTH_STEPS`` times is left
  out of the picture (the arrow keeps it as its tooltip, and the list beside the picture says it).
- **Text at its natural size.** The SVG is drawn at the size of its own box (``width`` and
  ``height``, never stretched); labels are 12 and 13 px. A picture wider than a column scrolls
  sideways; one wider than a phone (``PHONE_WIDTH``) is not shown on phones, where the list is.
- **Whole names.** A name is wrapped onto three lines of at most ``LINE_CHARS`` characters; a longer
  one ends in an ellipsis, and its full name is the circle's title and one tap away (the link).
- **A distinct mark per actor.** ``marks`` gives every actor of a picture its own letters: the
  initials of its name, or the first letter and the next consonants of a one-word name ("IRN" for
  Iran, "IRQ" for Iraq), numbered when two would still be alike.
- **Former relations apart.** A relation with an ``until`` date is dashed and labelled with it
  ("member of, until 2003").

The template ``_network.html`` turns a ``Network`` into inline SVG.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from .model import RELATION_TYPES, Actor, Relation

WIDTH, HEIGHT, RADIUS = 860, 520, 20
NAME_SIZE, EDGE_SIZE = 13, 12  # px, as site.css gives them; every text of the picture >= 12 px
# an average glyph's advance, as a share of the font size: generous for the sans-serif the site
# falls back to (DejaVu Sans, Liberation Sans, Helvetica), so that a box holds its text
NAME_EM, EDGE_EM = 0.62, 0.62
LINE_CHARS = 20
MAX_LINES = 3
MARGIN = 8
GAP = 3  # the least room between two boxes
MAX_NEIGHBOURS = 12
GROWTH_STEPS = 8
PHONE_WIDTH = 343  # a 375 px screen less the page's margins
ARROW = 11  # the arrowhead's length along its line (markerWidth 7 x stroke 1.5, plus a little)
STOPWORDS = {"of", "the", "and", "for", "in", "on", "at", "to", "with", "al", "el", "a", "an",
             "s", "de", "du", "la", "le"}

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _meets(a: Box, b: Box, gap: float = GAP) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def text_box(x: float, y: float, lines: tuple[str, ...], anchor: str, size: float,
             em: float) -> Box:
    """The box of text whose first baseline is at (x, y), line after line 1.2 em apart."""
    width = max(len(line) for line in lines) * size * em
    left = {"start": x, "end": x - width}.get(anchor, x - width / 2)
    return (left, y - 0.8 * size, left + width, y + 0.25 * size + 1.2 * size * (len(lines) - 1))


def wrap(name: str, width: int = LINE_CHARS, most: int = MAX_LINES) -> tuple[tuple[str, ...], bool]:
    """A name on at most ``most`` lines of at most ``width`` characters (a longer word stays
    whole on its line), and whether it had to be cut short."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) <= most:
        return tuple(lines), False
    last = " ".join(lines[most - 1:])
    return (*lines[:most - 1], last[:width - 1].rstrip() + "\u2026"), True


def base_mark(name: str) -> str:
    """The letters for an actor's circle: an acronym as written (NATO, IISS), the initials of
    the words that matter, or for one word its first letter and next consonants (Iran: IRN)."""
    words = [w for w in re.findall(r"[^\W\d_]+", name) if w.casefold() not in STOPWORDS]
    if not words:
        return name[:1].upper() or "?"
    if len(words) == 1:
        word = words[0]
        if word.isupper() and 2 <= len(word) <= 4:
            return word
        rest = [c for c in word[1:] if c.casefold() not in "aeiouy"]
        letters = (word[0] + "".join(rest))[:3]
        if len(letters) < 3:
            letters = word[:3]
        return letters.upper()
    caps = [w[0] for w in words if w[0].isupper()]
    if 2 <= len(caps) <= 4 and len(set(caps)) > 1:  # "II" would read as a numeral
        return "".join(caps).upper()
    letters = [w[0] for w in words]
    return "".join(letters[:3]).upper()


def marks(actors: list[Actor]) -> dict[str, str]:
    """A distinct mark for each actor, assigned in id order: its base mark, or when another
    actor already has that one, the mark with a number."""
    taken: dict[str, str] = {}
    used: set[str] = set()
    for actor in sorted(actors, key=lambda a: a.id):
        mark = base_mark(actor.name)
        if mark in used:
            n = 2
            while f"{mark[:2]}{n}" in used:
                n += 1
            mark = f"{mark[:2]}{n}"
        used.add(mark)
        taken[actor.id] = mark
    return taken


@dataclass(frozen=True)
class Node:
    actor: Actor
    x: float
    y: float
    anchor: str  # text-anchor of the name label: start, middle or end
    lx: float  # where the name label's first line goes
    ly: float
    centre: bool = False
    lines: tuple[str, ...] = ()  # the name, wrapped
    cut: bool = False  # the name was too long to show whole: its full name is the title
    mark: str = ""

    @property
    def label(self) -> str:
        return " ".join(self.lines)

    @property
    def boxes(self) -> tuple[Box, Box]:
        return ((self.x - RADIUS, self.y - RADIUS, self.x + RADIUS, self.y + RADIUS),
                text_box(self.lx, self.ly, self.lines, self.anchor, NAME_SIZE, NAME_EM))


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str  # e.g. "leads; member of" or "member of, until 2003"
    x1: float
    y1: float
    x2: float
    y2: float
    lx: float  # where the label goes (its middle, on its baseline)
    ly: float
    former: bool = False  # every relation it draws has ended: dashed
    placed: bool = True  # False: no free place was found, the label is only the arrow's title

    @property
    def arrow_box(self) -> Box:
        dx, dy = self.x2 - self.x1, self.y2 - self.y1
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        bx, by = self.x2 - ux * ARROW, self.y2 - uy * ARROW
        half = 5.5
        xs = [self.x2 + uy * half, self.x2 - uy * half, bx + uy * half, bx - uy * half]
        ys = [self.y2 - ux * half, self.y2 + ux * half, by - ux * half, by + ux * half]
        return (min(xs), min(ys), max(xs), max(ys))

    @property
    def label_box(self) -> Box:
        return text_box(self.lx, self.ly, (self.label,), "middle", EDGE_SIZE, EDGE_EM)


@dataclass(frozen=True)
class Network:
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    relations: tuple[Relation, ...]  # every relation, for the text list beside the picture

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The viewBox that holds every circle and label, and no more: a small network is not
        drawn at the scale of a big one's frame."""
        boxes = [b for n in self.nodes for b in n.boxes]
        boxes += [e.label_box for e in self.edges if e.placed] + [e.arrow_box for e in self.edges]
        if not boxes:
            return (0, 0, 0, 0)
        x, y = min(b[0] for b in boxes) - MARGIN, min(b[1] for b in boxes) - MARGIN
        return (_r(x), _r(y), _r(max(b[2] for b in boxes) + MARGIN - x),
                _r(max(b[3] for b in boxes) + MARGIN - y))

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
    def wide(self) -> bool:
        """Wider than a phone's column at its natural size: phones get the list instead."""
        return self.width > PHONE_WIDTH

    @property
    def omitted(self) -> int:
        drawn = {n.actor.id for n in self.nodes}
        return len({a for r in self.relations for a in (r.subject, r.object)} - drawn)

    @property
    def unlabelled(self) -> int:
        return sum(1 for e in self.edges if not e.placed)


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


def _spots(x: float, y: float, dx: float, dy: float, n_lines: int, centre: bool):
    """Where a name may go, best first: outward from the ring (below the centre), then below,
    above, right and left of its circle. Each is (anchor, lx, ly)."""
    extra = 1.2 * NAME_SIZE * (n_lines - 1)
    below = ("middle", x, y + RADIUS + 15)
    above = ("middle", x, y - RADIUS - 7 - extra)
    right = ("start", x + RADIUS + 6, y + 4 - extra / 2)
    left = ("end", x - RADIUS - 6, y + 4 - extra / 2)
    side = "middle" if centre else _label_side(dx)
    first = {"start": right, "end": left}.get(side, below if centre or dy >= 0 else above)
    # past the arrowheads that end at this circle (they reach RADIUS + 4 + ARROW from its middle)
    clear = ARROW + 6
    far = [("middle", x, y + RADIUS + 15 + clear), ("middle", x, y - RADIUS - 7 - extra - clear),
           ("start", x + RADIUS + 6 + clear, y + 4 - extra / 2),
           ("end", x - RADIUS - 6 - clear, y + 4 - extra / 2)]
    d = RADIUS + GAP + 2  # beside the circle, on a diagonal: between a cross of arrows
    corners = [("start", x + d, y + d + NAME_SIZE * 0.8), ("end", x - d, y + d + NAME_SIZE * 0.8),
               ("start", x + d, y - d - extra), ("end", x - d, y - d - extra)]
    return [first] + [s for s in (below, above, right, left) if s != first] + far + corners


def _node(actor: Actor, x: float, y: float, dx: float, dy: float, mark: str,
          centre: bool = False) -> Node:
    lines, cut = wrap(actor.name)
    anchor, lx, ly = _spots(x, y, dx, dy, len(lines), centre)[0]
    return Node(actor, _r(x), _r(y), anchor, _r(lx), _r(ly), centre, lines, cut, mark)


def _moved(node: Node, anchor: str, lx: float, ly: float) -> Node:
    return Node(node.actor, node.x, node.y, anchor, _r(lx), _r(ly), node.centre, node.lines,
                node.cut, node.mark)


def _crosses(box: Box, x1: float, y1: float, x2: float, y2: float) -> bool:
    """Whether the segment passes through the box (Liang-Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    dx, dy = x2 - x1, y2 - y1
    for p, q in ((-dx, x1 - box[0]), (dx, box[2] - x1), (-dy, y1 - box[1]), (dy, box[3] - y1)):
        if p == 0:
            if q < 0:
                return False
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
    return True


def _place_names(nodes: list[Node], edges: list[Edge], cx: float, cy: float) -> list[Node] | None:
    """Each name at its first spot clear of every circle, arrowhead and name placed before it,
    and where it can, of every arrow's line too; None when one has no spot at all."""
    circles = [n.boxes[0] for n in nodes]
    arrows = [e.arrow_box for e in edges]
    taken: list[Box] = []
    out = []
    for node in nodes:
        dx, dy = node.x - cx, node.y - cy
        length = math.hypot(dx, dy) or 1.0
        solid = circles + arrows + taken
        chosen = None  # the first free spot no line crosses, else the first free spot
        for anchor, lx, ly in _spots(node.x, node.y, dx / length, dy / length, len(node.lines),
                                     node.centre):
            box = text_box(lx, ly, node.lines, anchor, NAME_SIZE, NAME_EM)
            if any(_meets(box, other) for other in solid):
                continue
            if not any(_crosses(box, e.x1, e.y1, e.x2, e.y2) for e in edges):
                chosen = (anchor, lx, ly, box)
                break
            chosen = chosen or (anchor, lx, ly, box)
        if chosen is None:
            return None
        anchor, lx, ly, box = chosen
        out.append(_moved(node, anchor, lx, ly))
        taken.append(box)
    return out


def _ring(ids: list[str], actors: dict[str, Actor], cx: float, cy: float, rx: float, ry: float,
          mark: dict[str, str], offset: float = -math.pi / 2, slots: int = 0) -> list[Node]:
    nodes = []
    for i, actor_id in enumerate(ids):
        angle = offset + 2 * math.pi * i / max(1, slots or len(ids))
        dx, dy = math.cos(angle), math.sin(angle)
        nodes.append(_node(actors[actor_id], cx + rx * dx, cy + ry * dy, dx, dy, mark[actor_id]))
    return nodes


def _label(rels: list[Relation]) -> tuple[str, bool]:
    """One arrow's words: each relation type once; a relation that has ended says until when."""
    words: list[str] = []
    for rel in rels:
        word = RELATION_TYPES[rel.type][0]
        if rel.until is not None:
            word += f", until {_year(rel.until)}"
        if word not in words:
            words.append(word)
    return "; ".join(words), all(r.until is not None for r in rels)


def _year(date) -> str:
    """A former relation's end, short: the year (the list beside the picture has the full date)."""
    return str(date.interval[0].year)


def _lines(nodes: list[Node], relations: list[Relation]) -> list[Edge]:
    """The arrows, their labels not yet placed (at the middle)."""
    where = {n.actor.id: n for n in nodes}
    pairs: dict[tuple[str, str], list[Relation]] = defaultdict(list)
    for rel in relations:
        if rel.subject in where and rel.object in where and rel.subject != rel.object:
            pairs[(rel.subject, rel.object)].append(rel)
    edges = []
    for (a, b), rels in sorted(pairs.items()):
        na, nb = where[a], where[b]
        dx, dy = nb.x - na.x, nb.y - na.y
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        shift = 5 if (b, a) in pairs else 0  # a pair linked both ways: two arrows side by side
        sx, sy = -uy * shift, ux * shift
        x1, y1 = na.x + ux * RADIUS + sx, na.y + uy * RADIUS + sy
        x2, y2 = nb.x - ux * (RADIUS + 4) + sx, nb.y - uy * (RADIUS + 4) + sy
        label, former = _label(rels)
        edges.append(Edge(a, b, label, _r(x1), _r(y1), _r(x2), _r(y2),
                          _r((x1 + x2) / 2), _r((y1 + y2) / 2), former))
    return edges


OFFSETS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.35, 0.65, 0.25, 0.75)
SIDES = (0, 1, -1, 2, -2)


def _place(edges: list[Edge], fixed: list[Box]) -> list[Edge] | None:
    """Each label at the first free place along its arrow, or None when one finds none."""
    taken = list(fixed) + [e.arrow_box for e in edges]
    placed = []
    for edge in edges:
        dx, dy = edge.x2 - edge.x1, edge.y2 - edge.y1
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length, dx / length
        spot = None
        for side in SIDES:
            for t in OFFSETS:
                lx = edge.x1 + dx * t + nx * side * 9
                ly = edge.y1 + dy * t + ny * side * 9 + EDGE_SIZE * 0.35
                box = text_box(lx, ly, (edge.label,), "middle", EDGE_SIZE, EDGE_EM)
                if not any(_meets(box, other) for other in taken):
                    spot = (lx, ly, box)
                    break
            if spot:
                break
        if spot is None:
            return None
        taken.append(spot[2])
        placed.append(Edge(edge.source, edge.target, edge.label, edge.x1, edge.y1, edge.x2,
                           edge.y2, _r(spot[0]), _r(spot[1]), edge.former))
    return placed


def through_circles(nodes: list[Node] | tuple[Node, ...], edges) -> list[tuple[str, str, str]]:
    """(source, target, actor) for each line that passes through the circle of an actor it does
    not join: a reader takes the line for a relation of that actor."""
    out = []
    for e in edges:
        for n in nodes:
            if n.actor.id not in (e.source, e.target):
                box = n.boxes[0]
                if _crosses((box[0] + 2, box[1] + 2, box[2] - 2, box[3] - 2), e.x1, e.y1, e.x2, e.y2):
                    out.append((e.source, e.target, n.actor.id))
    return out


def _layout(title: str, ring_ids: list[str], centre: Actor | None, relations: tuple[Relation, ...],
            actors: dict[str, Actor], rx: float, height: float) -> Network:
    """The ring at radius rx, grown until names and circles are apart and every label has a
    place (or GROWTH_STEPS times, after which labels without a place are left to the list)."""
    drawn = [actors[i] for i in ring_ids] + ([centre] if centre else [])
    mark = marks(drawn)
    for step in range(GROWTH_STEPS + 1):
        r = rx * (1.18 ** step)
        cx, cy = WIDTH / 2, height / 2
        nodes = ([_node(centre, cx, cy, 0, 1, mark[centre.id], centre=True)] if centre else [])
        # an even ring puts actors opposite each other, and the line between two of them
        # through the one in the middle; one empty slot more moves them off the diameters
        for slots in dict.fromkeys((len(ring_ids), len(ring_ids) + 1, len(ring_ids) + 2)):
            ring = _ring(ring_ids, actors, cx, cy, r, r * 0.8, mark, slots=slots)
            if not through_circles(nodes + ring, _lines(nodes + ring, list(relations))):
                break
        else:
            ring = _ring(ring_ids, actors, cx, cy, r, r * 0.8, mark)
        nodes += ring
        last = step == GROWTH_STEPS
        circles = [n.boxes[0] for n in nodes]
        if any(_meets(a, b) for i, a in enumerate(circles) for b in circles[i + 1:]) and not last:
            continue
        edges = _lines(nodes, list(relations))
        named = _place_names(nodes, edges, cx, cy)
        if named is None:
            if not last:
                continue
            named = nodes
        edges = _lines(named, list(relations))
        fixed = [b for n in named for b in n.boxes]
        placed = _place(edges, fixed)
        if placed is not None:
            return Network(title, tuple(named), tuple(placed), relations)
        if last:
            return Network(title, tuple(named), tuple(_place_some(edges, fixed)), relations)
    raise AssertionError("unreachable")


def _place_some(edges: list[Edge], fixed: list[Box]) -> list[Edge]:
    """As _place, but a label with no free place is marked unplaced instead of failing."""
    taken = list(fixed) + [e.arrow_box for e in edges]
    out = []
    for edge in edges:
        got = _place([edge], taken)
        if got is None:
            out.append(Edge(edge.source, edge.target, edge.label, edge.x1, edge.y1, edge.x2,
                            edge.y2, edge.lx, edge.ly, edge.former, placed=False))
        else:
            out.append(got[0])
            taken.append(got[0].label_box)
    return out


def brief_network(title: str, relations: tuple[Relation, ...], actors: dict[str, Actor]) -> Network:
    """The most connected actor in the middle (when it links three or more), the rest on a ring in
    breadth-first order."""
    ids = sorted({a for r in relations for a in (r.subject, r.object)})
    order = _order(ids, list(relations))
    degree = defaultdict(set)
    for rel in relations:
        degree[rel.subject].add(rel.object)
        degree[rel.object].add(rel.subject)
    centre = None
    if len(order) > 4 and len(degree[order[0]]) >= 3:
        centre = actors[order[0]]
        order = order[1:]
    rx = max(120, min(WIDTH / 2 - 190, 28 * len(order)))
    return _layout(title, order, centre, relations, actors, rx, HEIGHT)


def neighbourhood(actor: Actor, relations: tuple[Relation, ...], actors: dict[str, Actor]) -> Network:
    """The actor in the middle, its most connected neighbours around it."""
    weight: dict[str, int] = defaultdict(int)
    for rel in relations:
        other = rel.object if rel.subject == actor.id else rel.subject
        if other != actor.id:
            weight[other] += 1
    chosen = sorted(weight, key=lambda a: (-weight[a], actors[a].name.casefold(), a))[:MAX_NEIGHBOURS]
    ring = sorted(chosen, key=lambda a: (actors[a].name.casefold(), a))
    rx = max(90, min(WIDTH / 2 - 190, 28 * len(chosen)))
    return _layout(f"Relations of {actor.name}", ring, actor, relations, actors, rx, 380)
