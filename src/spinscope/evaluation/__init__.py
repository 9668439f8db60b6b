"""Benchmark readers and official scorers, one module per benchmark (e.g. `checkthat`). Evaluation code may build a
pipeline; runtime code never imports it."""
