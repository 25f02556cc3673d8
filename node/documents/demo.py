"""The demonstration framework and the Eastern Vocational Certification Centre's catalog.

Shipped as JSON in ``demo/`` (package data) so that they are read exactly like a published
document would be.
"""

from __future__ import annotations

from importlib import resources

from node.documents.canonical import parse_document
from node.documents.catalog import OutcomeCatalog
from node.documents.framework import QualificationFramework
from node.documents.validation import validate_catalog

__all__ = ["load_demo_catalog", "load_demo_framework"]


def _read(name: str) -> bytes:
    return (resources.files("node.documents") / "demo" / name).read_bytes()


def load_demo_framework() -> QualificationFramework:
    """The 8-level demonstration qualification framework."""
    return parse_document(QualificationFramework, _read("framework.json"))


def load_demo_catalog() -> OutcomeCatalog:
    """The demo certification centre's catalog, checked against the demo framework."""
    catalog = parse_document(OutcomeCatalog, _read("catalog.json"))
    validate_catalog(catalog, load_demo_framework())
    return catalog
