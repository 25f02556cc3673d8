"""The depth scan agrees with a parser's own depth, and deep input is refused without recursion."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from node.errors import InputError, JsonTooDeepError
from node.jsonlimits import check_depth, loads

_scalars = st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab\n,:')
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(alphabet='[]{}"\\k', max_size=4), inner, max_size=4)
    ),
    max_leaves=40,
)


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


@given(_json, st.integers(min_value=1, max_value=8))
def test_scan_refuses_exactly_what_nests_deeper_than_the_limit(value: Any, limit: int) -> None:
    text = json.dumps(value)
    if _depth(value) > limit:
        with pytest.raises(JsonTooDeepError):
            check_depth(text, limit)
    else:
        check_depth(text, limit)


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"name": "[[[[[[[[[[" * 20, "quote": '\\"[[[[' * 30})
    assert loads(text, 2)["name"].startswith("[[[")


def test_a_hundred_thousand_levels_are_refused_in_a_process_that_imported_web3() -> None:
    """The crash the hardening issue found: py_ecc's recursion limit let json.loads overflow."""
    code = (
        "import web3, json\nimport node.jsonlimits as j\n"
        "j.restore_recursion_limit()\n"
        "text = '[' * 100000 + ']' * 100000\n"
        "try:\n    j.loads(text)\nexcept j.JsonTooDeepError:\n    print('refused')\n"
        "try:\n    json.loads(text)\nexcept RecursionError:\n    print('recursion error')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["refused", "recursion", "error"]


def test_malformed_json_is_an_input_error() -> None:
    with pytest.raises(InputError):
        loads('{"a": [1, 2}')
