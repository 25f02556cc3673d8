"""Check credentials against the Open Badges 3.0 AchievementCredential JSON Schema (VC 1.1).

The schema file is packaged (see ``schemas/SOURCES.md``); its ``$ref``s are all local
(``#/$defs/...``) and the registry below holds only that one resource, so validation never
touches the network.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from jsonschema import Draft201909Validator, FormatChecker  # type: ignore[import-untyped]
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT201909

from node.credentials.contexts import VC_V1_CONTEXT
from node.credentials.errors import SchemaError

__all__ = ["SCHEMA_FILE", "validate_ob3"]

SCHEMA_FILE = "achievementcredential.schema.vc11-2024-03-04.json"
_CREDENTIAL_TYPES = {"OpenBadgeCredential", "AchievementCredential"}

_formats = FormatChecker(formats=())


def _is_date_time(value: object) -> bool:
    """RFC 3339 date-time with a zone (``Z`` or an offset)."""
    if not isinstance(value, str):
        return True
    if "T" not in value.upper():
        return False
    parsed = datetime.fromisoformat(value.replace("z", "Z"))
    return parsed.tzinfo is not None


def _is_date(value: object) -> bool:
    """RFC 3339 full-date."""
    return not isinstance(value, str) or bool(date.fromisoformat(value))


_formats.checks("date-time", raises=ValueError)(_is_date_time)
_formats.checks("date", raises=ValueError)(_is_date)


@lru_cache(maxsize=1)
def _validator() -> Any:
    """The compiled validator, built once, resolving references only inside the schema."""
    text = resources.files("node.credentials").joinpath("schemas", SCHEMA_FILE).read_text("utf-8")
    schema = json.loads(text)
    resource = Resource.from_contents(schema, default_specification=DRAFT201909)
    registry: Registry[Any] = Registry().with_resource(schema["$id"], resource)
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema, registry=registry, format_checker=_formats)


def _path(parts: Any) -> str:
    """A JSON path like ``$.credentialSubject.achievement.name``."""
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _as_list(value: object) -> list[object]:
    """A JSON value that may be one item or many, as a list."""
    return value if isinstance(value, list) else [value]


def _spec_rules(credential: dict[str, Any]) -> list[str]:
    """MUSTs the schema states only in prose (type values, first context)."""
    problems = []
    contexts = _as_list(credential.get("@context"))
    if contexts[:1] != [VC_V1_CONTEXT]:
        problems.append(f"$.@context[0]: must be {VC_V1_CONTEXT}")
    types = _as_list(credential.get("type"))
    if "VerifiableCredential" not in types:
        problems.append("$.type: must include VerifiableCredential")
    if not _CREDENTIAL_TYPES & set(map(str, types)):
        problems.append("$.type: must include OpenBadgeCredential or AchievementCredential")
    subject = credential.get("credentialSubject")
    if isinstance(subject, dict):
        if "AchievementSubject" not in _as_list(subject.get("type")):
            problems.append("$.credentialSubject.type: must include AchievementSubject")
        achievement = subject.get("achievement")
        if isinstance(achievement, dict) and "Achievement" not in _as_list(achievement.get("type")):
            problems.append("$.credentialSubject.achievement.type: must include Achievement")
    return problems


def validate_ob3(credential: dict[str, Any]) -> None:
    """Raise SchemaError listing every problem (path: message) unless the credential conforms."""
    if not isinstance(credential, dict):
        raise SchemaError(["$: must be a JSON object"])
    errors = sorted(_validator().iter_errors(credential), key=lambda e: list(map(str, e.path)))
    problems = [f"{_path(error.absolute_path)}: {error.message}" for error in errors]
    problems += _spec_rules(credential)
    if problems:
        raise SchemaError(problems)
