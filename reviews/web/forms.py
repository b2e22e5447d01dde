from __future__ import annotations

from django import forms

from reviews.models import ReportFormat, Verdict, WebhookEvent
from reviews.services.verdicts import EvidenceInput


class IngestForm(forms.Form):
    file = forms.FileField(required=False, help_text="A UTF-8 text file.")
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 10}), strip=False)
    title = forms.CharField(required=False, max_length=500, help_text="Defaults to the first line.")
    source_url = forms.URLField(required=False, max_length=1000, assume_scheme="https")
    desk = forms.CharField(required=False, max_length=100)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if bool(data.get("file")) == bool((data.get("text") or "").strip()):
            raise forms.ValidationError("Upload a file or paste the text (one of the two).")
        return data


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(choices=Verdict.choices, widget=forms.RadioSelect)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    evidence = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One link per line; text after the link is its title.",
        max_length=20000,
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


class ReportRequestForm(forms.Form):
    format = forms.ChoiceField(choices=ReportFormat.choices)


class WebhookForm(forms.Form):
    url = forms.CharField(max_length=1000, help_text="HTTPS, or plain HTTP to 127.0.0.1 / ::1 only.")
    events = forms.MultipleChoiceField(choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(required=False, max_length=200)
