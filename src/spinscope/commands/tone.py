"""`spinscope tone eval --persent FILE`: entity-level tone against PerSenT, beside the VADER lexicon baseline."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..cli import UsageError, command, write_output


@command("tone", "entity-level tone tools (spinscope tone eval --persent FILE)")
def _tone_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="tone_command", metavar="ACTION")
    ev = sub.add_parser(
        "eval",
        help="accuracy and macro-F1 of the actor tone on a PerSenT file, beside the VADER baseline",
        description="Runs the pipeline on each PerSenT article (title + text), scores the tone towards its "
        "target entity with the shipped classifier and with the lexicon baseline (mean VADER compound of the "
        "sentences naming the entity, two thresholds tuned on PerSenT dev), and prints accuracy, macro-F1 over "
        "negative/neutral/positive, per-class scores and the confusion matrices.",
    )
    ev.add_argument("--persent", type=Path, required=True, help="a PerSenT CSV (e.g. random_test.csv)")
    ev.add_argument(
        "--limit", type=int, help="only the first N articles (a quick check; not a reportable score)"
    )
    ev.add_argument("--dev", type=Path, help="PerSenT dev.csv: tune the baseline's thresholds on it here")
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")
    ev.add_argument("--metrics-out", help="also write the figures as JSON to this file")
    ev.set_defaults(handler=run_eval)
    parser.set_defaults(handler=lambda args: _missing_action())


def _missing_action() -> int:
    raise UsageError("say what to do: `spinscope tone eval --persent FILE`")


def evaluate(path: Path, limit: int | None = None, dev: Path | None = None) -> dict[str, Any]:
    from ..tone.actors import classify, load_model
    from ..tone.persent import baseline_predict, extract, read, scores, tune_baseline

    examples = read(path)
    model = load_model()
    dev_examples = read(dev) if dev is not None else None
    if limit is not None:
        if limit <= 0:
            raise UsageError("--limit must be a positive number")
        examples = examples[:limit]
    gold: list[str] = []
    ours: list[str] = []
    base: list[str] = []
    no_mention = 0
    if dev_examples is not None:  # thresholds tuned on dev here (never on the evaluated file)
        dev_feats = [f for _, f, _ in extract(dev_examples, progress=True, vectors=False)]
        _, low, high = tune_baseline(dev_feats, [ex.label for ex in dev_examples])
    elif model is not None:
        low, high = model["baseline"]["low"], model["baseline"]["high"]
    else:
        raise UsageError("no baseline thresholds: the model file is missing, pass --dev DEV.csv to tune them")
    for example, feats, vector in extract(examples, progress=True):
        gold.append(example.label)
        ours.append(classify(feats, vector)[0])
        base.append(baseline_predict(feats, low, high))
        no_mention += feats["log_mentions"] == 0
    return {
        "file": str(path),
        "articles": len(gold),
        "target_not_found": no_mention,
        "model": {
            "name": "spinscope actor tone"
            + ("" if model is not None else " (no classifier shipped: VADER cut-offs on clause tone)"),
            **scores(gold, ours),
        },
        "baseline": {
            "name": f"VADER mean compound of sentences naming the entity (thresholds {low}, {high} tuned on dev)",
            **scores(gold, base),
        },
        "limited": limit is not None,
    }


def format_report(result: dict[str, Any]) -> str:
    labels = result["model"]["labels"]
    counts = {lab: result["model"]["per_class"][lab]["support"] for lab in labels}
    lines = [
        f"PerSenT {Path(result['file']).name}: {result['articles']} articles "
        f"({', '.join(f'{lab} {n}' for lab, n in counts.items())}); "
        f"target entity not found in {result['target_not_found']}",
    ]
    if result["limited"]:
        lines.append("(--limit: a subset, not a reportable score)")
    lines.append(
        f"{'':<24}{'accuracy':>9}{'macro-F1':>10}" + "".join(f"{'F1 ' + lab[:3]:>9}" for lab in labels)
    )
    for key, title in (("model", "spinscope actor tone"), ("baseline", "VADER baseline")):
        res = result[key]
        lines.append(
            f"{title:<24}{res['accuracy']:>9.4f}{res['macro_f1']:>10.4f}"
            + "".join(f"{res['per_class'][lab]['f1']:>9.4f}" for lab in labels)
        )
    for key, title in (("model", "spinscope actor tone"), ("baseline", "VADER baseline")):
        lines.append(f"confusion, {title} (rows gold, columns predicted: {' / '.join(labels)})")
        for lab, row in zip(labels, result[key]["confusion"], strict=True):
            lines.append(f"  {lab:<10}" + "".join(f"{v:>6}" for v in row))
    lines.append(f"baseline: {result['baseline']['name']}")
    return "\n".join(lines)


def run_eval(args: argparse.Namespace) -> int:
    import json

    result = evaluate(args.persent, args.limit, args.dev)
    if args.metrics_out:
        write_output(json.dumps(result, indent=2), args.metrics_out)
    write_output(json.dumps(result, indent=2) if args.json else format_report(result), None)
    return 0
