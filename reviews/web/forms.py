from __future__ import annotations

from django import forms

from reviews.links import link_clean
from reviews.models import ClaimStatus, MissingSource, RecusalKind, ReportFormat, Verdict, WebhookEvent
from reviews.selectors.dashboard import DashboardFilters
from reviews.services.verdicts import EvidenceInput


class IngestForm(forms.Form):
    file = forms.FileField(required=False, help_text="A UTF-8 text file.")
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 10}), strip=False)
    page = forms.FileField(
        required=False,
        label="Saved web page",
        help_text="An HTML page as the browser saves it: its main text and metadata are extracted.",
        widget=forms.ClearableFileInput(attrs={"accept": ".html,.htm,.xhtml,text/html"}),
    )
    page_url = forms.URLField(
        required=False,
        max_length=1000,
        assume_scheme="https",
        label="Web page address",
        help_text="Fetch the page at this HTTPS address (public sites only) and ingest it.",
    )
    title = forms.CharField(required=False, max_length=500, help_text="Defaults to the first line.")
    source_url = forms.URLField(required=False, max_length=1000, assume_scheme="https")
    desk = forms.CharField(required=False, max_length=100)

    def clean_source_url(self) -> str:
        url = self.cleaned_data["source_url"]
        return link_clean(url) if url else url  # the same RFC 3986 rule as the API

    def clean_page_url(self) -> str:
        url = self.cleaned_data["page_url"]
        return link_clean(url) if url else url

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        given = [
            bool(data.get("file")),
            bool((data.get("text") or "").strip()),
            bool(data.get("page")),
            bool(data.get("page_url")),
        ]
        if sum(given) != 1 and not self.errors:
            raise forms.ValidationError(
                "Upload a text file, paste the text, upload a saved web page or give its address (one of the four)."
            )
        return data


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(choices=Verdict.choices, widget=forms.RadioSelect)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    evidence = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One link per line; text after the link is its title. Required for “Supported”.",
        max_length=20000,
    )
    missing_source_kinds = forms.MultipleChoiceField(
        required=False,
        choices=MissingSource.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Missing source",
        help_text="For “Needs source”: what should the writer add? Tick one or describe it.",
    )
    missing_source_note = forms.CharField(required=False, max_length=500, label="Missing source, in your words")
    rereview_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        label="Re-review on",
        help_text="Optional: the verdict may go stale; the claim comes back to the queue on this date.",
    )

    def missing_source(self) -> tuple[list[str], str]:
        """What is missing, only for a "needs source" verdict (other verdicts ignore the boxes)."""
        if self.cleaned_data.get("verdict") != Verdict.NEEDS_SOURCE:
            return [], ""
        return list(self.cleaned_data.get("missing_source_kinds") or []), self.cleaned_data.get(
            "missing_source_note", ""
        )

    def evidence_links(self) -> list[EvidenceInput]:
        links = []
        for line in self.cleaned_data.get("evidence", "").splitlines():
            line = line.strip()
            if not line:
                continue
            url, _, title = line.partition(" ")
            links.append(EvidenceInput(url=url, title=title.strip()))
        return links


class ReleaseForm(forms.Form):
    reason = forms.CharField(required=False, max_length=1000)
    skip = forms.BooleanField(required=False)


AUDIENCE_CHOICES = [
    ("publisher", "Publisher report (roles, not names)"),
    ("audit", "Audit report (every verdict and the audit trail)"),
]


class ReportRequestForm(forms.Form):
    format = forms.ChoiceField(choices=ReportFormat.choices)
    audience = forms.ChoiceField(choices=AUDIENCE_CHOICES, initial="publisher", required=False)
    names = forms.BooleanField(required=False, label="Name people (publisher report)")
    excel_bom = forms.BooleanField(required=False, label="CSV for Excel (byte-order mark)")


class ReportPreviewForm(forms.Form):
    audience = forms.ChoiceField(choices=AUDIENCE_CHOICES, required=False)
    names = forms.BooleanField(required=False)


