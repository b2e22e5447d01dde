"""The review report as one typed document: what every format (HTML, PDF, CSV, JSON) is written from.

``report_document`` builds it for one of two audiences:

- **publisher** (the writer, the publisher, a partner): a cover, a summary and each claim in article
  order with its final status in words, the reason, evidence links with titles, what source is missing
  and re-review dates. No usernames (roles instead: "the standards editor") unless the editor asks for
  names; no raw status values; dates in the newsroom's time zone (``NEWSROOM_TIME_ZONE``).
- **audit** (the standards desk): the same plus every verdict by reviewer, adjudication reasons and
  overrides, extraction corrections and the claim's whole audit trail.

Every value in the document is already what a reader sees (words and formatted dates), so the writers
only lay it out: a field cannot be worded one way in the PDF and another in the CSV, and a test walks
the dataclass fields to prove each one is in every format. Fields marked ``AUDIT`` are left empty for
the publisher audience and are not written at all. Claims come in chunks (four to six queries each) so a
10,000-claim report never sits in memory at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, TypeVar, dataclass_transform
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Min, QuerySet
from django.urls import reverse

from reviews.exceptions import ReportDataError
from reviews.models import (
    FINAL_STATUSES,
    UNRESOLVED_STATUSES,
    Article,
    AuditAction,
    AuditEvent,
    Claim,
    ClaimMatch,
    ClaimStatus,
    CorrectionKind,
    CorrectionState,
    EvidenceLink,
    ExtractionCorrection,
    MissingSource,
    Review,
    Verdict,
)
from reviews.roles import ADMIN, EDITOR, REVIEWER

PUBLISHER = "publisher"
AUDIT = "audit"
AUDIENCES = (PUBLISHER, AUDIT)
AUDIENCE_LABELS = {PUBLISHER: "Publisher report", AUDIT: "Audit report (standards desk)"}
CHUNK_SIZE = 500
SUMMARY_ARTICLES = 200
CONTEXT_CHARS = 240
_T = TypeVar("_T")


@dataclass_transform(frozen_default=True)
def section(*, audit_only: Iterable[str] = (), **labels: str) -> Callable[[type[_T]], type[_T]]:
    """Make a class one section of the document: a frozen dataclass whose fields carry their labels.

    ``labels``: the column or heading a reader sees for each field, by field name (every field has
    one, or the class is refused at import); ``audit_only``: the fields only the audit report shows.
    The writers read both from the fields' metadata (``shown_fields``).
    """
    hidden = frozenset(audit_only)

    def build(cls: type[_T]) -> type[_T]:
        names = list(cls.__annotations__)
        if set(names) != set(labels) or not hidden <= set(names):
            raise TypeError(f"{cls.__name__}: give every field a label, and only its fields: {names}")
        for name in names:
            metadata = {"label": labels[name], "audience": AUDIT if name in hidden else PUBLISHER}
            setattr(cls, name, field(metadata=metadata))
        return dataclass(frozen=True)(cls)

    return build


def shown_fields(cls: type, audience: str) -> list[Any]:
    """The dataclass fields of ``cls`` that a report for ``audience`` shows, in order."""
    return [f for f in fields(cls) if audience == AUDIT or f.metadata.get("audience", PUBLISHER) == PUBLISHER]


# --- The document -------------------------------------------------------------------------------


@section(title="Title", url="Link")
class EvidenceItem:
    title: str
    url: str


@section(
    reviewer="Reviewer",
    verdict="Verdict",
    given_on="Given on",
    review_round="Round",
    note="Note",
    missing_source="Missing source",
    evidence="Evidence",
)
class VerdictEntry:
    """One reviewer's verdict (audit only)."""

    reviewer: str
    verdict: str
    given_on: str
    review_round: str
    note: str
    missing_source: str
    evidence: tuple[EvidenceItem, ...]


@section(on="When", by="Who", what="What", change="Change", reason="Reason")
class TrailEntry:
    """One audit event: when, who, what, the change in words and why."""

    on: str
    by: str
    what: str
    change: str
    reason: str


