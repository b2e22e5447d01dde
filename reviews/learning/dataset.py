"""Annotated sentence sets shipped with the product: ``LABEL<TAB>sentence`` lines, ``#`` comments."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reviews.extraction.types import Status

DATA = Path(__file__).with_name("data")
EVALUATION_PATH = DATA / "evaluation.txt"
REPLAY_PATH = DATA / "replay.txt"
NOT_A_CLAIM = "not_a_claim"
LABELS = frozenset({*(s.value for s in Status), NOT_A_CLAIM})


@dataclass(frozen=True, slots=True)
class Example:
    """A decided sentence: ``status`` is its final status, or None when it was confirmed not a claim."""

    text: str
    status: str | None

    @property
    def checkworthy(self) -> int:
        return 0 if self.status is None else 1


def load(path: Path) -> list[Example]:
    examples: list[Example] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        label, _, text = line.partition("\t")
        if label not in LABELS or not text.strip():
            raise ValueError(f"{path.name}:{number}: expected LABEL<TAB>sentence with a label in {sorted(LABELS)}")
        examples.append(Example(text.strip(), None if label == NOT_A_CLAIM else label))
    return examples


def evaluation_set() -> list[Example]:
    return load(EVALUATION_PATH)
