"""Who may call what: the expected HTTP status of every URL for each role.

tests/security/test_permission_matrix.py walks the URL conf and FAILS for any URL name that has
no rule here, so a new endpoint cannot ship without a decision about who may use it. When you add
a URL, add its rule: the method to call, the path (placeholders are filled from the test's world:
{article}, {claim}, {report} an editor's finished report, {assignment} rita's active lease, {webhook}
an endpoint, {delivery} a failed delivery to it, {review} rita's verdict on {reviewed_claim}) and the
status for an anonymous visitor, a reviewer (rita), an editor (edna) and an admin (ada).
``LOGIN`` means "redirected to the login page". Anything other than 401, 403 or LOGIN means "allowed"
(a 400, 404 or 409 is the allowed path answering about the request itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field

LOGIN = "login"
ROLES = ("anonymous", "reviewer", "editor", "admin")


@dataclass(frozen=True)
class Rule:
    method: str
    path: str
    anonymous: int | str
    reviewer: int | str
    editor: int | str
    admin: int | str
    data: dict[str, object] = field(default_factory=dict)

    def expected(self, role: str) -> int | str:
        return getattr(self, role)


def public(method: str, path: str, status: int, **kwargs: object) -> Rule:
    return Rule(method, path, status, status, status, status, **kwargs)  # type: ignore[arg-type]


def reviewer_page(method: str, path: str, allowed: int, **kwargs: object) -> Rule:
    return Rule(method, path, LOGIN, allowed, 403, 403, **kwargs)  # type: ignore[arg-type]


def editor_page(method: str, path: str, allowed: int, **kwargs: object) -> Rule:
    return Rule(method, path, LOGIN, 403, allowed, allowed, **kwargs)  # type: ignore[arg-type]


def reviewer_api(method: str, path: str, allowed: int, **kwargs: object) -> Rule:
    return Rule(method, path, 401, allowed, 403, 403, **kwargs)  # type: ignore[arg-type]


def editor_api(method: str, path: str, allowed: int, **kwargs: object) -> Rule:
    return Rule(method, path, 401, 403, allowed, allowed, **kwargs)  # type: ignore[arg-type]


RULES: dict[str, Rule] = {
    # --- accounts
    "login": public("GET", "/accounts/login/", 200),
    "logout": Rule("POST", "/accounts/logout/", LOGIN, LOGIN, LOGIN, LOGIN),  # logging out lands on the login page
    "password_change": Rule("GET", "/accounts/password_change/", LOGIN, 200, 200, 200),
    "password_change_done": Rule("GET", "/accounts/password_change/done/", LOGIN, 200, 200, 200),
    "password_reset": public("GET", "/accounts/password_reset/", 200),
    "password_reset_done": public("GET", "/accounts/password_reset/done/", 200),
    "password_reset_confirm": public("GET", "/accounts/reset/MQ/set-password/", 200),  # "link no longer works"
    "password_reset_complete": public("GET", "/accounts/reset/done/", 200),
    "review-recusals": reviewer_page("GET", "/review/recusals/", 200),
    "editor-recusals": editor_page("GET", "/editor/recusals/", 200),
    # The service decides: a reviewer may withdraw only their own (403 message, redirect), editors any.
    "recusal-withdraw": Rule("POST", "/recusals/{recusal}/withdraw/", LOGIN, 302, 302, 302),
    "recusal-list": Rule("GET", "/api/v1/recusals/", 401, 200, 200, 200),
    "recusal-detail": Rule("GET", "/api/v1/recusals/{recusal}/", 401, 200, 200, 200),
    "recusal-blocked": Rule("GET", "/api/v1/recusals/blocked/", 401, 403, 200, 200),
    # rita reviewed {reviewed_claim}; an editor may set any claim's date.
    "claim-rereview": Rule(
        "POST", "/claims/{reviewed_claim}/rereview/", LOGIN, 302, 302, 302, data={"rereview_on": ""}
    ),
    "api-claim-rereview": Rule(
        "POST", "/api/v1/claims/{reviewed_claim}/rereview/", 401, 200, 200, 200, data={"rereview_on": None}
    ),
    "notifications": Rule("GET", "/notifications/", LOGIN, 200, 200, 200),
    "notifications-read": Rule("POST", "/notifications/read/", LOGIN, 302, 302, 302),
    "notification-list": Rule("GET", "/api/v1/notifications/", 401, 200, 200, 200),
    "notification-mark-read": Rule("POST", "/api/v1/notifications/mark-read/", 401, 200, 200, 200),
    "api-token": public("POST", "/api/v1/auth/token/", 400, data={"username": "nobody", "password": "wrong"}),
    # --- health check for load balancers: public on purpose (says "ok" or which dependency is down)
    "healthz": public("GET", "/healthz", 200),
    # --- API docs: public on purpose (the schema describes, it does not expose data)
    "api-schema": public("GET", "/api/schema/", 200),
    "api-docs": public("GET", "/api/docs/", 200),
    "api-redoc": public("GET", "/api/redoc/", 200),
    "favicon": public("GET", "/favicon.ico", 301),  # to the static icon, for pages without an icon link
    "api-redoc-bundle": public("GET", "/api/redoc/redoc.standalone.js", 200),
    "api-root": Rule("GET", "/api/v1/", 401, 200, 200, 200),
    # --- API: your own token, whatever your role
    "api-token-show": Rule("GET", "/api/v1/token/", 401, 404, 404, 404),  # none made yet: "no_api_token"
    "api-token-rotate": Rule("POST", "/api/v1/token/rotate/", 401, 201, 201, 201),
    # --- API: claims (a reviewer sees those held or reviewed: rita holds {claim}) and the dashboard figures
    "claim-list": Rule("GET", "/api/v1/claims/", 401, 200, 200, 200),
    "claim-detail": Rule("GET", "/api/v1/claims/{claim}/", 401, 200, 200, 200),
    "api-dashboard": editor_api("GET", "/api/v1/dashboard/", 200),
    # --- API: articles and reports are editors' business
    "article-list": editor_api("GET", "/api/v1/articles/", 200),
    "article-detail": editor_api("GET", "/api/v1/articles/{article}/", 200),
    # A saved page (multipart) or a URL to fetch: an empty request is the allowed path's 400 (or 415).
    "article-page": editor_api("POST", "/api/v1/articles/page/", 415),
    "article-fetch": editor_api("POST", "/api/v1/articles/fetch/", 400, data={"url": "https://10.0.0.1/"}),
    # Pages asked for by URL: editors follow them (no fetch 999999: the allowed path's 404)
    "page-fetch-list": editor_api("GET", "/api/v1/page-fetches/", 200),
    "page-fetch-detail": editor_api("GET", "/api/v1/page-fetches/999999/", 404),
    "article-clear": editor_api("POST", "/api/v1/articles/{article}/clear/", 200, data={"override_reason": "matrix"}),
    # {article} is under review, not in triage: the allowed path answers 409 (nothing to decide)
    "article-nothing-to-check": editor_api(
        "POST", "/api/v1/articles/{article}/nothing-to-check/", 409, data={"reason": "matrix"}
    ),
    "report-list": editor_api("GET", "/api/v1/reports/", 200),
    "report-detail": editor_api("GET", "/api/v1/reports/{report}/", 200),
    "report-download": editor_api("GET", "/api/v1/reports/{report}/download/", 200),
    "report-recompile": editor_api("POST", "/api/v1/reports/{report}/recompile/", 202),
    "webhook-list": editor_api("GET", "/api/v1/webhooks/", 200),
    "webhook-detail": editor_api("GET", "/api/v1/webhooks/{webhook}/", 200),
    "webhook-rotate-secret": editor_api("POST", "/api/v1/webhooks/{webhook}/rotate-secret/", 200),
    "webhook-delivery-list": editor_api("GET", "/api/v1/webhook-deliveries/", 200),
    "webhook-delivery-detail": editor_api("GET", "/api/v1/webhook-deliveries/{delivery}/", 200),
    "webhook-delivery-retry": editor_api("POST", "/api/v1/webhook-deliveries/{delivery}/retry/", 202),
    # --- API: the queue is reviewers' business (rita already holds a lease: next is 409)
    "queue-held": reviewer_api("GET", "/api/v1/queue/held/", 200),
    "queue-next": reviewer_api("POST", "/api/v1/queue/next/", 409),
    "queue-verdict": reviewer_api(
        "POST",
        "/api/v1/queue/{assignment}/verdict/",
        201,
        data={"verdict": "supported", "evidence": [{"url": "https://example.org/record", "title": "Record"}]},
    ),
    "queue-release": reviewer_api("POST", "/api/v1/queue/{assignment}/release/", 200),
    "queue-progress": reviewer_api("GET", "/api/v1/queue/progress/", 200),
    "queue-not-a-claim": reviewer_api("POST", "/api/v1/queue/{assignment}/not-a-claim/", 201, data={"reason": "x"}),
    # --- API: adjudication is editors' business (the world's claim is pending: decide/reopen are 409)
    "adjudication-list": editor_api("GET", "/api/v1/adjudication/", 200),
    "adjudication-agreement": editor_api("GET", "/api/v1/adjudication/agreement/", 200),
    "adjudication-decide": editor_api(
        "POST", "/api/v1/adjudication/{claim}/decide/", 409, data={"status": "supported", "reason": "x"}
    ),
    "adjudication-resolve-flag": editor_api(
        "POST", "/api/v1/adjudication/{claim}/resolve-flag/", 409, data={"confirm": True, "reason": "x"}
    ),
    "adjudication-reopen": editor_api("POST", "/api/v1/adjudication/{claim}/reopen/", 409, data={"reason": "x"}),
    "adjudication-override": editor_api(
        "POST", "/api/v1/adjudication/{claim}/override/", 200, data={"status": "needs_source", "reason": "x"}
    ),
    "adjudication-prioritise": editor_api(
        "POST", "/api/v1/adjudication/{claim}/prioritise/", 200, data={"priority": 3}
    ),
    "adjudication-hand": editor_api("POST", "/api/v1/adjudication/{claim}/hand/", 409, data={"reviewer": 999999}),
    "adjudication-revoke": editor_api(
        "POST", "/api/v1/adjudication/revoke/", 404, data={"assignment": 999999, "reason": "x"}
    ),
    "adjudication-edit-text": editor_api(
        "POST",
        "/api/v1/adjudication/{claim}/edit-text/",
        200,
        data={"text": "Edited.", "reason": "x", "start": 0, "end": 3},
    ),
    "adjudication-split": editor_api(
        "POST", "/api/v1/adjudication/{claim}/split/", 201, data={"split_at": 3, "reason": "x"}
    ),
    "adjudication-add-claim": editor_api(
        "POST",
        "/api/v1/adjudication/add-claim/",
        404,
        data={"article": 999999, "start": 0, "end": 3, "suggested_status": "supported", "reason": "x"},
    ),
    "adjudication-article-settings": editor_api(
        "POST", "/api/v1/adjudication/article-settings/", 404, data={"article": 999999}
    ),
    # blind review: rita holds the claim but has not reviewed it, so its history does not exist for her
    "claim-history-detail": Rule("GET", "/api/v1/claim-history/{claim}/", 401, 404, 200, 200),
    # --- pages
    "home": Rule("GET", "/", LOGIN, 302, 302, 302),
    "account-token": Rule("GET", "/account/token/", LOGIN, 200, 200, 200),
    # makes a key, then 303 to the account page, which shows it once
    "account-token-rotate": Rule("POST", "/account/token/rotate/", LOGIN, 303, 303, 303),
    "review-desk": reviewer_page("GET", "/review/", 200),
    "review-next": reviewer_page("POST", "/review/next/", 302),
    "review-claim": reviewer_page("GET", "/review/claim/{assignment}/", 200),
    "review-release": reviewer_page("POST", "/review/claim/{assignment}/release/", 302),
    "review-shortcut-help": reviewer_page("POST", "/review/shortcut-help/", 200, data={"hidden": "1"}),
    # rita's own verdict {review} (on a final claim: the amend page says why it cannot change, undo is refused)
    "review-mine": reviewer_page("GET", "/review/mine/", 200),
    "review-amend": reviewer_page("GET", "/review/mine/{review}/amend/", 200),
    "review-undo": reviewer_page("POST", "/review/mine/{review}/undo/", 302),
    "review-heartbeat": reviewer_page("POST", "/review/claim/{assignment}/heartbeat/", 200),
    "review-draft": reviewer_page("POST", "/review/claim/{assignment}/draft/", 200, data={"note": "so far"}),
    "review-not-a-claim": reviewer_page("POST", "/review/claim/{assignment}/not-a-claim/", 302, data={"reason": "x"}),
    # blind review: rita holds the claim but has not reviewed it, so its page does not exist for her
    "claim-history": Rule("GET", "/claims/{claim}/history/", LOGIN, 404, 200, 200),
    "editor-articles": editor_page("GET", "/editor/", 200),
    "editor-article": editor_page("GET", "/editor/articles/{article}/", 200),
    "editor-page-fetch": editor_page("GET", "/editor/fetches/999999/", 404),
    "editor-request-report": editor_page("POST", "/editor/articles/{article}/report/", 302, data={"format": "csv"}),
    "editor-article-nothing-to-check": editor_page(
        "POST", "/editor/articles/{article}/nothing-to-check/", 302, data={"reason": "matrix"}
    ),
    "editor-reports": editor_page("GET", "/editor/reports/", 200),
    "editor-report-download": editor_page("GET", "/editor/reports/{report}/download/", 200),
    # Published fact-checks: readable by anyone; publishing is the editors'.
    "public-fact-checks": public("GET", "/fact-checks/", 200),
    "public-fact-checks-sitemap": public("GET", "/fact-checks/sitemap.xml", 200),
    "public-fact-check": public("GET", "/fact-checks/{publication}/", 200),
    "editor-article-publish": editor_page("POST", "/editor/articles/{article}/publish/", 302),
    "editor-claim-publish": editor_page(
        "POST", "/editor/claims/{reviewed_claim}/publish/", 302, data={"summary": "Checked against the record."}
    ),
    "editor-claim-unpublish": editor_page("POST", "/editor/claims/{claim}/unpublish/", 302),
    # {article} has no final claim yet: 409 is the allowed path answering.
    "api-article-publish": editor_api("POST", "/api/v1/articles/{article}/publish/", 409),
    "api-claim-publish": editor_api("POST", "/api/v1/claims/{reviewed_claim}/publish/", 200),
    "editor-report-preview": editor_page("GET", "/editor/reports/{report}/preview/?audience=audit", 200),
    "editor-article-report-preview": editor_page("GET", "/editor/articles/{article}/report/preview/", 200),
    "editor-report-recompile": editor_page("POST", "/editor/reports/{report}/recompile/", 302),
    "editor-report-digest": editor_page("POST", "/editor/reports/digest/", 302, data={"format": "html"}),
    "editor-dashboard": editor_page("GET", "/editor/dashboard/", 200),
    "editor-claims": editor_page("GET", "/editor/claims/", 200),
    "editor-claims-bulk": editor_page(
        "POST", "/editor/claims/bulk/", 302, data={"claims": ["{claim}"], "action": "prioritise", "priority": 3}
    ),
    "editor-desks": editor_page("GET", "/editor/desks/", 200),
    "editor-claim": editor_page("GET", "/editor/claims/{claim}/", 200),
    "editor-adjudication": editor_page("GET", "/editor/adjudication/", 200),
    "editor-claim-act": editor_page("POST", "/editor/claims/{claim}/act/prioritise/", 302, data={"priority": 2}),
    "editor-article-review-settings": editor_page("GET", "/editor/articles/{article}/review-settings/", 200),
    "editor-webhooks": editor_page("GET", "/editor/webhooks/", 200),
    "editor-webhook-toggle": editor_page("POST", "/editor/webhooks/{webhook}/toggle/", 302),
    "editor-webhook-rotate-secret": editor_page("POST", "/editor/webhooks/{webhook}/rotate-secret/", 303),
    "editor-webhook-retry": editor_page("POST", "/editor/webhooks/deliveries/{delivery}/retry/", 302),
    # --- the Django admin: staff only (reviewers are not staff); its own views check model permissions
    "admin:index": Rule("GET", "/admin/", LOGIN, LOGIN, 200, 200),
}

# The admin site's own URLs are guarded by AdminSite.admin_view; these representatives are checked.
ADMIN_NAMESPACE = "admin"
