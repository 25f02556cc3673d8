"""Credit conversion: programmes, rule sets, the deterministic rules engine and the planner."""

from node.conversion.demo import load_demo_programme, load_demo_rule_set
from node.conversion.documents import Course, Programme, RuleSet
from node.conversion.engine import (
    Decision,
    Grant,
    OfficerOverreachError,
    RuleResult,
    adjust,
    decide,
)
from node.conversion.outcomes import Outcome, outcome_of
from node.conversion.parsing import RuleSetInvalidError, parse_programme, parse_rule_set

__all__ = [
    "Course",
    "Decision",
    "Grant",
    "OfficerOverreachError",
    "Outcome",
    "Programme",
    "RuleResult",
    "RuleSet",
    "RuleSetInvalidError",
    "adjust",
    "decide",
    "load_demo_programme",
    "load_demo_rule_set",
    "outcome_of",
    "parse_programme",
    "parse_rule_set",
]
