from django.urls import path

from reviews.web import adjudication, dashboard, editor, home, notifications, recusals, reviewer, shelf_life, webhooks

urlpatterns = [
    path("", home.home, name="home"),
    path("review/", reviewer.desk, name="review-desk"),
    path("review/next/", reviewer.take_next, name="review-next"),
    path("review/claim/<int:assignment_id>/", reviewer.claim, name="review-claim"),
    path("review/claim/<int:assignment_id>/release/", reviewer.release, name="review-release"),
    path("review/claim/<int:assignment_id>/not-a-claim/", reviewer.not_a_claim, name="review-not-a-claim"),
    path("claims/<int:claim_id>/history/", adjudication.claim_page, name="claim-history"),
    path("editor/adjudication/", adjudication.queue, name="editor-adjudication"),
    path("editor/claims/<int:claim_id>/act/<slug:action>/", adjudication.claim_act, name="editor-claim-act"),
    path(
        "editor/articles/<int:article_id>/review-settings/",
        adjudication.article_settings,
        name="editor-article-review-settings",
    ),
    path("editor/", editor.articles, name="editor-articles"),
    path("editor/dashboard/", dashboard.dashboard, name="editor-dashboard"),
    path("editor/claims/", dashboard.claims, name="editor-claims"),
    path("editor/claims/<int:claim_id>/", dashboard.claim, name="editor-claim"),
    path("editor/articles/<int:article_id>/", editor.article, name="editor-article"),
    path("editor/articles/<int:article_id>/report/", editor.request_report, name="editor-request-report"),
    path("editor/reports/", editor.reports, name="editor-reports"),
    path("editor/reports/<int:report_id>/download/", editor.download_report, name="editor-report-download"),
    path("review/recusals/", recusals.my_recusals, name="review-recusals"),
    path("editor/recusals/", recusals.recusals, name="editor-recusals"),
    path("recusals/<int:recusal_id>/withdraw/", recusals.withdraw, name="recusal-withdraw"),
    path("claims/<int:claim_id>/rereview/", shelf_life.set_rereview, name="claim-rereview"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/read/", notifications.mark_read, name="notifications-read"),
    path("editor/reports/<int:report_id>/recompile/", editor.recompile_report, name="editor-report-recompile"),
    path("editor/reports/digest/", editor.update_digest, name="editor-report-digest"),
    path("editor/webhooks/", webhooks.webhooks, name="editor-webhooks"),
    path("editor/webhooks/<int:endpoint_id>/toggle/", webhooks.toggle_webhook, name="editor-webhook-toggle"),
    path("editor/webhooks/deliveries/<int:delivery_id>/retry/", webhooks.retry_delivery, name="editor-webhook-retry"),
]
