"""Statistics over a batch store: tables for the terminal, CSV, Markdown or one self-contained HTML page, and charts
as PNG (matplotlib).

What a media researcher asks of a corpus, computed over the store's flat tables (a Parquet or JSONL target is first
loaded into an in-memory SQLite with the same row extractors):
- the persuasion index (mean per article with its interval and the article count), by outlet or month: the
  article-level measure to compare outlets by;
- technique frequency per 1,000 words, by outlet, by month or per technique; words count only in articles where
  the techniques layer ran, so a partial run does not dilute the rate;
- the most frequent voices and their types (named, anonymous, group...);
- the share of anonymous voices per outlet (or month);
- check-worthy claims that rest on numbers, with their normalised quantities;
- tone per outlet (or month);
- the published ratings of the outlets, one row per rating, each naming its source.
Groups (outlets, months) are compared by article-level figures: the mean over the group's articles with a 95%
t interval of that mean and the article count, and a caution on groups of fewer than 10 articles, so one article
per outlet does not read like a finding. A section whose layer never ran says so instead of showing zeros.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import math
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ..ingest import InputError
from .schema import create_engine, describe, schema_version, sql_target
from .sql import load_rows
from .store import iter_saved, target_kind

GROUPINGS = ("outlet", "month", "technique")
FORMATS = ("terminal", "csv", "markdown", "html")
CHECKWORTHY = 0.5  # a claim is check-worthy when the claims model gives it at least this probability
FEW_ARTICLES = 10  # below this many articles a group's mean is flagged as too few to compare
PER_GROUP_TECHNIQUES = 5  # techniques shown per outlet/month in the per-technique comparison
INTERVAL_NOTE = (
    "mean over articles with its 95% t interval (clipped to the possible range); groups of fewer than 10 "
    "articles are marked: too few to compare"
)


@dataclass
class Table:
    """One statistic: a titled table, an optional note, how to chart it, and per row the article it is about
    (for links to that article's report), if it is about one."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    note: str | None = None
    chart: dict[str, Any] = field(default_factory=dict)  # kind + which columns to plot
    articles: list[str | None] = field(default_factory=list)  # article id per row, or empty


@dataclass(frozen=True)
class Interval:
    """The mean of per-article values with its 95% t interval (None below two articles)."""

    n: int
    mean: float
    low: float | None
    high: float | None


def mean_interval(values: Sequence[float], bounds: tuple[float, float] | None = None) -> Interval:
    """Mean and 95% t interval of the mean (Student's t with n - 1 degrees of freedom), clipped to `bounds`,
    the values' possible range (a rate is never below 0, a share never above 100%)."""
    n = len(values)
    if n == 0:
        return Interval(0, math.nan, None, None)
    mean = sum(values) / n
    if n < 2:
        return Interval(n, mean, None, None)
    from scipy import stats

    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
    low, high = mean - half, mean + half
    if bounds is not None:
        low, high = max(low, bounds[0]), min(high, bounds[1])
    return Interval(n, mean, low, high)


RATE = (0.0, math.inf)
SHARE = (0.0, 100.0)
TONE = (-100.0, 100.0)


def _interval_text(found: Interval, digits: int = 2) -> str:
    if found.low is None or found.high is None:
        return "n/a (one article)" if found.n == 1 else "n/a"
    return f"{found.low:.{digits}f} to {found.high:.{digits}f}"


def _caution(n: int) -> str:
    return f"only {n} article{'s' if n != 1 else ''}" if n < FEW_ARTICLES else ""


def open_engine(target: str) -> tuple[Engine, str]:
    """An engine over the store; file targets are loaded into an in-memory SQLite first."""
    kind = target_kind(target)
    if kind == "sql":
        url = sql_target(target)
        if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
            raise InputError(f"no such database: {url.removeprefix('sqlite:///')}")
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                version = schema_version(conn)
        except sa.exc.DatabaseError as err:  # not a database, or cannot open it
            engine.dispose()
            reason = str(err.orig).strip().splitlines()[0] if err.orig else str(err)
            raise InputError(f"cannot open {describe(engine.url)}: {reason}") from err
        if version == 0:
            raise InputError(f"{describe(engine.url)} is not a spinscope store (no spinscope_schema table)")
        if version < 3:  # opened read-only for statistics: bring an older store up to date first
            from .schema import migrate

            migrate(engine)
        return engine, describe(engine.url)
    engine = sa.create_engine("sqlite://")
    load_rows(engine, iter_saved(target))
    return engine, target


def _rows(engine: Engine, query: str, **params: Any) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(sa.text(query), params).all())


