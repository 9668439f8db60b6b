"""`spinscope outlet lookup NAME|DOMAIN`: what spinscope knows about an outlet, with every fact's source."""

from __future__ import annotations

import argparse
from typing import Any

from ..cli import UsageError, command, write_output


@command("outlet", "what is known about a news outlet or agency (spinscope outlet lookup NAME|DOMAIN)")
def _outlet_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="outlet_command", metavar="ACTION")
    lookup = sub.add_parser(
        "lookup",
        help="profile and published ratings of an outlet, by name, agency code, domain or URL",
        description="Profile (country, owner, state affiliation, each with its reference) and published ratings "
        "(each naming its source and whether it rates a domain or an outlet). Examples: "
        "`spinscope outlet lookup Reuters`, `spinscope outlet lookup presstv.ir`, `spinscope outlet lookup IRNA`.",
    )
    lookup.add_argument("query", help="outlet name, agency code (e.g. AFP), domain or URL")
    lookup.add_argument("--json", action="store_true", help="print the result as JSON")
    lookup.set_defaults(handler=run_lookup)
    parser.set_defaults(handler=lambda args: _missing_action(parser))


def _missing_action(parser: argparse.ArgumentParser) -> int:
    raise UsageError("say what to do: `spinscope outlet lookup NAME|DOMAIN`")


def lookup(query: str) -> dict[str, Any]:
    """Everything known about `query`; `found` is False when neither table knows it."""
    from ..outlet.detect import Clue
    from ..outlet.identify import _profile, _ratings
    from ..outlet.table import find_by_domain, find_by_name, normalise_domain, outlets

    query = query.strip()
    if not query:
        raise UsageError("give an outlet name, agency code, domain or URL")
    is_domain = " " not in query and ("." in query or "://" in query)
    domain = normalise_domain(query) if is_domain else None
    record = find_by_domain(domain) if domain else find_by_name(query)
    if record is None and is_domain:
        record = find_by_name(query)
    if record is not None:
        profile = _profile(record, [])
        domains = list(record.domains)
        if domain:  # the queried domain first
            domains = [domain, *(d for d in domains if d != domain)]
    else:
        clue = Clue("url", "query", query, domain or query, None)
        profile = _profile(None, [clue])
        profile["name"] = domain or query
        domains = [domain] if domain else []
    ratings, note = _ratings(domains, profile["name"])
    suggestions: list[str] = []
    if record is None and not is_domain:
        folded = query.lower()
        suggestions = [r.name for r in outlets() if any(folded in n.lower() for n in r.names)][:8]
    return {
        "query": query,
        "found": record is not None or bool(ratings),
        "in_table": record is not None,
        **profile,
        "ratings": ratings,
        "ratings_note": note,
        "suggestions": suggestions,
    }


RATING_KEYS = (
    "factual_reporting",
    "bias",
    "credibility",
    "reliability",
    "press_freedom",
    "country",
    "media_type",
)


def format_lookup(info: dict[str, Any]) -> str:
    lines: list[str] = []
    if info["in_table"]:
        kind = "news agency" if info["kind"] == "agency" else "outlet"
        lines.append(f"{info['name']}  ({kind}, id {info['id']})")
        for fact, label in (
            ("country", "country"),
            ("owner", "owner"),
            ("state_affiliation", "state affiliation"),
        ):
            lines.append(f"  {label:<18} {info.get(fact) or 'not documented in our reference'}")
        if info.get("codes"):
            lines.append(f"  {'dateline codes':<18} {', '.join(info['codes'])}")
        lines.append(f"  {'domains':<18} {', '.join(info.get('domains') or []) or 'none known'}")
        sources = sorted({ref["source"] for ref in info.get("references", [])})
        lines.append(f"  {'reference':<18} {'; '.join(sources)}")
    else:
        lines.append(f"{info['query']}: not in spinscope's table of {_table_size()} agencies and outlets")
        if info["suggestions"]:
            lines.append("  did you mean: " + ", ".join(info["suggestions"]))
    lines.append(f"ratings: {info['ratings_note']}")
    for rating in info["ratings"]:
        values = ", ".join(f"{key.replace('_', ' ')} {rating[key]}" for key in RATING_KEYS if rating.get(key))
        if rating.get("label_source"):
            values += f" (label from {rating['label_source']})"
        lines.append(f"  {rating['subject']:<18} {values}")
        lines.append(f"  {'':<18} rates the {rating['rates']}; source: {rating['source']}")
        if rating.get("reference"):
            lines.append(f"  {'':<18} {rating['reference']}")
    return "\n".join(lines)


def _table_size() -> int:
    from ..outlet.table import outlets

    return len(outlets())


def run_lookup(args: argparse.Namespace) -> int:
    import json

    info = lookup(args.query)
    write_output(json.dumps(info, indent=2, ensure_ascii=False) if args.json else format_lookup(info), None)
    return 0
