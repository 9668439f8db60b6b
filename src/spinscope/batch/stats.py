"""Statistics over a batch store: tables for the terminal, charts as PNG (matplotlib) or one self-contained HTML page.

What a media researcher asks of a corpus, computed in SQL over the store's flat tables (so it scales to what the
database holds; a Parquet or JSONL target is first loaded into an in-memory SQLite with the same row extractors):
- technique frequency per 1,000 words, by outlet, by month or per technique; words count only in articles where
  the techniques layer ran, so a partial run does not dilute the rate;
- the most frequent voices and their types (named, anonymous, group...), from the quotes/sourcing layers;
- the share of anonymous voices per outlet (or month);
- check-worthy claims that rest on numbers, with their normalised quantities;
- tone per outlet (or month).
A section whose layer never ran says so instead of showing zeros.
"""

from __future__ import annotations

import base64
import html
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ..ingest import InputError
from .store import create_engine, describe, iter_saved, load_rows, schema_version, sql_target, target_kind

GROUPINGS = ("outlet", "month", "technique")
CHECKWORTHY = 0.5  # a claim is check-worthy when the claims model gives it at least this probability


@dataclass
class Table:
    """One statistic: a titled table, an optional note, and how to chart it."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    note: str | None = None
    chart: dict[str, Any] = field(default_factory=dict)  # kind + which columns to plot


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
        return engine, describe(engine.url)
    engine = sa.create_engine("sqlite://")
    load_rows(engine, iter_saved(target))
    return engine, target


def _rows(engine: Engine, query: str, **params: Any) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(sa.text(query), params).all())


def _group_expr(by: str) -> str:
    return "COALESCE(a.month, '(no date)')" if by == "month" else "COALESCE(a.outlet, '(unknown)')"


def overview(engine: Engine) -> Table:
    (total, done, failed, words, outlets, first, last) = _rows(
        engine,
        "SELECT count(*), sum(CASE WHEN status = 'done' THEN 1 ELSE 0 END), "
        "sum(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), sum(word_count), count(DISTINCT outlet), "
        "min(published), max(published) FROM articles",
    )[0]
    layers: set[str] = set()
    for (value,) in _rows(engine, "SELECT DISTINCT layers FROM articles WHERE layers IS NOT NULL"):
        layers.update(str(value).split(","))
    rows = [
        ["articles", f"{total or 0:,}"],
        ["analysed", f"{done or 0:,}"],
        ["failed", f"{failed or 0:,}"],
        ["words", f"{words or 0:,}"],
        ["outlets", f"{outlets or 0:,}"],
        ["published", f"{first} .. {last}" if first else "(no dates)"],
        ["layers", ", ".join(sorted(layers)) or "(none)"],
    ]
    return Table("overview", "Corpus", ["", ""], rows)


def technique_table(engine: Engine, by: str, top: int) -> Table:
    ran = "a.status = 'done' AND a.layers LIKE '%techniques%'"
    if by == "technique":
        (articles_n, words) = _rows(
            engine, f"SELECT count(*), sum(a.word_count) FROM articles a WHERE {ran}"
        )[0]
        found = _rows(
            engine,
            "SELECT t.technique, count(*), count(DISTINCT t.article_id), avg(t.score), "
            "sum(CASE WHEN t.in_quote THEN 1 ELSE 0 END) "
            f"FROM techniques t JOIN articles a ON a.id = t.article_id WHERE {ran} "
            "GROUP BY t.technique ORDER BY count(*) DESC",
        )
        rows = [
            [
                name,
                spans,
                f"{100 * with_it / articles_n:.1f}%" if articles_n else "-",
                round(1000 * spans / words, 2) if words else 0.0,
                round(score or 0.0, 2),
                f"{100 * (quoted or 0) / spans:.0f}%",
            ]
            for name, spans, with_it, score, quoted in found
        ]
        return Table(
            "techniques",
            f"Techniques over {articles_n or 0:,} articles ({words or 0:,} words)",
            ["technique", "spans", "% articles", "per 1k words", "mean score", "% in quotes"],
            rows,
            note=None if articles_n else "the techniques layer did not run on any stored article",
            chart={"kind": "barh", "label": 0, "value": 3, "xlabel": "spans per 1,000 words"},
        )
    group = _group_expr(by)
    words_by = dict(
        _rows(engine, f"SELECT {group}, sum(a.word_count) FROM articles a WHERE {ran} GROUP BY {group}")
    )
    counts = _rows(
        engine,
        f"SELECT {group}, t.technique, count(*) FROM techniques t JOIN articles a ON a.id = t.article_id "
        f"WHERE {ran} GROUP BY {group}, t.technique",
    )
    totals: dict[str, int] = defaultdict(int)
    cells: dict[tuple[str, str], int] = {}
    for key, technique, n in counts:
        totals[technique] += n
        cells[(key, technique)] = n
    leading = [name for name, _ in sorted(totals.items(), key=lambda kv: -kv[1])[:top]]
    order = sorted(words_by) if by == "month" else sorted(words_by, key=lambda k: -(words_by[k] or 0))
    rows = []
    for key in order:
        words = words_by[key] or 0
        all_spans = sum(n for (k, _), n in cells.items() if k == key)
        rows.append(
            [key, words, round(1000 * all_spans / words, 2) if words else 0.0]
            + [round(1000 * cells.get((key, name), 0) / words, 2) if words else 0.0 for name in leading]
        )
    return Table(
        "techniques",
        f"Techniques per 1,000 words, by {by}",
        [by, "words", "all techniques", *leading],
        rows,
        note=None if words_by else "the techniques layer did not run on any stored article",
        chart={
            "kind": "line" if by == "month" else "stacked",
            "label": 0,
            "series": list(range(3, 3 + len(leading))),
        },
    )


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
            "GROUP BY v.name, v.speaker_type ORDER BY 3 DESC, 4 DESC LIMIT :top"
        )
    else:
        query = (
            "SELECT q.speaker, COALESCE(q.speaker_type, ''), count(DISTINCT q.article_id), count(*) "
            "FROM quotes q WHERE q.speaker IS NOT NULL AND q.voice_id IS NOT NULL "
            "AND COALESCE(q.speaker_type, '') <> 'unknown' GROUP BY q.speaker, q.speaker_type "
            "ORDER BY 3 DESC, 4 DESC LIMIT :top"
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
    columns = [key, "voices", "anonymous", "share anonymous"]
    if source is None:
        return Table(
            "anonymous", f"Anonymous sources by {key}", columns, [], note="no quotes or voices stored"
        )
    group = _group_expr(key)
    table, flag = ("voices v", "v.anonymous") if source == "voices" else ("quotes v", "v.anonymous")
    found = _rows(
        engine,
        f"SELECT {group}, count(*), sum(CASE WHEN {flag} THEN 1 ELSE 0 END) FROM {table} "
        f"JOIN articles a ON a.id = v.article_id GROUP BY {group} ORDER BY {'1' if key == 'month' else '2 DESC'}",
    )
    rows = [[name, n, anon or 0, f"{100 * (anon or 0) / n:.1f}%"] for name, n, anon in found]
    return Table(
        "anonymous",
        f"Anonymous sources by {key}",
        columns,
        rows,
        chart={"kind": "barh", "label": 0, "value": 3, "xlabel": "% of voices that are anonymous"},
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
    return Table("claims", f"Check-worthy claims with numbers ({total:,}; top {len(rows)})", columns, rows)


def tone_table(engine: Engine, by: str) -> Table:
    key = "outlet" if by == "technique" else by
    group = _group_expr(key)
    found = _rows(
        engine,
        f"SELECT {group}, count(*), avg(t.tone), avg(t.negative), avg(t.positive), avg(t.polarity) FROM tone t "
        f"JOIN articles a ON a.id = t.article_id GROUP BY {group} ORDER BY {'1' if key == 'month' else '2 DESC'}",
    )
    rows = [[name, n, *(round(v or 0.0, 2) for v in values)] for name, n, *values in found]
    return Table(
        "tone",
        f"Tone by {key} (mean per article)",
        [key, "articles", "tone", "% negative", "% positive", "polarity"],
        rows,
        note=None if rows else "the tone layer did not run on any stored article",
        chart={"kind": "barh", "label": 0, "value": 2, "xlabel": "mean tone (% positive - % negative words)"},
    )


def compute(engine: Engine, *, by: str = "outlet", top: int = 10) -> list[Table]:
    if by not in GROUPINGS:
        raise InputError(f"--by must be one of {', '.join(GROUPINGS)}")
    return [
        overview(engine),
        technique_table(engine, by, top),
        voices_table(engine, top),
        anonymous_table(engine, by),
        claims_table(engine, top),
        tone_table(engine, by),
    ]


# ---- output -----------------------------------------------------------------------------------------------------
def render_terminal(tables: Sequence[Table], *, console: Any = None) -> None:
    """Rich tables; short columns never wrap, long labels are cut with an ellipsis, claim texts fold."""
    from rich.console import Console
    from rich.table import Table as RichTable

    console = console or Console()
    for table in tables:
        grid = RichTable(
            title=table.title,
            title_justify="left",
            show_header=table.name != "overview",
            box=None,
            header_style="bold",
            pad_edge=False,
        )
        for i, column in enumerate(table.columns):
            numeric = bool(table.rows) and all(isinstance(row[i], int | float) for row in table.rows)
            if column in {"claim", "quantities"}:
                grid.add_column(column, overflow="fold", ratio=3 if column == "claim" else 1, min_width=16)
            else:
                grid.add_column(
                    column,
                    justify="right" if numeric else "left",
                    no_wrap=True,
                    overflow="ellipsis",
                    min_width=len(column) if i > 0 else None,
                    max_width=40 if i == 0 and table.name != "overview" else None,
                )
        for row in table.rows:
            cells = [f"{v:,}" if isinstance(v, int) else str(v) for v in row]
            if table.name == "claims":
                cells[3] = cells[3] if len(cells[3]) <= 160 else cells[3][:159].rstrip() + "…"
            grid.add_row(*cells)
        if table.rows:
            console.print(grid)
        else:
            console.print(f"[bold]{table.title}[/bold]")
        if table.note:
            console.print(f"  [dim]{table.note}[/dim]")
        console.print()


def _figure(table: Table) -> Any | None:
    """A matplotlib Figure for a table, or None when it has nothing to draw."""
    chart = table.chart
    if not chart or not table.rows:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    labels = [str(row[chart["label"]]) for row in table.rows][:25]
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


def render_html(tables: Sequence[Table], *, source: str) -> str:
    """One self-contained page: every table, and its chart as an inline PNG (no external assets)."""
    import matplotlib.pyplot as plt

    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>spinscope statistics</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}"
        "table{border-collapse:collapse;margin:.5em 0 1em}td,th{border-bottom:1px solid #ddd;padding:.25em .6em;"
        "text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}"
        "img{max-width:100%}.note{color:#666}</style></head><body>",
        f"<h1>spinscope statistics</h1><p class='note'>{html.escape(source)}</p>",
    ]
    for table in tables:
        parts.append(f"<h2>{html.escape(table.title)}</h2>")
        if table.note:
            parts.append(f"<p class='note'>{html.escape(table.note)}</p>")
        if table.rows:
            head = (
                "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
                if table.name != "overview"
                else ""
            )
            body = "".join(
                "<tr>"
                + "".join(
                    f"<td class='n'>{v:,}</td>"
                    if isinstance(v, int | float)
                    else f"<td>{html.escape(str(v))}</td>"
                    for v in row
                )
                + "</tr>"
                for row in table.rows
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        fig = _figure(table)
        if fig is not None:
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=100)
            plt.close(fig)
            data = base64.b64encode(buffer.getvalue()).decode("ascii")
            parts.append(f"<img alt='{html.escape(table.title)}' src='data:image/png;base64,{data}'>")
    parts.append("</body></html>")
    return "\n".join(parts)
