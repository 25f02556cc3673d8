"""The arguments of a production registry deployment, checked before any node is asked."""

from __future__ import annotations

from dataclasses import dataclass

import typer
from web3 import Web3

__all__ = ["DeployPlan", "production_plan"]


@dataclass(frozen=True, slots=True)
class DeployPlan:
    """Who governs the new registry, how many must agree, and which key deploys it."""

    governors: list[str]
    quorum: int
    deployer_key_name: str


def production_plan(governors: list[str], quorum: int, deployer_key_name: str | None) -> DeployPlan:
    """Checked governors (distinct addresses), a quorum they can meet, a named deployer key.

    A quorum of 0 means a majority: no single member governs alone.
    """
    if not governors:
        raise typer.BadParameter(
            "name every governor with --governor ADDR", param_hint="--governor"
        )
    if deployer_key_name is None:
        raise typer.BadParameter(
            "name the keystore key that deploys", param_hint="--deployer-key-name"
        )
    bad = [g for g in governors if not Web3.is_address(g)]
    if bad:
        raise typer.BadParameter(f"not an address: {', '.join(bad)}", param_hint="--governor")
    checked: list[str] = [Web3.to_checksum_address(g) for g in governors]
    if len(set(checked)) != len(checked):
        raise typer.BadParameter("a governor is named twice", param_hint="--governor")
    quorum = quorum or len(checked) // 2 + 1
    if not 1 <= quorum <= len(checked):
        raise typer.BadParameter(
            f"the quorum must be between 1 and {len(checked)} governors", param_hint="--quorum"
        )
    return DeployPlan(checked, quorum, deployer_key_name)
