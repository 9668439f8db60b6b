"""Where batch results go: one relational schema (SQLite or PostgreSQL through SQLAlchemy 2 + psycopg 3), or a
single Parquet / JSONL file.

Every article is one row of `articles` with its metadata, its status (`done` or `failed` + the error) and the
full `Analysis` JSON, so nothing is lost when a layer's table lags behind the `Analysis` model. Each layer also
gets flat tables (`entities`, `tone`, `actor_tone`, `techniques`, `quotes`, `voices`, `claims`,
`claim_quantities`, `outlets`) keyed by article id, filled by small per-layer row extractors (`EXTRACTORS`) that
read the Analysis as plain JSON and tolerate a layer being null or absent. Rows are extracted where the article
was analysed (a Dask worker, say); the store only inserts them.

Crash safety: `Store.write` writes a chunk of articles, their layer rows included, in one transaction, and
`Store.existing` tells which ids are already stored, so a run killed at any moment (even with SIGKILL) and
rerun stores every article exactly once, never half. The file targets get the same guarantee by appending
fsync'ed JSON lines and dropping a torn last line on reopen; a Parquet file is rewritten atomically at the end
of a run from that journal.

The schema is versioned: `MIGRATIONS` lists numbered steps, `migrate` applies the pending ones in a transaction
and records them in `spinscope_schema`; a database from a newer spinscope is refused rather than corrupted.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..ingest import InputError, parse_iso_date

SCHEMA_VERSION = 2
Row = dict[str, Any]
Rows = dict[str, list[Row]]


# ---- results as they travel from a worker to a store ---------------------------------------------------------------
@dataclass
class ArticleResult:
    """One analysed (or failed) article: its `articles` row, its layer rows, and the Analysis JSON.

    Built where the article was analysed, so it only holds picklable plain values (Dask ships it)."""

    id: str
    status: str  # "done" | "failed"
    article: Row
    rows: Rows = field(default_factory=dict)
    analysis_json: str | None = None
    error: str | None = None


def outlet_of(
    analysis: dict[str, Any] | None, given: str | None = None, url: str | None = None
) -> str | None:
    """The outlet an article is grouped under: the one the input names, else what the outlet layer found, else
    the site name in the page's metadata, else the host of its URL."""
    if given:
        return given
    if analysis:
        outlet = analysis.get("outlet")
        if isinstance(outlet, dict):
            name = outlet.get("name") or outlet.get("domain")
            if name:
                return str(name)
        meta = analysis.get("meta") or {}
        if meta.get("site_name"):
            return str(meta["site_name"])
        url = url or meta.get("url")
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def article_row(
    article_id: str,
    analysis: dict[str, Any] | None,
    *,
    status: str,
    error: str | None = None,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: Any = None,
    seconds: float | None = None,
    analysis_json: str | None = None,
) -> Row:
    meta = (analysis or {}).get("meta") or {}
    pub = parse_iso_date(published) or parse_iso_date(meta.get("published"))
    return {
        "id": article_id,
        "status": status,
        "error": error,
        "source": meta.get("source") or source,
        "url": meta.get("url") or url,
        "title": (meta.get("title") or title or None),
        "outlet": outlet_of(analysis, outlet, meta.get("url") or url),
        "published": pub,
        "month": pub.strftime("%Y-%m") if pub else None,
        "language": meta.get("language"),
        "word_count": meta.get("word_count"),
        "char_count": meta.get("char_count"),
        "layers": ",".join((analysis or {}).get("layers") or []) or None,
        "spinscope_version": (analysis or {}).get("spinscope_version"),
        "analyzed_at": datetime.now(UTC),
        "seconds": round(seconds, 4) if seconds is not None else None,
        "analysis": analysis_json,
    }


# ---- per-layer row extractors: Analysis JSON -> flat rows ---------------------------------------------------------
Extractor = Callable[[dict[str, Any]], list[Row]]
# table name -> extractor; each returns [] when its layer is null/absent, so a partial Analysis never fails a row.
EXTRACTORS: dict[str, Extractor] = {}


def extracts(table: str) -> Callable[[Extractor], Extractor]:
    def register(func: Extractor) -> Extractor:
        EXTRACTORS[table] = func
        return func

    return register


