"""Persuasion-technique detection (runtime: ONNX + numpy, no torch)."""

from spinscope.techniques.catalog import CATALOG, TECHNIQUES, Technique

__all__ = ["CATALOG", "TECHNIQUES", "Technique"]
