"""Source errors of the quotes layer on a PolNeAR split, by the path that gave the speaker (session 11).

    nice -n 10 .venv/bin/python -m spinscope.training.quotes.speaker_paths \
        --polnear ../shared/data/polnear/data/train --cache /tmp/spinscope-quotes-cache

The candidates the shipped filter keeps (`extract.find`, learned mode) are matched to the gold contents at
overlap 0.3 as in the evaluation; each matched one is put in a class: the `subject_path` feature (nsubj,
inherited, root_before, ancestor ...) with the speaker head's part of speech, whether its lemma is one that can
speak, the cue's dependency and the head's own dependency (or, without a speaker, the cue's dependency and
tag). The classes are printed by their number of wrong sources, with examples, then the total: the speaker rules
were chosen from this table on train (the filter was fitted on train, so it is in-sample for the choice of
candidates; the speakers come from rules). Dev is not looked at here.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from ...evaluation.polnear import match, overlaps, parse_split
from ...quotes.extract import find
from ...quotes.rules import CAN_SPEAK, ISSUED


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--polnear", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--top", type=int, default=45)
    args = parser.parse_args(argv)
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # right, gold none, gold other, all
    examples: dict[tuple, list[str]] = defaultdict(list)
    from ...components.encoder import encoded
    from ...quotes.probe import load_probe

    probe = load_probe()  # the shipped filter reads the encoder probe's word roles, as in the component
    for article, doc in parse_split(args.polnear, args.cache):
        cands, _ = find(doc, "learned", None, probe.token_probs(doc, encoded(doc)) if probe else None)
        text = article.text
        for i, j in match([c.content for c in cands], [g.content for g in article.attributions], 0.3):
            cand, gold = cands[i], article.attributions[j]
            sp: tuple[tuple[int, int], ...] = ()
            if cand.speaker is not None:
                s, e = cand.speaker
                sp = ((doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)),)
            ok = overlaps(sp, gold.source) if gold.source else not sp
            cue = doc[cand.cue_token] if cand.cue_token is not None else None
            path = str(cand.features.get("subject_path", cand.origin))
            cue_dep = cue.dep_ if cue is not None else "-"
            if cand.speaker is not None:
                head = doc[cand.speaker[0] : cand.speaker[1]].root
                lemma = head.lemma_.lower()
                key: tuple = (path, head.pos_, lemma in CAN_SPEAK or lemma in ISSUED, cue_dep, head.dep_)
            else:
                key = (path, "NONE", cue_dep, cue.tag_ if cue is not None else "-")
            row = counts[key]
            row[3] += 1
            row[0 if ok else 1 if not gold.source else 2] += 1
            if not ok and len(examples[key]) < 3:
                pred = text[sp[0][0] : sp[0][1]] if sp else ""
                gold_text = " ".join(text[a:b] for a, b in gold.source)
                examples[key].append(
                    f"cue={text[cand.cue[0][0] : cand.cue[0][1]]!r} pred={pred!r} gold={gold_text!r}"
                )
    rows = sorted(counts.items(), key=lambda kv: -(kv[1][3] - kv[1][0]))
    for key, (right, none, other, total) in rows[: args.top]:
        print(f"{total - right:5d} wrong of {total:5d} (gold none {none}, gold other {other}) {key}")
        for example in examples[key]:
            print("        ", example[:200])
    wrong = sum(r[3] - r[0] for r in counts.values())
    total = sum(r[3] for r in counts.values())
    print(f"matched {total}, wrong source {wrong}, source accuracy {1 - wrong / total:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
