"""The shape of each fact file, checked against the JSON Schemas shipped in ``builder/schema/``.

The same files serve editors' YAML language servers. jsonschema finds the problems; this module
words them for an editor and places them on the key or value at fault.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Iterable

from .diagnostics import Diagnostic, Loc, error, escape, show
from .load import Document

FILES = ("brief", "actors", "events", "quotes", "sources", "places")
# problems of shape explained in one file: past them it is not read further. The loader caps each
# list at 2,000 items, but lists inside entries can still hold 200,000 empty mappings in 1 MiB, and
# explaining each cost 45 s; 1,000 is ten times what is printed of one file
MAX_PROBLEMS = 1_000
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
# Names a brief id may not take: the site's own top-level paths (and those kept for what is coming:
# places, Pagefind's index), so that no brief can ever shadow a page, an asset or an index of the site.
RESERVED_BRIEF_IDS = frozenset({
    "404", "about", "actors", "architecture", "assets", "briefs", "css", "feed", "fonts", "guide",
    "img", "index", "js", "pagefind", "performance", "places", "search", "sitemap", "sources",
    "static", "timeline",
})
ID_RULE = "ids use lowercase letters a-z, digits and '-', start with a letter or digit, at most 64 long"

# what an item is called, by the key of the list that holds it (and that list's parent key)
_NOUNS = {
    "actors": "actor", "relations": "relation", "events": "event", "quotes": "quote",
    "sources": "source", "updates": "update", "places": "place", ("events", "actors"): "participant",
    "citations": "citation", "date": "date", "published": "date", "said": "date", "updated": "date",
}
_TYPES = {"string": "text", "array": "a list", "object": "a mapping", "boolean": "true or false"}


def schema_text(name: str) -> str:
    return resources.files("builder").joinpath("schema", f"{name}.schema.json").read_text("utf-8")


@lru_cache(maxsize=None)
def validator(name: str):
    """The full validator, whose errors carry what the messages need (imported only when a file
    is invalid: most checks never need it)."""
    import jsonschema
    from referencing import Registry, Resource

    _Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator,
                                              {"pattern": _whole_pattern})
    definitions = json.loads(schema_text("definitions"))
    registry = Registry().with_resource("definitions.schema.json", Resource.from_contents(definitions))
    return _Validator(json.loads(schema_text(name)), registry=registry)


def _whole_pattern(validator, pattern, instance, schema):
    """'pattern' as editors' tools read it (ECMAScript, where '$' is the very end): Python's '$'
    also matches before a final line break, which would let 'an-id\n' through."""
    import jsonschema

    if isinstance(instance, str) and (not re.search(pattern, instance) or
                                      (pattern.endswith("$") and instance.endswith("\n"))):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def fields(name: str) -> dict[str, list[str]]:
    """Every field of a file's schema, by the title of the mapping it belongs to (for the docs test)."""
    definitions = json.loads(schema_text("definitions"))["$defs"]
    found: dict[str, list[str]] = {}

    def walk(node: object, title: str) -> None:
        if isinstance(node, dict):
            if "$ref" in node and node["$ref"].startswith("definitions.schema.json#/$defs/"):
                target = node["$ref"].rsplit("/", 1)[1]
                if target in ("date", "citation"):
                    walk(definitions[target], target)
                elif target == "citations":
                    walk(definitions["citation"], "citation")
            title = node.get("title", title)
            for key in node.get("properties", {}):
                found.setdefault(title, [])
                if key not in found[title]:
                    found[title].append(key)
            for value in node.values():
                walk(value, title)
        elif isinstance(node, list):
            for value in node:
                walk(value, title)

    walk(json.loads(schema_text(name)), name)
    return found


def caps(name: str) -> dict[str, dict[str, int]]:
    """The length cap of every capped text field of a file's schema (of each item, for a list of
    texts), by the title of the mapping it belongs to, as ``fields`` (for the docs test)."""
    definitions = json.loads(schema_text("definitions"))["$defs"]

    def cap(node: dict) -> int | None:
        if "$ref" in node:
            node = {**definitions[node["$ref"].rsplit("/", 1)[1]], **node}
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            return cap(node["items"])
        return node.get("maxLength")

    found: dict[str, dict[str, int]] = {}
    for title, names in fields(name).items():
        for field in names:
            node = _property(json.loads(schema_text(name)), definitions, title, field)
            if node is not None and cap(node) is not None:
                found.setdefault(title, {})[field] = cap(node)
    return found


