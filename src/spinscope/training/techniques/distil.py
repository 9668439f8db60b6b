"""Distillation targets: the all-mpnet-base-v2 teacher's BIO probabilities, in the MiniLM student's wordpieces.

The teacher (`teacher.py`, saved as ``WORK/teacher.pt``) is too slow to ship; the student learns from its soft
targets on unlabelled news (and PTC train) through the self-training path of `train.py` (``--unlabelled DIR
--teacher WORK``: a teacher folder holding ``teacher.pt`` is run here, in torch; an ONNX model folder is run by
`pseudo.teacher_probs` as before). The teacher reads each text in the same 254-wordpiece windows (stride 127,
overlaps averaged) as the student at run time.

Why a mapping step: the two models have their own vocabularies. Both are uncased WordPiece with the same
pre-tokenisation, so on news text the tokens' character offsets coincide (30 PolNeAR articles: 29,090 of 29,090
offsets equal); `to_student` copies the teacher's row where offsets match and otherwise takes the row of the
first teacher token the student token overlaps (`spinscope.techniques.accurate.to_student`, which the accurate
profile uses at run time too).

    spinscope train techniques --ptc ../shared/data/ptc-semeval2020-task11 \\
        --unlabelled ../shared/data/polnear/data --teacher artifacts/teacher --seed 0
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from spinscope.techniques.accurate import STRIDE, to_student, window_probs

__all__ = ["STRIDE", "TEACHER_FILE", "is_torch_teacher", "teacher_probs", "to_student"]

TEACHER_FILE = "teacher.pt"


def is_torch_teacher(folder: Path) -> bool:
    """A folder written by `teacher.py` (its weights in ``teacher.pt``), not an ONNX model folder."""
    return (Path(folder) / TEACHER_FILE).is_file()


def teacher_probs(
    folder: Path, texts: Sequence[str], student_tokenizer, batch_size: int = 8, log=print
) -> list[np.ndarray]:
    """The torch teacher's BIO probabilities for each text, in the student's tokens (``[S, 3]`` per text)."""
    import torch

    from spinscope import encoder as E
    from spinscope.onnx_models import load_tokenizer
    from spinscope.training.techniques.model import TechniqueNet
    from spinscope.training.techniques.train import base_encoder

    base_dir, special = base_encoder("mpnet")
    tok = load_tokenizer(base_dir / "tokenizer.json")
    net = TechniqueNet(base_dir)
    net.load_state_dict(torch.load(Path(folder) / TEACHER_FILE, map_location="cpu"))
    net.eval()

    def run(inp: np.ndarray, att: np.ndarray) -> np.ndarray:
        logits, _ = net(torch.from_numpy(inp), torch.from_numpy(att))
        return logits.numpy()

    out = []
    with torch.inference_mode():
        for n, text in enumerate(texts):
            ids, offs = E.encode_ids(tok, text)
            probs = window_probs(run, ids, special, STRIDE, batch_size)
            _, student_offs = E.encode_ids(student_tokenizer, text)
            out.append(to_student(probs, offs, student_offs))
            if (n + 1) % 50 == 0:
                log(f"teacher labelled {n + 1}/{len(texts)} texts")
    return out
