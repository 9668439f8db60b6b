"""`spinscope ptc predict|score`: SemEval-2020 Task 11 submission formats and the official scorers.

spinscope ptc predict --articles DIR --task si -o pred.si.txt
spinscope ptc predict --articles DIR --task tc --spans TEMPLATE -o pred.tc.txt
spinscope ptc score --task si GOLD PRED        # official SI F1 and the strict (longer-span) variant
spinscope ptc score --task tc GOLD PRED        # micro-F1 and per-technique P/R/F1
spinscope ptc persuasion --articles DIR --gold GOLD.si.labels   # article level: Spearman of the index
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cli import UsageError, add_profile_argument, command, usage, write_output


@command("ptc", "SemEval-2020 Task 11 (PTC): predict submission files and score them")
def _ptc_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(
        dest="ptc_command", metavar="{predict,score,persuasion}", parser_class=type(parser)
    )
    predict = sub.add_parser("predict", help="write SI or TC submission rows for a folder of article<ID>.txt")
    predict.add_argument("--articles", type=Path, required=True, help="folder of article<ID>.txt files")
    predict.add_argument("--task", choices=["si", "tc"], required=True)
    predict.add_argument(
        "--spans", type=Path, help="TC template: id<TAB>technique-or-?<TAB>start<TAB>end (task tc)"
    )
    predict.add_argument("-o", "--output", help="submission file (default: stdout)")
    add_profile_argument(predict, "; tc: the teacher's technique head")
    predict.set_defaults(handler=run_predict)
    score = sub.add_parser("score", help="official scorer: SI span F1 (+ strict) or TC micro-F1")
    score.add_argument("--task", choices=["si", "tc"], required=True)
    score.add_argument("gold", type=Path, help="gold labels file")
    score.add_argument("pred", type=Path, help="predictions file")
    score.add_argument("--json", action="store_true", help="print the scores as JSON")
    score.set_defaults(handler=run_score)
    persuasion = sub.add_parser(
        "persuasion",
        help="article level: Spearman of the persuasion index (and of span density) vs gold share",
    )
    persuasion.add_argument("--articles", type=Path, required=True, help="folder of article<ID>.txt files")
    persuasion.add_argument("--gold", type=Path, required=True, help="SI gold labels of those articles")
    persuasion.set_defaults(handler=run_persuasion)
    parser.set_defaults(handler=lambda args: usage(parser))


def _need_file(path: Path, what: str) -> Path:
    if not path.is_file():
        raise UsageError(f"{what} not found: {path}")
    return path


def run_predict(args: argparse.Namespace) -> int:
    from ..evaluation.ptc.formats import format_si, format_tc, parse_tc
    from ..evaluation.ptc.predict import predict_si, predict_tc

    if not args.articles.is_dir():
        raise UsageError(f"articles folder not found: {args.articles}")
    if not any(args.articles.glob("article*.txt")):
        raise UsageError(f"no article<ID>.txt files in {args.articles}")
    if args.task == "si" and args.spans:
        raise UsageError("--spans is for --task tc only")
    if args.task == "tc" and not args.spans:
        raise UsageError("--task tc needs --spans TEMPLATE (id<TAB>?<TAB>start<TAB>end rows)")
    tagger = None
    if args.profile == "accurate":
        from ..techniques.accurate import shared_tagger

        tagger = shared_tagger()
    if args.task == "si":
        write_output(format_si(predict_si(args.articles, tagger=tagger)), args.output)
    else:
        template = parse_tc(_need_file(args.spans, "TC template"))
        write_output(format_tc(predict_tc(args.articles, template, tagger=tagger)), args.output)
    return 0


def run_score(args: argparse.Namespace) -> int:
    import json

    from ..evaluation.ptc.formats import parse_si, parse_tc
    from ..evaluation.ptc.scorer import score_si, score_tc

    gold_path, pred_path = _need_file(args.gold, "gold file"), _need_file(args.pred, "prediction file")
    try:
        if args.task == "si":
            result = score_si(parse_si(gold_path), parse_si(pred_path))
        else:
            result = score_tc(parse_tc(gold_path), parse_tc(pred_path))
    except ValueError as err:
        raise UsageError(f"cannot score: {err}") from err
    if args.json:
        print(json.dumps(result, indent=2))
    elif args.task == "si":
        print(
            f"SI  precision {result['precision']:.4f}  recall {result['recall']:.4f}  F1 {result['f1']:.4f}"
            f"   strict P {result['strict_precision']:.4f} R {result['strict_recall']:.4f}"
            f" F1 {result['strict_f1']:.4f}   ({result['n_pred']} predicted, {result['n_gold']} gold spans)"
        )
    else:
        print(f"TC  micro-F1 {result['micro_f1']:.4f}  ({result['correct']}/{result['n_gold']} gold rows)")
        for name, v in result["per_technique"].items():
            print(
                f"    {name:<40} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  n={v['support']}"
            )
    return 0


def run_persuasion(args: argparse.Namespace) -> int:
    from ..evaluation.ptc.persuasion import evaluate

    if not args.articles.is_dir() or not any(args.articles.glob("article*.txt")):
        raise UsageError(f"no article<ID>.txt files in {args.articles}")
    try:
        figures = evaluate(args.articles, _need_file(args.gold, "gold file"))
    except ValueError as err:
        raise UsageError(f"cannot evaluate: {err}") from err
    print(
        f"article level ({figures.articles} articles, gold = share of characters in SI spans): "
        f"Spearman index {figures.spearman_index:.4f}   span-count density {figures.spearman_span_density:.4f}"
    )
    return 0