def _first(item: Any, *keys: str) -> Any:
    """The first non-null value among `keys` of a dict (layers name things differently; take what is there)."""
    if not isinstance(item, dict):
        return None
    for key in keys:
        value = item.get(key)
        if value is not None:
            return value
    return None


def _name(value: Any) -> str | None:
    """A speaker/actor given as a string or as an object with a name or a text."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        found = _first(value, "name", "canonical", "text", "label")
        return str(found) if found is not None else None
    return str(value)


def _float(value: Any) -> float | None:
    try:
        return float(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    if isinstance(value, list):
        return len(value)
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def _bool(value: Any) -> bool | None:
    return bool(value) if value is not None else None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _list(analysis: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = analysis.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


@extracts("entities")
def entity_rows(analysis: dict[str, Any]) -> list[Row]:
    return [
        {
            "entity_id": str(item.get("id")),
            "name": item.get("name"),
            "label": item.get("label"),
            "mentions": len(item.get("mentions") or []),
        }
        for item in _list(analysis, "entities")
    ]


@extracts("tone")
def tone_rows(analysis: dict[str, Any]) -> list[Row]:
    tone = analysis.get("tone")
    document = tone.get("document") if isinstance(tone, dict) else None
    if not isinstance(document, dict):
        return []
    keys = ("positive", "negative", "polarity", "tone", "compound")
    return [{**{key: _float(document.get(key)) for key in keys}, "words": _int(document.get("words"))}]


@extracts("actor_tone")
def actor_tone_rows(analysis: dict[str, Any]) -> list[Row]:
    tone = analysis.get("tone")
    actors = tone.get("actors") if isinstance(tone, dict) else None
    return [
        {
            "idx": idx,
            "entity_id": _first(actor, "entity_id", "id"),
            "name": _name(_first(actor, "name", "entity")),
            "entity_label": actor.get("entity_label"),
            "label": actor.get("label"),
            "score": _float(actor.get("score")),
            "mentions": _int(actor.get("mentions")),
            "own_voice": _float(actor.get("own_voice")),
            "quoted_voice": _float(actor.get("quoted_voice")),
            "own_clauses": _int(actor.get("own_clauses")),
            "quoted_clauses": _int(actor.get("quoted_clauses")),
        }
        for idx, actor in enumerate(actors if isinstance(actors, list) else [])
        if isinstance(actor, dict)
    ]


@extracts("techniques")
def technique_rows(analysis: dict[str, Any]) -> list[Row]:
    return [
        {
            "idx": idx,
            "start": _int(item.get("start")),
            "end": _int(item.get("end")),
            "text": item.get("text"),
            "technique": _first(item, "technique", "label"),
            "family": item.get("family"),
            "score": _float(item.get("score")),
            "in_quote": _bool(item.get("in_quote")),
            "speaker": _name(item.get("speaker")),
        }
        for idx, item in enumerate(_list(analysis, "techniques"))
    ]


ANONYMOUS_TYPES = {"anonymous"}


def _speaker_type(item: dict[str, Any]) -> str | None:
    value = _first(item, "speaker_type", "type")
    return str(value) if value is not None else None


def _anonymous(item: dict[str, Any]) -> bool | None:
    kind = _speaker_type(item)
    return kind in ANONYMOUS_TYPES if kind is not None else None


@extracts("quotes")
def quote_rows(analysis: dict[str, Any]) -> list[Row]:
    return [
        {
            "idx": idx,
            "start": _int(item.get("start")),
            "end": _int(item.get("end")),
            "text": item.get("text"),
            "kind": item.get("kind"),
            "speaker": item.get("speaker_name") or _name(item.get("speaker")),
            "speaker_type": _speaker_type(item),
            "anonymous": _anonymous(item),
            "affiliation": item.get("affiliation"),
            "voice_id": item.get("voice_id"),
            "score": _float(item.get("score")),
        }
        for idx, item in enumerate(_list(analysis, "quotes"))
    ]


@extracts("voices")
def voice_rows(analysis: dict[str, Any]) -> list[Row]:
    sourcing = analysis.get("sourcing")
    voices = sourcing.get("voices") if isinstance(sourcing, dict) else None
    return [
        {
            "idx": idx,
            "voice_id": voice.get("id"),
            "name": _name(voice.get("name")),
            "speaker_type": _speaker_type(voice),
            "anonymous": _anonymous(voice),
            "affiliation": voice.get("affiliation"),
            "entity_id": voice.get("entity_id"),
            "quotes": _int(voice.get("quotes")),
            "direct": _int(voice.get("direct")),
            "indirect": _int(voice.get("indirect")),
            "mixed": _int(voice.get("mixed")),
            "words": _int(voice.get("words")),
            "share": _float(voice.get("share")),
        }
        for idx, voice in enumerate(voices if isinstance(voices, list) else [])
        if isinstance(voice, dict)
    ]


def _quantities(claim: dict[str, Any]) -> list[dict[str, Any]]:
    found = claim.get("quantities")
    return [q for q in found if isinstance(q, dict)] if isinstance(found, list) else []


@extracts("claims")
def claim_rows(analysis: dict[str, Any]) -> list[Row]:
    return [
        {
            "idx": idx,
            "start": _int(item.get("start")),
            "end": _int(item.get("end")),
            "text": item.get("text"),
            "score": _float(_first(item, "score", "checkworthiness")),
            "kind": item.get("kind"),
            "in_quote": _bool(item.get("in_quote")),
            "speaker": _name(item.get("speaker")),
            "quantities": len(_quantities(item)),
        }
        for idx, item in enumerate(_list(analysis, "claims"))
    ]


def normalised(quantity: dict[str, Any]) -> str | None:
    """One comparable string per quantity: ISO 8601 for dates, times and durations; "9000000000 USD" for
    money; "15 percent", "3 teams" for the rest."""
    if quantity.get("iso"):
        return str(quantity["iso"])
    value = _float(quantity.get("value"))
    if value is None:
        return None
    number = f"{value:.15g}"
    high = _float(quantity.get("value_max"))
    if high is not None and high != value:
        number += f"-{high:.15g}"
    unit = quantity.get("currency") or quantity.get("unit")
    return f"{number} {unit}" if unit else number


@extracts("claim_quantities")
def claim_quantity_rows(analysis: dict[str, Any]) -> list[Row]:
    return [
        {
            "claim_idx": claim_idx,
            "idx": idx,
            "start": _int(quantity.get("start")),
            "end": _int(quantity.get("end")),
            "text": quantity.get("text"),
            "type": _first(quantity, "type", "kind"),
            "value": _float(quantity.get("value")),
            "value_max": _float(quantity.get("value_max")),
            "unit": quantity.get("unit"),
            "currency": quantity.get("currency"),
            "iso": quantity.get("iso"),
            "relative": _bool(quantity.get("relative")),
            "normalized": normalised(quantity),
        }
        for claim_idx, item in enumerate(_list(analysis, "claims"))
        for idx, quantity in enumerate(_quantities(item))
    ]


@extracts("outlets")
def outlet_rows(analysis: dict[str, Any]) -> list[Row]:
    """One row per article: the publisher as identified (first of `outlet.outlets`), the agencies it credits,
    and the first published rating of the publisher that gives factual reporting / bias / reliability."""
    outlet = analysis.get("outlet")
    if not isinstance(outlet, dict):
        return []
    found = [item for item in outlet.get("outlets") or [] if isinstance(item, dict)]
    publisher = next((item for item in found if item.get("role") == "publisher"), {})
    ratings = [r for r in publisher.get("ratings") or [] if isinstance(r, dict)]

    def rated(key: str) -> Any:
        return next((r[key] for r in ratings if r.get(key)), None)

    domains = publisher.get("domains") or []
    return [
        {
            "name": outlet.get("name"),
            "country": outlet.get("country") or publisher.get("country"),
            "outlet_id": publisher.get("id"),
            "kind": publisher.get("kind"),
            "domain": domains[0] if domains else None,
            "owner": publisher.get("owner"),
            "state_affiliation": publisher.get("state_affiliation"),
            "agencies": ", ".join(str(i.get("name")) for i in found if i.get("role") == "agency") or None,
            "ratings": len(ratings),
            "factual_reporting": rated("factual_reporting"),
            "bias": rated("bias"),
            "reliability": rated("reliability"),
        }
    ]


def extract_rows(article_id: str, analysis: dict[str, Any]) -> Rows:
    """Rows of every layer table for one Analysis, each keyed by `article_id`; absent layers give no rows."""
    rows: Rows = {}
    for table, extractor in EXTRACTORS.items():
        found = extractor(analysis)
        if found:
            rows[table] = [{"article_id": article_id, **row} for row in found]
    return rows


# ---- the relational schema --------------------------------------------------------------------------------------
metadata = sa.MetaData()
ID = sa.String(512)


def _article_fk() -> sa.Column[Any]:
    return sa.Column("article_id", ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("error", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.String(300), index=True),
    sa.Column("published", sa.Date),
    sa.Column("month", sa.String(7), index=True),
    sa.Column("language", sa.String(16)),
    sa.Column("word_count", sa.Integer),
    sa.Column("char_count", sa.Integer),
    sa.Column("layers", sa.String(300)),
    sa.Column("spinscope_version", sa.String(32)),
    sa.Column("analyzed_at", sa.DateTime(timezone=True)),
    sa.Column("seconds", sa.Float),
    sa.Column("analysis", sa.Text, comment="the full Analysis JSON (null for failed rows)"),
)
entities = sa.Table(
    "entities",
    metadata,
    _article_fk(),
    sa.Column("entity_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text),
    sa.Column("label", sa.String(32)),
    sa.Column("mentions", sa.Integer),
)
tone = sa.Table(
    "tone",
    metadata,
    _article_fk(),
    *(sa.Column(name, sa.Float) for name in ("positive", "negative", "polarity", "tone", "compound")),
    sa.Column("words", sa.Integer),
)
actor_tone = sa.Table(
    "actor_tone",
    metadata,
    _article_fk(),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("entity_id", sa.String(64)),
    sa.Column("name", sa.Text),
    sa.Column("entity_label", sa.String(16)),
    sa.Column("label", sa.String(16), comment="negative, neutral or positive"),
    sa.Column("score", sa.Float),
    sa.Column("mentions", sa.Integer),
    sa.Column("own_voice", sa.Float),
    sa.Column("quoted_voice", sa.Float),
    sa.Column("own_clauses", sa.Integer),
    sa.Column("quoted_clauses", sa.Integer),
)
techniques = sa.Table(
    "techniques",
    metadata,
    _article_fk(),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("text", sa.Text),
    sa.Column("technique", sa.String(64), index=True),
    sa.Column("family", sa.String(64)),
    sa.Column("score", sa.Float),
    sa.Column("in_quote", sa.Boolean),
    sa.Column("speaker", sa.Text),
)
quotes = sa.Table(
    "quotes",
    metadata,
    _article_fk(),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("text", sa.Text),
    sa.Column("kind", sa.String(16), comment="direct, indirect or mixed"),
    sa.Column("speaker", sa.Text),
    sa.Column("speaker_type", sa.String(32)),
    sa.Column("anonymous", sa.Boolean),
    sa.Column("affiliation", sa.Text),
    sa.Column("voice_id", sa.String(64)),
    sa.Column("score", sa.Float),
)
voices = sa.Table(
    "voices",
    metadata,
    _article_fk(),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("voice_id", sa.String(64)),
    sa.Column("name", sa.Text),
    sa.Column("speaker_type", sa.String(32)),
    sa.Column("anonymous", sa.Boolean),
    sa.Column("affiliation", sa.Text),
    sa.Column("entity_id", sa.String(64)),
    sa.Column("quotes", sa.Integer),
    sa.Column("direct", sa.Integer),
    sa.Column("indirect", sa.Integer),
    sa.Column("mixed", sa.Integer),
    sa.Column("words", sa.Integer),
    sa.Column("share", sa.Float),
)
claims = sa.Table(
    "claims",
    metadata,
    _article_fk(),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("text", sa.Text),
    sa.Column("score", sa.Float, comment="probability that the claim is check-worthy"),
    sa.Column("kind", sa.String(32)),
    sa.Column("in_quote", sa.Boolean),
    sa.Column("speaker", sa.Text),
    sa.Column("quantities", sa.Integer),
)
claim_quantities = sa.Table(
    "claim_quantities",
    metadata,
    _article_fk(),
    sa.Column("claim_idx", sa.Integer, primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("text", sa.Text),
    sa.Column("type", sa.String(16)),
    sa.Column("value", sa.Float),
    sa.Column("value_max", sa.Float),
    sa.Column("unit", sa.String(64)),
    sa.Column("currency", sa.String(8)),
    sa.Column("iso", sa.String(64)),
    sa.Column("relative", sa.Boolean),
    sa.Column("normalized", sa.Text, comment="ISO 8601, or value + currency/unit"),
)
outlets = sa.Table(
    "outlets",
    metadata,
    _article_fk(),
    sa.Column("name", sa.Text),
    sa.Column("country", sa.String(64)),
    sa.Column("outlet_id", sa.String(64)),
    sa.Column("kind", sa.String(16)),
    sa.Column("domain", sa.String(300)),
    sa.Column("owner", sa.Text),
    sa.Column("state_affiliation", sa.Text),
    sa.Column("agencies", sa.Text),
    sa.Column("ratings", sa.Integer),
    sa.Column("factual_reporting", sa.String(64)),
    sa.Column("bias", sa.String(64)),
    sa.Column("reliability", sa.String(64)),
)
schema_versions = sa.Table(
    "spinscope_schema",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)
LAYER_TABLES: dict[str, sa.Table] = {
    table.name: table
    for table in (entities, tone, actor_tone, techniques, quotes, voices, claims, claim_quantities, outlets)
}
assert set(LAYER_TABLES) == set(EXTRACTORS), "every extractor needs a table and every table an extractor"


@dataclass(frozen=True)
class Migration:
    """One numbered schema step. Steps run in order, each in the transaction that records it. A step that
    creates a table uses the table's current definition, so a later step that alters an existing table must
    check what is there (a fresh database gets the table already altered)."""

    version: int
    description: str
    apply: Callable[[Connection], None]


def _create(*tables: sa.Table) -> Callable[[Connection], None]:
    return lambda conn: metadata.create_all(conn, tables=list(tables))


MIGRATIONS = [
    Migration(
        1, "articles with the full Analysis JSON; entities and tone", _create(articles, entities, tone)
    ),
    Migration(
        2,
        "techniques, quotes, voices, claims with normalised quantities, outlets, actor tone",
        _create(techniques, quotes, voices, claims, claim_quantities, outlets, actor_tone),
    ),
]
assert MIGRATIONS[-1].version == SCHEMA_VERSION


def schema_version(conn: Connection) -> int:
    if not sa.inspect(conn).has_table(schema_versions.name):
        return 0
    return int(conn.execute(sa.select(sa.func.max(schema_versions.c.version))).scalar() or 0)


def migrate(engine: Engine, *, target: int = SCHEMA_VERSION) -> list[int]:
    """Bring the database to schema `target`; returns the versions applied. Refuses a newer database."""
    applied: list[int] = []
    with engine.begin() as conn:
        schema_versions.create(conn, checkfirst=True)
        current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise InputError(
            f"the database has schema version {current}, newer than this spinscope knows ({SCHEMA_VERSION}); "
            "upgrade spinscope"
        )
    for step in MIGRATIONS:
        if current < step.version <= target:
            with engine.begin() as conn:
                if schema_version(conn) >= step.version:  # another process migrated meanwhile
                    continue
                step.apply(conn)
                conn.execute(
                    schema_versions.insert().values(
                        version=step.version, description=step.description, applied_at=datetime.now(UTC)
                    )
                )
            applied.append(step.version)
    return applied


# ---- stores -----------------------------------------------------------------------------------------------------
class Store(Protocol):
    """Where a batch writes: `existing` says what to skip, `write` stores one chunk atomically."""

    description: str

    def existing(self, ids: Sequence[str]) -> set[str]: ...

    def write(self, results: Sequence[ArticleResult]) -> set[str]: ...

    def close(self) -> None: ...


def _sqlalchemy_url(target: str) -> sa.URL:
    if target.startswith("postgres://"):
        target = "postgresql://" + target.removeprefix("postgres://")
    url = sa.make_url(target)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url


def create_engine(target: str) -> Engine:
    """An engine for `sqlite:///path.db` or `postgresql://...` (psycopg 3), with SQLite set up for a single
    writer that survives being killed: WAL journal (a torn transaction is rolled back on open), foreign keys on."""
    url = _sqlalchemy_url(target)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:":
            folder = Path(database).expanduser().resolve().parent
            if not folder.is_dir():
                raise InputError(f"cannot create {database}: folder {folder} does not exist")
        engine = sa.create_engine(url, connect_args={"timeout": 60})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            if database and database != ":memory:":
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    if url.get_backend_name() == "postgresql":
        return sa.create_engine(url, pool_pre_ping=True)
    raise InputError(f"unsupported database {url.drivername!r}: use sqlite:///FILE or postgresql://...")


def describe(url: str | sa.URL) -> str:
    """A URL safe to print: the password masked, the driver name left out (as the user wrote it)."""
    parsed = sa.make_url(url)
    return parsed.set(drivername=parsed.get_backend_name()).render_as_string(hide_password=True)


class SqlStore:
    """SQLite or PostgreSQL through SQLAlchemy Core; one transaction per chunk."""

    def __init__(self, target: str, *, retry_failed: bool = False) -> None:
        self.engine = create_engine(target)
        self.description = describe(self.engine.url)
        self.retry_failed = retry_failed
        try:
            migrate(self.engine)
        except sa.exc.DatabaseError as err:  # not a database, or cannot open it
            self.engine.dispose()
            reason = str(err.orig).strip().splitlines()[0] if err.orig else str(err)
            raise InputError(f"cannot open {self.description}: {reason}") from err

    def existing(self, ids: Sequence[str]) -> set[str]:
        """Which of `ids` are stored already (done, and failed unless failed ones are being retried)."""
        if not ids:
            return set()
        query = sa.select(articles.c.id).where(articles.c.id.in_(list(ids)))
        if self.retry_failed:
            query = query.where(articles.c.status == "done")
        with self.engine.connect() as conn:
            return set(conn.execute(query).scalars())

    def write(self, results: Sequence[ArticleResult]) -> set[str]:
        """Store a chunk in one transaction; ids stored meanwhile (a duplicate in the input, a concurrent run)
        are left alone. Returns the ids written."""
        if not results:
            return set()
        unique: dict[str, ArticleResult] = {}
        for result in results:
            unique.setdefault(result.id, result)
        with self.engine.begin() as conn:
            ids = list(unique)
            if self.retry_failed:
                conn.execute(articles.delete().where(articles.c.id.in_(ids), articles.c.status == "failed"))
            present = set(conn.execute(sa.select(articles.c.id).where(articles.c.id.in_(ids))).scalars())
            fresh = [result for key, result in unique.items() if key not in present]
            if not fresh:
                return set()
            conn.execute(articles.insert(), [result.article for result in fresh])
            by_table: dict[str, list[Row]] = {}
            for result in fresh:
                for table, rows in result.rows.items():
                    by_table.setdefault(table, []).extend(rows)
            for table, rows in by_table.items():
                if table in LAYER_TABLES and rows:
                    conn.execute(LAYER_TABLES[table].insert(), rows)
        return {result.id for result in fresh}

    def close(self) -> None:
        self.engine.dispose()


def _jsonable(row: Row) -> Row:
    return {
        key: value.isoformat() if isinstance(value, date | datetime) else value
        for key, value in row.items()
        if key != "analysis"
    }


def result_line(result: ArticleResult) -> str:
    """One JSONL line: the `articles` columns plus the Analysis as an object (null for a failed article)."""
    row = _jsonable(result.article)
    analysis = result.analysis_json if result.analysis_json is not None else "null"
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))[:-1] + f',"analysis":{analysis}}}'


def is_stored_row(row: Any) -> bool:
    """A line of a JSONL target as `result_line` writes it (as opposed to an input article or anything else)."""
    return isinstance(row, dict) and {"id", "status", "analysis"} <= row.keys()


class JsonlStore:
    """A JSONL file, one article per line, appended and fsync'ed per chunk. Reopening drops a torn last line
    (the only damage a kill can do to an append), so every article is in the file once, whole."""

    def __init__(self, path: str | Path, *, retry_failed: bool = False) -> None:
        self.path = Path(path)
        self.description = str(self.path)
        if retry_failed:
            raise InputError("--retry-failed needs a database target (sqlite:/// or postgresql://)")
        if not self.path.parent.is_dir():
            raise InputError(f"cannot write {self.path}: folder {self.path.parent} does not exist")
        self.done: set[str] = set()
        if self.path.exists():
            self._recover()
        self.handle = self.path.open("ab")

    def _recover(self) -> None:
        """Read the ids already stored. Only a last line without its newline (torn by a kill) is cut off; any
        other line that is not a spinscope result means this is somebody else's file, which is left alone."""
        good = 0
        with self.path.open("rb") as handle:
            for number, line in enumerate(handle, 1):
                if not line.endswith(b"\n"):
                    break
                try:
                    row = json.loads(line)
                    if not is_stored_row(row):
                        raise ValueError
                except ValueError:
                    raise InputError(
                        f"{self.path} is not a spinscope results file (line {number} is not a stored "
                        "article); choose another --out file"
                    ) from None
                self.done.add(str(row["id"]))
                good += len(line)
        if good != self.path.stat().st_size:
            with self.path.open("r+b") as handle:
                handle.truncate(good)

    def existing(self, ids: Sequence[str]) -> set[str]:
        return {key for key in ids if key in self.done}

    def write(self, results: Sequence[ArticleResult]) -> set[str]:
        fresh = []
        for result in results:
            if result.id not in self.done:
                self.done.add(result.id)
                fresh.append(result)
        if fresh:
            self.handle.write("".join(result_line(r) + "\n" for r in fresh).encode("utf-8"))
            self.handle.flush()
            os.fsync(self.handle.fileno())
        return {result.id for result in fresh}

    def close(self) -> None:
        self.handle.close()


