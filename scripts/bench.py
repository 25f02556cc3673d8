"""``scripts/bench``: run the benchmark suites against a real local chain; print and save figures.

Targets live here, never in timed unit tests. ``--quick`` runs tiny sizes (the test suite
uses it to keep the benchmark working).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import typer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from node.log import configure_logging  # noqa: E402
from scripts.benchmarks.chain import bench_chain  # noqa: E402
from scripts.benchmarks.figures import Figure, print_table, write_json  # noqa: E402
from scripts.benchmarks.verification import run_verification  # noqa: E402

SUITES = ("verification",)


async def _run(suites: list[str], quick: bool) -> list[Figure]:
    figures: list[Figure] = []
    async with bench_chain() as chain:
        if "verification" in suites:
            figures += await run_verification(chain, samples=4 if quick else 200)
    return figures


def main(
    suite: list[str] = typer.Option(list(SUITES), help="suites to run"),  # noqa: B008
    quick: bool = typer.Option(False, help="tiny sizes: checks the benchmark still works"),
    output: Path = typer.Option(Path(".creditbank/bench.json"), help="where the JSON goes"),  # noqa: B008
) -> None:
    """Run the suites, print a table of figures with baselines and ratios, write JSON."""
    configure_logging("WARNING")
    unknown = set(suite) - set(SUITES)
    if unknown:
        raise typer.BadParameter(f"unknown suites: {', '.join(sorted(unknown))}")
    figures = asyncio.run(_run(list(suite), quick))
    print_table(figures)
    write_json(figures, output)
    print(f"written to {output}")


if __name__ == "__main__":
    typer.run(main)
