"""Distillation targets: the all-mpnet-base-v2 teacher's BIO probabilities, in the MiniLM student's wordpieces.

The teacher (`teacher.py`, saved as ``WORK/teacher.pt``) is too slow to ship; the student learns from its soft
targets on unlabelled news (and PTC train) through the self-training path of `train.py` (``--unlabelled DIR
--teacher WORK``: a teacher folder holding ``teacher.pt`` is run here, in torch; an ONNX model folder is run by
`pseudo.teacher_probs` as before). The teacher reads each text in the same 254-wordpiece windows (stride 127,
overlaps averaged) as the student at run time.

Why a mapping step: the two models have their own vocabularies. Both are uncased WordPiece with the same
pre-tokenisation, so on news text the tokens' character offsets coincide (30 PolNeAR articles: 29,090 of 29,090
offsets equal); `to_student` copies the teacher's row where offsets match and otherwise takes the row of the
first teacher token the student token overlaps (the first-subtoken convention of BIO tagging: a word is B when its
first piece is).

    spinscope train techniques --ptc ../shared/data/ptc-semeval2020-task11 \\
        --unlabelled ../shared/data/polnear/data --teacher artifacts/teacher --seed 0
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

TEACHER_FILE = "teacher.pt"
STRIDE = 127


def is_torch_teacher(folder: Path) -> bool:
    """A folder written by `teacher.py` (its weights in ``teacher.pt``), not an ONNX model folder."""
    return (Path(folder) / TEACHER_FILE).is_file()


def to_student(teacher_probs: np.ndarray, teacher_offs: np.ndarray, student_offs: np.ndarray) -> np.ndarray:
    """BIO probabilities ``[S, 3]`` for the student's tokens from the teacher's ``[T, 3]`` (by character offsets).

    >>> p = np.array([[0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.9, 0.05, 0.05]])
    >>> t = np.array([[0, 3], [3, 5], [6, 9]])
    >>> bool(np.allclose(to_student(p, t, t), p))                        # same tokens: copied
    True
    >>> to_student(p, t, np.array([[0, 5], [6, 9]])).astype(float).round(2).tolist()  # one token over two
    [[0.1, 0.8, 0.1], [0.9, 0.05, 0.05]]
    """
    out = np.zeros((len(student_offs), 3), dtype=np.float32)
    if len(student_offs) == 0:
        return out
    if len(teacher_offs) == len(student_offs) and np.array_equal(teacher_offs, student_offs):
        return teacher_probs.astype(np.float32).copy()
    starts, ends = teacher_offs[:, 0], teacher_offs[:, 1]
    for i, (a, b) in enumerate(student_offs):
        idx = np.nonzero((starts < b) & (ends > a))[0]
        if len(idx) == 0:  # no teacher token here (should not happen on text): outside any phrase
            out[i] = (1.0, 0.0, 0.0)
            continue
        out[i] = teacher_probs[idx[0]]
    return out


def teacher_probs(
    folder: Path, texts: Sequence[str], student_tokenizer, batch_size: int = 8, log=print
) -> list[np.ndarray]:
    """The torch teacher's BIO probabilities for each text, in the student's tokens (``[S, 3]`` per text)."""
    import torch

    from spinscope import encoder as E
    from spinscope.onnx_models import load_tokenizer
    from spinscope.training.techniques.model import TechniqueNet
    from spinscope.training.techniques.train import base_encoder

    base_dir, (cls_id, sep_id, pad_id) = base_encoder("mpnet")
    tok = load_tokenizer(base_dir / "tokenizer.json")
    net = TechniqueNet(base_dir)
    net.load_state_dict(torch.load(Path(folder) / TEACHER_FILE, map_location="cpu"))
    net.eval()
    out = []
    with torch.inference_mode():
        for n, text in enumerate(texts):
            ids, offs = E.encode_ids(tok, text)
            probs = np.zeros((len(ids), 3), dtype=np.float32)
            count = np.zeros(len(ids), dtype=np.float32)
            wins = E.windows(len(ids), E.CONTENT, STRIDE)
            for k in range(0, len(wins), batch_size):
                chunk = wins[k : k + batch_size]
                width = max(b - a for a, b in chunk) + 2
                inp = np.full((len(chunk), width), pad_id, dtype=np.int64)
                att = np.zeros((len(chunk), width), dtype=np.int64)
                for j, (a, b) in enumerate(chunk):
                    inp[j, 0], inp[j, 1 : 1 + b - a], inp[j, 1 + b - a] = cls_id, ids[a:b], sep_id
                    att[j, : b - a + 2] = 1
                logits, _ = net(torch.from_numpy(inp), torch.from_numpy(att))
                p = torch.softmax(logits, dim=-1).numpy()
                for j, (a, b) in enumerate(chunk):
                    probs[a:b] += p[j, 1 : 1 + b - a]
                    count[a:b] += 1
            probs /= np.maximum(count, 1)[:, None]
            _, student_offs = E.encode_ids(student_tokenizer, text)
            out.append(to_student(probs, offs, student_offs))
            if (n + 1) % 50 == 0:
                log(f"teacher labelled {n + 1}/{len(texts)} texts")
    return out
