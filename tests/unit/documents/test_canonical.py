"""Canonical bytes and digests: layout never matters, content always does."""

import hashlib
import json
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from node.documents import (
    OutcomeCatalog,
    QualificationFramework,
    canonical_json,
    digest,
    load_demo_catalog,
    load_demo_framework,
    parse_document,
)

CATALOG = json.loads(load_demo_catalog().model_dump_json())


def shuffled(value: Any, rng: random.Random) -> Any:
    """The same JSON value with every object's keys in a random order."""
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: shuffled(v, rng) for k, v in items}
    if isinstance(value, list):
        return [shuffled(v, rng) for v in value]
    return value


def test_canonical_form_is_compact_sorted_utf8_with_decimal_strings() -> None:
    raw = canonical_json(load_demo_catalog())
    assert b"\n" not in raw
    relaid = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert raw == relaid.encode("utf-8")
    assert raw.startswith(b'{"effective_from":"2024-09-01","framework":{"id":')
    assert b'"credits":"4.00"' in raw
    assert json.loads(raw) == json.loads(load_demo_catalog().model_dump_json())
    assert digest(load_demo_catalog()) == hashlib.sha256(raw).digest()
    assert len(digest(load_demo_framework())) == 32


def test_canonical_bytes_parse_back_to_the_same_document() -> None:
    for document in (load_demo_framework(), load_demo_catalog()):
        again = parse_document(type(document), canonical_json(document))
        assert again == document
        assert canonical_json(again) == canonical_json(document)


def test_non_ascii_text_is_kept_as_utf8() -> None:
    data = json.loads(load_demo_framework().model_dump_json())
    data["name"] = "学分银行 资历框架"
    framework = parse_document(QualificationFramework, json.dumps(data))
    assert "学分银行".encode() in canonical_json(framework)


@settings(max_examples=50, deadline=None)
@given(
    st.randoms(use_true_random=False),
    st.one_of(st.none(), st.integers(0, 4)),
    st.sampled_from([(",", ":"), (", ", ": "), (" ,", " :  ")]),
    st.booleans(),
)
def test_key_order_and_whitespace_do_not_change_the_digest(
    rng: random.Random, indent: int | None, separators: tuple[str, str], ascii_only: bool
) -> None:
    text = json.dumps(
        shuffled(CATALOG, rng), indent=indent, separators=separators, ensure_ascii=ascii_only
    )
    catalog = parse_document(OutcomeCatalog, "\n  " + text + " \t\n")
    assert digest(catalog) == digest(load_demo_catalog())


def test_equal_amounts_written_differently_hash_alike() -> None:
    data = json.loads(json.dumps(CATALOG))
    data["standards"][7]["credits"] = "4"
    assert digest(parse_document(OutcomeCatalog, json.dumps(data))) == digest(load_demo_catalog())


_TEXT_FIELDS = ["name", "description", "criteria"]


@settings(max_examples=100, deadline=None)
@given(
    st.integers(0, len(CATALOG["standards"]) - 1),
    st.sampled_from(_TEXT_FIELDS),
    st.text(min_size=1, max_size=20),
)
def test_any_text_change_changes_the_digest(index: int, key: str, suffix: str) -> None:
    data = json.loads(json.dumps(CATALOG))
    data["standards"][index][key] += suffix
    assert digest(parse_document(OutcomeCatalog, json.dumps(data))) != digest(load_demo_catalog())


@settings(max_examples=100, deadline=None)
@given(st.integers(0, len(CATALOG["standards"]) - 1), st.integers(1, 99_999))
def test_any_credit_change_changes_the_digest(index: int, cents: int) -> None:
    data = json.loads(json.dumps(CATALOG))
    standard = data["standards"][index]
    target = standard["grades"][-1] if standard["grades"] else standard
    old = int(target["credits"].replace(".", ""))
    new = (old + cents) % 1_000_000
    target["credits"] = f"{new // 100}.{new % 100:02d}"
    assert digest(parse_document(OutcomeCatalog, json.dumps(data))) != digest(load_demo_catalog())


@given(st.integers(2, 1000))
def test_a_new_version_number_changes_the_digest(version: int) -> None:
    data = json.loads(json.dumps(CATALOG))
    data["version"] = version
    assert digest(parse_document(OutcomeCatalog, json.dumps(data))) != digest(load_demo_catalog())


def test_reordering_a_list_is_a_content_change() -> None:
    data = json.loads(json.dumps(CATALOG))
    data["standards"].reverse()
    assert digest(parse_document(OutcomeCatalog, json.dumps(data))) != digest(load_demo_catalog())
