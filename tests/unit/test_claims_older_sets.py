"""The older CheckThat! training sets: read in their own formats, and never a sentence of an evaluation set."""

from pathlib import Path

import pytest

from spinscope.evaluation import checkthat as C


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    _write(
        tmp_path,
        C.OLDER_TRAIN["ct19-train"],
        "line_number,speaker,text,label,file_name\n"
        "1,A,We created 2 million jobs.,1,d1.tsv\n"
        "2,B,Thank you all for coming.,0,d1.tsv\n"
        "3,A,Taxes went up by 10 percent.,0,d1.tsv\n",
    )
    _write(
        tmp_path,
        C.OLDER_TRAIN["ct20-t5-train"],
        "text\tlabel\n"
        "We created 2 million jobs.\t1\n"  # repeats the 2019 set
        "Crime fell by half in my state.\t1\n",
    )
    return tmp_path


def test_older_sets_drop_held_out_and_repeated_sentences(data: Path) -> None:
    held = [C.Example("x", "Taxes went up by 10 percent!", 1)]  # an evaluation sentence, other punctuation
    kept, dropped = C.load_older(data, ["ct19-train", "ct20-t5-train"], held)
    assert [e.text for e in kept] == [
        "We created 2 million jobs.",
        "Thank you all for coming.",
        "Crime fell by half in my state.",
    ]
    assert [e.label for e in kept] == [1, 0, 1]
    assert dropped == 2  # the held-out sentence and the 2020 repeat of a 2019 one


def test_older_sets_alone_keep_everything(data: Path) -> None:
    kept, dropped = C.load_older(data, ["ct20-t5-train"], [])
    assert len(kept) == 2 and dropped == 0
