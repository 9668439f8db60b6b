"""Which outlet published a text and which agency it comes from, with the evidence and the published ratings.

Every clue naming an outlet (`outlet.detect`: URL/domain, og:site_name, datelines with agency codes such as
"Kabul (IP) –" or "(Reuters) -", credit lines, "Iran Press correspondent", bylines) is resolved against the curated
table `data/outlets.json` (name, codes, domains, country, owner, documented state affiliation, each fact with its
reference); the published ratings of the outlet's domains come from `data/ratings.csv.gz` (MBFC via Burdisso et
al. 2024 and Baly et al.), each naming its source and what it rates. When nothing is known it says so ("no rating
found for iranpress.com"): it never guesses, because opaque outlet scores are what users distrust.
"""

from __future__ import annotations

from typing import Any

from ..analysis import Outlet
from .detect import Clue, meta_clues, text_clues
from .table import OutletRecord, describe_rating, ratings_for

META_KINDS = {"url", "site_name", "author"}
# How strongly a clue kind says "this outlet wrote the text" (to pick the publisher among text-only clues).
WEIGHT = {"dateline": 3, "byline": 3, "credit": 2, "phrase": 1}


def _group_key(clue: Clue) -> str:
    if clue.outlet is not None:
        return clue.outlet.id
    return "unknown-publisher" if clue.kind in META_KINDS else f"unknown:{clue.name.lower()}"


def _evidence(clue: Clue) -> dict[str, Any]:
    span = None
    if clue.start is not None and clue.end is not None:
        span = {"start": clue.start, "end": clue.end, "text": clue.value}
    return {"kind": clue.kind, "found_in": clue.found_in, "value": clue.value, "span": span}


def _profile(record: OutletRecord | None, clues: list[Clue]) -> dict[str, Any]:
    if record is None:
        site = next((c.value for c in clues if c.kind == "site_name"), None)
        domain = next((c.name for c in clues if c.kind == "url"), None)
        return {
            "id": None,
            "name": site or domain or clues[0].name,
            "kind": "unknown",
            "domains": [domain] if domain else [],
        }
    facts = {
        "name": record.name,
        "codes": list(record.codes),
        "domains": list(record.domains),
        "country": record.country,
        "owner": record.owner,
        "state_affiliation": record.state_affiliation,
    }
    return {
        "id": record.id,
        "kind": record.kind,
        **facts,
        "references": [
            {"fact": fact, "source": record.references[fact]} for fact, value in facts.items() if value
        ],
    }


def _ratings(domains: list[str], name: str) -> tuple[list[dict[str, Any]], str]:
    """Published ratings of the outlet's domains, and a plain sentence saying what was (not) found."""
    if not domains:
        return [], f"no rating found: no web domain is known for {name}"
    found: list[dict[str, Any]] = []
    rated: list[str] = []
    for domain in domains:
        rows = ratings_for(domain)
        if rows and rows[0].domain not in rated:
            rated.append(rows[0].domain)
            found.extend(describe_rating(row) for row in rows)
    if not found:
        return [], f"no rating found for {', '.join(domains)}"
    sources = sorted({r["source_id"] for r in found})
    return (
        found,
        f"{len(found)} rating{'s' if len(found) != 1 else ''} for {', '.join(rated)} ({', '.join(sources)})",
    )


def identify(text: str, meta: dict[str, Any]) -> tuple[Outlet, list[Clue]]:
    """The outlet of a text and its metadata (`Analysis.outlet`), plus the clues it rests on.

    >>> outlet, clues = identify("WASHINGTON (AP) — The Senate voted on Tuesday.", {})
    >>> outlet.name, [c.kind for c in clues]
    ('Associated Press', ['dateline'])
    """
    clues = meta_clues(meta) + text_clues(text)
    groups: dict[str, list[Clue]] = {}
    for clue in clues:
        groups.setdefault(_group_key(clue), []).append(clue)
    # An unknown URL/site whose name is also a known outlet's domain is that outlet: already resolved above.
    has_meta = {key for key, group in groups.items() if any(c.kind in META_KINDS for c in group)}
    if has_meta:
        publisher_key: str | None = next(key for key in groups if key in has_meta)
    elif groups:
        publisher_key = max(
            groups, key=lambda k: (max(WEIGHT.get(c.kind, 0) for c in groups[k]), len(groups[k]))
        )
    else:
        publisher_key = None
    items = []
    for key, group in groups.items():
        record = group[0].outlet if not key.startswith("unknown") else None
        profile = _profile(record, group)
        domains = list(profile.get("domains", []))
        url_domain = next((c.name for c in group if c.kind == "url"), None)
        if url_domain and url_domain not in domains:
            domains.insert(0, url_domain)
        elif url_domain:
            domains.remove(url_domain)
            domains.insert(0, url_domain)
        ratings, note = _ratings(domains, profile["name"])
        items.append(
            {
                **profile,
                "role": "publisher" if key == publisher_key else "agency",
                "evidence": [_evidence(c) for c in group],
                "ratings": ratings,
                "ratings_note": note,
            }
        )
    items.sort(key=lambda item: item["role"] != "publisher")
    publisher = items[0] if items and items[0]["role"] == "publisher" else None
    result = {
        "name": publisher["name"] if publisher else None,
        "country": publisher.get("country") if publisher else None,
        "outlets": items,
        "note": None
        if items
        else "no outlet identified: no URL, site name, dateline, credit or byline found",
    }
    return Outlet.model_validate(result), clues
