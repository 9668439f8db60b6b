"""The HTTP API's request and error bodies (pydantic), shown in the OpenAPI schema at /docs."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class ArticleMeta(BaseModel):
    """What the client knows about the article, used by every layer as if the page had said it (the outlet
    lookup reads `url` and `outlet`, relative dates resolve against `published`) and recorded in `meta`."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=1000, description="the article's title")
    url: str | None = Field(
        default=None, max_length=4000, description="where it was published (http or https)"
    )
    published: date | None = Field(default=None, description="publication date, YYYY-MM-DD")
    outlet: str | None = Field(
        default=None, max_length=300, description="the publishing outlet's name or domain"
    )

    @field_validator("title", "url", "outlet")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("url")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        if value is not None and not value.lower().startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL, e.g. https://example.org/news/1")
        return value


class AnalyzeRequest(BaseModel):
    """One article to analyse: exactly one of `text`, `html` or `url`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "The regime's lies left the country in ruin.",
                    "layers": ["entities", "tone"],
                    "meta": {"title": "Ruin", "published": "2022-08-15", "outlet": "Iran Press"},
                }
            ]
        },
    )

    text: str | None = Field(None, description="plain text of the article")
    html: str | None = Field(None, description="an HTML page; its main text and metadata are extracted")
    url: str | None = Field(
        None, description="an http(s) URL to fetch (only when the server runs with --allow-fetch)"
    )
    title: str | None = Field(None, description="title for `text` input (the same as `meta.title`)")
    meta: ArticleMeta | None = Field(
        None, description="title, URL, publication date and outlet of the article"
    )
    layers: list[str] | None = Field(None, description="layers to run (default: all the server runs)")
    settings: dict[str, dict[str, float]] | None = Field(
        None,
        description='per-article layer options: {"techniques": {"threshold": 0.25}} finds more phrases '
        "(default 0.35), also techniques.min_score and claims.threshold",
    )

    @model_validator(mode="after")
    def one_source(self) -> AnalyzeRequest:
        given = [name for name in ("text", "html", "url") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of 'text', 'html' or 'url'"
                + (f" (got {', '.join(given)})" if given else "")
            )
        if self.title is not None and self.meta is not None and self.meta.title not in (None, self.title):
            raise ValueError("'title' and 'meta.title' differ: give one of them")
        return self

    def article_meta(self) -> ArticleMeta:
        meta = self.meta or ArticleMeta()
        if self.title is not None and meta.title is None:
            meta = meta.model_copy(update={"title": self.title.strip() or None})
        return meta


class ErrorBody(BaseModel):
    status: int
    error: str = Field(description="HTTP reason phrase")
    detail: str = Field(description="what went wrong, for a person")
    errors: list[dict[str, Any]] | None = Field(None, description="field errors (422)")
