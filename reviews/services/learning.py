"""Model versions: which models the extractor uses, retraining them from the newsroom's decisions, rollback.

- ``models_in_use`` is read by ingest before extraction: the active check-worthiness and status versions
  (the shipped model and the rules until a learned version is promoted). Their ids are stored on every
  claim they scored (``Claim.checkworthiness_model``, ``Claim.status_model``).
- ``model_candidates_train`` (the ``reviews.retrain_models`` task: beat and admins' "Retrain now") reads
  the decisions (``selectors.learning.learning_decisions``), holds back the newest
  ``LEARNING_HELD_BACK_FRACTION`` of them, trains a candidate of each kind on the rest
  (``reviews.learning``), and compares it with the active version on the held-back slice and on the
  shipped evaluation set by a paired bootstrap (``reviews.learning.evaluation``): it is promoted only
  if it is not worse beyond noise on every comparison; otherwise it stays a candidate with its figures.
  Idempotent: the same decisions on the same shipped weights train nothing new.
- ``model_version_rollback``: an admin makes an earlier active version active again (audited).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviews.dispatch import enqueue_on_commit
from reviews.exceptions import ClaimStateConflict, InvalidInput, NotFound
from reviews.learning import checkworthiness as cw_learning
from reviews.learning import dataset
from reviews.learning import status as status_learning
from reviews.learning.evaluation import Comparison, compare_accuracy, compare_auc, promote
from reviews.learning.models import NewsroomModels
from reviews.models import SHIPPED_NAME, AuditAction, ModelKind, ModelState, ModelVersion
from reviews.selectors.learning import Decision, learning_decisions
from reviews.services.audit import audit_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User

RULES_BASE = "rules"
# texts -> embedding-side check-worthiness logits (``reviews.matching.checkworthiness.score``)
EmbeddedScorer = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True, slots=True)
class ModelsInUse:
    """The active models; an id is None while the shipped model (or the rules) has no row yet, or the
    active check-worthiness row is for other shipped weights (``model_versions_record`` settles both)."""

    learned: NewsroomModels
    checkworthiness_id: int | None
    status_id: int | None

    @property
    def for_extraction(self) -> NewsroomModels | None:
        """What ``extract_article(learned=...)`` takes: None while both are the shipped model and the rules."""
        if self.learned.checkworthiness.is_shipped and self.learned.status_model.is_rules:
            return None
        return self.learned


@lru_cache(maxsize=64)
def _parsed(
    version_id: int, created_at: str, kind: str
) -> cw_learning.CheckworthinessModel | status_learning.StatusModel:
    """A version's model; versions never change after they are written (keyed by id and creation time)."""
    parameters = ModelVersion.objects.filter(pk=version_id).values_list("parameters", flat=True).first() or {}
    if kind == ModelKind.CHECKWORTHINESS:
        return cw_learning.CheckworthinessModel.from_json(parameters)
    return status_learning.StatusModel.from_json(parameters)


def checkworthiness_model(version: ModelVersion) -> cw_learning.CheckworthinessModel:
    if version.base != cw_learning.shipped_fingerprint():
        return cw_learning.shipped()  # trained on other shipped weights: its offsets do not apply
    model = _parsed(version.pk, version.created_at.isoformat(), ModelKind.CHECKWORTHINESS)
    assert isinstance(model, cw_learning.CheckworthinessModel)
    return model


def status_model(version: ModelVersion) -> status_learning.StatusModel:
    model = _parsed(version.pk, version.created_at.isoformat(), ModelKind.STATUS)
    assert isinstance(model, status_learning.StatusModel)
    return model


def checkworthiness_model_by_id(version_id: int | None) -> cw_learning.CheckworthinessModel:
    """The check-worthiness model of a version id stored on a claim (the shipped one for none)."""
    version = ModelVersion.objects.filter(pk=version_id).defer("parameters").first() if version_id else None
    return checkworthiness_model(version) if version is not None else cw_learning.shipped()


