from __future__ import annotations

import hashlib
import json
import math
from collections import OrderedDict
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import pytest
import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from node.credentials import CredentialError, build_credential, canonical_bytes, credential_hash
from node.credentials.hashing import _plain_json
from tests.unit.credentials import factories

# JSON values whose numbers JSON and JCS both carry exactly: safe integers, finite floats.
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
documents = st.dictionaries(st.text(max_size=8), json_values, min_size=1, max_size=6)


def _build_signed() -> dict[str, Any]:
    credential = build_credential(factories.outcome(), factories.award(), factories.issuer())
    return {**credential, "proof": factories.fake_proof()}


#: Built once at import: the first build compiles the schema, which is no part of the hashing.
_SIGNED = _build_signed()


def signed_credential() -> dict[str, Any]:
    return json.loads(json.dumps(_SIGNED))  # type: ignore[no-any-return]


def reorder(value: Any, rnd: st.DataObject) -> Any:
    """The same JSON value with every object's keys in a random order."""
    if isinstance(value, dict):
        keys = rnd.draw(st.permutations(list(value)))
        return {key: reorder(value[key], rnd) for key in keys}
    if isinstance(value, list):
        return [reorder(item, rnd) for item in value]
    return value


def test_rfc8785_documented_example() -> None:
    # RFC 8785 section 3.2.2: the sample input and its canonical form.
    sample = json.loads(
        '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",'
        ' "literals": [null, true, false]}'
    )
    expected = (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )
    assert canonical_bytes(sample) == expected.encode("utf-8")


@given(documents, st.data())
def test_key_order_does_not_change_the_hash(document: dict[str, Any], rnd: st.DataObject) -> None:
    signed = {**document, "proof": {"type": "Ed25519Signature2020"}}
    assert credential_hash(reorder(signed, rnd)) == credential_hash(signed)


@given(st.data())
def test_real_credential_hash_ignores_key_order_and_json_round_trip(rnd: st.DataObject) -> None:
    signed = signed_credential()
    assert credential_hash(reorder(signed, rnd)) == credential_hash(signed)
    assert credential_hash(json.loads(json.dumps(signed, indent=3))) == credential_hash(signed)


def _leaf_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _leaf_paths(item, (*prefix, key))]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _leaf_paths(item, (*prefix, i))]
    return [prefix]


def _set(document: Any, path: tuple[Any, ...], new: Any) -> Any:
    copy = json.loads(json.dumps(document))
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    return copy


@given(st.data())
def test_any_changed_value_changes_the_hash(rnd: st.DataObject) -> None:
    signed = signed_credential()
    path = rnd.draw(st.sampled_from(_leaf_paths(signed)))
    old: Any = signed
    for part in path:
        old = old[part]
    new = rnd.draw(json_values.filter(lambda v: v != old or type(v) is not type(old)))
    if isinstance(new, float) and new.is_integer() and new == old:
        return  # 4.0 and 4 are one JSON number: same canonical form by design
    assert credential_hash(_set(signed, path, new)) != credential_hash(signed)


def test_credits_are_integers_when_integral_so_parsers_agree() -> None:
    signed = signed_credential()
    as_float = _set(signed, ("credentialSubject", "creditsEarned"), 4.0)
    as_int = _set(signed, ("credentialSubject", "creditsEarned"), 4)
    assert canonical_bytes(as_float) == canonical_bytes(as_int)
    assert b'"creditsEarned":4.5' in canonical_bytes(signed)


def test_hash_is_sha256_of_the_canonical_form() -> None:
    signed = signed_credential()
    assert credential_hash(signed) == hashlib.sha256(canonical_bytes(signed)).digest()
    assert len(credential_hash(signed)) == 32


def test_unsigned_credentials_are_not_hashed() -> None:
    with pytest.raises(CredentialError, match="signed"):
        credential_hash(
            build_credential(factories.outcome(), factories.award(), factories.issuer())
        )


@pytest.mark.parametrize("bad", [math.nan, math.inf, 2**60, {1, 2}, datetime(2026, 1, 1)])
def test_values_json_cannot_carry_are_refused(bad: object) -> None:
    with pytest.raises(CredentialError):
        credential_hash({"proof": {}, "x": bad})


