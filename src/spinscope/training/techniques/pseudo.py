"""Self-training data: unlabelled news articles tagged by teacher models (soft SI targets).

PTC's train split is small (371 articles). Articles of other news corpora (e.g. PolNeAR's 928 political news
articles, which carry no technique labels) are read by one or more trained technique models (ONNX model folders,
or the all-mpnet-base-v2 teacher's folder, see `distil`); the average of their
per-wordpiece BIO probabilities becomes a *soft* target for the student, which is trained on them beside the gold
articles (``train --unlabelled DIR``). The accurate profile can also name the technique of its phrases there
(``--tc-soft-weight``, `teacher_phrases`): its technique head is three points of TC micro-F1 above the student's,
and soft BIO targets alone pulled the student's states away from what its technique head needs (run 9 of the
card). No test text is ever read: the folder must not hold PTC test articles.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from spinscope import encoder as E
from spinscope.techniques import spans as S
from spinscope.techniques.catalog import TECHNIQUES
from spinscope.training.techniques import distil
from spinscope.training.techniques.data import Article
from spinscope.training.techniques.distil import TEACHER_FILE, is_torch_teacher

ACCURATE = "accurate"  # ``--teacher accurate``: the installed accurate profile (the int8 mpnet teacher)


def is_accurate_teacher(folder: Path) -> bool:
    """``--teacher accurate``: the accurate profile's assembled int8 teacher (`spinscope profile install
    accurate`), run in onnxruntime; it gives the torch teacher's probabilities within int8 rounding."""
    return str(folder) == ACCURATE


def article_files(folder: Path) -> list[Path]:
    """Every ``*.txt`` below ``folder``, in a stable order."""
    files = sorted(p for p in Path(folder).rglob("*.txt") if p.is_file())
    if not files:
        raise SystemExit(f"no .txt articles under {folder}")
    return files


def _cache_key(files: Sequence[Path], teachers: Sequence[Path]) -> str:
    h = hashlib.blake2b(digest_size=8)
    for t in teachers:
        if is_accurate_teacher(Path(t)):
            from spinscope.techniques.assemble import accurate_dir

            weights = accurate_dir() / "model.onnx"
        else:
            h.update(str(Path(t).resolve()).encode())
            weights = Path(t) / (TEACHER_FILE if is_torch_teacher(Path(t)) else "model.onnx")
        with open(weights, "rb") as weights_file:
            h.update(hashlib.file_digest(weights_file, "blake2b").digest())
    for f in files:
        h.update(str(f).encode())
        h.update(str(f.stat().st_size).encode())
    return h.hexdigest()


def teacher_probs(texts: Sequence[str], teachers: Sequence[Path], tokenizer=None) -> list[np.ndarray]:
    """Average BIO probabilities ``[T, 3]`` (in the student's tokens) of the teacher models for each text: an
    ONNX model folder runs in onnxruntime; the mpnet teacher's folder (``teacher.pt``) runs in torch and is mapped
    to the student's tokens (`distil`), which needs the student's ``tokenizer``."""
    from tqdm import tqdm

    from spinscope.techniques.model import TechniqueModel

    sums: list[np.ndarray] = []
    for k, folder in enumerate(teachers):
        if tokenizer is None and (is_accurate_teacher(Path(folder)) or is_torch_teacher(Path(folder))):
            raise SystemExit("the mpnet teacher needs the student's tokenizer")
        if is_accurate_teacher(Path(folder)):
            from spinscope.techniques.accurate import AccurateTagger

            tagger = AccurateTagger(threads=2)
            found = [
                tagger.probs(text, E.encode_ids(tokenizer, text)[1])
                for text in tqdm(texts, desc="accurate teacher", mininterval=30, ascii=True)
            ]
            del tagger
        elif is_torch_teacher(Path(folder)):
            found = distil.teacher_probs(Path(folder), texts, tokenizer)
        else:
            model = TechniqueModel(folder, threads=2)
            found = [
                model.encode(text).probs
                for text in tqdm(texts, desc=f"teacher {k + 1}/{len(teachers)}", mininterval=30, ascii=True)
            ]
            del model
        for i, p in enumerate(found):
            if k == 0:
                sums.append(p.astype(np.float32))
            else:
                sums[i] += p
    return [s / len(teachers) for s in sums]


Phrases = list[tuple[int, int, float, np.ndarray]]  # (char start, end, P(technique), distribution [14])


def teacher_phrases(texts: Sequence[str], tokenizer) -> list[Phrases]:
    """The accurate profile's phrases of each text at its SI-optimal decoding (in the student's wordpieces,
    ``tokenizer``, as the profile decodes them), each with its calibrated phrase score (P(it overlaps a
    technique span)) and its technique head's distribution over the 14 techniques."""
    from tqdm import tqdm

    from spinscope.techniques.accurate import AccurateTagger

    tagger = AccurateTagger(threads=2)
    if tagger.head is None:
        raise SystemExit("the installed accurate profile has no technique head (reinstall it)")
    dec = tagger.decoding
    out: list[Phrases] = []
    for text in tqdm(texts, desc="accurate phrases", mininterval=30, ascii=True):
        _, offs = E.encode_ids(tokenizer, text)
        found = S.decode(text, offs, tagger.probs(text, offs), dec.params)
        dist = (
            tagger.classify(text, [(s, e) for s, e, _ in found]) if found else np.zeros((0, len(TECHNIQUES)))
        )
        assert dist is not None
        out.append(
            [
                (s, e, float(dec.si_cal(sc)), q.astype(np.float32))
                for (s, e, sc), q in zip(found, dist, strict=True)
            ]
        )
    return out


def _load_phrases(cache: Path, texts: Sequence[str], tokenizer, log=print) -> list[Phrases]:
    if cache.is_file():
        data = np.load(cache)
        log(f"teacher phrases from {cache}")
        return [
            [
                (int(s), int(e), float(w), q.astype(np.float32))
                for (s, e), w, q in zip(data[f"s{i}"], data[f"w{i}"], data[f"q{i}"], strict=True)
            ]
            for i in range(len(texts))
        ]
    found = teacher_phrases(texts, tokenizer)
    arrays: dict[str, Any] = {}
    for i, ph in enumerate(found):
        arrays[f"s{i}"] = np.array([(s, e) for s, e, _, _ in ph], np.int64).reshape(-1, 2)
        arrays[f"w{i}"] = np.array([w for _, _, w, _ in ph], np.float32)
        arrays[f"q{i}"] = np.array([q for *_, q in ph], np.float16).reshape(-1, len(TECHNIQUES))
    np.savez_compressed(cache, **arrays)
    log(f"teacher phrases written to {cache}")
    return _load_phrases(
        cache, texts, tokenizer, log=lambda _: None
    )  # float16 as cached, as a re-run reads them


def load_unlabelled(
    folder: Path, teachers: Sequence[Path], tokenizer, work_dir: Path, log=print, phrases: bool = False
) -> list[Article]:
    """Articles of ``folder`` with the teachers' soft BIO targets (cached in ``work_dir`` by content key);
    ``phrases``: also the accurate teacher's phrases with their technique distributions (`teacher_phrases`)."""
    files = article_files(folder)
    key = _cache_key(files, teachers)
    cache = Path(work_dir) / f"pseudo-{key}.npz"
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    if cache.is_file():
        data = np.load(cache)
        probs = [data[f"p{i}"].astype(np.float32) for i in range(len(files))]
        log(f"pseudo-labels from {cache}")
    else:
        # float16, as cached: a first run and a cached re-run train on the same targets
        found = teacher_probs(texts, teachers, tokenizer)
        probs = [p.astype(np.float16).astype(np.float32) for p in found]
        Path(work_dir).mkdir(parents=True, exist_ok=True)
        np.savez_compressed(cache, **{f"p{i}": p.astype(np.float16) for i, p in enumerate(probs)})
        (cache.with_suffix(".json")).write_text(
            json.dumps({"folder": str(folder), "teachers": [str(t) for t in teachers], "files": len(files)})
        )
        log(f"pseudo-labels written to {cache}")
    phrases_of: list[Phrases] = [[] for _ in files]
    if phrases:
        if [str(t) for t in teachers] != [ACCURATE]:
            raise SystemExit(
                "technique targets need --teacher accurate alone (the profile with a technique head)"
            )
        phrases_of = _load_phrases(Path(work_dir) / f"phrases-{key}.npz", texts, tokenizer, log)
    out = []
    for f, text, p, ph in zip(files, texts, probs, phrases_of, strict=True):
        ids, offs = E.encode_ids(tokenizer, text)
        if len(ids) != len(p):
            raise SystemExit(f"teacher tokenisation differs for {f}")
        bio = np.full(len(ids), -100, dtype=np.int64)  # no hard labels: the soft targets train the tagger
        low = text.lower()
        tc_soft = []
        for s, e, w, q in ph:
            a, b = S.char_to_tokens(offs, s, e)
            if b > a:
                tc_soft.append((a, b, q / max(float(q.sum()), 1e-6), S.span_features(text, s, e, low), w))
        out.append(Article(f.stem, text, ids, offs, bio, soft=p, tc_soft=tc_soft))
    return out
