"""CheckThat! readers and measures on small hand-made files (the real sets are checked when /work/shared exists)."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinscope.cli import main
from spinscope.evaluation.checkthat import average_precision, best_threshold, mean_ap, prf, read_examples
from spinscope.ingest import InputError

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "checkthat"
CT24 = "Sentence_id\tText\tclass_label\n"


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_ct24_tsv_with_quotes_and_glued_records(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ct24.tsv",
        CT24
        + '26\t"You know, I saw a movie - ""Crocodile Dundee."""\tNo\n'
        + "80\tWe're consuming 50 percent of the world's cocaine.\tYes\n"
        + "24098\tWe've got to invest and grow.\tNo29286\tYou can't bring back jobs.\tNo\n",
    )
    examples = read_examples(path)
    assert [(e.id, e.label) for e in examples] == [("26", 0), ("80", 1), ("24098", 0), ("29286", 0)]
    assert examples[0].text == 'You know, I saw a movie - "Crocodile Dundee."'
    assert examples[3].text == "You can't bring back jobs."


def test_ct19_csv_keeps_debates(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ct19.csv",
        'line_number,speaker,text,label,file_name\n1,A,Good evening.,0,d1.tsv\n2,B,"Taxes rose 5%, he said.",1,d2.tsv\n',
    )
    examples = read_examples(path)
    assert [(e.group, e.label, e.text) for e in examples][1] == ("d2.tsv", 1, "Taxes rose 5%, he said.")


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "empty"), ("a\tb\n1\t2\n", "unknown format"), (CT24 + "1\tHello\tMaybe\n", "not Yes/No")],
)
def test_bad_files_are_input_errors(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_examples(write(tmp_path, "bad.tsv", content))


def test_prf_and_average_precision() -> None:
    labels = [1, 0, 1, 0, 1]
    assert prf(labels, [1, 1, 0, 0, 1]) == pytest.approx(
        {"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3, "tp": 2, "predicted": 3, "gold": 3}
    )
    assert prf(labels, [0, 0, 0, 0, 0])["f1"] == 0.0
    # ranking 1,1,0,1,0 -> AP = (1/1 + 2/2 + 3/4) / 3
    assert average_precision(labels, [0.9, 0.1, 0.8, 0.7, 0.6]) == pytest.approx((1 + 1 + 0.75) / 3)
    assert mean_ap([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.8], ["a", "a", "b", "b"]) == pytest.approx(1.0)
    threshold, f1 = best_threshold(labels, [0.9, 0.1, 0.8, 0.2, 0.7])
    assert (threshold, f1) == (0.7, 1.0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty file"),
        ("\n\n", "empty file"),
        ("Sentence_id\tText\n1\tTaxes rose 5%.\n", "missing column class_label"),
        ("Sentence_id\tclass_label\n1\tYes\n", "missing column text"),
        ('text\n"Taxes rose 5%."\n', "missing column label"),
        ("tweet_id\ttweet_text\n1\tCases rose.\n", "missing column check_worthiness or claim_worthiness"),
        (CT24, "no labelled sentences"),
        (CT24 + "1\tTaxes rose 5%.\n", "row 2 has 2 fields"),
        ("a\tb\n1\t2\n", "unknown format"),
    ],
)
def test_eval_command_bad_files_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = write(tmp_path, "bad.tsv", content)
    assert main(["claims", "eval", "--tsv", str(path)]) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert message in err and "\n" not in err and "Traceback" not in err
    assert captured.out == ""


def test_eval_command_reports_user_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", "eval", "--tsv", str(tmp_path / "missing.tsv")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["claims", "eval", "--tsv", "x", "--threshold", "3"]) == 2
    assert main(["claims"]) == 2


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared CheckThat! data not available")
def test_shared_ct24_counts_match_source_md() -> None:
    base = SHARED / "ct2024-task1-english" / "data"
    counts = {}
    for split in ("train", "dev", "dev-test"):
        examples = read_examples(base / f"CT24_checkworthy_english_{split}.tsv")
        counts[split] = (len(examples), sum(e.label for e in examples))
    assert counts == {"train": (22501, 5413), "dev": (1032, 238), "dev-test": (318, 108)}
