"""Shared building blocks of public documents: strict frozen models, codes, credits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "Code",
    "Credits",
    "DocumentId",
    "DocumentModel",
    "Name",
    "Text",
    "VersionedDocument",
    "unique",
]

_CENT = Decimal("0.01")

T = TypeVar("T")


def _two_places(value: Decimal) -> Decimal:
    """Credits carry exactly two places so that equal amounts serialize (and hash) alike."""
    cents = value.quantize(_CENT)
    if cents != value:
        raise ValueError("credits take at most two decimal places")
    return cents


#: A stable machine code: letters, digits, ``.``, ``_``, ``-``; what credentials refer to.
Code = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", strip_whitespace=False)
]
#: A document series id, e.g. ``demo:qf`` or ``evcc:catalog``; hashed into the on-chain series id.
DocumentId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._:/-]{0,127}$")]
#: A short human-readable label.
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
#: A narrative: descriptor, description, criteria.
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
#: An amount of credits, non-negative, always held with two decimal places.
Credits = Annotated[
    Decimal,
    Field(ge=0, le=Decimal("9999.99"), allow_inf_nan=False),
    AfterValidator(_two_places),
]


class DocumentModel(BaseModel):
    """Strict, frozen, closed: a public document means exactly what its bytes say."""

    model_config = ConfigDict(strict=True, frozen=True, extra="forbid", str_strip_whitespace=False)


class VersionedDocument(DocumentModel):
    """A version of a document series; a newer version takes over from its effective date."""

    id: DocumentId
    version: int = Field(ge=1)
    effective_from: date


def unique(items: tuple[T, ...], key: str, what: str) -> tuple[T, ...]:
    """Refuse two entries sharing ``key``; return the entries unchanged."""
    seen: set[object] = set()
    for item in items:
        value = getattr(item, key)
        if value in seen:
            raise ValueError(f"duplicate {what} {key} {value!r}")
        seen.add(value)
    return items
