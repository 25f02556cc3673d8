"""The demo college's programme and conversion rule set (YAML, as a college would write them)."""

from __future__ import annotations

from importlib.resources import files

from node.conversion.documents import Programme, RuleSet
from node.conversion.parsing import parse_programme, parse_rule_set

__all__ = ["demo_programme_text", "demo_rule_set_text", "load_demo_programme", "load_demo_rule_set"]


def demo_programme_text() -> str:
    """The demo programme as written."""
    return files(__package__).joinpath("programme.yaml").read_text(encoding="utf-8")


def demo_rule_set_text() -> str:
    """The demo rule set as written."""
    return files(__package__).joinpath("rule_set.yaml").read_text(encoding="utf-8")


def load_demo_programme() -> Programme:
    """The demo college's Software Technology programme."""
    return parse_programme(demo_programme_text())


def load_demo_rule_set() -> RuleSet:
    """The demo college's rules for that programme."""
    return parse_rule_set(demo_rule_set_text(), load_demo_programme())