def _group_expr(by: str) -> str:
    return "COALESCE(a.month, '(no date)')" if by == "month" else "COALESCE(a.outlet, '(unknown)')"


def _order(groups: dict[str, Interval], by: str) -> list[str]:
    return sorted(groups) if by == "month" else sorted(groups, key=lambda k: (-groups[k].n, k))


def overview(engine: Engine) -> Table:
    (total, done, failed, skipped, words, outlets, first, last) = _rows(
        engine,
        "SELECT sum(CASE WHEN status != 'skipped' THEN 1 ELSE 0 END), "
        "sum(CASE WHEN status = 'done' THEN 1 ELSE 0 END), "
        "sum(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), sum(CASE WHEN status = 'skipped' THEN 1 ELSE 0 END), "
        "sum(word_count), count(DISTINCT CASE WHEN status = 'done' THEN outlet END), "
        "min(published), max(published) FROM articles",
    )[0]
    layers: set[str] = set()
    for (value,) in _rows(engine, "SELECT DISTINCT layers FROM articles WHERE layers IS NOT NULL"):
        layers.update(str(value).split(","))
    rows = [
        ["articles", f"{total or 0:,}"],
        ["analysed", f"{done or 0:,}"],
        ["failed", f"{failed or 0:,}"],
        ["files not read (not articles)", f"{skipped or 0:,}"],
        ["words", f"{words or 0:,}"],
        ["outlets", f"{outlets or 0:,}"],
        ["published", f"{first} to {last}" if first else "(no dates)"],
        ["layers", ", ".join(sorted(layers)) or "(none)"],
    ]
    return Table("overview", "Corpus", ["", ""], rows)


RAN_TECHNIQUES = "a.status = 'done' AND a.layers LIKE '%techniques%' AND a.word_count > 0"


def _article_rates(engine: Engine, by: str) -> list[tuple[str, str, int, dict[str, int]]]:
    """(article id, group, words, spans per technique) for every article where the techniques layer ran."""
    group = _group_expr(by)
    articles = _rows(engine, f"SELECT a.id, {group}, a.word_count FROM articles a WHERE {RAN_TECHNIQUES}")
    spans: dict[str, dict[str, int]] = defaultdict(dict)
    for article_id, technique, n in _rows(
        engine,
        "SELECT t.article_id, t.technique, count(*) FROM techniques t JOIN articles a ON a.id = t.article_id "
        f"WHERE {RAN_TECHNIQUES} GROUP BY t.article_id, t.technique",
    ):
        spans[article_id][technique] = n
    return [(article_id, key, words, spans.get(article_id, {})) for article_id, key, words in articles]


def persuasion_table(engine: Engine, by: str) -> Table:
    """Mean persuasion index per group (the article-level measure; span counts per 1,000 words follow it)."""
    key = "outlet" if by == "technique" else by
    groups: dict[str, list[float]] = defaultdict(list)
    for group, index in _rows(
        engine,
        f'SELECT {_group_expr(key)}, p."index" FROM persuasion p JOIN articles a ON a.id = p.article_id '
        f"WHERE {RAN_TECHNIQUES}",
    ):
        groups[group].append(100.0 * float(index))
    summary = {name: mean_interval(values, SHARE) for name, values in groups.items()}
    order = _order(summary, key)
    return Table(
        "persuasion",
        f"Persuasion index (0-100, mean per article), by {key}",
        [key, "articles", "mean index", "95% interval", "caution"],
        [
            [
                name,
                summary[name].n,
                round(summary[name].mean, 1),
                _interval_text(summary[name], 1),
                _caution(summary[name].n),
            ]
            for name in order
        ],
        note=(
            "index: the estimated share of the text using a persuasion technique (see the techniques model card); "
            + INTERVAL_NOTE
            if summary
            else "no stored article has a persuasion index"
        ),
        chart={"kind": "barh", "label": 0, "value": 2, "xlabel": "persuasion index (mean per article)"},
    )