def _activate(version: ModelVersion, *, previous: ModelVersion | None, reason: str) -> None:
    now = timezone.now()
    if previous is not None:
        ModelVersion.objects.filter(pk=previous.pk).update(state=ModelState.RETIRED, retired_at=now)
    ModelVersion.objects.filter(pk=version.pk).update(state=ModelState.ACTIVE, activated_at=now, retired_at=None)
    version.state, version.activated_at, version.retired_at = ModelState.ACTIVE, now, None
    audit_record(
        action=AuditAction.MODEL_PROMOTED,
        before=previous.name if previous else "",
        after=version.name,
        reason=reason,
        data={"kind": version.kind, "version": version.pk, "previous": previous.pk if previous else None},
    )


def _shipped_in_use(kind: ModelKind, base: str, stale: ModelVersion | None) -> ModelVersion:
    """The shipped version for ``base``, made active when nothing (usable) is: first use, new shipped weights."""
    try:
        with transaction.atomic():
            version = ModelVersion.objects.filter(kind=kind, base=base, name=SHIPPED_NAME).first()
            if version is None:
                version = ModelVersion.objects.create(
                    kind=kind, base=base, name=SHIPPED_NAME, note="The model shipped with the product."
                )
            active = ModelVersion.objects.select_for_update().filter(kind=kind, state=ModelState.ACTIVE).first()
            if active is None or (stale is not None and active.pk == stale.pk and active.base != base):
                reason = "no version was active" if active is None else "the shipped weights changed"
                _activate(version, previous=active, reason=reason)
                return version
            return active
    except IntegrityError:  # a concurrent process did the same
        active = ModelVersion.objects.filter(kind=kind, state=ModelState.ACTIVE).first()
        if active is None:
            raise
        return active


def models_in_use() -> ModelsInUse:
    """The active version of each kind with its loaded model (one query; reads only)."""
    active = {
        v.kind: v
        for v in ModelVersion.objects.filter(state=ModelState.ACTIVE).only("id", "kind", "base", "name", "created_at")
    }
    cw_version = active.get(ModelKind.CHECKWORTHINESS)
    if cw_version is not None and cw_version.base != cw_learning.shipped_fingerprint():
        cw_version = None
    status_version = active.get(ModelKind.STATUS)
    return ModelsInUse(
        learned=NewsroomModels(
            checkworthiness_model(cw_version) if cw_version else cw_learning.shipped(),
            status_model(status_version) if status_version else status_learning.StatusModel(),
        ),
        checkworthiness_id=cw_version.pk if cw_version else None,
        status_id=status_version.pk if status_version else None,
    )


def model_versions_record(models: ModelsInUse) -> tuple[int, int]:
    """The version ids to store on claims scored by ``models`` (inside the caller's transaction).

    The first time (or after the shipped weights changed) the shipped model's and the rules' rows are
    written and made active, so every scored claim names the model that scored it.
    """
    cw_id, status_id = models.checkworthiness_id, models.status_id
    if cw_id is None:
        fingerprint = cw_learning.shipped_fingerprint()
        stale = ModelVersion.objects.filter(kind=ModelKind.CHECKWORTHINESS, state=ModelState.ACTIVE).first()
        cw_id = _shipped_in_use(ModelKind.CHECKWORTHINESS, fingerprint, stale).pk
    if status_id is None:
        status_id = _shipped_in_use(ModelKind.STATUS, RULES_BASE, None).pk
    return cw_id, status_id


# -------------------------------------------------------------------------------------- training


@dataclass(frozen=True, slots=True)
class TrainingOutcome:
    versions: tuple[ModelVersion, ...]
    skipped: str = ""  # why nothing was trained


