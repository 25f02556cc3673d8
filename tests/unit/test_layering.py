"""The layering the README promises: the core and the services never import the devnet tooling.

Read from the source with ``ast`` (no import side effects), so a new ``from devnet ...`` in a
service or in ``node/`` fails here before it ships.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE_AND_SERVICES = ("node", "issuer", "verifier", "wallet", "governance")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("package", CORE_AND_SERVICES)
def test_the_core_and_services_do_not_import_devnet(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in imported_modules(path) if m.split(".")[0] == "devnet"
        )
        for path in (ROOT / package).rglob("*.py")
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}


def test_the_checker_sees_a_devnet_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from devnet import LocalChain\nimport devnet.ipfs\n", encoding="utf-8")
    assert imported_modules(module) == {"devnet", "devnet.ipfs"}


def test_the_devnet_tooling_builds_no_paths_from_its_own_location_in_the_core() -> None:
    """Paths into the checkout (``parents[2]``) are what broke an installed ``node``."""
    hits = [
        str(path.relative_to(ROOT))
        for package in CORE_AND_SERVICES
        for path in (ROOT / package).rglob("*.py")
        if "Path(__file__).resolve().parents" in path.read_text(encoding="utf-8")
    ]
    assert hits == []