def technique_tables(engine: Engine, by: str, top: int) -> list[Table]:
    articles = _article_rates(engine, by if by != "technique" else "outlet")
    none_ran = "the techniques layer did not run on any stored article"
    if by == "technique":
        words = sum(w for _, _, w, _ in articles)
        stats = _rows(
            engine,
            "SELECT t.technique, count(*), avg(t.score), sum(CASE WHEN t.in_quote THEN 1 ELSE 0 END) "
            f"FROM techniques t JOIN articles a ON a.id = t.article_id WHERE {RAN_TECHNIQUES} "
            "GROUP BY t.technique ORDER BY count(*) DESC, t.technique",
        )
        rows = []
        for name, spans, score, quoted in stats:
            per_article = mean_interval([1000 * found.get(name, 0) / w for _, _, w, found in articles], RATE)
            with_it = sum(1 for _, _, _, found in articles if found.get(name))
            rows.append(
                [
                    name,
                    spans,
                    f"{100 * with_it / len(articles):.1f}%",
                    round(1000 * spans / words, 2) if words else 0.0,
                    round(per_article.mean, 2),
                    _interval_text(per_article),
                    round(score or 0.0, 2),
                    f"{100 * (quoted or 0) / spans:.0f}%",
                ]
            )
        return [
            Table(
                "techniques",
                f"Techniques over {len(articles):,} articles ({words:,} words)",
                [
                    "technique",
                    "spans",
                    "% articles",
                    "per 1k words",
                    "mean per article",
                    "95% interval",
                    "mean score",
                    "% in quotes",
                ],
                rows,
                note=(
                    f"per 1k words: over all words; mean per article: {INTERVAL_NOTE}"
                    if articles
                    else none_ran
                ),
                chart={"kind": "barh", "label": 0, "value": 3, "xlabel": "spans per 1,000 words"},
            )
        ]
    groups: dict[str, list[tuple[int, dict[str, int]]]] = defaultdict(list)
    totals: dict[str, int] = defaultdict(int)
    for _, key, words, found in articles:
        groups[key].append((words, found))
        for name, n in found.items():
            totals[name] += n
    summary = {
        key: mean_interval([1000 * sum(found.values()) / w for w, found in items])
        for key, items in groups.items()
    }
    order = _order(summary, by)
    rows = [
        [
            key,
            summary[key].n,
            sum(w for w, _ in groups[key]),
            round(summary[key].mean, 2),
            _interval_text(summary[key]),
            _caution(summary[key].n),
        ]
        for key in order
    ]
    overall = Table(
        "techniques",
        f"Technique spans per 1,000 words, by {by}",
        [by, "articles", "words", "mean per article", "95% interval", "caution"],
        rows,
        note=INTERVAL_NOTE if rows else none_ran,
        chart={
            "kind": "barh",
            "label": 0,
            "value": 3,
            "xlabel": "technique spans per 1,000 words (mean per article)",
        },
    )
    leading = [
        name
        for name, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[
            : min(top, PER_GROUP_TECHNIQUES)
        ]
    ]
    detail_rows = []
    for key in order:
        for name in leading:
            rate = mean_interval([1000 * spans.get(name, 0) / w for w, spans in groups[key]], RATE)
            detail_rows.append(
                [
                    key,
                    name,
                    rate.n,
                    sum(1 for _, spans in groups[key] if spans.get(name)),
                    round(rate.mean, 2),
                    _interval_text(rate),
                    _caution(rate.n),
                ]
            )
    detail = Table(
        "techniques_by_technique",
        f"The {len(leading)} most frequent techniques per 1,000 words, by {by}",
        [by, "technique", "articles", "with it", "mean per article", "95% interval", "caution"],
        detail_rows,
        note=INTERVAL_NOTE if detail_rows else none_ran,
    )
    return [overall, detail]


def _voice_source(engine: Engine) -> str | None:
    """Voices from the sourcing layer's table, else speakers of quotes; None when neither has rows."""
    if _rows(engine, "SELECT 1 FROM voices LIMIT 1"):
        return "voices"
    if _rows(engine, "SELECT 1 FROM quotes LIMIT 1"):
        return "quotes"
    return None


