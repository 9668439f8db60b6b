"""Whole corpora: streaming readers, stores (SQLite / PostgreSQL / Parquet / JSONL), a resumable runner, statistics.

The batch layer is a thin shell over `spinscope.load(layers).analyze(...)`: `readers` turn folders, JSONL, Parquet
and stdin into `Record`s one at a time; `runner` analyses them (in process, on a local Dask cluster or on a remote
scheduler) and hands each chunk of results to a `store`, which writes it in one transaction so that a run can be
killed at any moment and resumed; `stats` reads a store back into tables and charts.
"""
