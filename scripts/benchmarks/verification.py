"""Verification: one credential and a presentation of ten, against the proof layer alone.

"Cold" verifies with every cache off (each proof, schema check and registry read is
made again); "warm" is a verifier that has seen the credentials before, as an employer's
verifier does when candidates come back (status is still read afresh). Throughput is measured
one credential at a time and in presentations, with the CPU split of the presentation runs.
The baseline is the proof layer alone (node.credentials verify) on the same documents.
The presentation-of-ten target is measured on presentations never seen before (new learners,
credentials and proofs each time), by a verifier whose only reuse is chain reads shared by
those credentials (the issue allows caching them per block), on the machine as it is and
with every core kept busy by spinning processes of ours.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from node.credentials import (
    SigningKey,
    build_presentation,
    sign_presentation,
    verify_credential,
    verify_presentation,
)
from node.documents import load_demo_framework
from node.verification import Verifier
from scripts.benchmarks.chain import BenchChain
from scripts.benchmarks.figures import Figure, median, percentile
from scripts.benchmarks.machine import REFERENCE, reference_ms

__all__ = ["run_verification"]

SUITE = "verification"
DOMAIN = "https://employer.example"
PRESENTED = 10
TARGET_RATE = 500.0
TARGET_PRESENTATION_MS = 30.0


async def _fresh_presentations(
    chain: BenchChain, issuer: Any, count: int
) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """``count`` presentations of ten credentials each, every credential new (cold for real)."""
    learners = [await SigningKey.create() for _ in range(count)]
    credentials = [
        [await issuer.sign(learner.did, 1000 + p * PRESENTED + n) for n in range(PRESENTED)]
        for p, learner in enumerate(learners)
    ]
    receipts = await chain.anchor(issuer, [c for group in credentials for c in group])
    out = []
    for p, (learner, group) in enumerate(zip(learners, credentials, strict=True)):
        vp = await sign_presentation(
            build_presentation(group, learner.did), learner, challenge="bench", domain=DOMAIN
        )
        out.append((vp, receipts[p * PRESENTED : (p + 1) * PRESENTED]))
    return out


@contextmanager
def _busy_cores(count: int) -> Iterator[None]:
    """``count`` processes spinning on the CPU (our own children, stopped by their handle)."""
    spinners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])  # noqa: S603
        for _ in range(count)
    ]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


async def _presentation_latencies(
    verifier: Verifier, presentations: list[tuple[dict[str, Any], list[dict[str, Any]]]]
) -> list[float]:
    """Milliseconds to verify each presentation once (none seen before by this process)."""

    async def any_challenge(_: str) -> bool:
        return True

    out = []
    for vp, receipts in presentations:
        started = time.perf_counter()
        report = await verifier.verify_presentation(
            vp, receipts, challenge="bench", domain=DOMAIN, challenge_valid=any_challenge
        )
        out.append((time.perf_counter() - started) * 1000)
        assert report.verdict == "valid", report.to_json()
    return out


async def _latencies(work: Callable[[], Awaitable[Any]], samples: int) -> list[float]:
    """Milliseconds of each of ``samples`` sequential runs (after one warm-up run)."""
    await work()
    out = []
    for _ in range(samples):
        started = time.perf_counter()
        await work()
        out.append((time.perf_counter() - started) * 1000)
    return out


async def _rate(work: Callable[[], Awaitable[Any]], per_call: int, calls: int, width: int) -> float:
    """Items per second with ``width`` calls in flight at once."""
    queue = iter(range(calls))

    async def worker() -> None:
        for _ in queue:
            await work()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(width)))
    return calls * per_call / (time.perf_counter() - started)


def _latency_figures(name: str, samples: list[float], baseline: list[float]) -> list[Figure]:
    return [
        Figure(
            SUITE, f"{name} median", median(samples), "ms", median(baseline), "proof layer alone"
        ),
        Figure(
            SUITE,
            f"{name} p95",
            percentile(samples, 0.95),
            "ms",
            percentile(baseline, 0.95),
            "proof layer alone",
        ),
    ]


async def run_verification(chain: BenchChain, samples: int = 100) -> list[Figure]:
    """Every verification figure; ``samples`` sets how many runs each latency takes."""
    issuer = await chain.accredited_issuer()
    learner = await SigningKey.create()
    credentials = [await issuer.sign(learner.did, n) for n in range(PRESENTED)]
    receipts = await chain.anchor(issuer, credentials)
    vp = await sign_presentation(
        build_presentation(credentials, learner.did), learner, challenge="bench", domain=DOMAIN
    )
    one, one_receipt = credentials[0], receipts[0]
    registry = chain.ledger.registry
    framework = load_demo_framework()
    warm, cold = (
        Verifier(registry, framework=framework),
        Verifier(registry, cache_entries=0, framework=framework),
    )

    async def any_challenge(_: str) -> bool:
        return True

    async def credential_with(verifier: Verifier) -> None:
        report = await verifier.verify_credential(one, one_receipt)
        assert report.valid, report.to_json()

    async def presentation_with(verifier: Verifier) -> None:
        report = await verifier.verify_presentation(
            vp, receipts, challenge="bench", domain=DOMAIN, challenge_valid=any_challenge
        )
        assert report.verdict == "valid", report.to_json()

    async def raw_credential() -> None:
        assert await verify_credential(one) == []

    async def raw_presentation() -> None:
        assert await verify_presentation(vp, challenge="bench", domain=DOMAIN) == []

    raw_one = await _latencies(raw_credential, samples)
    raw_ten = await _latencies(raw_presentation, max(10, samples // 5))
    figures = [
        *_latency_figures(
            "1 credential, cold",
            await _latencies(lambda: credential_with(cold), samples),
            raw_one,
        ),
        *_latency_figures(
            "1 credential, warm",
            await _latencies(lambda: credential_with(warm), samples),
            raw_one,
        ),
        *_latency_figures(
            f"presentation of {PRESENTED}, cold",
            await _latencies(lambda: presentation_with(cold), max(10, samples // 5)),
            raw_ten,
        ),
        *_latency_figures(
            f"presentation of {PRESENTED}, warm",
            await _latencies(lambda: presentation_with(warm), max(10, samples // 5)),
            raw_ten,
        ),
    ]
    fresh = await _fresh_presentations(chain, issuer, 2 * max(2, samples // 5) + 1)
    half = len(fresh) // 2
    # a new verifier: its per-credential caches (verdicts and schemas by hash) cannot hit on
    # credentials never seen; only chain reads shared by them (accreditation, batch) are kept
    unseen = Verifier(registry, framework=framework)
    await _presentation_latencies(unseen, fresh[:1])  # the first one pays for imports
    speed_before = reference_ms()
    idle = await _presentation_latencies(unseen, fresh[1 : half + 1])
    speed_after = reference_ms()
    with _busy_cores(os.cpu_count() or 2):
        loaded = await _presentation_latencies(unseen, fresh[half + 1 :])
    figures += [
        Figure(
            SUITE,
            f"presentation of {PRESENTED} never seen before, cold: median",
            median(idle),
            "ms",
            target=f"<= {TARGET_PRESENTATION_MS:.0f} ms",
            met=median(idle) <= TARGET_PRESENTATION_MS,
        ),
        Figure(
            SUITE,
            f"presentation of {PRESENTED} never seen before, cold: p95",
            percentile(idle, 0.95),
            "ms",
        ),
        Figure(
            SUITE,
            f"machine speed around those presentations: {REFERENCE}, after",
            speed_after,
            "ms",
            speed_before,
            "before",
        ),
        Figure(
            SUITE,
            f"presentation of {PRESENTED} never seen before, cold, every core busy: median",
            median(loaded),
            "ms",
            median(idle),
            "the same, machine otherwise idle",
        ),
    ]
    calls = max(4, samples // 5)
    raw_rate = await _rate(raw_credential, 1, calls * PRESENTED, 8)
    profiles: list[Figure] = []
    for label, verifier in (("cold", cold), ("warm", warm)):
        kinds = (
            ("one by one", lambda v=verifier: credential_with(v), 1, calls * PRESENTED),
            ("in presentations", lambda v=verifier: presentation_with(v), PRESENTED, calls),
        )
        for kind, work, per_call, count in kinds:
            with chain.cpu() as cpu:
                rate = await _rate(work, per_call, count, 8)
            if per_call > 1:
                profiles += cpu.figures(SUITE, f"presentations, {label}", count * per_call)
            figures.append(
                Figure(
                    SUITE,
                    f"credentials/s {kind}, {label}",
                    rate,
                    "1/s",
                    raw_rate,
                    "proof layer alone",
                    target=f">= {TARGET_RATE:.0f}/s",
                    met=rate >= TARGET_RATE,
                )
            )
    return figures + profiles