class BatchReportForm(forms.Form):
    """Shape only: the report service checks the dates and filters and explains what is wrong."""

    format = forms.ChoiceField(choices=ReportFormat.choices)
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="From")
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="To (inclusive)")
    date_field = forms.ChoiceField(
        choices=[("ingested", "ingested"), ("reviewed", "reviewed"), ("any", "ingested or reviewed")],
        initial="ingested",
        label="Articles",
    )
    statuses = forms.MultipleChoiceField(
        choices=ClaimStatus.choices, required=False, widget=forms.CheckboxSelectMultiple, label="Only claims that are"
    )
    desk = forms.CharField(required=False, max_length=100, label="Desk or topic")
    reviewer = forms.CharField(required=False, max_length=150, label="Reviewed by (username)")
    audience = forms.ChoiceField(choices=AUDIENCE_CHOICES, initial="publisher", required=False)
    names = forms.BooleanField(required=False, label="Name people (publisher report)")
    excel_bom = forms.BooleanField(required=False, label="CSV for Excel (byte-order mark)")

    def parameters(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "since": data["since"],
            "until": data["until"],
            "date_field": data["date_field"],
            "statuses": data["statuses"],
            "desk": data["desk"],
            "reviewer": data["reviewer"],
        }


class DigestSettingForm(forms.Form):
    enabled = forms.BooleanField(required=False, label="Compile the daily digest")
    format = forms.ChoiceField(choices=ReportFormat.choices)


class WebhookForm(forms.Form):
    url = forms.CharField(
        max_length=1000, help_text="HTTPS to a public host; private, loopback and link-local addresses are refused."
    )
    events = forms.MultipleChoiceField(choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(required=False, max_length=200)


class DashboardFilterForm(forms.Form):
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    desk = forms.ChoiceField(required=False, label="Desk / topic")
    article = forms.IntegerField(required=False, min_value=1, label="Article #")
    reviewer = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Reviewer")
    status = forms.ChoiceField(required=False, choices=[("", "any status"), *ClaimStatus.choices], label="Status")

    def __init__(self, *args: object, desks: list[str], reviewers: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form.__init__ takes typed arguments; this form passes its own through
        self.fields["desk"].choices = [("", "every desk"), *((desk, desk) for desk in desks)]  # type: ignore[attr-defined]  # the stubs type form fields as Field, which has no choices; this one is a ChoiceField
        self.fields["reviewer"].choices = [("", "every reviewer"), *reviewers]  # type: ignore[attr-defined]  # the stubs type form fields as Field, which has no choices; this one is a TypedChoiceField

    def filters(self) -> DashboardFilters:
        """The filters the editor chose; an invalid field is ignored rather than failing the page."""
        self.is_valid()
        data = self.cleaned_data
        return DashboardFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            desk=data.get("desk") or "",
            article_id=data.get("article"),
            reviewer_id=data.get("reviewer"),
            status=data.get("status") or "",
        )


class ClearForm(forms.Form):
    override_reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required only while claims are unresolved; recorded in the audit trail and printed on reports.",
    )


class TriageForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why this article has nothing to check; recorded in the audit trail.",
    )


class QueueFilterForm(forms.Form):
    """A reviewer narrows their queue to one article or one desk."""

    article = forms.IntegerField(required=False, min_value=1)
    desk = forms.CharField(required=False, max_length=100)


class NotAClaimForm(forms.Form):
    reason = forms.CharField(max_length=2000, help_text="Why this sentence is not a check-worthy claim.")


def _status_choices(*values: str) -> list[tuple[str, str]]:
    from reviews.models import ClaimStatus

    return [(status.value, status.label) for status in ClaimStatus if status.value in values]


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=2000, widget=forms.TextInput(attrs={"placeholder": "Reason (kept in history)"}))


class DecideForm(ReasonForm):
    status = forms.ChoiceField(choices=_status_choices("supported", "speculative", "needs_source"))


class OverrideForm(ReasonForm):
    status = forms.ChoiceField(choices=_status_choices("supported", "speculative", "needs_source", "not_a_claim"))


