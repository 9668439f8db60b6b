"""Benchmark readers and scorers that build or drive a pipeline (one module per benchmark).

Runtime layer packages never import this package; the CLI commands and the training scripts do.
"""
