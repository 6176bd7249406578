"""Benchmarks: run ``python -m bench`` for all of them, or one module such as bench.kernels."""
