"""The checks on `consortium deploy`'s production arguments, before any node is asked."""

from __future__ import annotations

import pytest
import typer
from eth_account import Account

from creditbank.cli.deploy_plan import production_plan


def test_addresses_are_checksummed_and_the_quorum_defaults_to_a_majority() -> None:
    governors = [Account.create().address for _ in range(4)]
    plan = production_plan([g.lower() for g in governors], 0, "deployer")
    assert plan.governors == governors
    assert plan.quorum == 3
    assert plan.deployer_key_name == "deployer"


@pytest.mark.parametrize(
    ("governors", "quorum", "key", "hint"),
    [
        ([], 1, "deployer", "--governor"),
        (["0x1234"], 1, "deployer", "--governor"),
        (["A", "A"], 1, "deployer", "--governor"),
        (["A", "B"], 3, "deployer", "--quorum"),
        (["A", "B"], -1, "deployer", "--quorum"),
        (["A"], 1, None, "--deployer-key-name"),
    ],
)
def test_bad_arguments_are_refused_naming_the_option(
    governors: list[str], quorum: int, key: str | None, hint: str
) -> None:
    named = {"A": Account.create().address, "B": Account.create().address}
    given = [named.get(g, g) for g in governors]
    if governors == ["A", "A"]:
        given = [named["A"], named["A"].lower()]
    with pytest.raises(typer.BadParameter) as refused:
        production_plan(given, quorum, key)
    assert refused.value.param_hint == hint
