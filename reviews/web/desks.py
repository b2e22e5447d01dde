"""Editors manage desks: the review defaults (reviews per claim, priority) new articles of a desk start with."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from reviews.exceptions import DomainError
from reviews.models import Article, Desk
from reviews.roles import account
from reviews.services.articles import desk_save
from reviews.web.decorators import editor_required


class DeskForm(forms.Form):
    name = forms.CharField(max_length=100)
    default_required_reviews = forms.TypedChoiceField(
        choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int, label="Reviews per claim"
    )
    default_priority = forms.IntegerField(min_value=-1000, max_value=1000, initial=0, label="Priority")


@editor_required
def desks(request: HttpRequest) -> HttpResponse:
    form = DeskForm(request.POST or None, initial={"default_required_reviews": 1, "default_priority": 0})
    if request.method == "POST" and form.is_valid():
        try:
            desk = desk_save(editor=account(request.user), **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                f"Desk “{desk.name}” saved: its new articles get {desk.default_required_reviews} review(s) per claim.",
            )
            return redirect("editor-desks")
    records = list(Desk.objects.all())
    known = {desk.name for desk in records}
    unrecorded = sorted(
        name for name in Article.objects.exclude(desk="").values_list("desk", flat=True).distinct() if name not in known
    )
    return render(
        request,
        "reviews/editor_desks.html",
        {"desks": records, "unrecorded": unrecorded, "form": form},
        status=400 if request.method == "POST" else 200,
    )
