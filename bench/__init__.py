"""Benchmarks of kehoach: ``python bench/run.py`` (see its docstring)."""
