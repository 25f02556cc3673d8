"""Benchmark suites of the credit bank, run by ``scripts/bench`` against a real local chain."""
