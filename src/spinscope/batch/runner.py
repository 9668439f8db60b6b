"""Runs a batch: records from `readers`, analysed by `spinscope.load(layers).analyze`, written by a `store`.

Three ways to run the same work, with the same results:
- serially in this process (`workers=0`, the default);
- on a local Dask distributed cluster of N single-threaded worker processes (`workers=N`), each loading the
  pipeline once;
- on an existing Dask cluster (`scheduler="tcp://host:8786"`), so a corpus that outgrows one machine runs
  unchanged on many (every worker needs spinscope installed; records carry their text, so workers need no
  access to the input files).

Work goes out in chunks of `chunk_size` records, at most a few chunks per worker in flight, so memory stays flat
whatever the corpus size. Only this process writes to the store, one transaction per chunk; ids already stored
are skipped before any work is sent, so rerunning a killed run resumes it. One bad article becomes a failed row
(its error kept); a chunk whose worker died is retried one article at a time, so only the culprit fails.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, TYPE_CHECKING, Any

from ..ingest import DEFAULT_MAX_CHARS, InputError
from .readers import Record, count_inputs, read_inputs
from .rows import ArticleResult, article_row, extract_rows
from .store import Store, open_store

if TYPE_CHECKING:
    from ..pipeline import Pipeline

MAX_ERROR_CHARS = 2000
WARM_UP = "Kabul (IP) - The United States left Afghanistan a year ago, a Taliban spokesman told Iran Press."


@dataclass(frozen=True)
class PipelineSpec:
    """What a worker needs to build the batch's pipeline: small, hashable and picklable (a Pipeline is not)."""

    layers: tuple[str, ...]
    max_chars: int = DEFAULT_MAX_CHARS
    settings: str = "{}"  # the layers' options as JSON (`Pipeline(settings=...)`)
    profile: str = "default"


_PIPELINES: dict[PipelineSpec, Pipeline] = {}


def get_pipeline(spec: PipelineSpec) -> Pipeline:
    """The pipeline of this spec, loaded once per process (a Dask worker keeps it between tasks)."""
    if spec not in _PIPELINES:
        import spinscope

        pipeline = spinscope.load(
            list(spec.layers),
            max_chars=spec.max_chars,
            settings=json.loads(spec.settings),
            profile=spec.profile,
        )
        pipeline.analyze(WARM_UP)  # first calls initialise lazily (language model, tables): not per article
        _PIPELINES[spec] = pipeline
    return _PIPELINES[spec]


def warm_up(spec: PipelineSpec) -> None:
    """Load the pipeline in a worker ahead of the work (returns nothing: a Pipeline does not pickle)."""
    get_pipeline(spec)


def failed_result(record: Record, error: str, status: str = "failed") -> ArticleResult:
    """A row without an analysis: `failed` (could not be read or analysed) or `skipped` (not an article)."""
    error = error.strip()[:MAX_ERROR_CHARS] or "unknown error"
    row = article_row(
        record.id,
        None,
        status=status,
        error=error,
        source=record.source,
        url=record.url,
        title=record.title,
        outlet=record.outlet,
        published=record.published,
    )
    return ArticleResult(id=record.id, status=status, article=row, error=error)


def analyse_record(pipeline: Pipeline, record: Record, max_chars: int) -> ArticleResult:
    """One record -> a done or failed result with its rows; never raises for a bad article."""
    started = time.perf_counter()
    try:
        document = record.to_document(max_chars=max_chars)
        analysis = pipeline.analyze(document)
    except InputError as err:
        return failed_result(record, str(err))
    except Exception as err:  # a bug or a pathological text: keep the error, go on with the batch
        return failed_result(record, f"{type(err).__name__}: {err}")
    analysis_json = analysis.model_dump_json(by_alias=True)
    row = article_row(
        record.id,
        analysis,
        status="done",
        source=record.source,
        url=record.url,
        title=record.title,
        outlet=record.outlet,
        published=record.published,
        seconds=time.perf_counter() - started,
        analysis_json=analysis_json,
    )
    return ArticleResult(
        id=record.id,
        status="done",
        article=row,
        rows=extract_rows(record.id, analysis),
        analysis_json=analysis_json,
    )


def analyse_chunk(records: Sequence[Record], spec: PipelineSpec) -> list[ArticleResult]:
    """The unit of work shipped to a Dask worker (or run in process)."""
    pipeline = get_pipeline(spec)
    return [analyse_record(pipeline, record, spec.max_chars) for record in records]


