"""`spinscope claims eval --tsv FILE`: the check-worthiness classifier on a labelled CheckThat! file.

Prints the positive-class precision, recall and F1 (the CheckThat! 2021-2024 official measure) at the threshold,
and the average precision of the ranking (plus the mean AP per debate, the CheckThat! 2019/2020 measure, when the
file names its debates). Reads the CT 2021-2024 TSV (`Sentence_id<TAB>Text<TAB>class_label`, Yes/No) and the CT
2019/2020 formats (see `spinscope.evaluation.checkthat`). A file that is missing, empty or lacks a column gets
one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import json

from ..cli import UsageError, command, write_output


@command("claims", "check-worthy claims: evaluate the classifier on a CheckThat! file")
def _claims_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="claims_command", metavar="ACTION")
    ev = sub.add_parser("eval", help="P/R/F1 of the positive class and average precision on a labelled file")
    ev.add_argument(
        "--tsv", required=True, help="labelled file (CheckThat! TSV: Sentence_id, Text, class_label)"
    )
    ev.add_argument(
        "--threshold", type=float, help="decision threshold on the calibrated score (default: the model's)"
    )
    ev.add_argument("--model", help="model folder (default: the shipped src/spinscope/models/claims)")
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")
    ev.add_argument("-o", "--output", help="write the report to this file")
    ev.set_defaults(handler=run_eval)
    parser.set_defaults(handler=lambda args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    raise UsageError("say what to do: `spinscope claims eval --tsv FILE`")


def run_eval(args: argparse.Namespace) -> int:
    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        raise UsageError("--threshold must be between 0 and 1")
    from ..evaluation.checkthat import evaluate_file

    result = evaluate_file(args.tsv, args.threshold, args.model)
    if args.json:
        write_output(json.dumps(result, indent=1), args.output)
        return 0
    lines = [
        f"{result['file']}: {result['sentences']:,} sentences, {result['positives']:,} check-worthy",
        f"threshold {result['threshold']:.4f}",
        f"positive class  P {result['precision']:.4f}  R {result['recall']:.4f}  F1 {result['f1']:.4f}"
        f"  ({result['tp']} of {result['predicted']} predicted are gold, {result['gold']} gold)",
        f"average precision {result['average_precision']:.4f}",
    ]
    if "mean_ap_by_debate" in result:
        lines.append(f"mean AP by debate {result['mean_ap_by_debate']:.4f}")
    lines.append(f"{result['ms_per_sentence']:.2f} ms per sentence")
    write_output("\n".join(lines), args.output)
    return 0
