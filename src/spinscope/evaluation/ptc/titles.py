"""What cutting titles of works out of technique phrases costs on PTC: the titles and descriptions found, the gold
spans they touch.

    python -m spinscope.evaluation.ptc.titles --ptc DIR [--splits train dev]

The techniques component never shows a phrase inside the title of a work (`entities.titles.work_titles`): an
awards report's "Parasite" is a film. PTC's articles come from propaganda and news sites, where quoted capitalised
phrases are mostly slogans and labels ("“Kavanaugh Derangement Syndrome”"); a title rule that caught those would
cut gold spans. For each split this prints the articles read, the titles found and the descriptions of their
fiction (`work_descriptions`: "his role as a troubled comedian"), with the first few, and the gold SI spans that
overlap one: the recall the rule can cost there.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from spinscope.evaluation.ptc.formats import PTC


def title_overlap(ptc_root: Path | str, split: str) -> dict[str, object]:
    """Titles of works in a PTC split and the gold SI spans overlapping them."""
    import spacy

    from spinscope.entities.titles import work_descriptions, work_titles
    from spinscope.pipeline import SPACY_MODEL

    ptc = PTC(ptc_root)
    gold: dict[str, list[tuple[int, int]]] = {}
    for row in ptc.si(split):
        gold.setdefault(row.article_id, []).append((row.start, row.end))
    nlp = spacy.load(SPACY_MODEL, disable=["ner", "lemmatizer"])
    titles: list[str] = []
    descriptions: list[str] = []
    touched: list[str] = []
    articles = ptc.articles(split)
    for aid, text in articles.items():
        doc = nlp(text)
        found = work_titles(doc, text)
        titles += [text[a:b] for a, b in found]
        sentences = [(sent.start_char, sent.end_char) for sent in doc.sents]
        described = work_descriptions(text, sentences, found)
        descriptions += [text[a:b] for a, b in described]
        found += described
        for s, e in gold.get(aid, []):
            if any(a < e and s < b for a, b in found):
                touched.append(text[s:e])
    return {
        "articles": len(articles),
        "titles": len(titles),
        "examples": titles[:8],
        "descriptions": len(descriptions),
        "description_examples": descriptions[:8],
        "gold_spans": sum(len(v) for v in gold.values()),
        "gold_spans_touched": len(touched),
        "touched": touched[:8],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ptc", type=Path, required=True, help="the PTC folder (holding datasets/)")
    parser.add_argument("--splits", nargs="+", default=["train", "dev"])
    args = parser.parse_args(argv)
    for split in args.splits:
        r = title_overlap(args.ptc, split)
        print(
            f"PTC {split}: {r['articles']} articles, {r['titles']} titles of works {r['examples']}, "
            f"{r['descriptions']} descriptions of their fiction {r['description_examples']}; "
            f"{r['gold_spans_touched']} of {r['gold_spans']} gold SI spans overlap one {r['touched']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
