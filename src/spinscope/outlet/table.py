"""The curated outlet table and the derived ratings table, loaded once and indexed for lookup.

Both tables ship inside the package (`spinscope/data/`), so lookups work offline. Nothing here guesses: a domain
or name that is in neither table gives no profile and no rating, and callers say so.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

FACTS = ("name", "codes", "domains", "country", "owner", "state_affiliation")
RATING_FIELDS = (
    "factual_reporting",
    "bias",
    "press_freedom",
    "credibility",
    "country",
    "media_type",
    "reliability",
    "label_source",
)


@dataclass(frozen=True)
class OutletRecord:
    """One row of `data/outlets.json`; `references[fact]` is the source supporting that fact."""

    id: str
    name: str
    kind: str  # "agency" or "outlet"
    codes: tuple[str, ...]
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    country: str | None
    owner: str | None
    state_affiliation: str | None
    references: dict[str, str] = field(hash=False, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """Every way the text may name it: full name, aliases, codes (longest first)."""
        return tuple(sorted({self.name, *self.aliases, *self.codes}, key=len, reverse=True))


@dataclass(frozen=True)
class RatingRecord:
    domain: str
    source: str
    values: dict[str, str] = field(hash=False, compare=False)
    reference: str | None = None


def _fold(text: str) -> str:
    """Case- and accent-insensitive key: "Agência Brasil" and "agencia brasil" meet."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def normalise_domain(value: str) -> str:
    """A host from a URL or a bare domain: `https://www.presstv.ir/Detail/1` -> `presstv.ir`."""
    value = value.strip().lower()
    if "://" not in value:
        value = "//" + value
    try:
        host = urlsplit(value).hostname or ""
    except ValueError:  # e.g. an unbalanced "[" (IPv6 syntax): not a domain we can know
        return ""
    return host.removeprefix("www.").strip(".")


def parent_domains(domain: str) -> list[str]:
    """`en.irna.ir` -> [`en.irna.ir`, `irna.ir`]: a subdomain belongs to its site (never down to a bare TLD)."""
    parts = domain.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)] or [domain]


@lru_cache(maxsize=1)
def outlets() -> tuple[OutletRecord, ...]:
    raw = json.loads(resources.files("spinscope.data").joinpath("outlets.json").read_text("utf-8"))
    records = []
    for item in raw["outlets"]:
        refs = {fact: item["reference"] for fact in FACTS}
        refs.update(item.get("references", {}))
        records.append(
            OutletRecord(
                id=item["id"],
                name=item["name"],
                kind=item["kind"],
                codes=tuple(item.get("codes", [])),
                aliases=tuple(item.get("aliases", [])),
                domains=tuple(item.get("domains", [])),
                country=item.get("country"),
                owner=item.get("owner"),
                state_affiliation=item.get("state_affiliation"),
                references=refs,
            )
        )
    return tuple(records)


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, OutletRecord], dict[str, OutletRecord], dict[str, OutletRecord]]:
    by_id = {rec.id: rec for rec in outlets()}
    by_domain: dict[str, OutletRecord] = {}
    by_name: dict[str, OutletRecord] = {}
    for rec in outlets():
        for domain in rec.domains:
            by_domain.setdefault(domain, rec)
        for name in (rec.name, *rec.aliases, *rec.codes, rec.id):
            by_name.setdefault(_fold(name), rec)
    return by_id, by_domain, by_name


def by_id(outlet_id: str) -> OutletRecord:
    return _indexes()[0][outlet_id]


def find_by_domain(domain: str) -> OutletRecord | None:
    index = _indexes()[1]
    for candidate in parent_domains(normalise_domain(domain)):
        if candidate in index:
            return index[candidate]
    return None


def find_by_name(name: str) -> OutletRecord | None:
    return _indexes()[2].get(_fold(name))


@lru_cache(maxsize=1)
def rating_sources() -> dict[str, dict[str, str]]:
    raw = json.loads(resources.files("spinscope.data").joinpath("ratings_sources.json").read_text("utf-8"))
    return dict(raw["sources"])


@lru_cache(maxsize=1)
def _ratings() -> dict[str, tuple[RatingRecord, ...]]:
    data = resources.files("spinscope.data").joinpath("ratings.csv.gz").read_bytes()
    text = gzip.decompress(data).decode("utf-8")
    table: dict[str, list[RatingRecord]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        values = {key: row[key] for key in RATING_FIELDS if row.get(key)}
        table.setdefault(row["domain"], []).append(
            RatingRecord(row["domain"], row["source"], values, row.get("reference") or None)
        )
    return {domain: tuple(rows) for domain, rows in table.items()}


def ratings_for(domain: str) -> list[RatingRecord]:
    """Ratings of exactly this domain or, failing that, of its parent site (`en.irna.ir` -> `irna.ir`)."""
    table = _ratings()
    for candidate in parent_domains(normalise_domain(domain)):
        if candidate in table:
            return list(table[candidate])
    return []


def describe_rating(rating: RatingRecord) -> dict[str, Any]:
    """A rating as the `Analysis` shows it: values plus what it rates and who rated it."""
    info = rating_sources().get(rating.source, {})
    return {
        "source": info.get("name", rating.source),
        "source_id": rating.source,
        "rates": info.get("rates", "domain"),
        "subject": rating.domain,
        "licence": info.get("licence"),
        "reference": rating.reference or info.get("url"),
        **rating.values,
    }
