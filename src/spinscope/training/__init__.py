"""Training code (needs the ``train`` extra: torch, transformers). Never imported by the runtime."""