@dataclass
class Summary:
    target: str
    done: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    failures: list[tuple[str, str]] = field(default_factory=list)  # the first few (id, error)
    duplicates: int = 0  # records whose id an earlier record of this run already had: not analysed
    duplicate_examples: list[tuple[str, str]] = field(default_factory=list)  # the first few (id, source)
    failed_before: int = 0  # stored as failed by an earlier run and not retried now
    failed_before_examples: list[tuple[str, str]] = field(default_factory=list)  # the first few (id, source)
    not_read: int = 0  # files met in input folders that are not articles (stored with status `skipped`)
    not_read_files: list[tuple[str, str]] = field(default_factory=list)  # (id, reason), the first MAX_LISTED

    MAX_LISTED = 1000

    @property
    def exit_code(self) -> int:
        """130 interrupted; 3 when some articles failed (now or in an earlier run, still failed); else 0."""
        if self.interrupted:
            return 130
        return 3 if self.failed or self.failed_before else 0

    @property
    def processed(self) -> int:
        return self.done + self.failed

    @property
    def rate(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        state = "interrupted" if self.interrupted else "finished"
        return (
            f"{state}: {self.done:,} done, {self.skipped:,} skipped (already stored), {self.failed:,} failed"
            + (f" (+{self.failed_before:,} failed in an earlier run)" if self.failed_before else "")
            + (f", {self.not_read:,} files not read (not articles)" if self.not_read else "")
            + (f", {self.duplicates:,} duplicate ids not analysed" if self.duplicates else "")
            + f" in {self.seconds:,.1f} s ({self.rate:,.2f} articles/s) -> {self.target}"
        )


Progress = Callable[[int, int], None]  # (processed now, skipped now)


def chunked(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Runner:
    """Holds the store and the counters while a batch runs; `run` drives one of the three execution paths."""

    def __init__(
        self,
        store: Store,
        spec: PipelineSpec,
        *,
        chunk_size: int = 16,
        on_progress: Progress | None = None,
    ) -> None:
        self.store = store
        self.spec = spec
        self.chunk_size = max(1, chunk_size)
        self.on_progress = on_progress
        self.summary = Summary(target=store.description)
        # 8-byte digests of the ids met in this run (about 0.1 KB per article): an id met twice in one run is a
        # clash between inputs (two folders holding `x.txt`), reported as such rather than as "already stored"
        self._run_ids: set[bytes] = set()

    def _todo(self, records: Iterable[Record]) -> Iterator[list[Record]]:
        """Chunks of records not stored yet (asked of the store chunk by chunk)."""
        for chunk in chunked(records, self.chunk_size):
            stored = self.store.existing([record.id for record in chunk])
            failed_before = self.store.failed(sorted(stored)) if stored else set()
            todo = []
            not_articles = []
            skipped = 0
            for record in chunk:
                digest = hashlib.blake2b(record.id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
                if digest in self._run_ids:
                    self.summary.duplicates += 1
                    if len(self.summary.duplicate_examples) < 20:
                        self.summary.duplicate_examples.append((record.id, record.source))
                    skipped += 1
                    continue
                self._run_ids.add(digest)
                if record.skipped is not None:  # not an article: named in the summary, stored once
                    self.summary.not_read += 1
                    if len(self.summary.not_read_files) < self.summary.MAX_LISTED:
                        self.summary.not_read_files.append((record.id, record.skipped))
                    if record.id not in stored:
                        not_articles.append(failed_result(record, record.skipped, status="skipped"))
                    skipped += 1
                    continue
                if record.id in stored:
                    self.summary.skipped += 1
                    if record.id in failed_before:
                        self.summary.failed_before += 1
                        if len(self.summary.failed_before_examples) < 20:
                            self.summary.failed_before_examples.append((record.id, record.source))
                    skipped += 1
                    continue
                todo.append(record)
            if not_articles:
                self.store.write(not_articles)
            if skipped:
                self._progress(0, skipped)
            if todo:
                yield todo

    def _progress(self, processed: int, skipped: int) -> None:
        if self.on_progress:
            self.on_progress(processed, skipped)

    def _store(self, results: Sequence[ArticleResult]) -> None:
        written = self.store.write(results)
        for result in results:
            if result.id not in written:  # stored meanwhile: a duplicate id in the input, or a concurrent run
                self.summary.skipped += 1
            elif result.status == "done":
                self.summary.done += 1
            else:
                self.summary.failed += 1
                if len(self.summary.failures) < 20:
                    self.summary.failures.append((result.id, result.error or ""))
        self._progress(len(written), len(results) - len(written))

    def run_serial(self, records: Iterable[Record]) -> None:
        pipeline = get_pipeline(self.spec)
        for chunk in self._todo(records):
            self._store([analyse_record(pipeline, record, self.spec.max_chars) for record in chunk])

    def run_dask(self, records: Iterable[Record], client: Any, *, in_flight: int) -> None:
        from dask.distributed import as_completed

        workers = max(1, len(client.scheduler_info().get("workers", {})))
        limit = max(2, in_flight or 2 * workers)
        pending = as_completed()
        chunks: dict[str, list[Record]] = {}
        todo = self._todo(records)

        def submit(chunk: list[Record]) -> None:
            future = client.submit(analyse_chunk, chunk, self.spec, pure=False)
            chunks[future.key] = chunk
            pending.add(future)

        for chunk in islice(todo, limit):
            submit(chunk)
        for future in pending:
            chunk = chunks.pop(future.key)
            try:
                results = future.result()
            except Exception as err:  # the worker died or the task could not run: isolate the culprit
                if len(chunk) > 1:
                    for record in chunk:
                        submit([record])
                    continue
                results = [failed_result(chunk[0], f"worker failed: {type(err).__name__}: {err}")]
            finally:
                future.release()
            self._store(results)
            next_chunk = next(todo, None)
            if next_chunk is not None:
                submit(next_chunk)


def with_defaults(records: Iterable[Record], metadata: dict[str, str]) -> Iterator[Record]:
    """Records with `published` / `outlet` filled in where the input gave none."""
    for record in records:
        if record.skipped is None and record.error is None:
            record.published = record.published or metadata.get("published")
            record.outlet = record.outlet or metadata.get("outlet")
        yield record


def start_client(workers: int, scheduler: str | None) -> tuple[Any, Any]:
    """A Dask client on a fresh local cluster of `workers` processes, or on the cluster at `scheduler`."""
    import logging
    import os

    from dask.distributed import Client, LocalCluster

    from ..onnx_models import THREADS_ENV

    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as err:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
    # each worker's onnxruntime sessions get their share of the cores, not all of them each (oversubscription)
    share = max(1, (os.cpu_count() or 1) // max(1, workers))
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
        env={THREADS_ENV: str(share)},
    )
    return Client(cluster), cluster


def run_batch(
    inputs: Sequence[str],
    target: str,
    *,
    layers: Sequence[str] | None = None,
    workers: int = 0,
    scheduler: str | None = None,
    chunk_size: int = 16,
    in_flight: int = 0,
    retry_failed: bool = False,
    limit: int | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    settings: dict[str, dict[str, Any]] | None = None,
    profile: str = "default",
    metadata: dict[str, str] | None = None,
    stdin: IO[bytes] | None = None,
    on_start: Callable[[int | None], None] | None = None,
    on_progress: Progress | None = None,
) -> Summary:
    """Analyse every record of `inputs` not yet in `target` and store it; returns the counts.

    `on_start(total or None)` is called once the inputs are counted; `on_progress(processed, skipped)` after
    every chunk. KeyboardInterrupt stops cleanly (what was written stays written) with `interrupted=True`.
    `metadata`: `published` and `outlet` for every record that does not give its own."""
    from ..pipeline import resolve_layers
    from .readers import check_inputs

    spec = PipelineSpec(
        tuple(resolve_layers(layers)), max_chars, json.dumps(settings or {}, sort_keys=True), profile
    )
    check_inputs(inputs)
    store = open_store(target, retry_failed=retry_failed)
    client = cluster = None
    try:
        runner = Runner(store, spec, chunk_size=chunk_size, on_progress=on_progress)
        records: Iterable[Record] = read_inputs(inputs, stdin=stdin)
        if metadata:
            records = with_defaults(records, metadata)
        if limit:
            records = islice(records, limit)
        if on_start:
            total = count_inputs(inputs)
            on_start(min(total, limit) if total is not None and limit else total)
        if workers > 0 or scheduler:
            client, cluster = start_client(workers, scheduler)
            client.run(warm_up, spec)  # load the models on every worker first
        else:
            get_pipeline(spec)
        started = time.perf_counter()
        try:
            if client is not None:
                runner.run_dask(records, client, in_flight=in_flight)
            else:
                runner.run_serial(records)
        except KeyboardInterrupt:
            runner.summary.interrupted = True
        runner.summary.seconds = time.perf_counter() - started
        return runner.summary
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        store.close()
