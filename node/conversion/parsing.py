"""Reading programmes and rule sets as people write them (YAML or JSON), with the line at fault.

Authors write YAML (JSON is YAML too). Every problem, from a typo to a rule that names a course
the programme does not have, is refused with the line it is on, before anything is published.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar

import yaml
from pydantic import ValidationError

from node.conversion.documents import ExemptRule, Programme, RuleSet
from node.documents.base import VersionedDocument
from node.errors import InputError

__all__ = ["RuleSetInvalidError", "check_rule_set", "parse_programme", "parse_rule_set"]

D = TypeVar("D", bound=VersionedDocument)
#: Longest document text accepted; rule sets are pages, not megabytes.
MAX_TEXT = 200_000


class RuleSetInvalidError(InputError):
    """A programme or rule set that does not parse, or contradicts itself or its programme."""

    code = "RULE_SET_INVALID"


def _line_of(root: yaml.Node | None, path: Sequence[str | int]) -> int | None:
    """The 1-based line of the deepest node the path reaches (tags not in the text skipped)."""
    node, line = root, root.start_mark.line + 1 if root is not None else None
    for step in path:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            child = next(
                (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step),
                None,
            )
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            child = node.value[step] if 0 <= step < len(node.value) else None
        if child is None:
            continue
        node, line = child, child.start_mark.line + 1
    return line


def _problem(root: yaml.Node | None, path: Sequence[str | int], message: str) -> str:
    where = ".".join(str(p) for p in path) or "<document>"
    line = _line_of(root, path)
    return f"line {line}: {where}: {message}" if line else f"{where}: {message}"


def _load(text: str, what: str) -> tuple[Any, yaml.Node | None]:
    if len(text) > MAX_TEXT:
        raise RuleSetInvalidError(f"the {what} is longer than {MAX_TEXT} characters")
    try:
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise RuleSetInvalidError(
            f"the {what} does not parse: {where}{getattr(exc, 'problem', None) or exc}",
            problems=[f"{where}{exc}"],
        ) from exc


def _json_value(value: object) -> object:
    """YAML's dates as the ISO text the JSON document form carries."""
    return value.isoformat() if isinstance(value, date) else str(value)


def _parse(cls: type[D], text: str, what: str) -> tuple[D, yaml.Node | None]:
    data, root = _load(text, what)
    if not isinstance(data, dict):
        raise RuleSetInvalidError(f"the {what} is not a mapping of fields")
    try:
        return cls.model_validate_json(json.dumps(data, default=_json_value)), root
    except ValidationError as exc:
        problems = [_problem(root, err["loc"], err["msg"]) for err in exc.errors(include_url=False)]
        raise RuleSetInvalidError(
            f"invalid {what}: " + "; ".join(problems), problems=problems
        ) from exc


def parse_programme(text: str) -> Programme:
    """A programme from YAML or JSON text; refused with the line at fault."""
    return _parse(Programme, text, "programme")[0]


def parse_rule_set(text: str, programme: Programme) -> RuleSet:
    """A rule set from YAML or JSON text, checked against its programme; refused by line."""
    rule_set, root = _parse(RuleSet, text, "rule set")
    problems = [
        _problem(root, path, message) for path, message in check_rule_set(rule_set, programme)
    ]
    if problems:
        raise RuleSetInvalidError("invalid rule set: " + "; ".join(problems), problems=problems)
    return rule_set


def check_rule_set(
    rule_set: RuleSet, programme: Programme
) -> list[tuple[tuple[str | int, ...], str]]:
    """Contradictions between a rule set and its programme, each with its path."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    if (rule_set.programme, rule_set.programme_version) != (programme.id, programme.version):
        found.append(
            (("programme",), f"names {rule_set.programme} v{rule_set.programme_version}, "
             f"not {programme.id} v{programme.version}")
        )  # fmt: skip
    codes = {c.code for c in programme.courses}
    exempted: dict[str, str] = {}
    for index, rule in enumerate(rule_set.rules):
        if not isinstance(rule, ExemptRule):
            continue
        for position, course in enumerate(rule.courses):
            path: tuple[str | int, ...] = ("rules", index, "courses", position)
            if course not in codes:
                found.append((path, f"course {course!r} is not in programme {programme.id}"))
            elif course in exempted and rule.when == _rule_when(rule_set, exempted[course]):
                found.append(
                    (path, f"rule {rule.id} repeats rule {exempted[course]} for course {course}")
                )
            exempted.setdefault(course, rule.id)
    ceiling = programme.total_credits * rule_set.ceiling_percent / 100
    for index, bucket in enumerate(rule_set.buckets):
        if bucket.max_credits > ceiling:
            found.append(
                (("buckets", index, "max_credits"),
                 f"{bucket.max_credits} is above the programme ceiling of {ceiling:.2f}")
            )  # fmt: skip
    return found


def _rule_when(rule_set: RuleSet, rule_id: str) -> object:
    return next(r.when for r in rule_set.rules if r.id == rule_id)