@section(on="When", by="Who", what="What", before="Before", after="After", reason="Reason")
class CorrectionEntry:
    """A human correction of the extraction (audit only)."""

    on: str
    by: str
    what: str
    before: str
    after: str
    reason: str


@section(claim_id="Claim ID", text="Claim", status="Status", article="Article", similarity="Similarity", link="Link")
class PrecedentEntry:
    """A decided earlier claim this one was matched to (audit only)."""

    claim_id: int
    text: str
    status: str
    article: str
    similarity: str
    link: str


@section(
    claim_id="Claim ID",
    article_id="Article ID",
    number="No.",
    text="Claim",
    context_before="Context before",
    context_after="Context after",
    status="Final status",
    decided_on="Decided on",
    reason="Reason",
    evidence="Evidence",
    missing_source="Missing source",
    rereview="Re-review",
    verdicts="Verdicts",
    adjudication="Adjudication and overrides",
    corrections="Corrections",
    trail="Audit trail",
    precedents="Precedents",
    audit_only=("verdicts", "adjudication", "corrections", "trail", "precedents"),
)
class ClaimEntry:
    claim_id: int
    article_id: int
    number: int
    text: str
    context_before: str
    context_after: str
    status: str
    decided_on: str
    reason: str
    evidence: tuple[EvidenceItem, ...]
    missing_source: str
    rereview: str
    verdicts: tuple[VerdictEntry, ...]
    adjudication: tuple[TrailEntry, ...]
    corrections: tuple[CorrectionEntry, ...]
    trail: tuple[TrailEntry, ...]
    precedents: tuple[PrecedentEntry, ...]


@section(
    article_id="Article ID",
    headline="Headline",
    source="Source",
    page="As the page states it",
    desk="Desk",
    version="Version",
    ingested_on="Ingested on",
    readiness="Readiness",
    clearance="Clearance",
)
class ArticleEntry:
    article_id: int
    headline: str
    source: str
    page: str  # a web page's own metadata, in words ("" for an article ingested as text)
    desk: str
    version: str
    ingested_on: str
    readiness: str
    clearance: str


@section(title="Title", newsroom="Newsroom", audience="Report", scope="Covers", generated_on="Generated on")
class Cover:
    title: str
    newsroom: str
    audience: str
    scope: str
    generated_on: str


@section(status="Status", claims="Claims")
class StatusCount:
    status: str
    claims: int


@section(
    claims="Claims",
    by_status="Claims by status",
    unresolved="Unresolved",
    articles="Articles",
    reviews_from="First review",
    reviews_to="Last review",
)
class Summary:
    claims: int
    by_status: tuple[StatusCount, ...]
    unresolved: int
    articles: int
    reviews_from: str
    reviews_to: str


@dataclass
class ReportDocument:
    audience: str
    cover: Cover
    summary: Summary
    articles: tuple[ArticleEntry, ...]
    more_articles: int
    chart_totals: dict[str, int]
    claims: Iterable[list[ClaimEntry]] = ()
    people: People | None = None
    _known: dict[int, ArticleEntry] = field(default_factory=dict)

    @property
    def is_audit(self) -> bool:
        return self.audience == AUDIT

    def articles_of(self, chunk: list[ClaimEntry]) -> dict[int, ArticleEntry]:
        """The article of each claim of ``chunk`` (the cover's list, else one query for the rest)."""
        if not self._known:
            self._known.update((a.article_id, a) for a in self.articles)
        wanted = {claim.article_id for claim in chunk}
        missing = wanted - set(self._known)
        if missing:
            people = self.people or People(show_names=self.is_audit)
            loaded = _article_entries(Article.objects.filter(pk__in=missing), people, len(missing))
            self._known.update((a.article_id, a) for a in loaded)
        return {pk: self._known[pk] for pk in wanted if pk in self._known}


# --- Wording ------------------------------------------------------------------------------------

