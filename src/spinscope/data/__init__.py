"""Small shipped tables, each with its provenance in data/README.md."""
