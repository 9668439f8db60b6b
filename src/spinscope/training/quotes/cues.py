"""Learn the cue lexicon of `spinscope.quotes.cues` from PolNeAR train and write `models/quotes/cues.json`.

    .venv/bin/python -m spinscope.training.quotes.cues \
        --polnear ../shared/data/polnear/data/train --cache /tmp/spinscope-quotes-cache

Every instance of the patterns (verb + infinitive, noun + complement, opening frame phrase) is counted; it is a
hit when a gold attribution's cue overlaps the instance's cue and its content overlaps the instance's content by
>= 0.3 of the longer span (the evaluation's match). A key is kept when it has at least `--min-hits` hits and its
precision (hits / instances) is at least `--min-precision`, unless its cue is not speech, thought, writing or
an attitude (`NOT_ATTITUDE`, by hand). Dev is never read here.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from ...evaluation.polnear import overlaps, parse_split
from ...quotes.cues import CUES_FILE, pattern_instances
from ...quotes.rules import Sentences, quote_segments
from .train import _label

# Keys that PolNeAR train annotates often enough but whose cue is not speech, thought, writing or an attitude
# (issue 17: voices a researcher can count): verbs of aspect and action ("continued to", "stopped taking",
# "voted to", "struggled to"), nouns that name a person or a thing rather than what someone holds
# ("supporters of", "footage of", "a sign of"). Chosen by hand from the keys the counts keep.
NOT_ATTITUDE = frozenset(
    {
        "xcomp|continue",
        "xcomp|struggle",
        "xcomp|vote",
        "xcomp|attempt",
        "xcomp|design",
        "xcomp|mean",
        "xcomp|prove",
        "xcomp|tend",
        "xcomp|choose",
        "xcomp|require",
        "xcomp|stop",
        "xcomp|include",
        "xcomp|move",
        "xcomp|poise",
        "xcomp|scramble",
        "xcomp|set",
        "xcomp|offer",
        "xcomp|support",
        "xcomp|aim",
        "xcomp|push",
        "xcomp|rule",
        "noun|supporter|of",
        "noun|advocate|for",
        "noun|proponent|of",
        "noun|critic|of",
        "noun|sign|of",
        "noun|footage|of",
        "noun|secret|of",
        "noun|sense|of",
        "noun|story|of",
        "noun|campaign|against",
        "noun|focus|on",
        "noun|information|about",
        "noun|detail|about",
        "noun|response|to",
        # session 12, keys that the lower counts (2 hits, precision 0.08) let in: aspect and action verbs,
        # persons, things and events
        "xcomp|begin",
        "xcomp|fail",
        "xcomp|keep",
        "xcomp|allow",
        "xcomp|manage",
        "xcomp|schedule",
        "xcomp|sign",
        "xcomp|strive",
        "xcomp|opt",
        "xcomp|plot",
        "xcomp|invite",
        "xcomp|see",
        "xcomp|figure",
        "xcomp|try",
        "noun|architect|of",
        "noun|contrast|with",
        "noun|defender|of",
        "noun|example|of",
        "noun|point|of",
        "noun|position|of",
        "noun|preview|of",
        "noun|voice|for",
        "noun|turn|against",
        "noun|sign|that",
        "noun|attempt|to",
        "noun|word|for",
        "noun|controversy|over",
    }
)


def count(pairs) -> tuple[Counter, Counter, Counter, Counter]:
    """Instances, hits, hits with a speaker mention, and those of them whose gold attribution has no source
    ("Trump seemed to ..."), per key."""
    seen: Counter = Counter()
    hits: Counter = Counter()
    sourceless: Counter = Counter()
    with_speaker: Counter = Counter()
    for article, doc in pairs:
        text = doc.text
        segments = quote_segments(text).segments
        sentences = Sentences(doc)
        for key, cand in pattern_instances(doc, segments, sentences, text):
            if not cand.content:
                continue
            seen[key] += 1
            golds = [g for g in article.attributions if g.cue and overlaps(cand.cue, g.cue)]
            matched = [g for g in golds if _label(cand, [g], need_cue=False)]
            hits[key] += bool(matched)
            with_speaker[key] += bool(matched) and cand.speaker is not None
            # counted where the rules found a speaker: a passive ("is expected to") has none anyway
            sourceless[key] += (
                bool(matched) and cand.speaker is not None and not any(g.source for g in matched)
            )
    return seen, hits, with_speaker, sourceless


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--polnear", type=Path, required=True, help="PolNeAR train split folder")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=CUES_FILE)
    parser.add_argument("--min-hits", type=int, default=2)  # session 12 (3 before)
    parser.add_argument("--min-precision", type=float, default=0.08)  # session 12 (0.1 before)
    args = parser.parse_args(argv)
    t0 = time.time()
    pairs = parse_split(args.polnear, args.cache)
    seen, hits, with_speaker, sourceless = count(pairs)
    kept = {
        key: [hits[key], seen[key]]
        for key in sorted(seen)
        if hits[key] >= args.min_hits
        and hits[key] / seen[key] >= args.min_precision
        and key not in NOT_ATTITUDE
    }
    out = {
        "meta": {
            "trained_on": "PolNeAR v1.0.0 train (first .ann per article)",
            "articles": len(pairs),
            "min_hits": args.min_hits,
            "min_precision": args.min_precision,
            "left_out_by_hand": sorted(k for k in NOT_ATTITUDE if k in seen),
            "instances": sum(seen[k] for k in kept),
            "hits": sum(hits[k] for k in kept),
            "counts": "key -> [hits, instances] on train",
        },
        "keys": sorted(kept),
        # keys whose hits mostly have no gold source: the writer's judgement of someone ("X seemed to be
        # shrinking"), not X's words; the candidate is kept without a speaker
        "sourceless": sorted(k for k in kept if sourceless[k] > 0.5 * with_speaker[k]),
        "counts": kept,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    top = sorted(kept.items(), key=lambda kv: -kv[1][0])[:40]
    print(json.dumps(out["meta"]), f"{len(kept)} keys -> {args.out} ({time.time() - t0:.0f}s)")
    print(", ".join(f"{k} {h}/{n}" for k, (h, n) in top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