_STATUS_WORDS = {status.value: str(status.label) for status in ClaimStatus}
_VERDICT_WORDS = {verdict.value: str(verdict.label) for verdict in Verdict}
_ACTION_WORDS = {action.value: str(action.label) for action in AuditAction}
_MISSING_WORDS = {kind.value: str(kind.label) for kind in MissingSource}
_CORRECTION_WORDS = {kind.value: str(kind.label) for kind in CorrectionKind}
_CORRECTION_STATE_WORDS = {state.value: str(state.label) for state in CorrectionState}
ROLE_WORDS = {ADMIN: "an administrator", EDITOR: "the standards editor", REVIEWER: "a reviewer"}
STATUS_ORDER = [
    ClaimStatus.SUPPORTED,
    ClaimStatus.SPECULATIVE,
    ClaimStatus.NEEDS_SOURCE,
    ClaimStatus.DISPUTED,
    ClaimStatus.PENDING,
    ClaimStatus.FLAGGED,
    ClaimStatus.NOT_A_CLAIM,
    ClaimStatus.SUPERSEDED,
    ClaimStatus.WITHDRAWN,
]


def newsroom_zone() -> ZoneInfo:
    return ZoneInfo(settings.NEWSROOM_TIME_ZONE)


def when(value: datetime | None) -> str:
    """A moment in the newsroom's time zone, as people write it: "6 December 2026, 14:05 CET"."""
    if value is None:
        return ""
    local = value.astimezone(newsroom_zone())
    return f"{local.day} {local:%B %Y, %H:%M} {local.tzname()}"