def voices_table(engine: Engine, top: int) -> Table:
    source = _voice_source(engine)
    columns = ["voice", "type", "articles", "statements"]
    if source is None:
        return Table("voices", "Most frequent voices", columns, [], note="no quotes or voices stored")
    if source == "voices":
        query = (
            "SELECT v.name, COALESCE(v.speaker_type, ''), count(DISTINCT v.article_id), sum(COALESCE(v.quotes, 1)) "
            "FROM voices v WHERE v.name IS NOT NULL AND COALESCE(v.speaker_type, '') <> 'unknown' "
            "GROUP BY v.name, v.speaker_type ORDER BY 3 DESC, 4 DESC, 1 LIMIT :top"
        )
    else:
        query = (
            "SELECT q.speaker, COALESCE(q.speaker_type, ''), count(DISTINCT q.article_id), count(*) "
            "FROM quotes q WHERE q.speaker IS NOT NULL AND q.voice_id IS NOT NULL "
            "AND COALESCE(q.speaker_type, '') <> 'unknown' GROUP BY q.speaker, q.speaker_type "
            "ORDER BY 3 DESC, 4 DESC, 1 LIMIT :top"
        )
    rows = [list(row) for row in _rows(engine, query, top=top)]
    # resolved voices only: quotes whose speaker the quotes layer could not resolve are counted apart
    unresolved = _rows(
        engine,
        "SELECT count(*) FROM quotes q WHERE q.voice_id IS NULL OR COALESCE(q.speaker_type, '') = 'unknown'",
    )
    left = int(unresolved[0][0] or 0) if unresolved else 0
    return Table(
        "voices",
        "Most frequent voices",
        columns,
        rows,
        note=f"{left} quote(s) with an unresolved speaker are not counted as voices" if left else None,
        chart={"kind": "barh", "label": 0, "value": 2, "color": 1, "xlabel": "articles quoting them"},
    )


def anonymous_table(engine: Engine, by: str) -> Table:
    source = _voice_source(engine)
    key = "outlet" if by == "technique" else by
    columns = [key, "articles", "voices", "anonymous", "mean share per article", "95% interval", "caution"]
    title = f"Anonymous sources by {key}"
    if source is None:
        return Table("anonymous", title, columns, [], note="no quotes or voices stored")
    group = _group_expr(key)
    table = "voices v" if source == "voices" else "quotes v"
    found = _rows(
        engine,
        f"SELECT {group}, v.article_id, count(*), sum(CASE WHEN v.anonymous THEN 1 ELSE 0 END) FROM {table} "
        f"JOIN articles a ON a.id = v.article_id WHERE a.status = 'done' GROUP BY {group}, v.article_id",
    )
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for name, _, n, anonymous in found:
        groups[name].append((n, anonymous or 0))
    summary = {name: mean_interval([100 * a / n for n, a in items], SHARE) for name, items in groups.items()}
    rows = [
        [
            name,
            summary[name].n,
            sum(n for n, _ in groups[name]),
            sum(a for _, a in groups[name]),
            f"{summary[name].mean:.1f}%",
            _interval_text(summary[name], 1).replace(" to ", "% to ")
            + ("%" if summary[name].low is not None else ""),
            _caution(summary[name].n),
        ]
        for name in _order(summary, key)
    ]
    return Table(
        "anonymous",
        title,
        columns,
        rows,
        note="share of an article's voices that are anonymous, over the articles with at least one voice; "
        + INTERVAL_NOTE,
        chart={
            "kind": "barh",
            "label": 0,
            "value": 4,
            "xlabel": "% of an article's voices that are anonymous (mean)",
        },
    )


