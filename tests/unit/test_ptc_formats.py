from spinscope.evaluation.ptc.formats import (
    SIRow,
    TCRow,
    format_si,
    format_tc,
    parse_si,
    parse_tc,
    read_articles,
    tc_template,
    write_si,
    write_tc,
)


def test_roundtrip(tmp_path):
    si = [SIRow("111", 0, 5), SIRow("111", 10, 20)]
    tc = [TCRow("111", "Loaded_Language", 0, 5), TCRow("111", "Name_Calling,Labeling", 10, 20)]
    write_si(si, tmp_path / "si.txt")
    write_tc(tc, tmp_path / "tc.txt")
    assert parse_si(tmp_path / "si.txt") == si
    assert parse_tc(tmp_path / "tc.txt") == tc
    assert format_si(si) == "111\t0\t5\n111\t10\t20\n"
    assert format_tc(tc).splitlines()[1] == "111\tName_Calling,Labeling\t10\t20"


def test_template_and_blank_lines():
    rows = parse_tc(["1\tDoubt\t3\t9\n", "\n"])
    assert tc_template(rows) == [TCRow("1", "?", 3, 9)]
    assert parse_si(["7\t1\t2"]) == [SIRow("7", 1, 2)]


def test_read_articles_keeps_offsets(tmp_path):
    (tmp_path / "article42.txt").write_text("Title\n\nA  sentence.\n", encoding="utf-8")
    (tmp_path / "article7.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    arts = read_articles(tmp_path)
    assert set(arts) == {"42", "7"}
    assert arts["42"][7:19] == "A  sentence."


def test_bad_line_raises():
    import pytest

    with pytest.raises(ValueError):
        parse_si(["1\t2"])
