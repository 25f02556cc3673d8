"""``scripts/bench``: run the benchmark suites against a real local chain; print and save figures.

Targets live here, never in timed unit tests. ``--quick`` runs tiny sizes (the test suite
uses it to keep the benchmark working).
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import pstats
import sys
from pathlib import Path

import typer
from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from creditbank.cli.progress import progress_bar  # noqa: E402
from node.log import configure_logging  # noqa: E402
from scripts.benchmarks.chain import bench_chain  # noqa: E402
from scripts.benchmarks.figures import Figure, markdown_table, print_table, write_json  # noqa: E402
from scripts.benchmarks.gas import run_gas  # noqa: E402
from scripts.benchmarks.indexer import run_indexer  # noqa: E402
from scripts.benchmarks.issuance import run_issuance  # noqa: E402
from scripts.benchmarks.issuer_service import PROFILE_ENV  # noqa: E402
from scripts.benchmarks.machine import REFERENCE, reference_ms  # noqa: E402
from scripts.benchmarks.proofs import run_proofs  # noqa: E402
from scripts.benchmarks.scale import run_scale  # noqa: E402
from scripts.benchmarks.verification import run_verification  # noqa: E402
from scripts.benchmarks.workers import run_workers  # noqa: E402

PROFILE_LINES = 25
SUITES = ("issuance", "gas", "verification", "scale", "indexer", "proofs")
#: Suites run only when named (``--suite workers``): they start PostgreSQL and served processes.
EXTRA_SUITES = ("workers",)


async def _run(suites: list[str], quick: bool) -> list[Figure]:
    """Each suite on its own fresh chain, so one suite's load does not skew another's."""
    runs = {
        "issuance": lambda chain: run_issuance(chain, count=40 if quick else 10_000),
        "gas": lambda chain: run_gas(chain, sizes=(1, 10, 100) if quick else (1, 10, 100, 1000)),
        "verification": lambda chain: run_verification(chain, samples=4 if quick else 200),
        "scale": lambda chain: run_scale(
            chain,
            sizes=(10, 2_000) if quick else (1_000, 100_000, 1_000_000),
            samples=3 if quick else 30,
        ),
        "indexer": lambda chain: run_indexer(chain, batches=20 if quick else 1_000),
        "proofs": lambda chain: run_proofs(
            chain, count=20 if quick else 300, verify=20 if quick else 1_000
        ),
        "workers": lambda chain: run_workers(
            chain, count=16 if quick else 400, issuance_requests=16 if quick else 1_500
        ),
    }
    figures: list[Figure] = []
    chosen = [name for name in SUITES + EXTRA_SUITES if name in suites]
    with progress_bar(Console(stderr=True)) as bar:
        done = bar.add_task("benchmarks", total=len(chosen))
        for name in chosen:
            bar.update(done, description=f"suite {name}")
            figures.append(Figure("machine", f"{REFERENCE}, before {name}", reference_ms(), "ms"))
            async with bench_chain() as chain:
                figures += await runs[name](chain)
            bar.advance(done)
    figures.append(Figure("machine", f"{REFERENCE}, after them all", reference_ms(), "ms"))
    return figures


def main(
    suite: list[str] = typer.Option(  # noqa: B008
        list(SUITES), help="suites to run; also workers when named"
    ),
    quick: bool = typer.Option(False, help="tiny sizes: checks the benchmark still works"),
    output: Path = typer.Option(Path(".creditbank/bench.json"), help="where the JSON goes"),  # noqa: B008
    profile: bool = typer.Option(
        False, help="also profile the Python (event loop) side; top functions and a .prof file"
    ),
) -> None:
    """Run the suites, print a table of figures with baselines and ratios, write JSON."""
    configure_logging("WARNING")
    unknown = set(suite) - set(SUITES) - set(EXTRA_SUITES)
    if unknown:
        raise typer.BadParameter(f"unknown suites: {', '.join(sorted(unknown))}")
    profiler = cProfile.Profile() if profile else None
    if profile:  # the issuer child profiles itself too (scripts.benchmarks.issuer_service)
        os.environ[PROFILE_ENV] = str(output.with_suffix(".issuer.prof").resolve())
    if profiler is not None:
        profiler.enable()
    figures = asyncio.run(_run(list(suite), quick))
    if profiler is not None:
        profiler.disable()
        stats_file = output.with_suffix(".prof")
        stats_file.parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(stats_file)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(PROFILE_LINES)
        print(f"profile written to {stats_file} (python -m pstats {stats_file})")
        issuer_stats = output.with_suffix(".issuer.prof")
        if issuer_stats.exists():
            print("== the issuer service's own profile")
            pstats.Stats(str(issuer_stats)).sort_stats("cumulative").print_stats(PROFILE_LINES)
            print(f"issuer profile written to {issuer_stats}")
    print_table(figures)
    write_json(figures, output)
    output.with_suffix(".md").write_text(markdown_table(figures))
    print(f"written to {output} and, as README's table, {output.with_suffix('.md')}")


if __name__ == "__main__":
    typer.run(main)
