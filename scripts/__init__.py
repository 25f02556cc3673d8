"""Scripts of the project; a package so the benchmark suites import as ``scripts.benchmarks``."""
