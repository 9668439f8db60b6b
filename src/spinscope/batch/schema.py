"""The relational schema of a batch store (SQLite or PostgreSQL through SQLAlchemy 2 + psycopg 3) and its
numbered migrations.

`articles` holds one row per input article with its metadata, its status (`done`, `failed` with the error, or
`skipped` with the reason a file was not read) and the full `Analysis` JSON, so nothing is lost when a layer's
table lags behind the `Analysis` model. The layer tables (`entities`, `tone`, `actor_tone`, `techniques`,
`quotes`, `voices`, `claims`, `claim_quantities`, `outlets`, `outlet_ratings`) are keyed by article id and filled
by the extractors in `rows.py`.

Versioned: `MIGRATIONS` lists numbered steps, `migrate` applies the pending ones in a transaction each and records
them in `spinscope_schema`; a database from a newer spinscope is refused rather than corrupted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..ingest import InputError
from .rows import EXTRACTORS

SCHEMA_VERSION = 4


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
persuasion = sa.Table(
    "persuasion",
    metadata,
    _article_fk(),
    sa.Column("index", sa.Float, comment="the article's persuasion index, 0-1"),
    sa.Column("percentile", sa.Float, comment="against the reference wire reports, 0-100"),
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
outlet_ratings = sa.Table(
    "outlet_ratings",
    metadata,
    _article_fk(),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("outlet", sa.Text, comment="the rated outlet's name as identified"),
    sa.Column("role", sa.String(16), comment="publisher or agency"),
    sa.Column("source_id", sa.String(64), comment="short id of the rating table (data/ratings_sources.json)"),
    sa.Column("source", sa.Text, comment="who rated, and where the rating was taken from"),
    sa.Column("rates", sa.String(16), comment="domain or outlet"),
    sa.Column("subject", sa.String(300), comment="the rated domain or outlet"),
    sa.Column("factual_reporting", sa.String(64)),
    sa.Column("bias", sa.String(64)),
    sa.Column("reliability", sa.String(64)),
    sa.Column("credibility", sa.String(64)),
    sa.Column("label_source", sa.Text),
)
LAYER_TABLES: dict[str, sa.Table] = {
    table.name: table
    for table in (
        entities,
        tone,
        actor_tone,
        techniques,
        persuasion,
        quotes,
        voices,
        claims,
        claim_quantities,
        outlets,
        outlet_ratings,
    )
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


def _add_ratings(conn: Connection) -> None:
    """Create `outlet_ratings` and fill it from the Analysis JSON of the articles already stored."""
    import pydantic

    from ..analysis import Analysis
    from .rows import outlet_rating_rows

    metadata.create_all(conn, tables=[outlet_ratings])
    query = sa.select(articles.c.id, articles.c.analysis).where(
        articles.c.status == "done", articles.c.analysis.is_not(None)
    )
    batch: list[dict[str, Any]] = []
    for article_id, text in conn.execute(query):
        try:
            analysis = Analysis.model_validate_json(text)
        except pydantic.ValidationError:  # written by another spinscope version: left without ratings rows
            continue
        batch.extend({"article_id": article_id, **row} for row in outlet_rating_rows(analysis))
        if len(batch) >= 1000:
            conn.execute(outlet_ratings.insert(), batch)
            batch = []
    if batch:
        conn.execute(outlet_ratings.insert(), batch)


def _add_persuasion(conn: Connection) -> None:
    """Create `persuasion` and fill it from the Analysis JSON of the articles already stored (those analysed
    before the index existed have none and get no row)."""
    metadata.create_all(conn, tables=[persuasion])
    query = sa.select(articles.c.id, articles.c.analysis).where(
        articles.c.status == "done", articles.c.analysis.is_not(None)
    )
    batch = []
    for article_id, text in conn.execute(query):
        found = (json.loads(text) or {}).get("persuasion")
        if found:
            batch.append(
                {"article_id": article_id, "index": found["index"], "percentile": found["percentile"]}
            )
    if batch:
        conn.execute(persuasion.insert(), batch)


MIGRATIONS = [
    Migration(
        1, "articles with the full Analysis JSON; entities and tone", _create(articles, entities, tone)
    ),
    Migration(
        2,
        "techniques, quotes, voices, claims with normalised quantities, outlets, actor tone",
        _create(techniques, quotes, voices, claims, claim_quantities, outlets, actor_tone),
    ),
    Migration(
        3, "outlet ratings, one row per published rating with its source", lambda conn: _add_ratings(conn)
    ),
    Migration(4, "the article-level persuasion index", lambda conn: _add_persuasion(conn)),
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


def sql_target(target: str) -> str:
    """A bare `.db` path means SQLite."""
    return target if "://" in target else f"sqlite:///{target}"