def claims_table(engine: Engine, top: int) -> Table:
    columns = ["score", "article", "outlet", "claim", "quantities"]
    found = _rows(
        engine,
        "SELECT c.article_id, c.idx, c.score, c.text, COALESCE(a.outlet, '') FROM claims c "
        "JOIN articles a ON a.id = c.article_id WHERE c.quantities > 0 AND c.score >= :threshold "
        "ORDER BY c.score DESC, c.article_id, c.idx LIMIT :top",
        threshold=CHECKWORTHY,
        top=top,
    )
    if not found:
        ran = _rows(engine, "SELECT 1 FROM articles WHERE layers LIKE '%claims%' LIMIT 1")
        note = (
            "no check-worthy claim with numbers"
            if ran
            else "the claims layer did not run on any stored article"
        )
        return Table("claims", "Check-worthy claims with numbers", columns, [], note=note)
    quantities: dict[tuple[str, int], list[str]] = defaultdict(list)
    for article_id, claim_idx, normalized in _rows(
        engine,
        "SELECT article_id, claim_idx, normalized FROM claim_quantities WHERE normalized IS NOT NULL "
        "ORDER BY article_id, claim_idx, idx",
    ):
        quantities[(article_id, claim_idx)].append(normalized)
    rows = [
        [
            round(score, 2),
            article_id,
            outlet,
            " ".join(str(text).split()),
            "; ".join(quantities[(article_id, idx)]),
        ]
        for article_id, idx, score, text, outlet in found
    ]
    total = _rows(
        engine,
        "SELECT count(*) FROM claims WHERE quantities > 0 AND score >= :threshold",
        threshold=CHECKWORTHY,
    )[0][0]
    return Table(
        "claims",
        f"Check-worthy claims with numbers ({total:,}; top {len(rows)})",
        columns,
        rows,
        articles=[article_id for article_id, *_ in found],
    )


def tone_table(engine: Engine, by: str) -> Table:
    key = "outlet" if by == "technique" else by
    group = _group_expr(key)
    found = _rows(
        engine,
        f"SELECT {group}, t.tone, t.negative, t.positive FROM tone t "
        "JOIN articles a ON a.id = t.article_id WHERE a.status = 'done'",
    )
    groups: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for name, tone, negative, positive in found:
        groups[name].append((tone or 0.0, negative or 0.0, positive or 0.0))
    summary = {name: mean_interval([t for t, _, _ in items], TONE) for name, items in groups.items()}
    rows = [
        [
            name,
            summary[name].n,
            round(summary[name].mean, 2),
            _interval_text(summary[name]),
            round(sum(n for _, n, _ in groups[name]) / len(groups[name]), 2),
            round(sum(p for _, _, p in groups[name]) / len(groups[name]), 2),
            _caution(summary[name].n),
        ]
        for name in _order(summary, key)
    ]
    return Table(
        "tone",
        f"Tone by {key} (% positive minus % negative words, per article)",
        [key, "articles", "mean tone", "95% interval", "% negative", "% positive", "caution"],
        rows,
        note=INTERVAL_NOTE if rows else "the tone layer did not run on any stored article",
        chart={"kind": "barh", "label": 0, "value": 2, "xlabel": "mean tone per article"},
    )


def ratings_table(engine: Engine, top: int) -> Table:
    """The published ratings of the outlets the articles come from: one row per (outlet, rating source, rated
    domain), each naming its source, so two sources that disagree are two rows that say whose they are."""
    columns = ["outlet", "articles", "source", "rates", "factual reporting", "bias", "reliability"]
    found = _rows(
        engine,
        "SELECT r.outlet, count(DISTINCT r.article_id), r.source_id, r.rates || ' ' || r.subject, "
        "COALESCE(r.factual_reporting, ''), COALESCE(r.bias, ''), COALESCE(r.reliability, '') "
        "FROM outlet_ratings r JOIN articles a ON a.id = r.article_id "
        "WHERE a.status = 'done' AND r.role = 'publisher' "
        "GROUP BY r.outlet, r.source_id, r.rates, r.subject, r.factual_reporting, r.bias, r.reliability "
        "ORDER BY 2 DESC, 1, 3",
    )
    names = dict(_rows(engine, "SELECT DISTINCT source_id, source FROM outlet_ratings"))
    outlets: list[str] = []
    rows = []
    for outlet, articles, source_id, rates, *values in found:
        if outlet not in outlets:
            outlets.append(outlet)
        if len(outlets) > top:
            break
        rows.append([outlet, articles, source_id, rates, *values])
    ran = _rows(engine, "SELECT 1 FROM articles WHERE layers LIKE '%outlet%' LIMIT 1")
    sources = "; ".join(f"{key}: {names[key]}" for key in sorted({row[2] for row in rows}))
    return Table(
        "ratings",
        "Published ratings of the publishing outlets",
        columns,
        rows,
        note=(
            "each row is one rating as its source published it (copied, never merged or averaged); "
            f"sources: {sources}"
            if rows
            else ("no published rating found for the outlets" if ran else "the outlet layer did not run")
        ),
    )


