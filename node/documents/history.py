"""The versions of one document series, and which one was in force on a given day.

Standards get revised; a credential issued under version 2 stays verifiable against version 2
after version 3 takes effect, because every version stays in the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Generic, TypeVar

from node.documents.base import VersionedDocument
from node.documents.errors import DocumentInvalidError, DocumentVersionNotFoundError

__all__ = ["DocumentHistory"]

D = TypeVar("D", bound=VersionedDocument)


class DocumentHistory(Generic[D]):
    """All known versions of one series, ordered by version number."""

    def __init__(self, versions: Iterable[D]) -> None:
        ordered = sorted(versions, key=lambda doc: doc.version)
        if not ordered:
            raise DocumentInvalidError("a document history needs at least one version")
        series = ordered[0].id
        for previous, current in zip(ordered, ordered[1:], strict=False):
            if current.id != series:
                raise DocumentInvalidError(f"history of {series} mixes in {current.id}")
            if current.version == previous.version:
                raise DocumentInvalidError(f"{series} has version {current.version} twice")
            if current.effective_from <= previous.effective_from:
                raise DocumentInvalidError(
                    f"{series} v{current.version} takes effect on {current.effective_from}, "
                    f"not after v{previous.version} ({previous.effective_from})"
                )
        self.series = series
        self._versions: tuple[D, ...] = tuple(ordered)

    def __iter__(self) -> Iterator[D]:
        return iter(self._versions)

    def __len__(self) -> int:
        return len(self._versions)

    @property
    def latest(self) -> D:
        """The highest version, whether or not it is in force yet."""
        return self._versions[-1]

    def version(self, number: int) -> D:
        """The version with this number."""
        for doc in self._versions:
            if doc.version == number:
                return doc
        raise DocumentVersionNotFoundError(f"{self.series} has no version {number}")

    def in_force(self, on: date) -> D:
        """The version that applied on ``on``: the newest whose effective date has come."""
        current: D | None = None
        for doc in self._versions:
            if doc.effective_from <= on:
                current = doc
        if current is None:
            raise DocumentVersionNotFoundError(
                f"no version of {self.series} was in force on {on.isoformat()}"
            )
        return current

    def with_version(self, doc: D) -> DocumentHistory[D]:
        """A new history with ``doc`` added (checked like the rest)."""
        return DocumentHistory([*self._versions, doc])