class ResolveFlagForm(ReasonForm):
    confirm = forms.TypedChoiceField(
        choices=[("1", "Confirm: not a claim"), ("0", "Reject: back to the queue")], coerce=lambda v: v == "1"
    )


class PriorityForm(forms.Form):
    priority = forms.IntegerField(min_value=-1000, max_value=1000)
    reason = forms.CharField(required=False, max_length=2000)


class HandForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=None, empty_label="Choose a reviewer")  # type: ignore[arg-type]  # the queryset is set per request in __init__
    reason = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form.__init__ takes typed arguments; this form passes its own through
        from django.contrib.auth import get_user_model

        from reviews.roles import REVIEWER

        self.fields["reviewer"].queryset = (  # type: ignore[attr-defined]  # the stubs type form fields as Field; this one is a ModelChoiceField
            get_user_model().objects.filter(groups__name=REVIEWER, is_active=True).order_by("username")
        )


class RevokeForm(ReasonForm):
    assignment = forms.IntegerField(widget=forms.HiddenInput)


class EditTextForm(ReasonForm):
    text = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    start = forms.IntegerField(required=False, min_value=0)
    end = forms.IntegerField(required=False, min_value=0)


class SplitForm(ReasonForm):
    split_at = forms.IntegerField(min_value=1, help_text="Character offset in the claim text where part two starts.")


class ArticleReviewSettingsForm(forms.Form):
    priority = forms.IntegerField(min_value=-1000, max_value=1000)
    deadline = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    required_reviews = forms.TypedChoiceField(choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int)
    reason = forms.CharField(required=False, max_length=2000)


class AddClaimForm(ReasonForm):
    start = forms.IntegerField(min_value=0, help_text="Offset in the cleaned text.")
    end = forms.IntegerField(min_value=1)
    suggested_status = forms.ChoiceField(choices=Verdict.choices)


class RereviewForm(forms.Form):
    rereview_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Re-review on")
    reason = forms.CharField(required=False, max_length=500)


class RecusalForm(forms.Form):
    kind = forms.ChoiceField(choices=RecusalKind.choices)
    term = forms.CharField(max_length=200, label="Topic, person or organisation")
    reason = forms.CharField(required=False, max_length=500)


class EditorRecusalForm(RecusalForm):
    reviewer = forms.TypedChoiceField(coerce=int, label="Reviewer")

    def __init__(self, *args: object, reviewers: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form.__init__ takes typed arguments; this form passes its own through
        self.fields["reviewer"].choices = reviewers  # type: ignore[attr-defined]  # the stubs type form fields as Field; this one is a ChoiceField


class BulkActionForm(forms.Form):
    """The claims list's bulk action: what to do to the ticked claims (the service checks each claim)."""

    claims = forms.TypedMultipleChoiceField(coerce=int, choices=[], label="Claims")
    action = forms.ChoiceField(
        choices=[
            ("prioritise", "Set priority"),
            ("assign", "Hand to a reviewer"),
            ("reopen", "Reopen for review"),
            ("deadline", "Set deadline"),
        ]
    )
    priority = forms.IntegerField(required=False, min_value=-1000, max_value=1000)
    reviewer = forms.ModelChoiceField(queryset=None, required=False, empty_label="reviewer…")  # type: ignore[arg-type]  # the queryset is set per request in __init__
    deadline = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    reason = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form.__init__ takes typed arguments; this form passes its own through
        from django.contrib.auth import get_user_model

        from reviews.roles import REVIEWER

        self.fields["reviewer"].queryset = (  # type: ignore[attr-defined]  # the stubs type form fields as Field; this one is a ModelChoiceField
            get_user_model().objects.filter(groups__name=REVIEWER, is_active=True).order_by("username")
        )
        # Any id is accepted here; the service says which claims do not exist or refuse the action.
        self.fields["claims"].valid_value = lambda value: True  # type: ignore[attr-defined]  # the checked claims are validated against the page's own list, not choices