def test_non_objects_are_refused() -> None:
    with pytest.raises(CredentialError):
        credential_hash(["proof"])  # type: ignore[arg-type]


# Values chosen where Python's json and RFC 8785 part ways: integral and exponent floats,
# negative zero, unsafe integers, astral-plane keys beside U+E000-U+FFFF keys, control
# characters, DEL, U+2028, lone surrogates.
awkward_scalars = (
    scalars
    | st.sampled_from([2.0, -0.0, 1e21, 1e-7, 1e16, 123456789012345680.0, 0.1, 4.5, 1.0e-5])
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.text(alphabet=st.characters(codec=None, categories=None), max_size=6)
    | st.sampled_from(["\x00\x1f\x7f", "\u2028\u2029", "\ud800", "e\u0301", "\u00e9", "_:b0"])
)
awkward_keys = st.text(max_size=4) | st.sampled_from(["\U0001f600", "\ue000", "\uffff", "a", "A"])
awkward_documents = st.dictionaries(
    awkward_keys,
    st.recursive(
        awkward_scalars,
        lambda children: (
            st.lists(children, max_size=3) | st.dictionaries(awkward_keys, children, max_size=3)
        ),
        max_leaves=12,
    ),
    min_size=1,
    max_size=5,
)


def _rfc8785_or_error(document: dict[str, Any]) -> bytes | type[Exception]:
    try:
        return rfc8785.dumps(document)
    except Exception as exc:  # noqa: BLE001 - the error's kind is what is compared
        return type(exc)


@given(awkward_documents)
def test_the_fast_path_writes_what_rfc8785_writes(document: dict[str, Any]) -> None:
    """Every document: the same bytes as the rfc8785 package, or a refusal where it refuses."""
    expected = _rfc8785_or_error(document)
    if isinstance(expected, bytes):
        assert canonical_bytes(document) == expected
    else:
        with pytest.raises(CredentialError):
            canonical_bytes(document)


@pytest.mark.parametrize(
    "value",
    [
        2.0,
        -0.0,
        1e21,
        1e-7,
        2**53 + 1,
        {"\U0001f600": 1, "\uffff": 2},
        float("nan"),
        float("inf"),
        datetime(2026, 1, 1, tzinfo=UTC),
    ],
    ids=[
        "integral",
        "negative zero",
        "1e21",
        "1e-7",
        "unsafe int",
        "astral key",
        "nan",
        "infinity",
        "datetime",
    ],
)
def test_values_the_fast_path_cannot_carry_go_to_the_full_implementation(value: object) -> None:
    """orjson would write NaN as null and a datetime as a string: neither is hashed so."""
    assert _plain_json({"v": value}) is None


@pytest.mark.parametrize(
    "text",
    ["urn:uuid:1234e567-0000-4000-8000-000000000000", "a,2.0]", "x:1234567890123456", 'q\\":1e5'],
    ids=["uuid like an exponent", "integral float", "long integer", "escaped quote"],
)
def test_number_like_text_inside_a_string_keeps_the_fast_path(text: str) -> None:
    document = {"id": text, "v": [1, 2.5]}
    assert _plain_json(document) == json.dumps(document, separators=(",", ":")).encode()
    assert canonical_bytes(document) == rfc8785.dumps(document)


def test_an_issued_credential_takes_the_fast_path() -> None:
    """Every one of 200 (random ``urn:uuid:`` ids once sent one in ten to the slow path)."""
    for _ in range(200):
        built = build_credential(factories.outcome(), factories.award(), factories.issuer())
        assert _plain_json(built) is not None, built["id"]
        assert canonical_bytes(built) == rfc8785.dumps(built)


class _Grade(StrEnum):
    PASS = "Pass"


def test_subclasses_of_json_types_keep_the_fast_path_and_its_bytes() -> None:
    """A StrEnum value, an OrderedDict, a tuple: written as their JSON, as rfc8785 writes them."""
    document = {"result": _Grade.PASS, "nested": OrderedDict(b=1, a=[2.5, (3, "x")])}
    plain = {"result": "Pass", "nested": {"b": 1, "a": [2.5, [3, "x"]]}}
    assert _plain_json(document) == rfc8785.dumps(plain)
    assert canonical_bytes(document) == canonical_bytes(plain)
