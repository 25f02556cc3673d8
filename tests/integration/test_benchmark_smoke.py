"""The benchmark command still runs: tiny sizes, every figure present and measured (no timing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from issuer.signpool import default_processes
from scripts.benchmarks.machine import REFERENCE

ROOT = Path(__file__).resolve().parents[2]


def test_the_quick_benchmark_prints_and_writes_every_figure(tmp_path: Path) -> None:
    output = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick", "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    figures = json.loads(output.read_text())
    names = {f["name"] for f in figures}
    assert {
        "1 credential, cold median",
        "presentation of 10, warm p95",
        "credentials/s in presentations, warm",
        "anchor, per credential, batch of 100",
        "revoke 10 in one transaction, per credential",
        "record a conversion of 2 proved sources (1 with a status index)",
        "raw signing (proof layer alone), a standard each (full path)",
        "raw signing, one standard at three grades (template path)",
        f"40 credentials end to end (core), sealed in a pool of {os.cpu_count()} processes, cold",
        "canonicalize: template path, per core",
        "credentials/s one by one, cold",
        f"40-row CSV import, end to end (HTTP), default settings (here a signing pool of "
        f"{default_processes()}, cold)",
        "40-row CSV import (HTTP), signed in the event loop (pool off)",
        "issuer peak memory, 40-row import",
        "core: CPU per item, other threads (sqlite)",
        "presentations, cold: CPU per item, event loop (Python)",
        f"{REFERENCE}, before issuance",
        f"{REFERENCE}, after them all",
    } <= names
    assert {f["suite"] for f in figures} == {
        "machine",
        "issuance",
        "gas",
        "verification",
        "scale",
        "indexer",
        "proofs",
    }
    for figure in figures:
        # CPU of a tiny run may round to no clock tick at all
        assert figure["value"] >= 0 if "CPU per item" in figure["name"] else figure["value"] > 0
        if figure["baseline"] is not None:
            assert figure["ratio"] == figure["value"] / figure["baseline"]
    gas = {f["name"]: f for f in figures if f["suite"] == "gas"}
    assert gas["anchor, per credential, batch of 100"]["met"] is not None
    assert "Credit Bank benchmarks" in run.stdout
    by_name = {f["name"]: f for f in figures}
    memory = by_name["issuer peak memory, 40-row import"]
    assert memory["value"] >= memory["baseline"] > 0  # the peak includes the resting size
    [indexer] = [f for f in figures if f["name"].startswith("events per second, catching up")]
    assert indexer["baseline_name"] == "eth_getLogs alone"
    table = output.with_suffix(".md").read_text()
    assert (
        table.count("\n") == len(figures) + 2
        and "| issuance | raw signing (proof layer alone), a standard each (full path) |" in table
    )


def test_the_quick_workers_suite_measures_every_condition(tmp_path: Path) -> None:
    """The workers suite (served verifiers and issuers, PostgreSQL): every figure, no error."""
    output = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick", "--suite", "workers"]
        + ["--output", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    figures = [f for f in json.loads(output.read_text()) if f["suite"] == "workers"]
    rates = [f for f in figures if f["name"].startswith("cold verification over HTTP")]
    # 1 worker, 2 workers, two 1-worker verifiers at once: 8 rounds of 16 credentials each,
    # every one verified; each 2-process condition beside 1 worker in its own round
    assert [f["name"].split(" (")[0].split(",")[1].strip() for f in rates] == [
        "1 worker",
        "2 workers",
        "two 1-worker verifiers at once",
    ]
    assert all("statuses {200: 128}" in f["name"] for f in rates)
    assert [f["baseline_name"] for f in rates] == [
        None,
        "1 worker, same round",
        "1 worker, same round",
    ]
    issuance = [f for f in figures if f["name"].startswith("POST /issuance") and f["unit"] == "1/s"]
    assert len(issuance) == 3 and all("statuses {201: 16}" in f["name"] for f in issuance)
    for figure in figures:  # CPU of a tiny run may round to no clock tick at all
        assert figure["value"] >= 0 if figure["unit"] == "ms" else figure["value"] > 0