def day(value: date | datetime | None) -> str:
    """A day as people write it: "6 December 2026" (a moment is taken in the newsroom's time zone)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(newsroom_zone())
    return f"{value.day} {value:%B %Y}"


def status_words(value: str) -> str:
    return _STATUS_WORDS.get(value, value.replace("_", " ").capitalize())


def verdict_words(value: str) -> str:
    return _VERDICT_WORDS.get(value, value.replace("_", " ").capitalize())


def _change_words(before: str, after: str) -> str:
    if not before and not after:
        return ""
    words = {
        **_STATUS_WORDS,
        "cleared": "cleared",
        "cleared_override": "cleared with override",  # audit rows written before clearance states had names
        "cleared_with_override": "cleared with override",
        "not_cleared": "not cleared",
    }
    return f"{words.get(before, before) or '(none)'} → {words.get(after, after) or '(none)'}"


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def _trim_start(text: str) -> str:
    """Drop a leading partial word (the text was cut before it) and say so with an ellipsis."""
    cut = re.search(r"\s", text)
    return "… " + text[cut.end() :].lstrip() if cut else ""


def _trim_end(text: str) -> str:
    cut = max(text.rfind(" "), text.rfind("\n"))
    return text[:cut].rstrip() + " …" if cut > 0 else ""


def sentence_context(text: str, start: int, end: int) -> tuple[str, str]:
    """The sentence before and after the claim, never cut inside a word ("…" where it was shortened)."""
    if not (0 <= start <= end <= len(text)):
        return "", ""
    window_start = max(0, start - CONTEXT_CHARS)
    before = text[window_start:start]
    ends = list(_SENTENCE_END.finditer(before))
    if ends and (len(ends) >= 2 or window_start > 0):
        before = before[ends[-2 if len(ends) >= 2 else -1].end() :]
    elif window_start > 0 and not text[window_start - 1].isspace():
        before = _trim_start(before)
    after = text[end : end + CONTEXT_CHARS]
    first = _SENTENCE_END.search(after.lstrip())
    if first:
        after = after[: len(after) - len(after.lstrip()) + first.end()]
    elif end + CONTEXT_CHARS < len(text) and not text[end + CONTEXT_CHARS].isspace():
        after = _trim_end(after)
    return before.strip(), after.strip()


def missing_source_words(kinds: Iterable[str], note: str) -> str:
    words = [_MISSING_WORDS.get(kind, kind.replace("_", " ")) for kind in kinds]
    text = ", ".join(words)
    if note:
        text = f"{text}: {note}" if text else note
    return text


# --- People -------------------------------------------------------------------------------------


@dataclass
class People:
    """How the report names people: usernames for the audit or when names are asked for, roles otherwise."""

    show_names: bool
    names: dict[int, str] = field(default_factory=dict)
    roles: dict[int, str] = field(default_factory=dict)

    def load(self, user_ids: Iterable[int | None]) -> None:
        wanted = {pk for pk in user_ids if pk is not None} - set(self.names)
        if not wanted:
            return
        users = get_user_model().objects.filter(pk__in=wanted)
        for user in users.values("pk", "username", "first_name", "last_name", "is_superuser"):
            full = f"{user['first_name']} {user['last_name']}".strip()
            self.names[user["pk"]] = full or user["username"]
            self.roles[user["pk"]] = ADMIN if user["is_superuser"] else ""
        groups = get_user_model().groups.through.objects.filter(user_id__in=wanted)
        rank = {REVIEWER: 1, EDITOR: 2, ADMIN: 3}
        for user_id, role in groups.values_list("user_id", "group__name"):
            if rank.get(role, 0) > rank.get(self.roles.get(user_id, ""), 0):
                self.roles[user_id] = role

    def who(self, user_id: int | None) -> str:
        if user_id is None:
            return "the system"
        if self.show_names:
            return self.names.get(user_id, f"user #{user_id}")
        return ROLE_WORDS.get(self.roles.get(user_id, ""), "a member of staff")


# --- Building -----------------------------------------------------------------------------------


CLAIM_FIELDS = (
    "id",
    "article_id",
    "position",
    "text",
    "start",
    "end",
    "status",
    "finalised_at",
    "rereview_on",
    "review_round",
)
DECISION_ACTIONS = (AuditAction.CLAIM_ADJUDICATED, AuditAction.STATUS_OVERRIDDEN)


def claim_reason(*, status: str, decisions: list[dict[str, Any]], reviews: list[dict[str, Any]]) -> str:
    """Why the claim has its status: the editor's reason when they decided it, else the agreed note(s).

    Used for the report's "Reason" and as the prefill of a published fact-check's public summary.
    """
    for event in reversed(decisions):
        if event["after"] == status and event["reason"]:
            return str(event["reason"]).strip()
    notes: list[str] = []
    for review in reviews:
        note = str(review["note"]).strip()
        if review["verdict"] == status and note and note not in notes:
            notes.append(note)
    return " ".join(notes)


def _rereview_words(row: dict[str, Any], today: date) -> str:
    on = row["rereview_on"]
    if on is None:
        return ""
    finalised = row["finalised_at"]
    due = on <= today and (finalised is None or finalised.astimezone(newsroom_zone()).date() < on)
    return f"Due since {day(on)}" if due else day(on)


class ClaimChunks:
    """Reads claims chunk by chunk and turns each into ``ClaimEntry`` values (a few queries a chunk)."""

    def __init__(self, *, claims: QuerySet[Claim], audience: str, people: People, chunk_size: int) -> None:
        self.claims = claims
        self.audience = audience
        self.people = people
        self.chunk_size = chunk_size
        self.today = datetime.now(newsroom_zone()).date()
        self._articles: dict[int, dict[str, Any]] = {}

    def __iter__(self) -> Iterator[list[ClaimEntry]]:
        rows = self.claims.order_by("article_id", "position").values(*CLAIM_FIELDS)
        chunk: list[dict[str, Any]] = []
        for row in rows.iterator(chunk_size=self.chunk_size):
            chunk.append(row)
            if len(chunk) == self.chunk_size:
                yield self.entries(chunk)
                chunk = []
        if chunk:
            yield self.entries(chunk)

    def _texts(self, article_ids: set[int]) -> dict[int, str]:
        missing = article_ids - set(self._articles)
        for stale in set(self._articles) - article_ids:
            del self._articles[stale]
        if missing:
            for pk, text in Article.objects.filter(pk__in=missing).values_list("pk", "cleaned_text"):
                self._articles[pk] = {"text": text}
        return {pk: self._articles[pk]["text"] for pk in article_ids}

    def entries(self, chunk: list[dict[str, Any]]) -> list[ClaimEntry]:
        audit = self.audience == AUDIT
        ids = [row["id"] for row in chunk]
        texts = self._texts({row["article_id"] for row in chunk})
        reviews: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
        by_id: dict[int, dict[str, Any]] = {}
        for review in (
            Review.objects.filter(claim_id__in=ids)
            .order_by("created_at", "pk")
            .values(
                "id",
                "claim_id",
                "reviewer_id",
                "verdict",
                "note",
                "missing_source_kinds",
                "missing_source_note",
                "created_at",
                "review_round",
            )
        ):
            review["evidence"] = []
            reviews[review["claim_id"]].append(review)
            by_id[review["id"]] = review
        if by_id:
            for link in (
                EvidenceLink.objects.filter(review_id__in=list(by_id))
                .order_by("pk")
                .values("review_id", "url", "title")
            ):
                by_id[link["review_id"]]["evidence"].append(link)
        events: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
        event_rows = AuditEvent.objects.filter(claim_id__in=ids).order_by("at", "pk")
        if not audit:
            event_rows = event_rows.filter(action__in=DECISION_ACTIONS)
        for event in event_rows.values("claim_id", "at", "actor_id", "action", "before", "after", "reason"):
            events[event["claim_id"]].append(event)
        corrections: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
        precedents: dict[int, list[PrecedentEntry]] = {}
        if audit:
            for correction in (
                ExtractionCorrection.objects.filter(claim_id__in=ids)
                .order_by("proposed_at", "pk")
                .values(
                    "claim_id",
                    "kind",
                    "state",
                    "before_text",
                    "after_text",
                    "reason",
                    "decision_reason",
                    "proposed_by_id",
                    "proposed_at",
                )
            ):
                corrections[correction["claim_id"]].append(correction)
            precedents = self._precedents(ids)
            self.people.load(
                [r["reviewer_id"] for r in by_id.values()]
                + [e["actor_id"] for rows in events.values() for e in rows]
                + [c["proposed_by_id"] for rows in corrections.values() for c in rows]
            )
        entries = []
        for row in chunk:
            try:
                entries.append(
                    self._entry(
                        row,
                        texts,
                        reviews[row["id"]],
                        events[row["id"]],
                        corrections[row["id"]],
                        tuple(precedents.get(row["id"], ())),
                    )
                )
            except (ValueError, KeyError, TypeError, AttributeError) as error:
                raise ReportDataError(
                    f"Claim #{row['id']} (article #{row['article_id']}, position {row['position']}) could not be "
                    f"written: {error}. Fix the row (for example in the admin) and compile the report again."
                ) from error
        return entries

    def _precedents(self, ids: list[int]) -> dict[int, list[PrecedentEntry]]:
        """Decided earlier claims each claim was matched to, best first (one query)."""
        decided = [*FINAL_STATUSES, ClaimStatus.NOT_A_CLAIM]
        rows = (
            ClaimMatch.objects.filter(claim_id__in=ids, matched_claim__status__in=decided)
            .order_by("claim_id", "-similarity", "matched_claim_id")
            .values(
                "claim_id",
                "matched_claim_id",
                "matched_claim__status",
                "matched_claim__text",
                "matched_claim__article__title",
                "similarity",
            )
        )
        base = settings.NEWSROOM_URL.rstrip("/")
        found: dict[int, list[PrecedentEntry]] = {}
        for row in rows:
            found.setdefault(row["claim_id"], []).append(
                PrecedentEntry(
                    claim_id=row["matched_claim_id"],
                    text=row["matched_claim__text"],
                    status=status_words(row["matched_claim__status"]),
                    article=row["matched_claim__article__title"],
                    similarity=f"{row['similarity']:.2f}",
                    link=base + reverse("editor-claim", args=[row["matched_claim_id"]]),
                )
            )
        return found

    def _entry(
        self,
        row: dict[str, Any],
        texts: dict[int, str],
        reviews: list[dict[str, Any]],
        events: list[dict[str, Any]],
        corrections: list[dict[str, Any]],
        precedents: tuple[PrecedentEntry, ...],
    ) -> ClaimEntry:
        audit = self.audience == AUDIT
        status = ClaimStatus(row["status"]).value
        current = [r for r in reviews if r["review_round"] == row["review_round"]] or reviews
        decisions = [e for e in events if e["action"] in DECISION_ACTIONS]
        evidence: list[EvidenceItem] = []
        seen: set[str] = set()
        for review in current:
            if status in FINAL_STATUSES and review["verdict"] != status:
                continue
            for link in review["evidence"]:
                if link["url"] not in seen:
                    seen.add(link["url"])
                    evidence.append(EvidenceItem(title=link["title"] or link["url"], url=link["url"]))
        missing = "; ".join(
            dict.fromkeys(
                missing_source_words(r["missing_source_kinds"], r["missing_source_note"])
                for r in current
                if r["verdict"] == Verdict.NEEDS_SOURCE
            )
        )
        before, after = sentence_context(texts[row["article_id"]], row["start"], row["end"])
        people = self.people
        return ClaimEntry(
            claim_id=row["id"],
            article_id=row["article_id"],
            number=row["position"] + 1,
            text=row["text"],
            context_before=before,
            context_after=after,
            status=status_words(status),
            decided_on=when(row["finalised_at"]) if status in FINAL_STATUSES else "",
            reason=claim_reason(status=status, decisions=decisions, reviews=current),
            evidence=tuple(evidence),
            missing_source=missing if status == ClaimStatus.NEEDS_SOURCE or audit else "",
            rereview=_rereview_words(row, self.today),
            verdicts=tuple(
                VerdictEntry(
                    reviewer=people.who(r["reviewer_id"]),
                    verdict=verdict_words(r["verdict"]),
                    given_on=when(r["created_at"]),
                    review_round=f"Round {r['review_round']}",
                    note=r["note"],
                    missing_source=missing_source_words(r["missing_source_kinds"], r["missing_source_note"])
                    if r["verdict"] == Verdict.NEEDS_SOURCE
                    else "",
                    evidence=tuple(EvidenceItem(title=x["title"] or x["url"], url=x["url"]) for x in r["evidence"]),
                )
                for r in reviews
            )
            if audit
            else (),
            adjudication=tuple(_trail(e, people) for e in decisions) if audit else (),
            corrections=tuple(
                CorrectionEntry(
                    on=when(c["proposed_at"]),
                    by=people.who(c["proposed_by_id"]),
                    what=f"{_CORRECTION_WORDS.get(c['kind'], c['kind'])} "
                    f"({_CORRECTION_STATE_WORDS.get(c['state'], c['state']).lower()})",
                    before=c["before_text"],
                    after=c["after_text"],
                    reason=" ".join(part for part in (c["reason"], c["decision_reason"]) if part),
                )
                for c in corrections
            )
            if audit
            else (),
            trail=tuple(_trail(e, people) for e in events) if audit else (),
            precedents=precedents,
        )


def _trail(event: dict[str, Any], people: People) -> TrailEntry:
    return TrailEntry(
        on=when(event["at"]),
        by=people.who(event["actor_id"]),
        what=_ACTION_WORDS.get(event["action"], event["action"].replace("_", " ")),
        change=_change_words(event["before"], event["after"]),
        reason=event["reason"],
    )


_ORIGIN_WORDS = {"page": "Saved web page", "url": "Web page fetched from its address"}


def page_words(article: dict[str, Any]) -> str:
    """What a web page states about itself, as a reader sees it; "" for an article ingested as text."""
    origin = _ORIGIN_WORDS.get(article.get("origin") or "")
    if origin is None:
        return ""
    parts = [f"{origin} of {article['site_name']}" if article.get("site_name") else origin]
    if article.get("byline"):
        parts.append(f"by {article['byline']}")
    parts.append(f"published {day(article['published_on'])}" if article.get("published_on") else "no date stated")
    if article.get("canonical_url"):
        parts.append(f"canonical link {article['canonical_url']}")
    if article.get("declared_language"):
        parts.append(f"declared language {article['declared_language']}")
    return " · ".join(parts)


def _clearance(article: dict[str, Any], people: People) -> str:
    from reviews.selectors.clearance import ClearanceState, article_clearance

    clearance = article_clearance(article)
    if clearance.state == ClearanceState.NOT_CLEARED:
        return "Not cleared for publication"
    by = people.who(article["cleared_by_id"])
    on = when(article["cleared_at"])
    if clearance.state == ClearanceState.CLEARED_WITH_OVERRIDE:
        return f"Cleared with override by {by} on {on} while claims were unresolved: {clearance.reason}"
    return f"Cleared for publication by {by} on {on}"


def _article_entries(articles: QuerySet[Article], people: People, limit: int) -> tuple[ArticleEntry, ...]:
    from reviews.selectors.readiness import Readiness, readiness_annotate

    rows = list(
        readiness_annotate(articles)
        .order_by("pk")
        .values(
            "pk",
            "title",
            "source_url",
            "desk",
            "version",
            "previous_version_id",
            "ingested_at",
            "cleared_at",
            "cleared_by_id",
            "clearance_override_reason",
            "claim_total",
            "claim_unresolved",
            "claim_decided",
            "state",
            "language",
            "origin",
            "byline",
            "published_on",
            "canonical_url",
            "site_name",
            "declared_language",
        )[:limit]
    )
    people.load(row["cleared_by_id"] for row in rows)
    entries = []
    for row in rows:
        version = f"Version {row['version']}"
        if row["previous_version_id"]:
            version += f" (corrects article #{row['previous_version_id']})"
        readiness = Readiness(
            total=row["claim_total"],
            unresolved=row["claim_unresolved"],
            decided=row["claim_decided"],
            state=row["state"],
            language=row["language"],
        )
        entries.append(
            ArticleEntry(
                article_id=row["pk"],
                headline=row["title"],
                source=row["source_url"] or "No source link",
                page=page_words(row),
                desk=row["desk"] or "No desk",
                version=version,
                ingested_on=when(row["ingested_at"]),
                readiness=readiness.label,
                clearance=_clearance(row, people),
            )
        )
    return tuple(entries)


def report_document(
    *,
    claims: QuerySet[Claim],
    articles: QuerySet[Article],
    audience: str = PUBLISHER,
    show_names: bool = False,
    title: str,
    scope: str,
    generated_at: datetime,
    chunk_size: int = CHUNK_SIZE,
) -> ReportDocument:
    """The report document for ``claims`` (of ``articles``); claims are read lazily, chunk by chunk."""
    if audience not in AUDIENCES:
        raise ValueError(f"Unknown audience {audience!r}; choose publisher or audit.")
    people = People(show_names=show_names or audience == AUDIT)
    totals = dict(claims.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    dates = Review.objects.filter(claim__in=claims.values("pk")).aggregate(
        first=Min("created_at"), last=Max("created_at")
    )
    article_count = articles.count()
    summary = Summary(
        claims=sum(totals.values()),
        by_status=tuple(
            StatusCount(status=status_words(status), claims=totals[status])
            for status in STATUS_ORDER
            if totals.get(status)
        ),
        unresolved=sum(n for status, n in totals.items() if status in UNRESOLVED_STATUSES),
        articles=article_count,
        reviews_from=day(dates["first"]) or "No reviews yet",
        reviews_to=day(dates["last"]) or "No reviews yet",
    )
    entries = _article_entries(articles, people, SUMMARY_ARTICLES)
    return ReportDocument(
        audience=audience,
        cover=Cover(
            title=title,
            newsroom=settings.NEWSROOM_NAME,
            audience=AUDIENCE_LABELS[audience],
            scope=scope,
            generated_on=when(generated_at),
        ),
        summary=summary,
        articles=entries,
        more_articles=max(0, article_count - len(entries)),
        chart_totals={status: totals[status] for status in STATUS_ORDER if totals.get(status)},
        claims=ClaimChunks(claims=claims, audience=audience, people=people, chunk_size=chunk_size),
        people=people,
    )


def report_claim_entries(
    *, claims: QuerySet[Claim], audience: str = PUBLISHER, show_names: bool = False
) -> list[ClaimEntry]:
    """The document entries of a few claims at once (tests, previews of one claim)."""
    people = People(show_names=show_names or audience == AUDIT)
    return [
        entry
        for chunk in ClaimChunks(claims=claims, audience=audience, people=people, chunk_size=CHUNK_SIZE)
        for entry in chunk
    ]
