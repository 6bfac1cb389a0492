"""The records' vocabularies are the schemas' vocabularies: an actor kind or relation type added to
one and not the other fails here, not in a reader's browser."""

from __future__ import annotations

import json

from builder import schema
from builder.model import ACTOR_KINDS, RELATION_TYPES
from builder.render import KIND_LABELS


def _items(name: str, list_key: str) -> dict:
    return json.loads(schema.schema_text(name))["properties"][list_key]["items"]["properties"]


def test_actor_kinds_are_the_schemas():
    assert list(ACTOR_KINDS) == _items("actors", "actors")["kind"]["enum"]
    assert list(KIND_LABELS) == list(ACTOR_KINDS)


def test_relation_types_are_the_schemas():
    assert list(RELATION_TYPES) == _items("actors", "relations")["type"]["enum"]
    assert all(len(readings) == 2 and all(readings) for readings in RELATION_TYPES.values())
