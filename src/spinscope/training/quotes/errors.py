"""Error analysis of the quotes layer on a PolNeAR split (train: nothing here looks at dev).

    nice -n 10 .venv/bin/python -m spinscope.training.quotes.errors \
        --polnear ../shared/data/polnear/data/train --cache /tmp/spinscope-quotes-cache

Prints three tables, the classes the issue-17 error analysis sorts errors into:

(a) gold contents that no broad candidate covers at overlap 0.3, by gold cue word and by construction (the
    cue's part of speech and dependency in the parse, the content in quotation marks or not), and those
    covered only by candidates the speech-cue rule drops;
(b) matched attributions (the whole component, shipped filter) whose source is wrong, by class (no speaker
    predicted, a speaker where gold has none, gold a pronoun, the speaker inside the content, "according to",
    passive ...), with examples;
(c) gold contents whose best candidate overlaps them by more than 0 and less than 0.3: where its start and end
    stand relative to the gold span.

The shipped filter was fitted on train, so (b) is in-sample for the filter's choice of candidates (the
speakers themselves come from rules); (a) and (c) are about the candidates and do not depend on the filter.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from ...components.quotes import SPAN_KEY, QuoteFinder
from ...evaluation.polnear import PRONOUNS, match, overlaps, parse_split
from ...quotes.cues import learned_candidates
from ...quotes.extract import speechlike
from ...quotes.rules import extract


def _ratio(a, b) -> float:
    shared = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)
    longer = max(sum(e - s for s, e in a), sum(e - s for s, e in b))
    return shared / longer if longer else 0.0


def _text(text: str, frags) -> str:
    return " | ".join(text[s:e] for s, e in frags)


def _token_at(doc, char: int):
    for tok in doc:
        if tok.idx <= char < tok.idx + len(tok.text):
            return tok
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--polnear", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--examples", type=int, default=6)
    parser.add_argument("--only", choices=("a", "b", "c"), nargs="+", default=["a", "b", "c"])
    args = parser.parse_args(argv)
    rng = random.Random(0)
    pairs = parse_split(args.polnear, args.cache, limit=args.limit)
    finder = QuoteFinder("learned")
    uncovered_cue: Counter[str] = Counter()
    uncovered_kind: Counter[str] = Counter()
    dropped_cue: Counter[str] = Counter()
    ex_a: dict[str, list[str]] = {}
    src: Counter[str] = Counter()
    ex_b: dict[str, list[str]] = {}
    bound: Counter[str] = Counter()
    ex_c: dict[str, list[str]] = {}
    n_gold = n_matched = 0
    for article, parsed in pairs:
        text = article.text
        gold = article.attributions
        n_gold += len(gold)
        if "a" in args.only or "c" in args.only:
            cands, _ = extract(parsed, None, learned_candidates)
            kept = [c for c in cands if speechlike(parsed, c)]
            for g in gold:
                best = max((_ratio(c.content, g.content) for c in cands), default=0.0)
                best_kept = max((_ratio(c.content, g.content) for c in kept), default=0.0)
                cue = _text(text, g.cue).lower() or "(no cue)"
                tok = _token_at(parsed, g.cue[0][0]) if g.cue else None
                quoted = any(text[max(0, s - 1) : s + 1].strip()[:1] in '"\u201c' for s, _ in g.content)
                kind = f"{tok.pos_}/{tok.dep_}" if tok is not None else "none"
                kind += "/quoted" if quoted else ""
                if best < 0.3:
                    uncovered_cue[cue] += 1
                    uncovered_kind[kind] += 1
                    ex_a.setdefault(kind, []).append(f"[{cue}] {_text(text, g.content)[:140]}")
                elif best_kept < 0.3:
                    dropped_cue[cue] += 1
                if 0 < best < 0.3 and "c" in args.only:
                    c = max(cands, key=lambda c: _ratio(c.content, g.content))
                    g_start, g_end = g.content[0][0], g.content[-1][1]
                    cls = (
                        f"start {'before' if c.start < g_start else 'after' if c.start > g_start else 'same'}, "
                        f"end {'before' if c.end < g_end else 'after' if c.end > g_end else 'same'}"
                    )
                    bound[cls] += 1
                    ex_c.setdefault(cls, []).append(
                        f"gold: {_text(text, g.content)[:120]!r}\n      cand: {_text(text, c.content)[:120]!r}"
                    )
        if "b" in args.only:
            doc = parsed.copy()
            for key, value in list(doc.user_data.items()):
                if isinstance(value, tuple) and isinstance(key, str) and key.startswith("spinscope_"):
                    doc.user_data[key] = list(value)
            finder(doc)
            records = [span._.spinscope_quote for span in doc.spans.get(SPAN_KEY, [])]
            pred = [tuple(tuple(p) for p in r["parts"]) for r in records]
            for i, j in match(pred, [g.content for g in gold], 0.3):
                n_matched += 1
                r, g = records[i], gold[j]
                sp = (tuple(r["speaker"]),) if r["speaker"] else ()
                ok = overlaps(sp, g.source) if g.source else not sp
                if ok:
                    continue
                gs = _text(text, g.source)
                ps = text[sp[0][0] : sp[0][1]] if sp else ""
                cue = _text(text, tuple(tuple(c) for c in r["cue"])).lower()
                gcue = _text(text, g.cue).lower()
                if not sp:
                    cls = "no speaker predicted"
                elif not g.source:
                    cls = "speaker predicted, gold has none"
                elif gcue and not overlaps(tuple(tuple(c) for c in r["cue"]), g.cue):
                    cls = "other cue than gold"
                elif gs.strip().lower() in PRONOUNS:
                    cls = "gold is a pronoun"
                elif ps.strip().lower() in PRONOUNS:
                    cls = "predicted a pronoun, gold a name"
                elif overlaps(g.source, pred[i]):
                    cls = "gold source inside predicted content"
                elif "according" in cue:
                    cls = "according to"
                else:
                    cls = f"other ({r.get('resolved_by') or '-'})"
                src[cls] += 1
                ex_b.setdefault(cls, []).append(
                    f"cue={cue!r} pred={ps!r} gold={gs!r} gcue={gcue!r} :: {_text(text, g.content)[:90]!r}"
                )
    print(f"{len(pairs)} articles, {n_gold} gold attributions")
    if "a" in args.only:
        print(
            f"\n(a) uncovered at 0.3: {sum(uncovered_cue.values())}; dropped by speechlike: {sum(dropped_cue.values())}"
        )
        print("  by gold cue:", uncovered_cue.most_common(40))
        print("  dropped by the speech-cue rule, by cue:", dropped_cue.most_common(25))
        print("  by construction:")
        _print_classes(uncovered_kind.most_common(15), ex_a, rng, args.examples)
    if "b" in args.only:
        print(f"\n(b) matched {n_matched}, wrong source {sum(src.values())}")
        _print_classes(src.most_common(), ex_b, rng, args.examples)
    if "c" in args.only:
        print(f"\n(c) best candidate overlapping < 0.3: {sum(bound.values())}")
        _print_classes(bound.most_common(), ex_c, rng, args.examples)
    return 0


def _print_classes(counts: list, examples: dict, rng: random.Random, n: int) -> None:
    """Each error class with its count and up to ``n`` sampled examples."""
    for cls, count in counts:
        print(f"    {count:5d} {cls}")
        for e in rng.sample(examples[cls], min(n, len(examples[cls]))):
            print("          ", e)


if __name__ == "__main__":
    raise SystemExit(main())