def _property(root: dict, definitions: dict, title: str, field: str) -> dict | None:
    """The schema of property ``field`` of the mapping titled ``title``."""
    stack = [root, definitions["date"], definitions["citation"]]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("title", "") == title and field in node.get("properties", {}):
                return node["properties"][field]
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return None


@lru_cache(maxsize=None)
def fast_validator(name: str):
    """jsonschema-rs (compiled, about a thousand times faster) answers "is it valid?"; only a file
    that is not goes through jsonschema, whose errors carry what the messages need."""
    import jsonschema_rs

    base = "file:///briefs-schema/"
    registry = jsonschema_rs.Registry([(base + "definitions.schema.json",
                                        json.loads(schema_text("definitions")))])
    return jsonschema_rs.Draft202012Validator(json.loads(schema_text(name)), registry=registry,
                                              base_uri=f"{base}{name}.schema.json")


def validate(doc: Document, name: str) -> tuple[list[Diagnostic], set[tuple]]:
    """Diagnostics for the document's shape, and the paths of the items that are not usable."""
    if fast_validator(name).is_valid(doc.data):
        return [], set()
    diagnostics: list[Diagnostic] = []
    broken: set[tuple] = set()
    seen: set[tuple] = set()  # one mistake can fail several branches of the schema alike
    for err in validator(name).iter_errors(doc.data):  # lazily, in the order of the file
        if len(seen) >= MAX_PROBLEMS:
            diagnostics.append(error(
                Loc(doc.file), "too-many-problems",
                f"the file has more than {MAX_PROBLEMS:,} problems of shape; the rest is not checked",
                "fix the problems shown (often one mistake repeated), then check again"))
            broken.add(())
            break
        path = tuple(err.absolute_path)
        for d in _explain(doc, err, path):
            if d.sort_key not in seen:
                seen.add(d.sort_key)
                diagnostics.append(d)
        if err.validator != "additionalProperties":
            # an unknown field alone leaves the item usable (the field is not read): its other
            # checks still run, so that one run reports every problem
            broken.add(path[:2] if len(path) >= 2 and isinstance(path[1], int) else ())
    return diagnostics, broken


def _noun(path: tuple) -> str:
    """'actor', 'participant', 'date'... for the mapping at ``path``."""
    keys = [p for p in path if isinstance(p, str)]
    if path and isinstance(path[-1], int) and len(keys) >= 2 and (keys[-2], keys[-1]) in _NOUNS:
        return _NOUNS[(keys[-2], keys[-1])]
    if path and isinstance(path[-1], int) and keys:
        if keys[-1] == "sources" and len(keys) > 1:
            return "citation"
        return _NOUNS.get(keys[-1], "item")
    if keys:
        return _NOUNS.get(keys[-1], show(keys[-1]))
    return "file"


def field_name(path: tuple) -> str:
    if not path:
        return "the file"
    if isinstance(path[-1], int):
        parent = next((p for p in reversed(path) if isinstance(p, str)), "list")
        return f"item {path[-1] + 1} of {show(parent)}"
    return f"field {show(path[-1])}"


