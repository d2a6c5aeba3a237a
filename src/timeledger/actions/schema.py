"""A small JSON Schema validator for the subset the catalog is generated with.

Supported keywords: type (a name or a list), enum, const, properties, required,
additionalProperties (false, or a schema), items, anyOf, minimum, maximum, minLength,
maxLength, pattern, minItems, maxItems, and format "date-time" (checked loosely: anything
Python's ISO 8601 parser reads). Errors name the property by its path (`customFields[0].value`).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any


class InputError(ValueError):
    """The input does not match the action's schema; `problems` lists each mismatch."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
_ARTICLES = {"object": "an object", "array": "an array", "integer": "an integer", "string": "a string",
             "number": "a number", "boolean": "true or false", "null": "null"}


def validate(schema: dict[str, Any], value: Any) -> None:
    """Raise InputError listing every way `value` fails `schema`."""
    problems: list[str] = []
    _check(schema, value, "", problems)
    if problems:
        raise InputError(problems)


def _name(path: str) -> str:
    return path or "the input"


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "..."


def _check(schema: dict[str, Any], value: Any, path: str, problems: list[str]) -> None:
    if "anyOf" in schema:
        branches = schema["anyOf"]
        failures: list[list[str]] = []
        for branch in branches:
            found: list[str] = []
            _check(branch, value, path, found)
            if not found:
                break
            failures.append(found)
        else:
            kinds = [b.get("type") for b in branches if isinstance(b.get("type"), str)]
            if len(kinds) == len(branches):
                expected = " or ".join(_ARTICLES.get(k, k) for k in kinds)
                problems.append(f"{_name(path)} must be {expected}, not {_shown(value)}")
            else:
                problems.extend(min(failures, key=len))
        return
    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(_TYPES[k](value) for k in kinds):
            expected = " or ".join(_ARTICLES.get(k, k) for k in kinds)
            problems.append(f"{_name(path)} must be {expected}, not {_shown(value)}")
            return
    if value is None:
        return
    if "const" in schema and value != schema["const"]:
        problems.append(f"{_name(path)} must be {_shown(schema['const'])}, not {_shown(value)}")
    if "enum" in schema and value not in schema["enum"]:
        allowed = ", ".join(_shown(v) for v in schema["enum"] if v is not None)
        problems.append(f"{_name(path)} must be one of {allowed}, not {_shown(value)}")
    if isinstance(value, str):
        _check_string(schema, value, path, problems)
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int | float):
        if "minimum" in schema and value < schema["minimum"]:
            problems.append(f"{_name(path)} must be at least {schema['minimum']}, not {value}")
        if "maximum" in schema and value > schema["maximum"]:
            problems.append(f"{_name(path)} must be at most {schema['maximum']}, not {value}")
    elif isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            problems.append(f"{_name(path)} needs at least {schema['minItems']} item(s), not {len(value)}")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            problems.append(f"{_name(path)} takes at most {schema['maxItems']} item(s), not {len(value)}")
        if isinstance(schema.get("items"), dict):
            for index, item in enumerate(value):
                _check(schema["items"], item, f"{path}[{index}]", problems)
    elif isinstance(value, dict):
        _check_object(schema, value, path, problems)


def _check_string(schema: dict[str, Any], value: str, path: str, problems: list[str]) -> None:
    if "minLength" in schema and len(value) < schema["minLength"]:
        problems.append(f"{_name(path)} must be at least {schema['minLength']} characters long")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        problems.append(f"{_name(path)} must be at most {schema['maxLength']} characters long, not {len(value)}")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        problems.append(f"{_name(path)} must match {schema['pattern']}, not {_shown(value)}")
    if schema.get("format") == "date-time" and not _is_instant(value):
        problems.append(f"{_name(path)} must be an ISO 8601 date-time such as 2026-03-02T09:00:00Z, not {_shown(value)}")


def _is_instant(value: str) -> bool:
    text = value.strip()
    if len(text) < 10:
        return False
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _check_object(schema: dict[str, Any], value: dict[str, Any], path: str, problems: list[str]) -> None:
    properties: dict[str, Any] = schema.get("properties", {})
    for name in schema.get("required", ()):
        if name not in value:
            problems.append(f"{_join(path, name)} is required")
    extra = schema.get("additionalProperties", True)
    unknown = [name for name in value if name not in properties]
    if extra is False and unknown:
        known = ", ".join(properties) or "nothing"
        for name in unknown:
            problems.append(f"{_join(path, name)} is not a known property (known: {known})")
    for name, item in value.items():
        if name in properties:
            _check(properties[name], item, _join(path, name), problems)
        elif isinstance(extra, dict):
            _check(extra, item, _join(path, name), problems)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
