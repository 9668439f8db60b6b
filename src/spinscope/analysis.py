"""The typed, versioned result of analysing one article, and the one function that builds it from a `Doc`.

`Analysis` is what every shell (CLI, web server, batch runner, Python API) returns or stores. All `start`/`end`
offsets index `Analysis.text`, and `text[start:end] == span.text` for every span object. A layer that did not run
is absent from `layers` and its field is `None`; a layer that ran and found nothing gives an empty list.
The JSON schema is exported to `schema/analysis.schema.json` (see `write_schema`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from . import __version__, docstate

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .ingest import Document

SCHEMA_ID = "spinscope.analysis/1"


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextSpan(Model):
    """A stretch of the analysed text: `text == Analysis.text[start:end]`."""

    start: int = Field(ge=0, description="character offset of the first character")
    end: int = Field(ge=0, description="character offset after the last character")
    text: str


class Meta(Model):
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published: date | None = None
    site_name: str | None = None
    source: str | None = Field(None, description="path, URL, 'stdin' or 'text'")
    language: str = Field(description="ISO 639-1 code detected from the text")
    language_score: float | None = Field(None, description="confidence of the language guess, 0-1")
    word_count: int
    char_count: int


# ---- entities ---------------------------------------------------------------------------------------------------
class Mention(TextSpan):
    label: str = Field(description="spaCy NER label of this mention")


class Entity(Model):
    """One real-world actor or thing, with every mention merged under a canonical name ("US" -> United States)."""

    id: str
    name: str = Field(description="canonical name")
    label: str = Field(description="majority NER label: PERSON, ORG, GPE, NORP, ...")
    mentions: list[Mention]

    @property
    def is_actor(self) -> bool:
        """A person, organisation, state or group (`docstate.ACTOR_LABELS`), not a thing, work or number."""
        return self.label in docstate.ACTOR_LABELS


# ---- tone -------------------------------------------------------------------------------------------------------
class ToneScores(Model):
    """GDELT-style tone: percentages of words in the positive / negative lexicon (VADER's)."""

    positive: float = Field(description="% of words that are positive")
    negative: float = Field(description="% of words that are negative")
    polarity: float = Field(description="positive + negative: how emotionally charged the text is")
    tone: float = Field(description="positive - negative")
    compound: float = Field(description="VADER compound score, -1..1 (with negation and intensifiers)")
    words: int


class SentenceTone(TextSpan, ToneScores):
    pass


ToneLabel = Literal["negative", "neutral", "positive"]


class ToneProbabilities(Model):
    """Calibrated probabilities of the three labels (they sum to 1)."""

    negative: float = Field(ge=0, le=1)
    neutral: float = Field(ge=0, le=1)
    positive: float = Field(ge=0, le=1)


class MentionSentence(TextSpan):
    """One sentence naming an actor, labelled by the target classifier for how it portrays that actor."""

    mentions: list[TextSpan] = Field(description="the actor's mentions in this sentence (in this voice)")
    voice: Literal["own", "quoted"] = Field(description="the outlet's own text, or inside a quotation")
    speaker: str | None = Field(
        None, description="who is quoted (None in the outlet's voice or when unnamed)"
    )
    label: ToneLabel = Field(description="the most probable label")
    probabilities: ToneProbabilities
    score: float = Field(ge=-1, le=1, description="P(positive) - P(negative)")


class VoiceTone(Model):
    """An actor's tone in one voice, aggregated from its mention sentences: the label with the largest
    probability-weighted vote of the sentences' own labels (rule in the README)."""

    voice: Literal["own", "quoted"]
    speaker: str | None = Field(
        None, description="the quoted speaker (None: the outlet, or an unnamed source)"
    )
    label: ToneLabel
    score: float = Field(ge=-1, le=1, description="mean score of the voice's mention sentences")
    sentences: int = Field(description="number of mention sentences in this voice")
    agreeing: int = Field(0, description="how many of them have the voice's label")
    evidence: list[int] = Field(
        default_factory=list, description="indices into ActorTone.sentences that weigh most for the label"
    )


class ActorTone(Model):
    """How the text portrays one actor: a label per mention sentence, aggregated per voice and over all."""

    entity_id: str
    name: str
    entity_label: str = Field(description="PERSON, ORG, GPE or NORP")
    label: ToneLabel = Field(description="aggregated over all mention sentences, whoever voices them")
    score: float = Field(description="mean P(positive) - P(negative) of the mention sentences, -1..1")
    agreeing: int = Field(0, description="how many mention sentences have the actor's label")
    probabilities: dict[str, float] = Field(
        default_factory=dict, description="mean calibrated probabilities of the mention sentences"
    )
    mentions: int
    own_voice: float | None = Field(
        None, description="score in the outlet's own voice (None: no such sentence)"
    )
    quoted_voice: float | None = Field(None, description="score over all quoted sentences (None: none)")
    voices: list[VoiceTone] = Field(
        default_factory=list, description="the outlet's voice first, then speakers"
    )
    sentences: list[MentionSentence] = Field(default_factory=list, description="in text order")
    evidence: list[int] = Field(
        default_factory=list, description="indices into `sentences`: the 2-3 that weigh most for `label`"
    )


class Tone(Model):
    document: ToneScores
    sentences: list[SentenceTone]
    actors: list[ActorTone] | None = None


# ---- techniques -------------------------------------------------------------------------------------------------
class TechniqueSpan(TextSpan):
    technique: str = Field(description="one of the 14 SemEval-2020 Task 11 technique names")
    label: str | None = Field(
        None,
        description='readable name of the technique ("Exaggeration,Minimisation" -> "Exaggeration or '
        'minimisation"); None in analyses stored before it was added',
    )
    family: str = Field(description="technique family, e.g. 'loaded language & labels'")
    score: float = Field(ge=0, le=1, description="calibrated probability that the span uses this technique")
    phrase_score: float | None = Field(
        None,
        ge=0,
        le=1,
        description="calibrated probability that the phrase uses a technique, whichever (None in analyses stored "
        "before it was added)",
    )
    likely: bool | None = Field(
        None,
        description="the phrase is shown by default: phrase_score at or above the layer's bar (see the README); "
        "the others are the 'more phrases' of the report",
    )
    definition: str = Field(description="plain-English definition of the technique")
    in_quote: bool | None = Field(
        None, description="inside a quotation (None when the quotes layer did not run)"
    )
    speaker: str | None = Field(None, description="whose quotation it lies in")


class PersuasionFamily(Model):
    family: str = Field(description="technique family, e.g. 'loaded language & labels'")
    spans: int = Field(ge=0, description="technique phrases of this family in the article")
    per_1000_words: float = Field(ge=0, description="those phrases per 1,000 words")


class WeightySpan(TextSpan):
    """A technique phrase that weighs most in the article's index (a confident phrase in a loaded sentence)."""

    technique: str
    label: str | None = None
    family: str
    score: float = Field(ge=0, le=1, description="the phrase's calibrated technique score")
    sentence_score: float = Field(
        ge=0,
        le=1,
        description="the sentence model's estimate of the share of the phrase's sentence using a technique",
    )


class Persuasion(Model):
    """How much the article as a whole tries to persuade: learned from PTC's article-level gold, not counted."""

    index: float = Field(
        ge=0,
        le=1,
        description="estimated share of the text a PTC annotator would mark as using a persuasion technique "
        "(a ridge over word, style and sentence signals plus the phrase density; see the techniques model card)",
    )
    percentile: float = Field(
        ge=0,
        le=100,
        description="share (%) of the reference straight news reports (PolNeAR wire copy) with a lower index",
    )
    reference: str = Field(description="what the percentile is measured against")
    families: list[PersuasionFamily] = Field(description="technique phrases per family")
    top_spans: list[WeightySpan] = Field(description="the phrases that weigh most, heaviest first")


# ---- outlet, quotes, claims: models arrive with their layers -----------------------------------------------------
# ---- outlet -----------------------------------------------------------------------------------------------------
class OutletEvidence(Model):
    """One clue naming the outlet: in the text (with its span) or in the page metadata (with the field)."""

    kind: Literal["url", "site_name", "author", "dateline", "credit", "phrase", "byline"]
    found_in: str = Field(description='"text", or the metadata field, e.g. "meta.url", "meta.site_name"')
    value: str = Field(description="the clue as found")
    span: TextSpan | None = Field(None, description="where the clue is in the text (None for metadata clues)")


class FactReference(Model):
    fact: str = Field(description="name, codes, domains, country, owner or state_affiliation")
    source: str = Field(description="URL or description of the reference supporting the fact")


class OutletRating(Model):
    """A rating copied from a published dataset; never computed or averaged by spinscope."""

    source: str = Field(description="who rated and where the rating was taken from")
    source_id: str = Field(description="short id of the source table (see data/ratings_sources.json)")
    rates: Literal["domain", "outlet"] = Field(description="what the rating is a rating of")
    subject: str = Field(description="the rated domain or outlet")
    licence: str | None = None
    reference: str | None = Field(None, description="the rating's page or dataset URL")
    factual_reporting: str | None = None
    bias: str | None = None
    press_freedom: str | None = None
    credibility: str | None = None
    country: str | None = None
    media_type: str | None = None
    reliability: str | None = Field(None, description="reliable / mixed / unreliable / blacklisted")
    label_source: str | None = Field(None, description="where a reliability label comes from")


class IdentifiedOutlet(Model):
    """An outlet or agency the article names as its publisher or its source, with the evidence and ratings."""

    id: str | None = Field(None, description="id in spinscope's curated table (None: not in the table)")
    name: str
    role: Literal["publisher", "agency"] = Field(
        description="publisher: published this text; agency: a wire service the text is credited to"
    )
    kind: Literal["agency", "outlet", "unknown"]
    country: str | None = None
    owner: str | None = None
    state_affiliation: str | None = Field(None, description="documented state ownership/funding/control")
    domains: list[str] = Field(default_factory=list)
    codes: list[str] = Field(default_factory=list)
    references: list[FactReference] = Field(default_factory=list)
    evidence: list[OutletEvidence]
    ratings: list[OutletRating] = Field(default_factory=list)
    ratings_note: str = Field(
        description='plain statement of what was found, e.g. "no rating found for x.com"'
    )


class Outlet(Model):
    name: str | None = Field(None, description="the publisher's name (None when nothing identifies it)")
    country: str | None = None
    outlets: list[IdentifiedOutlet] = Field(default_factory=list, description="publisher first")
    note: str | None = None


# ---- quotes -------------------------------------------------------------------------------------------------------
SpeakerType = Literal[
    "named_person", "named_organization", "anonymous", "group", "document", "outlet", "unknown"
]


class Quote(TextSpan):
    """One attribution: `start`/`end`/`text` cover its content (from the first to the last fragment)."""

    parts: list[TextSpan] = Field(
        description="the content's fragments: several when the cue interrupts the quote or it continues later"
    )
    cue: TextSpan | None = Field(None, description="said, told, according to, believes, ...")
    speaker: TextSpan | None = Field(
        None, description="the speaker mention in the text (None: 'it was said')"
    )
    kind: Literal["direct", "indirect", "mixed"] = Field(
        description="direct: in quotation marks; indirect: reported speech; mixed: both"
    )
    speaker_name: str | None = Field(None, description="canonical name of the resolved speaker (the voice)")
    speaker_type: SpeakerType
    affiliation: str | None = Field(
        None, description="organisation/group/country the text ties the speaker to"
    )
    voice_id: str | None = Field(None, description="id of the voice in `sourcing.voices`")
    resolved_by: Literal["name", "pronoun", "description", "new", "none", "unresolved"] = Field(
        description="how the speaker mention was tied to its voice"
    )
    resolved: bool = Field(
        True,
        description="the speaker is a voice that can be counted (False: unresolved pronoun, heading, thing or no speaker)",
    )
    resolution: str | None = Field(
        None,
        description="the evidence that tied the speaker mention to its voice, or why it was left unresolved",
    )
    score: float | None = Field(None, ge=0, le=1, description="learned filter probability (None: rules only)")


class Voice(Model):
    """One resolved speaker of the article."""

    id: str
    name: str
    speaker_type: SpeakerType
    affiliation: str | None = None
    entity_id: str | None = Field(None, description="id in `entities` for named voices")
    quotes: int = Field(description="attributions to this voice")
    direct: int
    indirect: int
    mixed: int
    words: int = Field(description="words of the article in this voice's attributed content")
    share: float = Field(description="words / article words")
    mentions: list[TextSpan]


class UnvoicedActor(Model):
    name: str
    label: str
    mentions: int


class Sourcing(Model):
    """Whose voices the article carries: what an editor checks first."""

    voices: list[Voice]
    counts: dict[SpeakerType, int] = Field(description="voices per speaker type")
    attributed_words: int
    attributed_share: float = Field(description="share of the article's words that is attributed speech")
    unvoiced_actors: list[UnvoicedActor] = Field(
        description="prominent actors (mentioned >= 40% as often as the top actor) with no voice or affiliated voice"
    )
    unresolved_quotes: int = Field(
        0, description="attributions whose speaker could not be resolved to a voice (not counted in `voices`)"
    )
    statement: str = Field(description="a plain statement of whose voices are present")


QuoteItem = Quote


# ---- claims -------------------------------------------------------------------------------------------------------
class Quantity(TextSpan):
    """A number a claim rests on, normalised: money with its currency, a percentage, a count with what it counts,
    a date/time in ISO 8601 (relative ones resolved against the publication date when known), a duration."""

    type: Literal["money", "percent", "count", "date", "time", "duration"]
    value: float | None = Field(None, description="amount, percentage or count (the low end of a range)")
    value_max: float | None = Field(None, description="the high end of a range")
    unit: str | None = Field(
        None,
        description="what is counted ('teams'), 'percent'/'percentage points'/'basis points', a time unit, 'fiscal year'",
    )
    currency: str | None = Field(None, description="ISO 4217 code for money")
    iso: str | None = Field(
        None,
        description="ISO 8601: date (2021-08-31, 2021-08, 2021, 2022-W34, --08-31), time (T10:30), "
        "interval (1990/1999) or duration (P20Y); null for a relative date with no publication date",
    )
    relative: bool = Field(False, description="a date relative to the publication date ('last Tuesday')")
    display: str | None = Field(
        None,
        description="the value in words for reports: '9 billion US dollars', '31 August 2021', '20 years'",
    )


class ClaimEntity(TextSpan):
    entity_id: str | None = Field(None, description="id of the Entity in `Analysis.entities`")
    name: str = Field(description="canonical name")
    label: str


class Claim(TextSpan):
    """A sentence (or the part of it outside a speech tag) that makes a factual claim worth checking."""

    score: float = Field(ge=0, le=1, description="calibrated probability that the sentence is check-worthy")
    kind: Literal["statistic", "event", "causal", "comparison", "quoted claim", "other"]
    entities: list[ClaimEntity] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    in_quote: bool | None = Field(
        None, description="inside a quotation (None when the quotes layer did not run)"
    )
    speaker: str | None = Field(None, description="who the claim is attributed to, when quoted or reported")
    rank: int | None = Field(
        None, ge=1, description="order in which to check the article's claims (1 first; see check_first)"
    )
    check_first: bool = Field(
        False,
        description="one of the few claims to check first (claims.check_first_* options: top k, share of the "
        "sentences, score bar)",
    )


# ---- warnings with a place ----------------------------------------------------------------------------------------
class WarningPlace(TextSpan):
    """Where in the text a warning points (e.g. the first quotation mark that could not be paired)."""

    warning: int = Field(ge=0, description="index of the warning in `Analysis.warnings`")


# ---- counts shown by every renderer --------------------------------------------------------------------------------
class Counts(Model):
    """The figures the terminal briefing, the HTML report and the API all show, computed in one place so that
    they cannot disagree. A count is None when its layer did not run."""

    technique_phrases: int | None = Field(
        default=None, description="distinct stretches of text marked with a technique"
    )
    technique_labels: int | None = Field(
        default=None, description="technique spans: a phrase carrying two techniques counts twice"
    )
    techniques: dict[str, int] = Field(default_factory=dict, description="technique spans per technique name")
    likely_technique_phrases: int | None = Field(
        default=None,
        description="technique phrases shown by default (`TechniqueSpan.likely`); None when the analysis "
        "predates the field",
    )
    technique_phrases_in_quotes: int | None = Field(
        default=None,
        description="technique phrases inside a quotation (None when the quotes layer did not run)",
    )
    sentences: int | None = Field(default=None, description="sentences (from the tone layer)")
    sentences_with_techniques: int | None = Field(
        default=None, description="sentences holding a technique phrase"
    )
    quotes: int | None = None
    voices: int | None = None
    claims: int | None = None
    check_first_claims: int | None = Field(default=None, description='claims marked "check first"')
    entities: int | None = None


def count(analysis: Analysis) -> Counts:
    """`Analysis.counts`: see `Counts`."""
    out = Counts()
    spans = analysis.techniques
    if spans is not None:
        phrases = {(t.start, t.end) for t in spans}
        out.technique_phrases = len(phrases)
        if all(t.likely is not None for t in spans):
            out.likely_technique_phrases = len({(t.start, t.end) for t in spans if t.likely})
        out.technique_labels = len(spans)
        for t in spans:
            out.techniques[t.technique] = out.techniques.get(t.technique, 0) + 1
        if "quotes" in analysis.layers:
            out.technique_phrases_in_quotes = len({(t.start, t.end) for t in spans if t.in_quote})
        if analysis.tone is not None:
            sentences = analysis.tone.sentences
            out.sentences = len(sentences)
            out.sentences_with_techniques = sum(
                1 for s in sentences if any(s.start <= a < s.end for a, _ in phrases)
            )
    elif analysis.tone is not None:
        out.sentences = len(analysis.tone.sentences)
    if analysis.quotes is not None:
        out.quotes = len(analysis.quotes)
    if analysis.sourcing is not None:
        out.voices = len(analysis.sourcing.voices)
    if analysis.claims is not None:
        out.claims = len(analysis.claims)
        out.check_first_claims = sum(1 for c in analysis.claims if c.check_first)
    if analysis.entities is not None:
        out.entities = len(analysis.entities)
    return out


class Analysis(Model):
    schema_: str = Field(SCHEMA_ID, alias="schema")
    spinscope_version: str = __version__
    text: str = Field(description="the analysed plain text; all offsets index into it")
    meta: Meta
    layers: list[str] = Field(description="names of the layers that ran")
    settings: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description='layer options given instead of the defaults, e.g. {"techniques": {"threshold": 0.25}}',
    )
    warnings: list[str] = Field(default_factory=list)
    warning_places: list[WarningPlace] = Field(
        default_factory=list, description="where in the text a warning points, when it points somewhere"
    )
    entities: list[Entity] | None = None
    techniques: list[TechniqueSpan] | None = None
    persuasion: Persuasion | None = None
    quotes: list[QuoteItem] | None = None
    sourcing: Sourcing | None = None
    claims: list[Claim] | None = None
    outlet: Outlet | None = None
    tone: Tone | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        """`counts` is derived from the other fields: accepted on input (a stored Analysis) and recomputed."""
        if isinstance(data, dict) and "counts" in data:
            data = {key: value for key, value in data.items() if key != "counts"}
        return data

    @computed_field(description="figures shown by the terminal, the HTML report and the API (see `Counts`)")  # type: ignore[prop-decorator]
    @property
    def counts(self) -> Counts:
        return count(self)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent)

    def spans(self) -> list[TextSpan]:
        """Every span object anywhere in the analysis (for offset checks)."""
        found: list[TextSpan] = []

        def walk(value: Any) -> None:
            if isinstance(value, TextSpan):
                found.append(value)
            if isinstance(value, BaseModel):
                for name in type(value).model_fields:
                    walk(getattr(value, name))
            elif isinstance(value, list | tuple):
                for item in value:
                    walk(item)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)

        walk(self)
        return found