def articles_table(engine: Engine) -> Table:
    """Every analysed article, for links to its report (`--reports`)."""
    found = _rows(
        engine,
        "SELECT a.id, COALESCE(a.outlet, ''), COALESCE(CAST(a.published AS VARCHAR(10)), ''), "
        "COALESCE(a.title, ''), a.word_count FROM articles a WHERE a.status = 'done' ORDER BY a.id",
    )
    rows = [
        [article_id, outlet, published, " ".join(title.split()), words]
        for article_id, outlet, published, title, words in found
    ]
    return Table(
        "articles",
        f"Articles ({len(rows):,})",
        ["article", "outlet", "published", "title", "words"],
        rows,
        articles=[row[0] for row in rows],
    )


def compute(engine: Engine, *, by: str = "outlet", top: int = 10, with_articles: bool = False) -> list[Table]:
    if by not in GROUPINGS:
        raise InputError(f"--by must be one of {', '.join(GROUPINGS)}")
    tables = [
        overview(engine),
        *technique_tables(engine, by, top),
        persuasion_table(engine, by),
        voices_table(engine, top),
        anonymous_table(engine, by),
        claims_table(engine, top),
        tone_table(engine, by),
        ratings_table(engine, top),
    ]
    if with_articles:
        tables.append(articles_table(engine))
    return tables


# ---- reports, links and output -------------------------------------------------------------------------
def report_name(article_id: str) -> str:
    """A file name for an article's report: its id made safe, plus a digest so two ids never collide."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", article_id).strip("._")[:80] or "article"
    digest = hashlib.blake2b(article_id.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
    return f"{slug}-{digest}.html"


def write_reports(target: str, folder: Path) -> dict[str, Path]:
    """Each analysed article's own HTML report in `folder`; returns article id -> file."""
    from ..render.html import render_html as render_report
    from .store import iter_analyses

    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for article, analysis in iter_analyses(target):
        path = folder / report_name(str(article["id"]))
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(render_report(analysis), encoding="utf-8")
        os.replace(tmp, path)
        written[str(article["id"])] = path
    return written


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def select_tables(tables: Sequence[Table], names: Iterable[str] | None) -> list[Table]:
    if not names:
        return list(tables)
    wanted = list(names)
    known = [table.name for table in tables]
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise InputError(f"no table {', '.join(unknown)} (tables: {', '.join(known)})")
    return [table for table in tables if table.name in wanted]


PAD = 2  # spaces between terminal columns


def _terminal_text(column: str, value: Any) -> str:
    """A cell as the terminal shows it: technique labels get spaces ("Name_Calling,Labeling" -> "Name Calling,
    Labeling") so that they can wrap in a narrow column; every other value as `_cell` gives it."""
    text = _cell(value)
    if column == "technique":
        text = re.sub(r",(?=\S)", ", ", text).replace("_", " ")
    return text


