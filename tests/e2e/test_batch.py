"""`spinscope batch` end to end: resume after SIGKILL, failed rows, a 2-worker Dask cluster equal to a serial run,
file targets, flat memory on a generated corpus. Tiny corpora and `--layers entities,tone` keep it fast."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from batch_helpers import make_corpus
from spinscope.batch.jsonl import read_jsonl
from spinscope.batch.parquet import read_parquet
from spinscope.batch.runner import run_batch
from spinscope.cli import main
from spinscope.pipeline import Pipeline

LAYERS = ["entities", "tone"]


def rows(db: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query).fetchall()


def stored_analyses(db: Path) -> dict[str, tuple[str, str | None, str | None]]:
    return {
        key: (status, error, analysis)
        for key, status, error, analysis in rows(db, "SELECT id, status, error, analysis FROM articles")
    }


def test_batch_cli_sqlite_failed_rows_and_rerun(tmp_path: Path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text("The United States left Afghanistan in ruin and poverty, officials said.")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "image.bin").write_bytes(b"\x89PNG\r\n")
    corpus = make_corpus(tmp_path / "in.jsonl", 10, bad_every=5)
    db = tmp_path / "out.db"
    args = [
        "batch",
        str(folder),
        str(corpus),
        "--out",
        f"sqlite:///{db}",
        "--layers",
        "entities,tone",
        "--chunk-size",
        "3",
    ]
    assert main(args) == 3  # some articles failed
    err = capsys.readouterr().err
    assert "9 done, 0 skipped (already stored), 4 failed, 1 files not read (not articles)" in err
    assert "articles/s" in err
    # every failed article and every file not read is named with its reason
    assert "  failed empty.txt: the input is empty" in err and "  failed binary.txt: " in err
    assert "  not read image.bin: a .bin file, not an article" in err
    assert rows(db, "SELECT status, error FROM articles WHERE id = 'image.bin'") == [
        (
            "skipped",
            "a .bin file, not an article: only .txt, .text, .html, .htm, .xhtml files are read in folders",
        )
    ]
    failed = dict(rows(db, "SELECT id, error FROM articles WHERE status = 'failed'"))
    assert set(failed) == {"empty.txt", "binary.txt", "a000004", "a000009"}
    assert "empty" in failed["empty.txt"] and "binary" in failed["binary.txt"]
    # every done article has its layer rows, consistent with its stored Analysis
    for key, analysis in rows(db, "SELECT id, analysis FROM articles WHERE status = 'done'"):
        data = json.loads(str(analysis))
        assert rows(db, f"SELECT count(*) FROM entities WHERE article_id = '{key}'")[0][0] == len(
            data["entities"]
        )
        assert (
            rows(db, f"SELECT tone FROM tone WHERE article_id = '{key}'")[0][0]
            == data["tone"]["document"]["tone"]
        )
    assert rows(db, "SELECT outlet, month FROM articles WHERE id = 'a000000'") == [("A", "2022-01")]
    # rerun: everything is skipped, and the articles that failed before still make it exit 3
    assert main(args) == 3
    err = capsys.readouterr().err
    assert "0 done, 13 skipped (already stored), 0 failed (+4 failed in an earlier run)" in err
    assert "failed in an earlier run empty.txt" in err and "--retry-failed" in err
    assert "not read image.bin" in err  # named on every run
    assert rows(db, "SELECT count(*) FROM articles") == [(14,)]
    # retry the failed ones: they fail again, still stored once
    assert main([*args, "--retry-failed"]) == 3
    assert "0 done, 9 skipped (already stored), 4 failed" in capsys.readouterr().err
    assert rows(db, "SELECT count(*) FROM articles") == [(14,)]


def test_a_batch_where_everything_is_analysed_exits_0(tmp_path: Path, capsys):
    corpus = make_corpus(tmp_path / "in.jsonl", 3)
    assert main(["batch", str(corpus), "--out", str(tmp_path / "o.jsonl"), "--layers", "entities"]) == 0
    assert "3 done, 0 skipped (already stored), 0 failed in" in capsys.readouterr().err


def test_batch_metadata_defaults_fill_records_that_have_none(tmp_path: Path):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(
        json.dumps({"id": "a", "text": "The minister spoke in Kabul on Tuesday."})
        + "\n"
        + json.dumps({"id": "b", "text": "Another story.", "outlet": "Reuters", "published": "2020-01-02"})
        + "\n"
    )
    out = tmp_path / "o.jsonl"
    argv = ["batch", str(corpus), "--out", str(out), "--layers", "outlet"]
    assert main([*argv, "--published", "2022-08-31", "--outlet", "BBC"]) == 0
    stored = {row["id"]: row for row in read_jsonl(out)}
    assert stored["a"]["outlet"] == "BBC" and stored["a"]["analysis"]["meta"]["published"] == "2022-08-31"
    assert stored["a"]["analysis"]["meta"]["site_name"] == "BBC"
    assert stored["a"]["analysis"]["outlet"]["name"] == "BBC News"  # the outlet layer used it
    assert stored["b"]["outlet"] == "Reuters" and stored["b"]["published"] == "2020-01-02"


def test_clashing_ids_are_reported_not_counted_as_stored(tmp_path: Path, capsys):
    for name, text in (
        ("d1", "The first article is about Kabul."),
        ("d2", "The second one is about Tehran."),
    ):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.txt").write_text(text)
    db = tmp_path / "dup.db"
    args = ["batch", str(tmp_path / "d1"), str(tmp_path / "d2"), "--out", f"sqlite:///{db}"]
    assert main([*args, "--layers", "entities"]) == 0
    err = capsys.readouterr().err
    assert "1 done, 0 skipped (already stored), 0 failed, 1 duplicate ids not analysed" in err
    assert f"duplicate id 'x.txt' ({tmp_path / 'd2' / 'x.txt'})" in err
    assert rows(db, "SELECT id FROM articles") == [("x.txt",)]


def test_layer_settings_reach_the_pipeline_and_are_stored(tmp_path: Path):
    corpus = make_corpus(tmp_path / "in.jsonl", 2)
    out = tmp_path / "out.jsonl"
    argv = ["batch", str(corpus), "--out", str(out), "--layers", "claims", "--set", "claims.threshold=0.05"]
    assert main(argv) == 0
    stored = list(read_jsonl(out))
    assert [row["analysis"]["settings"] for row in stored] == [{"claims": {"threshold": 0.05}}] * 2


def test_unexpected_error_is_a_failed_row_and_the_batch_goes_on(tmp_path: Path, monkeypatch):
    original = Pipeline.analyze

    def flaky(self: Pipeline, source):  # type: ignore[no-untyped-def]
        if "EXPLODE" in getattr(source, "text", ""):
            raise RuntimeError("component crashed")
        return original(self, source)

    monkeypatch.setattr(Pipeline, "analyze", flaky)
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"id": f"x{i}", "text": t}) + "\n"
            for i, t in enumerate(["Good one.", "This will EXPLODE now.", "Good two."])
        )
    )
    summary = run_batch([str(corpus)], f"sqlite:///{tmp_path / 'o.db'}", layers=LAYERS)
    assert (summary.done, summary.failed) == (2, 1)
    assert rows(tmp_path / "o.db", "SELECT id, status, error FROM articles WHERE status = 'failed'") == [
        ("x1", "failed", "RuntimeError: component crashed")
    ]


def test_file_targets_hold_the_same_analyses(tmp_path: Path):
    corpus = make_corpus(tmp_path / "in.jsonl", 6, bad_every=3)
    db, jsonl, parquet = tmp_path / "o.db", tmp_path / "o.jsonl", tmp_path / "o.parquet"
    for target in (f"sqlite:///{db}", str(jsonl), str(parquet)):
        run_batch([str(corpus)], target, layers=LAYERS, chunk_size=4)
    expected = {
        key: (status, json.loads(a) if a else None) for key, (status, _e, a) in stored_analyses(db).items()
    }
    for saved in (list(read_jsonl(jsonl)), list(read_parquet(parquet))):
        assert {row["id"]: (row["status"], row["analysis"]) for row in saved} == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["batch", "/no/such/dir", "--out", "x.db"], "no such file or folder"),
        (["batch", "{corpus}", "--out", "out.csv"], "cannot tell what kind of target"),
        (["batch", "{corpus}", "--out", "x.db", "--layers", "nope"], "unknown layer"),
        (["batch", "{corpus}", "--out", "x.db", "--workers", "2", "--scheduler", "tcp://h:1"], "not both"),
        (["batch", "{corpus}", "--out", "{tmp}/no/dir/x.db"], "does not exist"),
        (["batch", "{corpus}", "--out", "{tmp}/o.jsonl", "--retry-failed"], "needs a database"),
        (["batch", "{corpus}", "--out", "x.db", "--limit", "-1"], "--limit must be"),
        (["batch", "{corpus}", "--out", "{tmp}/text.db"], "file is not a database"),
        (["batch", "{corpus}", "--out", "{corpus}"], "not a spinscope results file"),
        (["stats", "{tmp}/text.db"], "file is not a database"),
        (["stats", "{tmp}/fake.parquet"], "not a spinscope Parquet file"),
        (["stats", "{corpus}"], "not a spinscope results file"),
    ],
)
def test_bad_arguments_exit_2(tmp_path: Path, capsys, args: list[str], message: str):
    corpus = make_corpus(tmp_path / "in.jsonl", 1)
    (tmp_path / "text.db").write_text("these are notes, not a database\n" * 200)
    (tmp_path / "fake.parquet").write_text("not parquet")
    argv = [a.format(corpus=corpus, tmp=tmp_path) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_a_corrupt_gzip_input_becomes_a_failed_row_after_the_good_lines(tmp_path: Path, capsys):
    import gzip

    lines = [json.dumps({"id": f"g{i}", "text": f"Article number {i} is short."}) for i in range(400)]
    packed = gzip.compress(("\n".join(lines) + "\n").encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])  # truncated mid-stream
    (tmp_path / "bad.jsonl.gz").write_bytes(b"not gzip at all\n")
    db = tmp_path / "gz.db"
    argv = [
        "batch",
        str(tmp_path / "cut.jsonl.gz"),
        str(tmp_path / "bad.jsonl.gz"),
        "--out",
        f"sqlite:///{db}",
    ]
    assert main([*argv, "--layers", "entities", "--chunk-size", "64"]) == 3
    assert "Traceback" not in capsys.readouterr().err
    failed = dict(rows(db, "SELECT id, error FROM articles WHERE status = 'failed'"))
    assert all("cannot read" in error for error in failed.values())
    cut = [key for key in failed if key.startswith("cut.jsonl.gz:")]
    assert len(failed) == 2 and "bad.jsonl.gz:1" in failed and len(cut) == 1
    read_before_the_break = int(cut[0].split(":")[1]) - 1
    assert 0 < read_before_the_break < 400  # every line read before the break is stored
    assert rows(db, "SELECT count(*) FROM articles WHERE status = 'done'") == [(read_before_the_break,)]


def _spinscope(*args: str) -> list[str]:
    return [sys.executable, "-m", "spinscope", *args]


def test_sigkill_at_random_moments_then_resume_stores_everything_once(tmp_path: Path):
    """Kill `spinscope batch` with SIGKILL twice at random moments while it writes, then rerun to the end:
    every article is stored exactly once, with all its layer rows and no partial or orphan rows."""
    count = 48
    corpus = make_corpus(tmp_path / "in.jsonl", count, seed=7, bad_every=11)
    db = tmp_path / "out.db"
    cmd = _spinscope(
        "batch",
        str(corpus),
        "--out",
        f"sqlite:///{db}",
        "--layers",
        "entities,tone",
        "--chunk-size",
        "2",
        "--no-progress",
    )
    rng = random.Random()
    stored_before_kill = []
    for _ in range(2):
        already = rows(db, "SELECT count(*) FROM articles")[0][0] if db.exists() else 0
        goal = already + rng.randint(1, 12)
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and process.poll() is None:
            if db.exists():
                try:
                    if rows(db, "SELECT count(*) FROM articles")[0][0] >= goal:
                        break
                except sqlite3.OperationalError:  # the schema is being created
                    pass
            time.sleep(0.01)
        time.sleep(rng.random() * 0.3)  # a random moment, likely mid-chunk
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()  # type: ignore[union-attr]
        stored_before_kill.append(rows(db, "SELECT count(*) FROM articles")[0][0])
    assert 0 < stored_before_kill[0] < count, "the first kill should land mid-run"
    final = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert final.returncode == 3, final.stderr  # the corpus has bad articles
    assert "skipped (already stored)" in final.stderr
    ids = [key for (key,) in rows(db, "SELECT id FROM articles")]
    assert sorted(ids) == [f"a{i:06d}" for i in range(count)]
    assert rows(db, "SELECT count(*) FROM articles WHERE status = 'failed'") == [(len(range(10, count, 11)),)]
    # no partial rows: each done article has exactly the layer rows its Analysis implies; no orphans anywhere
    for key, analysis in rows(db, "SELECT id, analysis FROM articles WHERE status = 'done'"):
        data = json.loads(str(analysis))
        assert rows(db, f"SELECT count(*) FROM entities WHERE article_id = '{key}'")[0][0] == len(
            data["entities"]
        )
        assert rows(db, f"SELECT count(*) FROM tone WHERE article_id = '{key}'")[0][0] == 1
    for table in ("entities", "tone"):
        assert rows(
            db,
            f"SELECT count(*) FROM {table} WHERE article_id NOT IN (SELECT id FROM articles "
            "WHERE status = 'done')",
        ) == [(0,)]


def test_two_worker_dask_cluster_equals_serial(tmp_path: Path):
    corpus = make_corpus(tmp_path / "in.jsonl", 24, seed=3, bad_every=7)
    serial, dask = tmp_path / "serial.db", tmp_path / "dask.db"
    run_batch([str(corpus)], f"sqlite:///{serial}", layers=LAYERS, chunk_size=3)
    summary = run_batch([str(corpus)], f"sqlite:///{dask}", layers=LAYERS, chunk_size=3, workers=2)
    assert (summary.done, summary.failed) == (21, 3)
    assert stored_analyses(dask) == stored_analyses(serial)
    for table in ("entities", "tone"):
        query = f"SELECT * FROM {table} ORDER BY 1, 2"
        assert rows(dask, query) == rows(serial, query)


def test_existing_dask_cluster_through_scheduler_address(tmp_path: Path):
    """`--scheduler ADDRESS`: the same tasks sent to a cluster the batch did not start (here a local one)."""
    import logging

    from dask.distributed import LocalCluster

    corpus = make_corpus(tmp_path / "in.jsonl", 6, seed=4, bad_every=4)
    serial, remote = tmp_path / "serial.db", tmp_path / "remote.db"
    run_batch([str(corpus)], f"sqlite:///{serial}", layers=LAYERS, chunk_size=2)
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    ) as cluster:
        summary = run_batch(
            [str(corpus)],
            f"sqlite:///{remote}",
            layers=LAYERS,
            chunk_size=2,
            scheduler=cluster.scheduler_address,
        )
    assert (summary.done, summary.failed) == (5, 1)
    assert stored_analyses(remote) == stored_analyses(serial)


MEMORY_SCRIPT = """
import json, sys, psutil
from spinscope.batch.runner import run_batch
process, samples = psutil.Process(), []
def progress(processed, skipped):
    samples.append(process.memory_info().rss)
run_batch([sys.argv[1]], sys.argv[2], layers=["entities"], chunk_size=10, on_progress=progress)
print(json.dumps(samples))
"""


def test_memory_stays_flat_while_streaming(tmp_path: Path):
    """RSS after the first quarter of a generated corpus vs. its peak afterwards: streaming means no growth
    with the number of articles (the 100,000-article figure is in the README, from `make bench`)."""
    corpus = make_corpus(tmp_path / "in.jsonl", 500, seed=5)
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(corpus), str(tmp_path / "m.jsonl")],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    samples = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(samples) == 50
    quarter = samples[len(samples) // 4]
    growth_mb = (max(samples[len(samples) // 4 :]) - quarter) / 2**20
    assert growth_mb < 20, f"RSS grew by {growth_mb:.1f} MB over 375 articles"
