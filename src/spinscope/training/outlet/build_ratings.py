"""Derive `spinscope/data/ratings.csv.gz` (+ `ratings_sources.json`) from the media-reliability datasets.

Why a derived file: the raw datasets are not shipped with spinscope (they live in a shared folder, read-only), but
an outlet card must be able to say offline how a domain is rated and by whom. We keep only the columns a reader
needs, one row per (domain, source), values copied verbatim (lower-cased, whitespace-normalised), never merged or
averaged across sources: a user must be able to trace every rating back to the row it came from.

    python -m spinscope.training.outlet.build_ratings \
        --idiap ../shared/data/news-media-reliability-idiap --baly ../shared/data/news-media-reliability-baly

Sources (see each folder's SOURCE.md):
- idiap `data/golden_truth/mbfc/mbfc.csv`: Media Bias/Fact Check ratings compiled by Burdisso et al. (NAACL 2024),
  repository licence Apache-2.0 -> factual reporting, bias, press freedom, credibility, country, media type.
- idiap `data/golden_truth/golden_truth_dataset.csv`: their reliability label per domain (1 reliable, 0 mixed,
  -1 unreliable, -2 blacklisted) with the label's own source (mbfc / wikipedia perennial sources / newsguard /
  manual).
- Baly et al. `data/emnlp18/corpus.tsv` and `data/acl2020/corpus.tsv`: factuality and bias labels taken from MBFC,
  with the MBFC page of each source. The repository states no licence; the labels are MBFC's.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
from pathlib import Path

COLUMNS = [
    "domain",
    "source",
    "factual_reporting",
    "bias",
    "press_freedom",
    "credibility",
    "country",
    "media_type",
    "reliability",
    "label_source",
    "reference",
]

RELIABILITY = {"1": "reliable", "0": "mixed", "-1": "unreliable", "-2": "blacklisted"}

SOURCES = {
    "idiap-mbfc": {
        "name": "Media Bias/Fact Check, via Burdisso et al. 2024 (idiap/News-Media-Reliability, mbfc.csv)",
        "citation": "Burdisso, Sanchez-Cortes, Villatoro-Tello, Motlicek. Reliability Estimation of News Media "
        "Sources: Birds of a Feather Flock Together. NAACL 2024.",
        "url": "https://github.com/idiap/News-Media-Reliability",
        "licence": "Apache-2.0 (repository); ratings originate from mediabiasfactcheck.com",
        "rates": "domain",
    },
    "idiap-golden": {
        "name": "reliability label of the golden-truth set of Burdisso et al. 2024 "
        "(idiap/News-Media-Reliability, golden_truth_dataset.csv)",
        "citation": "Burdisso et al., NAACL 2024 (labels from MBFC, Wikipedia perennial sources, NewsGuard via "
        "NELA-GT-2018, or manual)",
        "url": "https://github.com/idiap/News-Media-Reliability",
        "licence": "Apache-2.0 (repository)",
        "rates": "domain",
    },
    "baly-emnlp18": {
        "name": "Media Bias/Fact Check labels, via Baly et al. 2018 (ramybaly/News-Media-Reliability, emnlp18)",
        "citation": "Baly, Karadzhov, Alexandrov, Glass, Nakov. Predicting Factuality of Reporting and Bias of "
        "News Media Sources. EMNLP 2018.",
        "url": "https://github.com/ramybaly/News-Media-Reliability",
        "licence": "none stated by the repository; labels originate from mediabiasfactcheck.com",
        "rates": "domain",
    },
    "baly-acl2020": {
        "name": "Media Bias/Fact Check labels, via Baly et al. 2020 (ramybaly/News-Media-Reliability, acl2020)",
        "citation": "Baly et al. What Was Written vs. Who Read It: News Media Profiling Using Text Analysis and "
        "Social Media Context. ACL 2020.",
        "url": "https://github.com/ramybaly/News-Media-Reliability",
        "licence": "none stated by the repository; labels originate from mediabiasfactcheck.com",
        "rates": "domain",
    },
}


def clean(value: str | None) -> str:
    return re.sub(r"\s+", " ", (value or "").strip().lower())


def normalise_domain(value: str) -> str:
    """`http://www.presstv.com/` -> `presstv.com` (the key every lookup uses)."""
    value = clean(value)
    value = re.sub(r"^[a-z]+://", "", value)
    value = value.split("/", 1)[0].split(":", 1)[0]
    return value.removeprefix("www.").strip(".")


def read_csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    if not path.is_file():
        raise SystemExit(f"build_ratings: missing file {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def rows_from_idiap(root: Path) -> list[dict[str, str]]:
    rows = []
    for rec in read_csv(root / "data/golden_truth/mbfc/mbfc.csv"):
        domain = normalise_domain(rec["source"])
        if not domain:
            continue
        rows.append(
            {
                "domain": domain,
                "source": "idiap-mbfc",
                "factual_reporting": clean(rec.get("factual_reporting")),
                "bias": clean(rec.get("bias")),
                "press_freedom": clean(rec.get("press_freedom")),
                "credibility": clean(rec.get("mbfc_credibility_rating")),
                "country": clean(rec.get("country")),
                "media_type": clean(rec.get("media_type")),
            }
        )
    for rec in read_csv(root / "data/golden_truth/golden_truth_dataset.csv"):
        domain = normalise_domain(rec["domain"])
        label = RELIABILITY.get(rec.get("reliability_label", "").strip())
        if not domain or label is None:
            continue
        rows.append(
            {
                "domain": domain,
                "source": "idiap-golden",
                "reliability": label,
                "label_source": clean(rec.get("label_source")),
            }
        )
    return rows


def rows_from_baly(root: Path) -> list[dict[str, str]]:
    rows = []
    for split in ("emnlp18", "acl2020"):
        for rec in read_csv(root / "data" / split / "corpus.tsv", delimiter="\t"):
            domain = normalise_domain(rec.get("source_url_normalized") or rec.get("source_url") or "")
            if not domain:
                continue
            rows.append(
                {
                    "domain": domain,
                    "source": f"baly-{split}",
                    "factual_reporting": clean(rec.get("fact")),
                    "bias": clean(rec.get("bias")),
                    "reference": (rec.get("ref") or "").strip(),
                }
            )
    return rows


def build(idiap: Path, baly: Path, out_dir: Path) -> tuple[Path, int]:
    rows = rows_from_idiap(idiap) + rows_from_baly(baly)
    seen: set[tuple[str, ...]] = set()
    unique = []
    for row in rows:
        full = {col: row.get(col, "") for col in COLUMNS}
        key = tuple(full.values())
        if key not in seen:
            seen.add(key)
            unique.append(full)
    unique.sort(key=lambda r: (r["domain"], r["source"]))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(unique)
    out = out_dir / "ratings.csv.gz"
    # mtime=0: the same inputs give the same bytes (reproducible builds, clean diffs).
    with out.open("wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(buffer.getvalue().encode("utf-8"))
    (out_dir / "ratings_sources.json").write_text(
        json.dumps({"columns": COLUMNS, "sources": SOURCES}, indent=1, ensure_ascii=False) + "\n", "utf-8"
    )
    return out, len(unique)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--idiap", type=Path, required=True, help="news-media-reliability-idiap folder")
    parser.add_argument("--baly", type=Path, required=True, help="news-media-reliability-baly folder")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[2] / "data", help="output folder"
    )
    args = parser.parse_args(argv)
    out, count = build(args.idiap, args.baly, args.out)
    print(f"wrote {count:,} ratings to {out} ({out.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
