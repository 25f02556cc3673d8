"""A published programme is found by its key: the latest version, or the one named.

Applications and decisions look a programme up by id (and a decision by the version it was
proposed under). Rows written straight into a real database, on both backends; the lookup
touches nothing else of the issuer.
"""

from types import SimpleNamespace
from typing import Any, cast

import pytest

from issuer.conversions import ConversionDesk
from issuer.errors import ProgrammeNotFoundError
from issuer.models import PublishedProgramme
from node.conversion.demo import load_demo_programme, load_demo_rule_set
from node.documents import canonical_json
from node.storage import Database


async def publish_rows(db: Database, versions: dict[str, list[int]]) -> None:
    """A row per programme id and version, each with that id and version in its document."""
    programme, rule_set = load_demo_programme(), load_demo_rule_set()
    async with db.session() as session:
        for programme_id, numbers in versions.items():
            for version in numbers:
                document = programme.model_copy(update={"id": programme_id, "version": version})
                session.add(
                    PublishedProgramme(
                        programme_id=programme_id,
                        programme_version=version,
                        programme_json=canonical_json(document).decode(),
                        programme_cid=f"cid-{programme_id}-{version}",
                        rule_set_json=canonical_json(rule_set).decode(),
                        rule_set_cid="cid-rules",
                        rule_set_digest="0x" + "00" * 32,
                    )
                )


async def test_the_latest_or_the_named_version_and_a_miss_refused(database_url: str) -> None:
    db = Database(database_url)
    await db.create()
    try:
        # versions stored out of order, and a second programme whose versions run higher
        await publish_rows(db, {"prog-a": [2, 1, 3], "prog-b": [7]})
        desk = ConversionDesk(cast(Any, SimpleNamespace(ledger=SimpleNamespace(db=db))))

        latest = await desk.programme("prog-a")
        assert (latest.programme.id, latest.programme.version) == ("prog-a", 3)
        assert latest.row.programme_cid == "cid-prog-a-3"
        named = await desk.programme("prog-a", 1)
        assert (named.programme.id, named.programme.version) == ("prog-a", 1)
        assert (await desk.programme("prog-b")).programme.version == 7

        with pytest.raises(ProgrammeNotFoundError):
            await desk.programme("prog-a", 7)  # another programme's version
        with pytest.raises(ProgrammeNotFoundError):
            await desk.programme("prog-c")
    finally:
        await db.close()
