"""Workers and databases: the services as deployed (``creditbank serve``), over HTTP.

- Verification throughput with 1 verifier worker and with 2, on the same cold credentials:
  the verifiers run side by side and take bursts in turn, each burst new credentials (with
  their anchor receipts) that each verifier verifies once. Clients renew their connection
  every few requests (``PER_CONNECTION``), so the workers share them. Target: 2 workers
  ≥ 1.7 × 1 worker on 2 cores, in the median round (``VERIFICATION_ROUNDS``).
- The control, in the same rounds: two 1-worker verifiers at once, half the burst each. They
  share nothing but the machine, so over 1 worker they are what 2 processes can give on this
  host; the 2-worker service is compared with them as well. After each round the machine's
  ceiling for a fixed CPU workload is measured too (``machine.CoreScaling``).
- Issuance (``POST /issuance``, one credential each) with the issuer on PostgreSQL, beside
  the same on SQLite (its default).

The load generator, the chain node and the services share the machine: each figure comes
with the machine's load average at its end, since on 2 shared cores that bounds scaling.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from pydantic_settings import BaseSettings

from devnet import IpfsDaemon
from issuer.bootstrap import bootstrap_issuer
from issuer.settings import IssuerSettings
from node.credentials import did_key, generate_key
from scripts.benchmarks.chain import BenchChain, free_port
from scripts.benchmarks.cpu import descendants, own_seconds, process_seconds
from scripts.benchmarks.figures import Figure
from scripts.benchmarks.loadgen import Drive, drive
from scripts.benchmarks.machine import CoreScaling
from tests.servers import PostgresServer
from verifier.settings import VerifierSettings

__all__ = ["run_workers"]

SUITE = "workers"
#: Verification clients in flight: 8 for each of 2 workers (1 worker gets all 16), so that
#: neither worker waits idle on the chain node while the other is busy. With 8 in all, each of
#: 2 workers had 4, fewer than 1 worker had alone.
CLIENTS = 16
#: Requests each client sends on one connection before it opens another, as a proxy that
#: keeps connections alive would. Every client keeping one connection for the whole run put
#: all 16 on one worker (asyncio accepts every connection waiting when it wakes); renewing
#: them lets the worker with time to spare take the next ones.
PER_CONNECTION = 8
TARGET_SCALING = 1.7
#: ``POST /issuance``: clients, each one request at a time, and the target (issue 13).
ISSUANCE_CLIENTS = 16
TARGET_ISSUANCE_RATE = 300.0
CREDITBANK = str(Path(sys.executable).with_name("creditbank"))


def _env(settings: BaseSettings, passphrase: str) -> dict[str, str]:
    """Settings as the environment ``creditbank serve`` reads (secrets dump as asterisks)."""
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    for name, value in settings.model_dump(mode="json").items():
        if value is not None:
            env[f"CREDITBANK_{name.upper()}"] = (
                value if isinstance(value, str) else json.dumps(value)
            )
    env["CREDITBANK_KEYSTORE_PASSPHRASE"] = passphrase
    return env


@asynccontextmanager
async def _served(
    service: str, workers: int, env: dict[str, str], url: str, log: Path, level: str = "warning"
) -> AsyncIterator[int]:
    """``creditbank serve SERVICE --workers N`` until the block ends, once it answers; its pid."""
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603, ASYNC220 - our own command; returns at once
            [CREDITBANK, "serve", service, "--workers", str(workers), "--log-level", level],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 180
        async with httpx.AsyncClient(timeout=5) as http:
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"{service} stopped; see {log}")
                try:
                    if (await http.get(f"{url}/readyz")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{service} did not get ready; see {log}")
                await asyncio.sleep(0.2)
        if workers > 1:  # every worker up, not just the first to answer
            await asyncio.sleep(3)
        yield process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.to_thread(process.wait, 60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            await asyncio.to_thread(process.wait, 10)


def _split(log: Path, path: str) -> list[int]:
    """How many requests to ``path`` each worker answered, from the pids on its access lines."""
    pids: Counter[int] = Counter()
    for line in log.read_text().splitlines():
        if line.startswith("{") and '"uvicorn.access"' in line and f" {path} " in line:
            pids[int(json.loads(line)["pid"])] += 1
    return sorted(pids.values(), reverse=True)


def _tree_seconds(pid: int) -> float:
    """CPU seconds of a process and of every process under it (the service's workers)."""
    return sum(process_seconds(p) for p in (pid, *descendants(pid)))


def _spent(trees: list[int | None], node_pid: int | None) -> tuple[float, ...]:
    """CPU seconds so far: each process tree, then the chain node, then this process.

    The trees are a service's and a database server's (``None``: 0); this process is the
    load generator.
    """
    servers = [_tree_seconds(pid) if pid else 0.0 for pid in trees]
    return (*servers, process_seconds(node_pid), own_seconds())


def _load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


#: Rounds of bursts. This machine's speed drifts by up to 2 x, at times within seconds, so
#: one 1-worker run then one 2-worker run compares two machines. Every verifier runs all along
#: and they idle in turn: each round gives each of them a burst, back to back, the order
#: turning from round to round so that a steady drift favours none. Each round is a ratio of
#: its own, and the figure is the median round.
VERIFICATION_ROUNDS = 8

ONE, TWO, APART = "1 worker", "2 workers", "two 1-worker verifiers at once"
#: What each round compares. The control (``APART``): two ``creditbank serve verifier`` of 1
#: worker each, each with its own database, half the burst and half the clients, at once.
#: They share nothing but the machine, so over 1 worker they are what 2 processes give on
#: this host for this work, at that moment.
CONDITIONS = (ONE, TWO, APART)


@dataclass
class _Bursts:
    """One condition's bursts: each burst's rate, and CPU seconds over all of them."""

    rates: list[float] = field(default_factory=list)
    #: the verifiers' processes, the chain node, the load generator
    seconds: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    statuses: Counter[int] = field(default_factory=Counter)


def _verifier_settings(
    chain: BenchChain, ipfs: IpfsDaemon, name: str, scratch: Path
) -> VerifierSettings:
    """A verifier on the bench chain with a database of its own (nothing cached)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    return VerifierSettings(
        **{
            **chain.settings.model_dump(),
            "ipfs_api": ipfs.api_url,
            "verifier_port": port,
            "verifier_public_url": url,
            "database_url": f"sqlite+aiosqlite:///{scratch / f'{name}.db'}",
        }
    )


@dataclass
class _Verifier:
    """A served verifier: its process, its verification URL and its log."""

    pid: int
    url: str
    log: Path


async def _burst(verifiers: list[_Verifier], bodies: list[dict[str, Any]]) -> Drive:
    """Every body verified once, ``CLIENTS`` in flight, shared evenly by the verifiers at once.

    The rate runs from the first drive's clock to the last one's end: encoding the requests,
    which each drive does before its clock starts, is not the verifiers' time.
    """
    share = len(verifiers)
    runs = await asyncio.gather(
        *(
            drive(
                v.url,
                bodies[i::share],
                {},
                clients=CLIENTS // share,
                per_connection=PER_CONNECTION,
            )
            for i, v in enumerate(verifiers)
        )
    )
    started, ended = min(run.started for run in runs), max(run.ended for run in runs)
    whole = Drive(rate=len(bodies) / (ended - started), started=started, ended=ended)
    for run in runs:
        whole.statuses.update(run.statuses)
    return whole


async def _round(
    turn: int,
    bodies: list[dict[str, Any]],
    served: dict[str, list[_Verifier]],
    node_pid: int | None,
    runs: dict[str, _Bursts],
) -> None:
    """The same credentials in a burst to each condition, the order turned by ``turn``."""
    order = CONDITIONS[turn % len(CONDITIONS) :] + CONDITIONS[: turn % len(CONDITIONS)]
    for condition in order:
        pids: list[int | None] = [v.pid for v in served[condition]]
        before = _spent(pids, node_pid)
        run = await _burst(served[condition], bodies)
        after = _spent(pids, node_pid)
        runs[condition].rates.append(run.rate)
        runs[condition].statuses.update(run.statuses)
        spent = [sum(after[:-2]) - sum(before[:-2]), after[-2] - before[-2], after[-1] - before[-1]]
        for i, seconds in enumerate(spent):
            runs[condition].seconds[i] += seconds


def _median_round(ratios: list[float]) -> int:
    """The index of the median ratio (the upper one of an even count)."""
    return sorted(range(len(ratios)), key=ratios.__getitem__)[len(ratios) // 2]


async def _verification(
    chain: BenchChain, ipfs: IpfsDaemon, count: int, scratch: Path
) -> list[Figure]:
    """Rounds of bursts: ``count`` credentials never seen before, to each condition in turn.

    Each round has its own anchored batch; every verifier of the round verifies the same
    credentials (the control's two, half each), each in its own process and database, so each
    sees them cold.
    """
    issuer = await chain.accredited_issuer()
    learner = did_key(generate_key())
    bursts: list[list[dict[str, Any]]] = []
    for _ in range(VERIFICATION_ROUNDS + 1):  # and one to warm the verifiers
        credentials = [await issuer.sign(learner, n) for n in range(count)]
        receipts = await chain.anchor(issuer, credentials)
        bursts.append(
            [
                {"verifiableCredential": vc, "receipt": receipt}
                for vc, receipt in zip(credentials, receipts, strict=True)
            ]
        )
    passphrase = chain.settings.keystore_passphrase.get_secret_value()
    plan = {ONE: [("verifier-1", 1)], TWO: [("verifier-2", 2)]}
    plan[APART] = [("verifier-apart-a", 1), ("verifier-apart-b", 1)]
    runs = {condition: _Bursts() for condition in CONDITIONS}
    ceilings: list[float] = []
    async with AsyncExitStack() as stack:
        served: dict[str, list[_Verifier]] = {}
        for condition, services in plan.items():
            served[condition] = []
            for name, workers in services:
                settings = _verifier_settings(chain, ipfs, name, scratch)
                env = {**_env(settings, passphrase), "CREDITBANK_LOG_FORMAT": "json"}
                url, log = settings.verifier_public_url, scratch / f"{name}.log"
                pid = await stack.enter_async_context(
                    _served("verifier", workers, env, url, log, level="info")
                )
                served[condition].append(_Verifier(pid, f"{url}/credentials/verify", log))
        warm = bursts.pop()
        machine = stack.enter_context(await asyncio.to_thread(CoreScaling))
        # a whole burst to each verifier first, so that every worker has started its work (a
        # few requests could all land on one of 2 workers and leave the other cold)
        for verifiers in served.values():
            for verifier in verifiers:
                await _burst([verifier], warm)
        for turn in range(VERIFICATION_ROUNDS):
            await _round(turn, bursts.pop(), served, chain.node_pid, runs)
            ceilings.append(await asyncio.to_thread(machine.measure))
    return _verification_figures(count, runs, ceilings, served)


def _verification_figures(
    count: int, runs: dict[str, _Bursts], ceilings: list[float], served: dict[str, list[_Verifier]]
) -> list[Figure]:
    """The rates of the median round, each round's ratio, and where the CPU went."""
    one = runs[ONE].rates
    ratios = {c: [b / a for a, b in zip(one, runs[c].rates, strict=True)] for c in (TWO, APART)}
    middle = {c: _median_round(ratios[c]) for c in (TWO, APART)}
    done = count * VERIFICATION_ROUNDS
    cpu = {c: [seconds / done * 1000 for seconds in runs[c].seconds] for c in CONDITIONS}
    _, node, generator = cpu[TWO]
    notes = {
        c: f"{_load()}; statuses {dict(runs[c].statuses)}; per worker"
        f" {sum((_split(v.log, '/credentials/verify') for v in served[c]), [])}"
        for c in CONDITIONS
    }
    each = {c: ", ".join(f"{r:.2f}" for r in ratios[c]) for c in (TWO, APART)}
    return [
        Figure(
            SUITE,
            f"cold verification over HTTP, 1 worker, the median round's burst ({notes[ONE]})",
            one[middle[TWO]],
            "1/s",
        ),
        Figure(
            SUITE,
            f"cold verification over HTTP, 2 workers ({notes[TWO]}); the median of"
            f" {VERIFICATION_ROUNDS} rounds of {count:,}-credential bursts, each round's"
            f" verifiers back to back (ratios {each[TWO]})",
            runs[TWO].rates[middle[TWO]],
            "1/s",
            one[middle[TWO]],
            "1 worker, same round",
            f"≥ {TARGET_SCALING} × 1 worker",
            ratios[TWO][middle[TWO]] >= TARGET_SCALING,
        ),
        Figure(
            SUITE,
            f"cold verification over HTTP, {APART}, {CLIENTS // 2} clients and half the burst"
            " each: what 2 processes give on this host, sharing nothing but the machine"
            f" ({notes[APART]}); the median round (ratios {each[APART]})",
            runs[APART].rates[middle[APART]],
            "1/s",
            one[middle[APART]],
            "1 worker, same round",
        ),
        Figure(
            SUITE,
            f"2 workers over {APART}, the same round's bursts; the median round",
            statistics.median(
                b / a for a, b in zip(runs[APART].rates, runs[TWO].rates, strict=True)
            )
            * 100,
            "%",
        ),
        Figure(
            SUITE, "1 worker: CPU per verification, the verifier's processes", cpu[ONE][0], "ms"
        ),
        Figure(
            SUITE,
            "2 workers: CPU per verification, the verifier's processes",
            cpu[TWO][0],
            "ms",
            cpu[ONE][0],
            "1 worker",
        ),
        Figure(
            SUITE,
            f"{APART}: CPU per verification, the verifiers' processes",
            cpu[APART][0],
            "ms",
            cpu[ONE][0],
            "1 worker",
        ),
        Figure(SUITE, "2 workers: CPU per verification, the chain node", node, "ms"),
        Figure(SUITE, "2 workers: CPU per verification, the load generator", generator, "ms"),
        Figure(
            SUITE,
            "2 workers: the most the cores allow over 1 worker (cores / all CPU per"
            " verification, over 1 core / the verifier's CPU per verification with 1 worker;"
            " all bursts)",
            (os.cpu_count() or 1) * cpu[ONE][0] / (cpu[TWO][0] + node + generator),
            "x",
        ),
        Figure(
            SUITE,
            "machine: a fixed CPU workload in 2 processes at once over 1 alone, measured after"
            " each round; the median"
            f" (each {', '.join(f'{c:.2f}' for c in ceilings)})",
            statistics.median(ceilings),
            "x",
        ),
    ]


#: The issuance runs: database backend and issuer workers. Several workers need PostgreSQL:
#: on one SQLite file their writers queue on the file lock.
ISSUANCE_RUNS = (("sqlite", 1), ("postgresql", 1), ("postgresql", 2))


async def _issuance(chain: BenchChain, ipfs: IpfsDaemon, count: int, scratch: Path) -> list[Figure]:
    """``POST /issuance`` by 16 clients, one request at a time each (``PER_CONNECTION``).

    The issuer as deployed (``creditbank serve issuer``) on SQLite, then on PostgreSQL with 1
    and 2 workers; each run's CPU per request is split between the issuer's processes, the
    PostgreSQL server, the chain node and the load generator.

    Clients renew their connections as in the verification runs, so that 2 workers share them.
    """
    passphrase = chain.settings.keystore_passphrase.get_secret_value()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    base = IssuerSettings(
        **{
            **chain.settings.model_dump(),
            "ipfs_api": ipfs.api_url,
            "issuer_port": port,
            "issuer_public_url": url,
            "batch_size": 500,
        }
    )
    bodies = [
        {
            "learner_did": did_key(generate_key()),
            "standard_code": "1X-WFED",
            "grade": "intermediate",
        }
        for _ in range(count + ISSUANCE_CLIENTS)
    ]
    warm, measured = bodies[:ISSUANCE_CLIENTS], bodies[ISSUANCE_CLIENTS:]
    postgres = PostgresServer(free_port())
    await asyncio.to_thread(postgres.start)
    figures: list[Figure] = []
    try:
        for backend, workers in ISSUANCE_RUNS:
            database = (
                f"sqlite+aiosqlite:///{scratch / 'issuer-bench.db'}"
                if backend == "sqlite"
                else postgres.create_database(f"issuer_bench_{workers}")
            )
            settings = base.model_copy(update={"database_url": database})
            await bootstrap_issuer(settings, fast_kdf=True)  # the operator key lives in the db
            admin = (chain.settings.data_dir / "issuer-admin.key").read_text().strip()
            headers = {"X-API-Key": admin}
            env = {**_env(settings, passphrase), "CREDITBANK_LOG_FORMAT": "json"}
            log = scratch / f"issuer-{backend}-{workers}.log"

            # the database server's CPU counts too (the tests' server: fsync off)
            database_pid = postgres.pid if backend == "postgresql" else None
            async with _served("issuer", workers, env, url, log, level="info") as pid:
                post = f"{url}/issuance"
                await drive(
                    post, warm, headers, clients=ISSUANCE_CLIENTS, per_connection=PER_CONNECTION
                )
                before = _spent([pid, database_pid], chain.node_pid)
                run = await drive(
                    post, measured, headers, clients=ISSUANCE_CLIENTS, per_connection=PER_CONNECTION
                )
                after = _spent([pid, database_pid], chain.node_pid)
            cpu = [(b - a) / count * 1000 for a, b in zip(before, after, strict=True)]
            name = f"POST /issuance, {ISSUANCE_CLIENTS} clients, {backend}, {workers} worker"
            name += "s" if workers > 1 else ""
            figures.append(
                Figure(
                    SUITE,
                    f"{name} ({_load()}; statuses {dict(run.statuses)}; per worker"
                    f" {_split(log, '/issuance')})",
                    run.rate,
                    "1/s",
                    figures[0].value if figures else None,
                    "SQLite, 1 worker" if figures else None,
                    f">= {TARGET_ISSUANCE_RATE:.0f}/s",
                    run.rate >= TARGET_ISSUANCE_RATE,
                )
            )
            figures.append(
                Figure(
                    SUITE,
                    f"{name}: CPU per request, issuer / database server / chain node / load"
                    f" generator: {' / '.join(f'{ms:.2f}' for ms in cpu)} ms",
                    sum(cpu),
                    "ms",
                )
            )
    finally:
        await asyncio.to_thread(postgres.stop)
    return figures


async def run_workers(
    chain: BenchChain, count: int = 400, issuance_requests: int = 1_500
) -> list[Figure]:
    """1 vs 2 verifier workers on the same cold credentials; issuance on PostgreSQL vs SQLite."""
    data_dir = chain.settings.data_dir
    ipfs = IpfsDaemon(data_dir / "ipfs", api_port=free_port())
    await asyncio.to_thread(ipfs.start)
    try:
        figures = await _verification(chain, ipfs, count, data_dir)
        figures += await _issuance(chain, ipfs, issuance_requests, data_dir)
    finally:
        await asyncio.to_thread(ipfs.stop)
    return figures
