"""The editor's pages: articles (ingest, detail), reports (request, download)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_POST

from reviews.exceptions import DomainError, DuplicateArticle, PageFetchPending
from reviews.exports.html import STYLESHEET, html_parts
from reviews.models import Article, Claim, PageFetch, Report, ReportScope, ReportState
from reviews.roles import account
from reviews.selectors.articles import (
    article_get_with_claims,
    article_list,
    article_segments,
    report_list_for_article,
)
from reviews.selectors.readiness import article_readiness
from reviews.selectors.reports import report_list, report_rows
from reviews.selectors.webpages import page_fetch_get, page_fetch_list_recent
from reviews.services.articles import article_ingest, article_text_from_upload
from reviews.services.clearance import article_clear
from reviews.services.reports import (
    digest_setting_get,
    digest_setting_update,
    report_document_for,
    report_recompile,
    report_request,
)
from reviews.services.triage import article_triage_confirm
from reviews.services.webpages import article_ingest_page, page_fetch_request
from reviews.web.decorators import editor_required
from reviews.web.downloads import report_file_response
from reviews.web.forms import (
    AddClaimForm,
    ArticleReviewSettingsForm,
    BatchReportForm,
    ClearForm,
    DigestSettingForm,
    IngestForm,
    ReportPreviewForm,
    ReportRequestForm,
    TriageForm,
)

REPORTS_PER_PAGE = 25


@editor_required
def articles(request: HttpRequest) -> HttpResponse:
    form = IngestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        page = form.cleaned_data["page"]
        page_url = form.cleaned_data["page_url"]
        name = upload.name if upload else "pasted text"
        common = {"user": account(request.user), "title": form.cleaned_data["title"], "desk": form.cleaned_data["desk"]}
        if page_url:
            return _fetch_by_address(request, form)
        try:
            if page:
                result = article_ingest_page(
                    data=page.read(), source_url=form.cleaned_data["source_url"], name=page.name or "page", **common
                )
            else:
                if upload:
                    raw_text = article_text_from_upload(data=upload.read(), name=name)
                else:
                    raw_text = form.cleaned_data["text"]
                result = article_ingest(
                    raw_text=raw_text, source_url=form.cleaned_data["source_url"], name=name, **common
                )
        except DuplicateArticle as error:
            messages.warning(request, error.message)
            return redirect("editor-article", article_id=error.article_id)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if result.queued:
                messages.info(
                    request,
                    "The article is stored; its claims are being extracted. This page shows when they are ready.",
                )
            elif result.article.in_triage:
                messages.warning(
                    request,
                    f"Ingested for triage: the text was not detected as English ({result.article.language}), and "
                    "automatic extraction is English-only. Confirm it has nothing to check, or add its claims.",
                )
            elif result.article.version > 1:
                messages.success(
                    request,
                    f"Ingested as version {result.article.version}: unchanged claims kept their reviews, "
                    "changed and new ones are queued, removed ones were withdrawn.",
                )
            else:
                messages.success(request, f"Ingested with {result.claim_count} claims queued for review.")
            return redirect("editor-article", article_id=result.article.pk)
    return _articles_page(request, form)


def _articles_page(request: HttpRequest, form: IngestForm) -> HttpResponse:
    page = Paginator(article_list(), 50).get_page(request.GET.get("page"))
    fetches = page_fetch_list_recent()
    return render(
        request,
        "reviews/editor_articles.html",
        {"form": form, "page": page, "fetches": fetches, "fetches_pending": any(f.is_pending for f in fetches)},
        status=400 if request.method == "POST" else 200,
    )


def _fetch_by_address(request: HttpRequest, form: IngestForm) -> HttpResponse:
    """The address is checked now; the page is fetched and ingested by a task, followed on its own page."""
    try:
        row = page_fetch_request(
            url=form.cleaned_data["page_url"],
            user=account(request.user),
            title=form.cleaned_data["title"],
            desk=form.cleaned_data["desk"],
        )
    except PageFetchPending as error:
        messages.warning(request, error.message)
        return redirect("editor-page-fetch", fetch_id=error.fetch_id)
    except DomainError as error:
        form.add_error("page_url", error.message)
        return _articles_page(request, form)
    if row.requested_by is not None and row.requested_by.pk != request.user.pk:
        messages.info(request, f"This page was already being fetched, asked for by {row.requested_by.username}.")
    else:
        messages.info(request, "The page is being fetched; this page shows when its article is ready.")
    return redirect("editor-page-fetch", fetch_id=row.pk)


@editor_required
@require_GET
def page_fetch(request: HttpRequest, fetch_id: int) -> HttpResponse:
    """One page asked for by address: pending (refreshes), its article, or why it failed (the address kept)."""
    try:
        row = page_fetch_get(fetch_id=fetch_id)
    except PageFetch.DoesNotExist:
        raise Http404("No such fetch.") from None
    retry_form = IngestForm(initial={"page_url": row.page_url, "title": row.title, "desk": row.desk})
    return render(request, "reviews/editor_page_fetch.html", {"fetch": row, "retry_form": retry_form})


@editor_required
def article(request: HttpRequest, article_id: int, triage_form: TriageForm | None = None) -> HttpResponse:
    posted = request.method == "POST" and triage_form is None
    clear_form = ClearForm(request.POST if posted else None)
    status = 400 if triage_form is not None else 200
    if posted:
        if clear_form.is_valid():
            try:
                article_clear(
                    article_id=article_id,
                    user=account(request.user),
                    override_reason=clear_form.cleaned_data["override_reason"],
                )
            except Article.DoesNotExist:
                raise Http404("No such article.") from None
            except DomainError as error:
                clear_form.add_error("override_reason", error.message)
            else:
                messages.success(request, "Cleared for publication.")
                return redirect("editor-article", article_id=article_id)
        status = 400
    try:
        item = article_get_with_claims(article_id=article_id)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    return render(
        request,
        "reviews/editor_article.html",
        {
            "article": item,
            "readiness": article_readiness(item),
            "segments": _with_offsets(article_segments(item)),
            "settings_form": ArticleReviewSettingsForm(
                initial={
                    "priority": item.priority,
                    "deadline": item.deadline,
                    "required_reviews": item.required_reviews,
                }
            ),
            "add_form": AddClaimForm(),
            "claims": list(item.claims.all()),
            "rows": report_rows(reports=list(report_list_for_article(article_id=article_id)[:20]), check_stale=False),
            "report_form": ReportRequestForm(),
            "clear_form": clear_form,
            "triage_form": triage_form or TriageForm(),
        },
        status=status,
    )


def _with_offsets(segments: list[tuple[str, Claim | None]]) -> list[tuple[str, Claim | None, int]]:
    """Each run of the article text with where it starts in the cleaned text (selection corrections use it)."""
    runs, offset = [], 0
    for text, claim in segments:
        runs.append((text, claim, offset))
        offset += len(text)
    return runs


@require_POST
@editor_required
def nothing_to_check(request: HttpRequest, article_id: int) -> HttpResponse:
    """End an article's triage: the editor confirms there is nothing to check, with a reason."""
    get_object_or_404(Article, pk=article_id)
    form = TriageForm(request.POST)
    if not form.is_valid():
        return article(request, article_id, triage_form=form)
    try:
        article_triage_confirm(article_id=article_id, user=account(request.user), reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Triage decided: nothing to check (recorded in the audit trail).")
    return redirect("editor-article", article_id=article_id)


@require_POST
@editor_required
def request_report(request: HttpRequest, article_id: int) -> HttpResponse:
    get_object_or_404(Article, pk=article_id)
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a report format.")
        return redirect("editor-article", article_id=article_id)
    try:
        report = report_request(
            user=account(request.user),
            report_format=form.cleaned_data["format"],
            article_id=article_id,
            excel_bom=form.cleaned_data["excel_bom"],
            audience=form.cleaned_data["audience"] or "publisher",
            show_names=form.cleaned_data["names"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        _say_requested(request, report)
    return redirect("editor-article", article_id=article_id)


def _say_requested(request: HttpRequest, report: Report) -> None:
    if report.dispatch_error:
        messages.warning(request, f"Report #{report.pk} is saved and queued. {report.dispatch_error}")
    else:
        messages.success(request, f"Report #{report.pk} is being compiled.")


@editor_required
def reports(request: HttpRequest) -> HttpResponse:
    form = BatchReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = report_request(
                user=account(request.user),
                report_format=form.cleaned_data["format"],
                scope=ReportScope.BATCH,
                parameters=form.parameters(),
                excel_bom=form.cleaned_data["excel_bom"],
                audience=form.cleaned_data["audience"] or "publisher",
                show_names=form.cleaned_data["names"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            _say_requested(request, report)
            return redirect("editor-reports")
    setting = digest_setting_get()
    page = Paginator(report_list(), REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = report_rows(reports=list(page))
    return render(
        request,
        "reviews/editor_reports.html",
        {
            "form": form,
            "digest_form": DigestSettingForm(initial={"enabled": setting.enabled, "format": setting.format}),
            "digest": setting,
            "page": page,
            "rows": rows,
            "refresh": any(row.report.state in (ReportState.QUEUED, ReportState.RUNNING) for row in rows),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@editor_required
def update_digest(request: HttpRequest) -> HttpResponse:
    form = DigestSettingForm(request.POST)
    if form.is_valid():
        setting = digest_setting_update(
            user=account(request.user), enabled=form.cleaned_data["enabled"], report_format=form.cleaned_data["format"]
        )
        state = "on" if setting.enabled else "off"
        messages.success(request, f"The daily digest is {state} ({setting.get_format_display()}).")
    else:
        messages.error(request, "Choose a digest format.")
    return redirect("editor-reports")


@require_POST
@editor_required
def recompile_report(request: HttpRequest, report_id: int) -> HttpResponse:
    get_object_or_404(Report, pk=report_id)
    try:
        report = report_recompile(report_id=report_id, user=account(request.user))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        _say_requested(request, report)
    return redirect("editor-reports")


def _preview(request: HttpRequest, report: Report) -> StreamingHttpResponse:
    """The report as HTML in the browser, read live, with the stylesheet linked (strict CSP: no inline style).

    ``?audience=publisher|audit`` and ``?names=1`` change what it shows, as a request would.
    """
    form = ReportPreviewForm(request.GET)
    form.is_valid()
    document = report_document_for(
        report=report,
        audience=form.cleaned_data.get("audience") or None,
        show_names=bool(form.cleaned_data.get("names")) if "names" in request.GET else None,
    )
    response = StreamingHttpResponse(
        html_parts(document, stylesheet_url=static(STYLESHEET)), content_type="text/html; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@editor_required
def preview_article_report(request: HttpRequest, article_id: int) -> StreamingHttpResponse:
    article = get_object_or_404(Article, pk=article_id)
    return _preview(request, Report(scope=ReportScope.ARTICLE, article=article, format="html", parameters={}))


@require_GET
@editor_required
def preview_report(request: HttpRequest, report_id: int) -> StreamingHttpResponse:
    return _preview(request, get_object_or_404(Report.objects.select_related("article"), pk=report_id))


@require_GET
@editor_required
def download_report(request: HttpRequest, report_id: int) -> HttpResponse | StreamingHttpResponse:
    report = get_object_or_404(Report, pk=report_id)
    if report.state != ReportState.DONE or not report.file:
        raise Http404("This report is not ready.")
    return report_file_response(report)
