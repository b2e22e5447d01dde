"""A newsroom's learned models together: what ``extract_article(learned=...)`` is given."""

from __future__ import annotations

from dataclasses import dataclass

from reviews.extraction import cues as cue_lib
from reviews.extraction.types import Status
from reviews.learning.checkworthiness import CheckworthinessModel
from reviews.learning.status import StatusModel


@dataclass(frozen=True, slots=True)
class NewsroomModels:
    checkworthiness: CheckworthinessModel
    status_model: StatusModel

    def sparse_logit(self, text: str, shipped: float | None = None) -> float:
        return self.checkworthiness.sparse_logit(text, shipped)

    def sparse_logits(self, text: str) -> tuple[float, float]:
        return self.checkworthiness.sparse_logits(text)

    def stacked_logit(self, sparse: float, embedded: float, text: str | None = None) -> float:
        return self.checkworthiness.stacked_logit(sparse, embedded, text)

    def status(self, text: str, analysis: cue_lib.CueAnalysis, rules: Status) -> Status:
        return self.status_model.predict(text, analysis, rules)