def _kind(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    return {str: "text", list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def _suggest(word: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def slug(text: str) -> str:
    """A valid id made from any text: 'Qassem Soleimani' -> 'qassem-soleimani'."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:64].strip("-")


def id_problem(value: str) -> str:
    """What is wrong with an id, in words."""
    if not value:
        return "it is empty"
    if len(value) > 64:
        return f"it is {len(value)} characters long"
    for ch in value:
        if not ("a" <= ch <= "z" or "0" <= ch <= "9" or ch == "-"):
            name = unicodedata.name(ch, "")
            if not name:  # control characters have no name, only a category
                return f"it contains {show(ch)} (U+{ord(ch):04X}, a control character)" \
                    if unicodedata.category(ch) == "Cc" else f"it contains {show(ch)} (U+{ord(ch):04X})"
            return f"it contains {show(ch)} (U+{ord(ch):04X} {name})"
    return "it starts with '-'"


def invalid_id(doc: Document, path: tuple, value: str) -> Diagnostic:
    fix = slug(value)
    lost = any(ch.isalpha() and not ch.isascii()
               for ch in unicodedata.normalize("NFKD", value) if unicodedata.category(ch) != "Mn")
    hint = ID_RULE + (f": try '{fix}'" if fix and fix != value and not lost else "")
    return error(doc.loc(path), "invalid-id", f"invalid id {show(value)}: {id_problem(value)}", hint)


def _explain(doc: Document, err, path: tuple) -> list[Diagnostic]:
    kind, value, inst = err.validator, err.validator_value, err.instance
    where = field_name(path)
    if kind == "additionalProperties":
        allowed = list(err.schema.get("properties", {}))
        out = []
        for key in sorted(k for k in inst if k not in allowed):
            guess = _suggest(key, allowed)
            hint = f"did you mean '{guess}'?" if guess else "allowed fields: " + ", ".join(allowed)
            out.append(error(doc.key_loc(path + (key,)), "unknown-field",
                             f"unknown field {show(key)} in {_noun(path)}", hint))
        return out
    if kind == "required":
        return [error(doc.loc(path), "missing-field",
                      f"{_noun(path)} is missing required field '{name}'")
                for name in value if name not in inst]
    if kind == "not":
        if not isinstance(inst, dict):
            return []
        extra = [k for k in ("id", "name", "kind", "aliases", "description", "unnamed", "anonymity",
                           "sort_as") if k in inst]
        return [error(doc.key_loc(path + (k,)), "ref-with-definition",
                      f"an actor reused with 'ref' cannot set '{k}'",
                      "name, kind, aliases and description come from where the actor is defined; "
                      "keep only ref, role and sources") for k in extra]
    if kind == "type":
        expected = value if isinstance(value, list) else [value]
        words = " or ".join(_TYPES.get(t, t) for t in expected)
        hint = None
        if isinstance(inst, bool) and "string" in expected:
            hint = "put the value in quotes if you mean the word"
        elif isinstance(inst, str) and "array" in expected:
            hint = "start each entry on its own line with '- '"
        if inst is None:
            return [error(doc.loc(path), "wrong-type", f"{where} is empty; expected {words}", hint)]
        return [error(doc.loc(path), "wrong-type", f"{where} must be {words}, not {_kind(inst)}", hint)]
    if kind == "enum":
        choices = [str(c) for c in value]
        guess = _suggest(str(inst), choices) if isinstance(inst, str) else None
        return [error(doc.loc(path), "invalid-value",
                      f"{where} must be one of {', '.join(choices)}; got {show(inst)}",
                      f"did you mean '{guess}'?" if guess else None)]
    if kind == "pattern" and isinstance(inst, str) and err.schema.get("title") in ("event reference", "source reference"):
        what = err.schema["title"].split()[0]
        return [error(doc.loc(path), "invalid-id", f"invalid {what} reference {show(inst)}: it names "
                      f"the brief and the {what}, as brief-id/{what}-id",
                      f"for example 'ref: soleimani-strike/{'drone-strike' if what == 'event' else 'wsj-article'}'; "
                      + ID_RULE)]
    if kind == "pattern" and isinstance(inst, str):
        return [invalid_id(doc, path, inst)]
    if kind == "maxLength" and isinstance(inst, str):
        return [error(doc.loc(path), "too-long",
                      f"{where} is {len(inst):,} characters long: at most {value:,}",
                      "shorten it; every field's limit is in the editor's guide")]
    if kind == "minLength":
        return [error(doc.loc(path), "wrong-type", f"{where} is empty; expected text")]
    if kind == "minItems":
        return [error(doc.loc(path), "missing-field", f"{where} needs at least one entry")]
    return [error(doc.loc(path), "invalid-value", f"{where}: {escape(err.message)}")]
