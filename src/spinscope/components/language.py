"""`spinscope/language`: detects the text's language with py3langid (model inside the package, offline).

Always the first spinscope component. Writes `doc.user_data["spinscope_language"] = (code, confidence)` and a
warning when the text is not English: the models are English-only, so results on other languages are unreliable.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .. import docstate
from ..docstate import warn

SAMPLE_CHARS = 5000


@lru_cache(maxsize=1)
def identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    code, probability = identifier().classify(text[:SAMPLE_CHARS])
    return str(code), round(float(probability), 3)


class LanguageDetector:
    def __call__(self, doc: Doc) -> Doc:
        code, probability = detect(doc.text)
        docstate.set_language(doc, code, probability)
        if code != "en":
            warn(doc, f"the text looks like language '{code}', not English: results are unreliable")
        return doc


@Language.factory("spinscope/language", assigns=["doc.user_data"])
def make_language(nlp: Language, name: str) -> LanguageDetector:
    return LanguageDetector()
