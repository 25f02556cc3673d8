"""JSON parsed only after a non-recursive scan has bounded its depth.

CPython's ``json`` recurses once per nesting level. Under web3's import, ``py_ecc`` raises the
recursion limit to 100,000, so deep input overflowed the C stack and killed the process instead
of raising ``RecursionError``. ``restore_recursion_limit`` undoes that, and this module refuses
deep input before any parser sees it, so neither the limit nor the stack decides.

The scan is byte-string operations in C, never a Python loop per byte: escapes are dropped,
everything but brackets and quotes is dropped, string literals are removed, then innermost
``[]``/``{}`` pairs are removed once per allowed level. Whatever remains was nested deeper than
allowed, or was not balanced, and is refused either way. A credential costs microseconds; a
5 MB body of 200,000 objects about 0.1 s.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from node.errors import InputError, JsonTooDeepError

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "RECURSION_LIMIT",
    "check_depth",
    "loads",
    "restore_recursion_limit",
]

#: Deeper than any credential, presentation or package we make (they stay under 12).
DEFAULT_MAX_DEPTH = 64
#: CPython's default; deep enough for every library we call, shallow enough for the C stack.
RECURSION_LIMIT = 1000

_STRING = re.compile(rb'"[^"]*"')
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')


def restore_recursion_limit() -> None:
    """Put back the interpreter's recursion limit after a library raised it (py_ecc does)."""
    if sys.getrecursionlimit() > RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)


def check_depth(data: bytes | str, max_depth: int = DEFAULT_MAX_DEPTH) -> None:
    """Raise ``JsonTooDeepError`` when ``data`` nests arrays and objects beyond ``max_depth``."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if raw.count(b"[") + raw.count(b"{") <= max_depth:
        return
    brackets = _outside_strings(raw)
    for _ in range(max_depth):
        # one level: only pairs innermost at the start of the pass (the marker keeps a pair
        # that a removal makes adjacent from going in the same pass)
        inner = brackets.replace(b"[]", b"\0").replace(b"{}", b"\0").replace(b"\0", b"")
        if inner == brackets:
            break
        brackets = inner
    if brackets:
        raise JsonTooDeepError(
            f"JSON nested deeper than {max_depth} levels (or unbalanced)", max_depth=max_depth
        )


def _outside_strings(raw: bytes) -> bytes:
    """The brackets of ``raw`` that are not inside string literals, in order."""
    # escaped backslashes first, so that an escaped quote is exactly a remaining backslash-quote
    skeleton = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    # quotes alternate open, close: removing two adjacent ones drops an empty string or joins
    # two strings, and never moves a bracket across a string's edge
    skeleton = skeleton.replace(b'""', b"")
    return _STRING.sub(b"", skeleton) if b'"' in skeleton else skeleton


def loads(data: bytes | str, max_depth: int = DEFAULT_MAX_DEPTH) -> Any:
    """``json.loads`` after the depth check; malformed JSON is an ``InputError``, not a crash."""
    check_depth(data, max_depth)
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"malformed JSON: {exc}") from exc