def column_widths(table: Table, width: int, pad: int = PAD) -> list[int] | None:
    """Widths for the terminal columns so that no word is ever cut: each column gets at least its longest
    word (header included), the rest of `width` goes to the columns whose values are longer than that, in
    proportion to what they lack; None when even the longest words cannot sit side by side."""
    cells = [[_terminal_text(name, row[i]) for row in table.rows] for i, name in enumerate(table.columns)]
    low = [
        max([len(w) for text in column for w in text.split()] + [len(w) for w in name.split()] + [1])
        for name, column in zip(table.columns, cells, strict=True)
    ]
    high = [
        max([len(text) for text in column] + [len(name), lo])
        for name, column, lo in zip(table.columns, cells, low, strict=True)
    ]
    room = width - pad * (len(low) - 1)
    if sum(low) > room:
        return None
    if sum(high) <= room:
        return high
    low[0] = max(low[0], min(high[0], room - sum(low[1:])))  # the row's label whole when it can be
    spare, lack = room - sum(low), [h - lo for h, lo in zip(high, low, strict=True)]
    widths = [lo + spare * need // sum(lack) for lo, need in zip(low, lack, strict=True)]
    return widths


def render_terminal(tables: Sequence[Table], *, console: Any = None) -> None:
    """Rich tables that never cut a value: columns wrap at spaces, so a narrow terminal or a pipe (80 columns)
    gets taller tables, not shorter values. A table whose longest words cannot sit side by side in the width
    is printed as one block per row ("column: value" lines, wrapped) instead."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table as RichTable
    from rich.text import Text

    console = console or Console()
    for table in tables:
        console.print(f"[bold]{escape(table.title)}[/bold]", highlight=False)
        pad, widths = PAD, column_widths(table, console.width) if table.rows else None
        if widths is None and table.rows:  # one space between columns before giving up on a grid
            pad, widths = 1, column_widths(table, console.width, pad=1)
        if widths is not None:
            grid = RichTable(
                show_header=table.name != "overview",
                box=None,
                header_style="bold",
                pad_edge=False,
                expand=False,
                collapse_padding=False,
                padding=(0, 1, 0, 1) if pad == PAD else (0, 1, 0, 0),
            )
            for i, column in enumerate(table.columns):
                values = [row[i] for row in table.rows]
                numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
                grid.add_column(
                    column, justify="right" if numeric else "left", overflow="fold", width=widths[i]
                )
            for row in table.rows:
                grid.add_row(*(Text(_terminal_text(c, v)) for c, v in zip(table.columns, row, strict=True)))
            console.print(grid)
        elif table.rows:
            label = max(len(c) for c in table.columns)
            for row in table.rows:
                for column, value in zip(table.columns, row, strict=True):
                    line = Text(f"  {column:<{label}}  ", style="bold")
                    line.append(_terminal_text(column, value))
                    console.print(line, overflow="fold")
                console.print()
        if table.note:
            console.print(f"  [dim]{escape(table.note)}[/dim]", highlight=False)
        console.print()


def render_csv(tables: Sequence[Table]) -> str:
    """CSV: one block per table (a `# title` line, the header, the rows, a blank line); with one table selected
    (`--table NAME`) a plain CSV file any tool reads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    single = len(tables) == 1
    for table in tables:
        if not single:
            buffer.write(f"# {table.title}\n")
        writer.writerow(table.columns if table.name != "overview" else ["figure", "value"])
        for row in table.rows:
            writer.writerow(row)
        if not single:
            buffer.write("\n")
    return buffer.getvalue()


def _md(value: Any) -> str:
    return " ".join(_cell(value).split()).replace("\\", "\\\\").replace("|", "\\|")


def render_markdown(tables: Sequence[Table], *, links: dict[str, str] | None = None) -> str:
    """GitHub-flavoured Markdown tables (cells never cut; `|` escaped), a link to each article's report."""
    parts = []
    for table in tables:
        parts.append(f"### {_md(table.title)}\n")
        if table.rows:
            columns = table.columns if table.name != "overview" else ["figure", "value"]
            parts.append("| " + " | ".join(_md(c) for c in columns) + " |")
            parts.append("|" + "|".join("---" for _ in columns) + "|")
            for index, row in enumerate(table.rows):
                cells = [_md(v) for v in row]
                article = table.articles[index] if table.articles else None
                if links and article in links:
                    column = table.columns.index("article")
                    cells[column] = f"[{cells[column]}]({links[article]})"
                parts.append("| " + " | ".join(cells) + " |")
            parts.append("")
        if table.note:
            parts.append(f"*{_md(table.note)}*\n")
    return "\n".join(parts) + "\n"


def _figure(table: Table) -> Any | None:
    """A matplotlib Figure for a table, or None when it has nothing to draw."""
    chart = table.chart
    if not chart or not table.rows:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import textwrap

    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    # long labels wrap onto several lines (never cut), each line at most 32 characters
    labels = [
        "\n".join(textwrap.wrap(str(row[chart["label"]]), 32, break_long_words=True)[:6])
        for row in table.rows
    ][:25]
    height = max(2.5, 0.35 * len(labels) + 1.2)
    fig, ax = plt.subplots(figsize=(8.5, height if chart["kind"] != "line" else 4.5), layout="constrained")
    if chart["kind"] == "barh":
        values = [float(str(row[chart["value"]]).rstrip("%")) for row in table.rows][:25]
        colors = None
        if "color" in chart:
            kinds = sorted({str(row[chart["color"]]) for row in table.rows})
            cmap = plt.get_cmap("tab10")
            palette = {kind: cmap(i % 10) for i, kind in enumerate(kinds)}
            colors = [palette[str(row[chart["color"]])] for row in table.rows][:25]
            handles = [Patch(color=color, label=name or "(unknown)") for name, color in palette.items()]
            ax.legend(handles=handles, title=table.columns[chart["color"]], loc="lower right", fontsize=8)
        ax.barh(labels[::-1], values[::-1], color=colors[::-1] if colors else "#4c72b0")
        ax.set_xlabel(chart.get("xlabel", ""))
        for y, value in enumerate(values[::-1]):
            ax.annotate(
                f"{value:g}", (value, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8
            )
    elif chart["kind"] == "stacked":
        left = [0.0] * len(labels)
        for column in chart["series"]:
            values = [float(row[column]) for row in table.rows][:25]
            ax.barh(labels[::-1], values[::-1], left=left[::-1], label=table.columns[column])
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_xlabel("spans per 1,000 words")
        ax.legend(fontsize=7, loc="lower right")
    else:  # line over months
        for column in chart["series"]:
            ax.plot(
                labels,
                [float(row[column]) for row in table.rows][:25],
                marker="o",
                label=table.columns[column],
            )
        ax.set_ylabel("spans per 1,000 words")
        ax.tick_params(axis="x", rotation=45)
        ax.legend(fontsize=7)
    ax.set_title(table.title, loc="left", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def write_pngs(tables: Sequence[Table], folder: Path) -> list[Path]:
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        fig = _figure(table)
        if fig is None:
            continue
        path = folder / f"{table.name}.png"
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(path)
    return written


def render_html(tables: Sequence[Table], *, source: str, links: dict[str, str] | None = None) -> str:
    """One self-contained page: every table, and its chart as an inline PNG (no external assets). Tables wrap
    their cells and scroll inside their own box if they must, so the page never overflows sideways; with
    `links` (article id -> relative path of its report) each article row links to that article's report."""
    import matplotlib.pyplot as plt

    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>spinscope statistics</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
        ".wrap{overflow-x:auto;max-width:100%}table{border-collapse:collapse;margin:.5em 0 1em;max-width:100%}"
        "td,th{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top;"
        "overflow-wrap:break-word}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
        "img{max-width:100%;height:auto}.note{color:#555}</style></head><body>",
        f"<h1>spinscope statistics</h1><p class='note'>{html.escape(source)}</p>",
    ]
    for table in tables:
        parts.append(f"<h2>{html.escape(table.title)}</h2>")
        if table.rows:
            head = (
                "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
                if table.name != "overview"
                else ""
            )
            body = []
            for index, row in enumerate(table.rows):
                article = table.articles[index] if table.articles else None
                cells = []
                for column, value in zip(table.columns, row, strict=True):
                    if isinstance(value, int | float) and not isinstance(value, bool):
                        cells.append(f"<td class='n'>{_cell(value)}</td>")
                    elif column == "article" and links and article in links:
                        href = html.escape(links[article], quote=True)
                        cells.append(f"<td><a href='{href}'>{html.escape(_cell(value))}</a></td>")
                    else:
                        cells.append(f"<td>{html.escape(_cell(value))}</td>")
                body.append("<tr>" + "".join(cells) + "</tr>")
            parts.append(
                f"<div class='wrap'><table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
            )
        if table.note:
            parts.append(f"<p class='note'>{html.escape(table.note)}</p>")
        fig = _figure(table)
        if fig is not None:
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=100)
            plt.close(fig)
            data = base64.b64encode(buffer.getvalue()).decode("ascii")
            parts.append(f"<img alt='{html.escape(table.title)}' src='data:image/png;base64,{data}'>")
    parts.append("</body></html>")
    return "".join(parts)
