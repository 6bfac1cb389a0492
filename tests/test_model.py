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


def test_a_fact_record_holds_no_dict_of_its_own():
    """A site's facts are millions of records (a Loc per written field): each keeps its fields in
    slots, which at 1,000 briefs is 53 MiB less than a dict per record (content/performance.md).
    FuzzyDate keeps a dict for its worked-out interval (cached_property); BriefCheck, Diagnostic
    and Result are few."""
    import dataclasses
    import pickle

    from builder import codec
    from builder.diagnostics import Loc

    dicts = {"FuzzyDate", "BriefCheck", "Diagnostic"}
    for name, cls in codec.CLASSES.items():
        assert ("__slots__" in cls.__dict__) is (name not in dicts), name
        assert all("__slots__" in k.__dict__ for k in cls.__mro__[:-1]) or name in dicts, name
    loc = Loc("briefs/x/events.yaml", 3, 5)
    assert not hasattr(loc, "__dict__")
    assert pickle.loads(pickle.dumps(loc)) == loc  # worker processes send them back
    assert dataclasses.replace(loc, line=4) == Loc("briefs/x/events.yaml", 4, 5)
