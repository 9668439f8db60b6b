"""Print markdown tables (per-technique, reliability) from metrics.json for the model card."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from spinscope.techniques.model import DEFAULT_DIR


def main(model_dir: Path = DEFAULT_DIR) -> str:
    m = json.loads((Path(model_dir) / "metrics.json").read_text())
    out = []
    si, tc = m["si"], m["tc"]
    out.append("| metric | P | R | F1 |\n|---|---|---|---|")
    out.append(f"| SI official | {si['precision']:.3f} | {si['recall']:.3f} | **{si['f1']:.3f}** |")
    out.append(
        f"| SI strict | {si['strict_precision']:.3f} | {si['strict_recall']:.3f} | **{si['strict_f1']:.3f}** |"
    )
    out.append(f"| TC micro | {tc['precision']:.3f} | {tc['recall']:.3f} | **{tc['micro_f1']:.3f}** |")
    out.append(f"\nSI: {si['n_pred']} predicted spans vs {si['n_gold']} gold (after merging overlaps).\n")
    out.append("| technique | P | R | F1 | gold | predicted |\n|---|---|---|---|---|---|")
    for t, v in tc["per_technique"].items():
        out.append(
            f"| {t} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} | {v['predicted']} |"
        )
    rel = m.get("calibration_and_tuning", {}).get("reliability_crossfit", {})
    for name, r in rel.items():
        out.append(f"\n**{name}** (cross-fitted over two halves of dev; n={r['n']}, ECE={r['ece']:.3f})\n")
        out.append("| bin | n | mean predicted | observed |\n|---|---|---|---|")
        for b in r["bins"]:
            out.append(f"| {b['bin']} | {b['n']} | {b['mean_pred']:.3f} | {b['observed']:.3f} |")
    s = "\n".join(out)
    print(s)
    return s


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR)