def read_jsonl(path: str | Path) -> Iterator[Row]:
    """The lines of a JSONL target as dicts (`analysis` an object or None); a torn last line is ignored."""
    with Path(path).open("rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                return
            yield json.loads(line)


def _parquet_schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("id", pa.string()),
            ("status", pa.string()),
            ("error", pa.string()),
            ("source", pa.string()),
            ("url", pa.string()),
            ("title", pa.string()),
            ("outlet", pa.string()),
            ("published", pa.date32()),
            ("month", pa.string()),
            ("language", pa.string()),
            ("word_count", pa.int64()),
            ("char_count", pa.int64()),
            ("layers", pa.string()),
            ("spinscope_version", pa.string()),
            ("analyzed_at", pa.timestamp("us", tz="UTC")),
            ("seconds", pa.float64()),
            ("analysis", pa.string()),
        ]
    )


class ParquetStore:
    """A Parquet file, one row per article (`analysis` holds the Analysis JSON). Parquet cannot be appended to,
    so results go to a crash-safe journal (`FILE.journal.jsonl`, a `JsonlStore`) during the run, and `close`
    rewrites the Parquet file atomically (old rows + journal, row group by row group) and removes the journal.
    A run killed mid-way leaves the old file intact and the journal, which the rerun picks up."""

    ROW_GROUP = 1000

    def __init__(self, path: str | Path, *, retry_failed: bool = False) -> None:
        import pyarrow.parquet as pq

        self.path = Path(path)
        self.description = str(self.path)
        if retry_failed:
            raise InputError("--retry-failed needs a database target (sqlite:/// or postgresql://)")
        self.stored: set[str] = set()
        if self.path.exists():  # checked before the journal is created, so a refusal leaves nothing behind
            try:
                ids = pq.read_table(self.path, columns=["id"]).column("id").to_pylist()
            except Exception as err:
                raise InputError(f"{self.path} is not a spinscope Parquet file: {err}") from err
            self.stored = {str(key) for key in ids}
        self.journal = JsonlStore(self.path.with_name(self.path.name + ".journal.jsonl"))

    def existing(self, ids: Sequence[str]) -> set[str]:
        return {key for key in ids if key in self.stored} | self.journal.existing(ids)

    def write(self, results: Sequence[ArticleResult]) -> set[str]:
        return self.journal.write([r for r in results if r.id not in self.stored])

    def close(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.journal.close()
        if not self.journal.done and self.path.exists():
            self.journal.path.unlink(missing_ok=True)
            return
        schema = _parquet_schema()
        tmp = self.path.with_name(self.path.name + ".tmp")
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            if self.path.exists():
                old = pq.ParquetFile(self.path)
                for group in range(old.num_row_groups):
                    writer.write_table(old.read_row_group(group).cast(schema))
            batch: list[Row] = []
            for line in read_jsonl(self.journal.path):
                analysis = line.pop("analysis", None)
                line["analysis"] = _json(analysis) if analysis is not None else None
                line["published"] = parse_iso_date(line.get("published"))
                stamp = line.get("analyzed_at")
                line["analyzed_at"] = datetime.fromisoformat(stamp) if stamp else None
                batch.append(line)
                if len(batch) >= self.ROW_GROUP:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    batch = []
            if batch:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        os.replace(tmp, self.path)
        self.journal.path.unlink(missing_ok=True)


def read_parquet(path: str | Path) -> Iterator[Row]:
    """The rows of a Parquet target as dicts (`analysis` parsed), row group by row group."""
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(path)
    for batch in handle.iter_batches(batch_size=500):
        for row in batch.to_pylist():
            row["analysis"] = json.loads(row["analysis"]) if row.get("analysis") else None
            yield row


def target_kind(target: str) -> str:
    """`sql`, `jsonl` or `parquet` for an --out value; anything else is a usage error."""
    lowered = target.lower()
    if "://" in target:
        scheme = lowered.split("://", 1)[0]
        if scheme.startswith(("sqlite", "postgresql", "postgres")):
            return "sql"
        raise InputError(
            f"unsupported target {target!r}: use sqlite:///FILE.db, postgresql://..., .parquet or .jsonl"
        )
    if lowered.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lowered.endswith(".parquet"):
        return "parquet"
    if lowered.endswith((".db", ".sqlite", ".sqlite3")):
        return "sql"
    raise InputError(
        f"cannot tell what kind of target {target!r} is: use sqlite:///FILE.db, postgresql://USER@HOST/DB, "
        "FILE.parquet or FILE.jsonl"
    )


def sql_target(target: str) -> str:
    """A bare `.db` path means SQLite."""
    return target if "://" in target else f"sqlite:///{target}"


def open_store(target: str, *, retry_failed: bool = False) -> Store:
    kind = target_kind(target)
    if kind == "jsonl":
        return JsonlStore(target, retry_failed=retry_failed)
    if kind == "parquet":
        return ParquetStore(target, retry_failed=retry_failed)
    return SqlStore(sql_target(target), retry_failed=retry_failed)


def iter_saved(target: str) -> Iterator[Row]:
    """Every stored article of a file target as a dict with its `analysis` (for stats and exports)."""
    kind = target_kind(target)
    path = Path(target)
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if kind == "jsonl":
        try:
            for number, row in enumerate(read_jsonl(path), 1):
                if not is_stored_row(row):
                    raise ValueError(f"line {number} is not a stored article")
                yield row
        except ValueError as err:  # includes JSON syntax errors
            raise InputError(f"{path} is not a spinscope results file ({err})") from None
    elif kind == "parquet":
        try:
            yield from read_parquet(path)
        except (OSError, ValueError) as err:  # pyarrow's ArrowInvalid is a ValueError
            raise InputError(f"{path} is not a spinscope Parquet file: {err}") from None
    else:
        raise InputError(f"{target} is a database, not a file")


def load_rows(engine: Engine, saved: Iterable[Row], *, chunk: int = 500) -> int:
    """Fill a (fresh) database from saved article dicts by re-running the row extractors: how statistics read
    a Parquet or JSONL target with the same SQL as a database."""
    migrate(engine)
    count = 0
    batch: list[ArticleResult] = []

    def flush() -> None:
        with engine.begin() as conn:
            conn.execute(articles.insert(), [r.article for r in batch])
            by_table: dict[str, list[Row]] = {}
            for result in batch:
                for table, rows in result.rows.items():
                    by_table.setdefault(table, []).extend(rows)
            for table, rows in by_table.items():
                conn.execute(LAYER_TABLES[table].insert(), rows)

    seen: set[str] = set()
    for line in saved:
        key = str(line["id"])
        if key in seen:
            continue
        seen.add(key)
        analysis = line.get("analysis")
        row = {column.name: line.get(column.name) for column in articles.columns}
        row["published"] = parse_iso_date(row.get("published"))
        stamp = row.get("analyzed_at")
        row["analyzed_at"] = datetime.fromisoformat(stamp) if isinstance(stamp, str) else stamp
        row["analysis"] = None
        rows = extract_rows(key, analysis) if isinstance(analysis, dict) else {}
        batch.append(ArticleResult(id=key, status=str(row["status"]), article=row, rows=rows))
        count += 1
        if len(batch) >= chunk:
            flush()
            batch = []
    if batch:
        flush()
    return count