def span_of(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


# ---- Doc -> Analysis ----------------------------------------------------------------------------------------------
Exporter = Callable[["Doc"], dict[str, Any]]
# layer name -> function returning the Analysis fields that layer fills; each layer module registers its own.
EXPORTERS: dict[str, Exporter] = {}


def exporter(layer: str) -> Callable[[Exporter], Exporter]:
    def register(func: Exporter) -> Exporter:
        EXPORTERS[layer] = func
        return func

    return register


def from_doc(doc: Doc, document: Document | None = None) -> Analysis:
    """The one place a processed spaCy `Doc` becomes an `Analysis`."""
    from .ingest import word_count

    layers = docstate.layers_ran(doc)
    meta_info = docstate.meta(doc)
    language, language_score = docstate.language(doc) or ("en", None)
    warnings = docstate.warnings_of(doc)
    places = [
        WarningPlace(warning=warnings.index(message), **span_of(doc.text, start, end))
        for message, start, end in docstate.warning_places(doc)
        if message in warnings and 0 <= start < end <= len(doc.text)
    ]
    meta = Meta(
        title=meta_info.get("title") if document is None else document.title,
        url=meta_info.get("url") if document is None else document.url,
        author=meta_info.get("author") if document is None else document.author,
        published=meta_info.get("published") if document is None else document.published,
        site_name=meta_info.get("site_name") if document is None else document.site_name,
        source=meta_info.get("source") if document is None else document.source,
        language=language,
        language_score=language_score,
        word_count=word_count(doc.text),
        char_count=len(doc.text),
    )
    fields: dict[str, Any] = {}
    for layer in layers:
        if layer in EXPORTERS:
            fields.update(EXPORTERS[layer](doc))
    settings = {name: dict(values) for name, values in docstate.settings_of(doc).items()}
    return Analysis(
        text=doc.text,
        meta=meta,
        layers=layers,
        settings=settings,
        warnings=warnings,
        warning_places=places,
        **fields,
    )


def json_schema() -> dict[str, Any]:
    schema = Analysis.model_json_schema(by_alias=True)
    schema["$id"] = SCHEMA_ID
    return schema


def write_schema(path: Path) -> None:
    path.write_text(json.dumps(json_schema(), indent=2, sort_keys=True) + "\n", encoding="utf-8")


# ---- flattening to rows: one row per technique span, quote and claim ---------------------------------------------
# Defined once, here beside the models: `spinscope analyze --format csv`, the batch stores' span tables and
# `spinscope export` all call `rows()`, so a column means the same everywhere. Every row carries the layer and
# the offsets into `Analysis.text` (`text == Analysis.text[start:end]`).
ROW_LAYERS = ("techniques", "quotes", "claims")
ROW_COLUMNS = (
    "layer",  # techniques | quotes | claims
    "index",  # position in its layer's list (Analysis.techniques[index], ...)
    "start",
    "end",
    "text",
    "label",  # the technique; the quote's kind (direct, indirect, mixed); the claim's kind (statistic, ...)
    "family",  # technique family (techniques only)
    "score",  # technique probability, quote-filter probability, check-worthiness
    "speaker",  # who says it: the quote's resolved speaker; for a technique or claim, whose quotation it is in
    "speaker_type",  # quotes only: named_person, anonymous, group, ...
    "affiliation",  # quotes only
    "voice_id",  # quotes only: id in Analysis.sourcing.voices
    "in_quote",  # techniques and claims: inside a quotation (None when the quotes layer did not run)
    "quantities",  # claims only: the normalised numbers, "; "-separated ("9000000000 USD; 2021-08-31")
)


def normalised_quantity(quantity: Quantity) -> str | None:
    """One comparable string per quantity: ISO 8601 for dates, times and durations; "9000000000 USD" for money;
    "15 percent", "3 teams" for the rest; None when it has neither."""
    if quantity.iso:
        return quantity.iso
    if quantity.value is None:
        return None
    number = f"{quantity.value:.15g}"
    if quantity.value_max is not None and quantity.value_max != quantity.value:
        number += f"-{quantity.value_max:.15g}"
    unit = quantity.currency or quantity.unit
    return f"{number} {unit}" if unit else number


def rows(analysis: Analysis) -> list[dict[str, Any]]:
    """Every technique span, quote and claim of `analysis` as a flat dict with the keys of `ROW_COLUMNS`, in
    layer order and then in their lists' order; layers that did not run give no rows."""
    found: list[dict[str, Any]] = []
    blank = dict.fromkeys(ROW_COLUMNS)

    def add(layer: str, index: int, span: TextSpan, **values: Any) -> None:
        found.append(
            {**blank, "layer": layer, "index": index, "start": span.start, "end": span.end, "text": span.text}
            | values
        )

    for index, technique in enumerate(analysis.techniques or []):
        add(
            "techniques",
            index,
            technique,
            label=technique.technique,
            family=technique.family,
            score=technique.score,
            speaker=technique.speaker,
            in_quote=technique.in_quote,
        )
    for index, quote in enumerate(analysis.quotes or []):
        add(
            "quotes",
            index,
            quote,
            label=quote.kind,
            score=quote.score,
            speaker=quote.speaker_name or (quote.speaker.text if quote.speaker else None),
            speaker_type=quote.speaker_type,
            affiliation=quote.affiliation,
            voice_id=quote.voice_id,
        )
    for index, claim in enumerate(analysis.claims or []):
        numbers = [text for text in map(normalised_quantity, claim.quantities) if text]
        add(
            "claims",
            index,
            claim,
            label=claim.kind,
            score=claim.score,
            speaker=claim.speaker,
            in_quote=claim.in_quote,
            quantities="; ".join(numbers) or None,
        )
    return found
