"""The check's records as JSON and back, for the caches of builder/cache.py.

A cache file is JSON, never pickle: a file that came with a repository must not be able to run
code. Only the record classes named here are made back, each from its fields in declaration order:

- a record: ``{"ClassName": [field, ...]}``;
- a tuple or list: a JSON list (every list is read back as a tuple: the records hold no lists);
- a frozenset: ``{"~": [item, ...]}``, sorted; a dict: ``{"=": [[key, value], ...]}``, in order;
- None, booleans, numbers and strings as they are.

Anything else cannot be encoded (TypeError), and anything ``decode`` does not expect raises
ValueError (or KeyError, TypeError), so a cache that holds it is a miss, never a wrong answer.
"""

from __future__ import annotations

import json
from dataclasses import fields

from . import model
from .check import BriefCheck
from .dates import FuzzyDate, Point
from .diagnostics import Diagnostic, Loc

ERRORS = (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError)

CLASSES = {cls.__name__: cls for cls in (
    BriefCheck, Diagnostic, Loc, Point, FuzzyDate, model.Locs, model.Citation, model.Actor,
    model.Place, model.Role, model.Relation, model.Participant, model.Event, model.EventEntry,
    model.EventReuse, model.Quote, model.Source, model.SourceReuse, model.Update, model.Brief)}
_FIELDS = {cls: tuple(f.name for f in fields(cls)) for cls in CLASSES.values()}
# the fields that hold tuples (read back from JSON lists), by their declared type
_SEQUENCES = {cls: tuple(i for i, f in enumerate(fields(cls)) if str(f.type).startswith("tuple"))
              for cls in CLASSES.values()}
_PLAIN = (str, int, float, bool, type(None))


def _maker(cls):
    """A function that makes a CLS from its fields' values, in order, without its __init__ (the
    values are its own fields' as encoded): a record with slots through their descriptors, one
    with a dict through the dict."""
    new, names = object.__new__, _FIELDS[cls]
    if "__slots__" not in cls.__dict__:
        def make(value):
            made = new(cls)
            made.__dict__.update(zip(names, value))
            return made
    else:
        setters = tuple(next(k.__dict__[n] for k in cls.__mro__ if n in k.__dict__).__set__
                        for n in names)

        def make(value):
            made = new(cls)
            for setter, item in zip(setters, value):
                setter(made, item)
            return made
    return make


_MAKERS = {cls: _maker(cls) for cls in CLASSES.values()}


def encode(value):
    """VALUE as plain JSON data (TypeError for a value of a type this module does not know)."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _FIELDS.get(kind)
    if names is not None:
        return {kind.__name__: [encode(getattr(value, name)) for name in names]}
    if kind is tuple or kind is list:
        return [encode(item) for item in value]
    if kind is frozenset:
        return {"~": sorted(encode(item) for item in value)}
    if kind is dict:
        return {"=": [[encode(k), encode(v)] for k, v in value.items()]}
    raise TypeError(f"a {kind.__name__} is not a record")


def dumps(value) -> str:
    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))


def _tuples(value):
    if type(value) is not list:
        return value
    return tuple([_tuples(item) if type(item) is list else item for item in value])


def loads(text: str | bytes):
    """The records DUMPS wrote (ValueError, KeyError or TypeError for anything else)."""
    files: dict[str, str] = {}  # each file name once, as the loader shares it between its Locs

    def record(data: dict):
        if len(data) != 1:
            raise ValueError("not a record")
        (name, value), = data.items()
        if name == "~":
            return frozenset(_tuples(value))
        if name == "=":
            return {_tuples(k): _tuples(v) for k, v in value}
        cls = CLASSES[name]
        names = _FIELDS[cls]
        if type(value) is not list or len(value) != len(names):
            raise ValueError(f"a {name} with other fields")
        if cls is Loc:
            value[0] = files.setdefault(value[0], value[0])
        elif cls is model.Locs:  # (key, file, line, column) each: no record inside
            if type(value[0]) is not list:
                raise ValueError("a Locs whose spots are not a list")
            value[0] = tuple((key if type(key) is str else tuple(key), files.setdefault(file, file),
                              line, column) for key, file, line, column in value[0])
            return _MAKERS[cls](value)
        for i in _SEQUENCES[cls]:
            if type(value[i]) is not list:
                raise ValueError(f"a {name} whose {names[i]} is not a list")
            value[i] = _tuples(value[i])
        return _MAKERS[cls](value)

    return _tuples(json.loads(text, object_hook=record))
