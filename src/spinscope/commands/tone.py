"""`spinscope tone eval`: the target-tone classifier on NewsMTSC, the actor tone on PerSenT, beside VADER baselines."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..cli import UsageError, command, write_output


@command("tone", "actor tone tools (spinscope tone eval --newsmtsc FILE | --persent FILE)")
def _tone_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="tone_command", metavar="ACTION")
    ev = sub.add_parser(
        "eval",
        help="accuracy, per-class F1 and macro-F1 on a NewsMTSC or PerSenT file, beside a VADER baseline",
        description="--newsmtsc: predicts every target of a NewsMTSC jsonl file (sentence read on its own) and "
        "scores it beside VADER's sentence compound with two thresholds tuned on NewsMTSC dev. --persent: runs "
        "the pipeline on each PerSenT article (title + text) and scores the outlet-voice label of the target "
        "entity beside the mean VADER compound of the sentences naming it (thresholds tuned on PerSenT dev).",
    )
    which = ev.add_mutually_exclusive_group(required=True)
    which.add_argument("--newsmtsc", type=Path, help="a NewsMTSC jsonl file (e.g. dev-rw.jsonl)")
    which.add_argument("--persent", type=Path, help="a PerSenT CSV (e.g. random_test.csv)")
    ev.add_argument("--predictions", help="--newsmtsc: write one JSON line per target {gid, polarity} here")
    ev.add_argument(
        "--limit", type=int, help="only the first N items (a quick check; not a reportable score)"
    )
    ev.add_argument(
        "--dev", type=Path, help="--persent: PerSenT dev.csv, to tune the baseline's thresholds on"
    )
    ev.add_argument(
        "--dump",
        help="--persent: write each article's gold label and the target's mention sentences (voice, "
        "probabilities) as JSON lines here, to study aggregation rules",
    )
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")
    ev.add_argument("--metrics-out", help="also write the figures as JSON to this file")
    ev.set_defaults(handler=run_eval)
    parser.set_defaults(handler=lambda args: _missing_action())


def _missing_action() -> int:
    raise UsageError("say what to do: `spinscope tone eval --newsmtsc FILE` or `--persent FILE`")


def _model() -> Any:
    from ..tone.targets import ModelMissingError, shared_target_model

    try:
        return shared_target_model()
    except ModelMissingError as exc:
        raise UsageError(str(exc)) from None


def evaluate_newsmtsc(path: Path, limit: int | None = None, predictions: str | None = None) -> dict[str, Any]:
    from ..evaluation.metrics import scores, threshold_label
    from ..evaluation.newsmtsc import predict, read, targets, vader_compounds

    sentences = read(path)
    if limit is not None:
        sentences = sentences[:limit]
    model = _model()
    predicted = predict(sentences, model)
    pairs = list(targets(sentences))
    gold = [t.label for _, t in pairs]
    base = model.config.get("baseline", {})
    low, high = float(base.get("low", -0.05)), float(base.get("high", 0.05))
    baseline = [threshold_label(v, low, high) for v in vader_compounds(sentences)]
    if predictions:
        lines = [
            json.dumps({"gid": t.gid, "polarity": label})
            for (_, t), (label, _) in zip(pairs, predicted, strict=True)
        ]
        write_output("\n".join(lines) + "\n", predictions)
    return {
        "benchmark": "NewsMTSC",
        "file": str(path),
        "items": f"{len(pairs)} targets in {len(sentences)} sentences",
        "model": {
            "name": f"spinscope target tone ({model.design})",
            **scores(gold, [p for p, _ in predicted]),
        },
        "baseline": {
            "name": f"VADER sentence compound (thresholds {low}, {high} tuned on NewsMTSC dev-rw + dev-mt)",
            **scores(gold, baseline),
        },
        "limited": limit is not None,
    }


def evaluate_persent(
    path: Path, limit: int | None = None, dev: Path | None = None, dump: str | None = None
) -> dict[str, Any]:
    from ..evaluation.metrics import tune_thresholds
    from ..evaluation.persent import predict, read, summary

    model = _model()
    examples = read(path)
    if limit is not None:
        examples = examples[:limit]
    if dev is not None:  # thresholds tuned on dev here (never on the evaluated file)
        dev_predictions = list(predict(read(dev), progress=True))
        _, low, high = tune_thresholds(
            [p.sentence_compound for p in dev_predictions], [p.example.label for p in dev_predictions]
        )
    else:
        base = model.config.get("persent_baseline")
        if not base:
            raise UsageError("no PerSenT baseline thresholds shipped: pass --dev DEV.csv to tune them")
        low, high = float(base["low"]), float(base["high"])
    predictions = list(predict(examples, progress=True))
    if dump:
        rows = [
            {"index": p.example.index, "gold": p.example.label, "found": p.found, "label": p.label,
             "sentence_compound": p.sentence_compound, "sentences": list(p.sentences)}
            for p in predictions
        ]  # fmt: skip
        write_output("".join(json.dumps(row) + "\n" for row in rows), dump)
    result = summary(predictions, low, high)
    return {
        "benchmark": "PerSenT",
        "file": str(path),
        "items": f"{len(examples)} articles; target entity not found in {result['target_not_found']}",
        "model": {"name": "spinscope actor tone, outlet's voice", **result["model"]},
        "baseline": {
            "name": f"VADER mean compound of sentences naming the entity (thresholds {low}, {high} tuned on dev)",
            **result["baseline"],
        },
        "limited": limit is not None,
    }


def format_report(result: dict[str, Any]) -> str:
    labels = result["model"]["labels"]
    counts = {lab: result["model"]["per_class"][lab]["support"] for lab in labels}
    lines = [
        f"{result['benchmark']} {Path(result['file']).name}: {result['items']} "
        f"({', '.join(f'{lab} {n}' for lab, n in counts.items())})"
    ]
    if result["limited"]:
        lines.append("(--limit: a subset, not a reportable score)")
    lines.append(
        f"{'':<24}{'accuracy':>9}{'macro-F1':>10}" + "".join(f"{'F1 ' + lab[:3]:>9}" for lab in labels)
    )
    titles = (("model", "spinscope"), ("baseline", "VADER baseline"))
    for key, title in titles:
        res = result[key]
        lines.append(
            f"{title:<24}{res['accuracy']:>9.4f}{res['macro_f1']:>10.4f}"
            + "".join(f"{res['per_class'][lab]['f1']:>9.4f}" for lab in labels)
        )
    for key, title in titles:
        lines.append(f"confusion, {title} (rows gold, columns predicted: {' / '.join(labels)})")
        for lab, row in zip(labels, result[key]["confusion"], strict=True):
            lines.append(f"  {lab:<10}" + "".join(f"{v:>6}" for v in row))
    lines.append(f"model: {result['model']['name']}")
    lines.append(f"baseline: {result['baseline']['name']}")
    return "\n".join(lines)


def run_eval(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit <= 0:
        raise UsageError("--limit must be a positive number")
    if args.newsmtsc is not None:
        if args.dev is not None or args.dump:
            raise UsageError("--dev and --dump are for --persent (NewsMTSC thresholds ship with the model)")
        result = evaluate_newsmtsc(args.newsmtsc, args.limit, args.predictions)
    else:
        if args.predictions:
            raise UsageError("--predictions is for --newsmtsc")
        result = evaluate_persent(args.persent, args.limit, args.dev, args.dump)
    if args.metrics_out:
        write_output(json.dumps(result, indent=2), args.metrics_out)
    write_output(json.dumps(result, indent=2) if args.json else format_report(result), None)
    return 0