def _digest(decisions: Sequence[Decision]) -> str:
    payload = json.dumps([[d.claim_id, d.checkworthy, d.status, d.text] for d in decisions], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _test_settings() -> dict[str, object]:
    return {
        "method": "paired bootstrap on the same items; promoted when the one-sided lower bound of "
        "(candidate - active) is at least -margin on every comparison",
        "resamples": int(settings.LEARNING_BOOTSTRAP_RESAMPLES),
        "margin": float(settings.LEARNING_PROMOTION_MARGIN),
        "confidence": float(settings.LEARNING_PROMOTION_CONFIDENCE),
    }


def _bootstrap_options() -> dict[str, float | int]:
    return {
        "resamples": int(settings.LEARNING_BOOTSTRAP_RESAMPLES),
        "margin": float(settings.LEARNING_PROMOTION_MARGIN),
        "confidence": float(settings.LEARNING_PROMOTION_CONFIDENCE),
    }


def _next_name(kind: ModelKind) -> str:
    return f"{kind.value}-{ModelVersion.objects.filter(kind=kind).exclude(name=SHIPPED_NAME).count() + 1}"


def _store_candidate(
    *,
    kind: ModelKind,
    base: str,
    parameters: dict[str, object],
    comparisons: Sequence[Comparison | None],
    active: ModelVersion,
    training_size: int,
    held_back_size: int,
    digest: str,
    embedding_used: bool,
) -> ModelVersion | None:
    promoted = promote(comparisons)
    figures = {
        "test": _test_settings(),
        "against": {"id": active.pk, "name": active.name},
        "comparisons": [c.as_dict() for c in comparisons if c is not None],
        "promoted": promoted,
    }
    made = [c for c in comparisons if c is not None]
    if promoted:
        note = "Promoted: not worse than the active version beyond noise on " + ", ".join(c.name for c in made) + "."
    elif not made:
        note = "Kept as a candidate: no comparison could be made (too few decisions of each kind)."
    else:
        worse = [c.name for c in made if not c.not_worse]
        note = "Kept as a candidate: possibly worse than the active version on " + ", ".join(worse) + "."
    try:
        with transaction.atomic():
            current = ModelVersion.objects.select_for_update().filter(kind=kind, state=ModelState.ACTIVE).first()
            version = ModelVersion.objects.create(
                kind=kind,
                base=base,
                name=_next_name(kind),
                parameters=parameters,
                figures=figures,
                training_size=training_size,
                held_back_size=held_back_size,
                decisions_digest=digest,
                embedding_used=embedding_used,
                parent=active,
                note=note,
            )
            audit_record(
                action=AuditAction.MODEL_TRAINED,
                after=version.name,
                reason=note,
                data={"kind": kind.value, "version": version.pk, "training_size": training_size, "figures": figures},
            )
            if promoted and current is not None and current.pk == active.pk:
                _activate(version, previous=current, reason=note)
            elif promoted:
                version.note = note = "Kept as a candidate: the active version changed while it was trained."
                ModelVersion.objects.filter(pk=version.pk).update(note=note)
    except IntegrityError:  # the same decisions were trained on concurrently
        return None
    return version


def model_candidates_train(*, embedded: EmbeddedScorer | None = None) -> TrainingOutcome:
    """Train, test and (maybe) promote a candidate of each kind from the newsroom's decisions."""
    decisions = learning_decisions(limit=int(settings.LEARNING_MAX_DECISIONS))
    minimum = int(settings.LEARNING_MIN_DECISIONS)
    if len(decisions) < minimum:
        return TrainingOutcome((), f"{len(decisions)} decisions; at least {minimum} are needed")
    with transaction.atomic():
        ids = model_versions_record(models_in_use())
    in_use = models_in_use()
    fingerprint = cw_learning.shipped_fingerprint()
    digest = _digest(decisions)
    done = set(
        ModelVersion.objects.filter(decisions_digest=digest, base__in=[fingerprint, RULES_BASE]).values_list(
            "kind", flat=True
        )
    )
    if done >= {ModelKind.CHECKWORTHINESS.value, ModelKind.STATUS.value}:
        return TrainingOutcome((), "already trained on these decisions")
    held = max(
        int(settings.LEARNING_MIN_HELD_BACK), math.ceil(len(decisions) * float(settings.LEARNING_HELD_BACK_FRACTION))
    )
    train, held_back = decisions[:-held], decisions[-held:]
    evaluation = dataset.evaluation_set()
    options = _bootstrap_options()
    versions: list[ModelVersion] = []
    active_versions = {v.kind: v for v in ModelVersion.objects.filter(pk__in=ids)}

    if ModelKind.CHECKWORTHINESS.value not in done:
        logits: dict[str, float] = {}
        if embedded is not None:
            texts = sorted({d.text for d in decisions} | {e.text for e in evaluation})
            logits = dict(zip(texts, map(float, embedded(texts)), strict=True))
        candidate = cw_learning.train(
            [d.text for d in train],
            [d.checkworthy for d in train],
            embedded=[logits[d.text] for d in train] if logits else None,
        )
        active = in_use.learned.checkworthiness

        def scores(model: cw_learning.CheckworthinessModel, texts: Sequence[str]) -> list[float]:
            return [model.logit(t, logits.get(t)) for t in texts]

        comparisons = []
        for name, texts, labels in (
            (
                "held-back decisions: check-worthiness AUC",
                [d.text for d in held_back],
                [d.checkworthy for d in held_back],
            ),
            ("evaluation set: check-worthiness AUC", [e.text for e in evaluation], [e.checkworthy for e in evaluation]),
        ):
            comparisons.append(compare_auc(name, scores(active, texts), scores(candidate, texts), labels, **options))  # type: ignore[arg-type]  # options is a dict of keyword arguments of mixed types for compare_auc
        stored = _store_candidate(
            kind=ModelKind.CHECKWORTHINESS,
            base=fingerprint,
            parameters=candidate.to_json(),
            comparisons=comparisons,
            active=active_versions[ModelKind.CHECKWORTHINESS],
            training_size=len(train),
            held_back_size=len(held_back),
            digest=digest,
            embedding_used=candidate.stack is not None,
        )
        if stored is not None:
            versions.append(stored)

    if ModelKind.STATUS.value not in done:
        decided = [d for d in train if d.status]
        candidate_status = status_learning.train([d.text for d in decided], [str(d.status) for d in decided])
        active_status = in_use.learned.status_model
        comparisons = []
        for name, items in (
            ("held-back decisions: status accuracy", [(d.text, str(d.status)) for d in held_back if d.status]),
            ("evaluation set: status accuracy", [(e.text, str(e.status)) for e in evaluation if e.status]),
        ):
            gold = [label for _text, label in items]
            comparisons.append(
                compare_accuracy(
                    name,
                    [active_status.predict_text(text).value for text, _label in items],
                    [candidate_status.predict_text(text).value for text, _label in items],
                    gold,
                    **options,  # type: ignore[arg-type]  # options is a dict of keyword arguments of mixed types
                )
            )
        stored = _store_candidate(
            kind=ModelKind.STATUS,
            base=RULES_BASE,
            parameters=candidate_status.to_json(),
            comparisons=comparisons,
            active=active_versions[ModelKind.STATUS],
            training_size=len(decided),
            held_back_size=sum(1 for d in held_back if d.status),
            digest=digest,
            embedding_used=False,
        )
        if stored is not None:
            versions.append(stored)
    return TrainingOutcome(tuple(versions))


def model_candidates_train_on_worker() -> TrainingOutcome:
    """The task's entry: the stacker is refitted when this worker can run the embedding model."""
    from reviews.matching import checkworthiness

    embedded = checkworthiness.score if checkworthiness.available() else None
    return model_candidates_train(embedded=embedded)


def model_retrain_request(*, actor: User) -> None:
    """An admin asks for retraining now (the task runs after commit)."""
    audit_record(action=AuditAction.MODEL_RETRAIN_REQUESTED, actor=actor, data={})
    enqueue_on_commit("reviews.retrain_models")


def model_version_rollback(*, version_id: int, actor: User, reason: str) -> ModelVersion:
    """Make an earlier active version active again; the current one is retired. Audited."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("A reason is required.")
    with transaction.atomic():
        target = ModelVersion.objects.select_for_update().filter(pk=version_id).first()
        if target is None:
            raise NotFound("No such model version.")
        if target.state == ModelState.ACTIVE:
            raise ClaimStateConflict("This version is already active.")
        if target.activated_at is None:
            raise ClaimStateConflict("Only a version that was active before can be rolled back to.")
        if target.kind == ModelKind.CHECKWORTHINESS and target.base != cw_learning.shipped_fingerprint():
            raise ClaimStateConflict("This version was trained on other shipped weights than this release's.")
        current = ModelVersion.objects.select_for_update().filter(kind=target.kind, state=ModelState.ACTIVE).first()
        now = timezone.now()
        if current is not None:
            ModelVersion.objects.filter(pk=current.pk).update(state=ModelState.RETIRED, retired_at=now)
        ModelVersion.objects.filter(pk=target.pk).update(state=ModelState.ACTIVE, activated_at=now, retired_at=None)
        audit_record(
            action=AuditAction.MODEL_ROLLED_BACK,
            actor=actor,
            before=current.name if current else "",
            after=target.name,
            reason=reason,
            data={"kind": target.kind, "version": target.pk, "previous": current.pk if current else None},
        )
        target.refresh_from_db()
    return target
