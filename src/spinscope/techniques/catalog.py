"""The 14 persuasion techniques of SemEval-2020 Task 11 (PTC), with plain-English definitions and families.

Names are exactly those of ``propaganda-techniques-names-semeval2020task11.txt`` (in that order).
"""

from __future__ import annotations

from dataclasses import dataclass

FAMILIES = (
    "loaded language & labels",
    "emotional appeals",
    "logical fallacies",
    "authority & crowd",
    "slogans & repetition",
)


@dataclass(frozen=True)
class Technique:
    name: str
    label: str  # short human-readable name
    family: str
    definition: str


CATALOG: tuple[Technique, ...] = (
    Technique(
        "Appeal_to_Authority",
        "Appeal to authority",
        "authority & crowd",
        "Claims something is true mainly because an expert, official or famous person said so.",
    ),
    Technique(
        "Appeal_to_fear-prejudice",
        "Appeal to fear or prejudice",
        "emotional appeals",
        "Tries to win support by stirring up fear, anxiety or prejudice about an alternative or a group.",
    ),
    Technique(
        "Bandwagon,Reductio_ad_hitlerum",
        "Bandwagon / guilt by association",
        "authority & crowd",
        "Says you should agree because everyone does, or should reject an idea because a hated group likes it.",
    ),
    Technique(
        "Black-and-White_Fallacy",
        "Black-and-white thinking",
        "logical fallacies",
        "Presents only two options as if no others existed, or one as the only choice.",
    ),
    Technique(
        "Causal_Oversimplification",
        "Causal oversimplification",
        "logical fallacies",
        "Blames a complex problem on one single cause while ignoring the others.",
    ),
    Technique(
        "Doubt",
        "Doubt",
        "logical fallacies",
        "Questions the credibility of a person or institution to undermine them, without real evidence.",
    ),
    Technique(
        "Exaggeration,Minimisation",
        "Exaggeration or minimisation",
        "loaded language & labels",
        "Makes something sound much bigger, worse or better than it is, or plays down something important.",
    ),
    Technique(
        "Flag-Waving",
        "Flag-waving",
        "emotional appeals",
        "Appeals to patriotism or group identity (nation, race, religion) to justify an idea.",
    ),
    Technique(
        "Loaded_Language",
        "Loaded language",
        "loaded language & labels",
        "Uses words with strong emotional charge to sway the reader instead of informing them.",
    ),
    Technique(
        "Name_Calling,Labeling",
        "Name-calling / labelling",
        "loaded language & labels",
        "Attaches an insulting or flattering label to a person or group so readers judge the label, not facts.",
    ),
    Technique(
        "Repetition",
        "Repetition",
        "slogans & repetition",
        "Repeats the same message or phrase over and over so that it sticks and seems true.",
    ),
    Technique(
        "Slogans",
        "Slogan",
        "slogans & repetition",
        "A short, catchy phrase that works as an emotional rallying cry rather than an argument.",
    ),
    Technique(
        "Thought-terminating_Cliches",
        "Thought-terminating cliché",
        "slogans & repetition",
        "A stock phrase that discourages further thinking or discussion (e.g. 'it is what it is').",
    ),
    Technique(
        "Whataboutism,Straw_Men,Red_Herring",
        "Whataboutism / straw man / red herring",
        "logical fallacies",
        "Dodges the point: accuses the other side of hypocrisy, misrepresents their view, or changes the subject.",
    ),
)

TECHNIQUES: tuple[str, ...] = tuple(t.name for t in CATALOG)
BY_NAME: dict[str, Technique] = {t.name: t for t in CATALOG}


def get(name: str) -> Technique:
    return BY_NAME[name]
