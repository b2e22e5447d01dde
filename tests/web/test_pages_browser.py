"""Every page reachable from the navigation, and the main detail pages, as each role sees them in Chromium.

Fails on any console error (a Content Security Policy violation is one), uncaught script error,
failed request or an unlabelled form field ("[invalid name]"). Screenshots of the main pages go to
``$NEWSROOM_VAR_DIR/screenshots/`` for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from reviews.models import ApiToken, Claim, ClaimStatus, PageFetch, PageFetchState
from reviews.services.articles import article_ingest
from reviews.services.queue import claim_assign_next
from reviews.services.verdicts import verdict_record
from tests.conftest import SAMPLE
from tests.factories import UserFactory, WebhookEndpointFactory, verdict_extras
from tests.web.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(settings.VAR_DIR) / "screenshots"
# Navigation pages worth a screenshot (the detail pages below always get one).
MAIN_PAGES = {
    "review",
    "review-mine",
    "editor-dashboard",
    "editor",
    "editor-claims",
    "editor-adjudication",
    "editor-desks",
}


class Watcher:
    """Collects what goes wrong on a page: console errors, script errors, failed or refused requests."""

    def __init__(self, page, origin: str) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.origin = origin
        self.problems: list[str] = []
        self.expected_status: int | None = None
        self.response = None  # the last page submitted or reloaded (a Playwright ``Response``)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def _console(self, message) -> None:  # type: ignore[no-untyped-def]
        if message.type not in ("error", "warning"):
            return
        text = message.text
        if self.expected_status and f"status of {self.expected_status}" in text:
            return  # the error page we asked for
        if message.type == "warning" and "Content Security Policy" not in text:
            return
        self.problems.append(f"console {message.type}: {text}")

    def _request_failed(self, request) -> None:  # type: ignore[no-untyped-def]
        if request.url.startswith("blob:") and request.failure == "net::ERR_ABORTED":
            return  # Redoc's web worker, cut off when the test navigates away from the page
        if request.url.endswith("/favicon.svg") and request.failure == "net::ERR_ABORTED":
            # Chromium fetches the icon after the load event and drops it when the test moves on to the
            # next page (seen in CI); a missing icon is still an HTTP 404 (``_response``).
            return
        self.problems.append(f"request failed: {request.url} {request.failure}")

    def _response(self, response) -> None:  # type: ignore[no-untyped-def]
        if response.status < 400:
            return
        if response.request.resource_type == "document" and response.status == self.expected_status:
            return
        self.problems.append(f"HTTP {response.status}: {response.url}")

    def visit(self, url: str, *, status: int = 200, shot: str = "") -> str:
        """Open ``url`` (absolute or a path), check it, and return the text of its main content."""
        self.problems = []
        self.expected_status = status if status != 200 else None
        if url.startswith("/"):
            url = self.origin + url
        response = self.page.goto(url, wait_until="load")
        assert response is not None
        if "/api/" in url:
            self.page.wait_for_load_state("networkidle")  # the API docs fetch the schema after loading
        assert response.status == status, f"{url}: HTTP {response.status}, expected {status}"
        # The API docs are third-party pages (Redoc renders a 1 MB bundle): checked for errors, not read.
        body = "" if "/api/" in url else self.page.inner_text("body")
        if "[invalid name]" in body:
            self.problems.append("a form field is labelled [invalid name]")
        if shot:
            SHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
        assert not self.problems, f"{url}:\n" + "\n".join(self.problems)
        return body

    def submit(self, button: str, *, see_other: str = "", shot: str = "") -> str:
        """Click ``button`` (a form's submit button on the open page), check the page its POST answers
        with as ``visit`` checks a page, and return the text of its main content. With ``see_other`` (a
        path), the POST must answer 303 to that page, and the page is the GET that follows it."""
        self.problems = []
        self.expected_status = None
        with self.page.expect_navigation(wait_until="load") as navigation:
            self.page.click(button)
        response = navigation.value
        assert response is not None and response.status == 200, f"{button}: HTTP {response and response.status}"
        self.response = response
        if see_other:
            post = response.request.redirected_from
            assert post is not None and post.method == "POST", f"{button}: not redirected"
            assert post.response() is not None and post.response().status == 303, f"{button}: not a 303"
            assert response.request.method == "GET" and urlsplit(response.url).path == see_other, response.url
        body = self.page.inner_text("body")
        if shot:
            SHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
        assert not self.problems, f"{self.page.url} after {button}:\n" + "\n".join(self.problems)
        return body

    def reload(self) -> str:
        """Reload the open page as a person would, check it as ``visit`` does, and return its text."""
        self.problems = []
        self.expected_status = None
        response = self.page.reload(wait_until="load")
        assert response is not None and response.status == 200, f"reload: HTTP {response and response.status}"
        assert response.request.method == "GET" and response.request.redirected_from is None, "reload sent a form"
        self.response = response
        body = self.page.inner_text("body")
        assert not self.problems, f"{self.page.url} reloaded:\n" + "\n".join(self.problems)
        return body

    def nav_links(self) -> list[str]:
        hrefs = self.page.eval_on_selector_all("header nav a", "links => links.map(link => link.href)")
        return [href for href in hrefs if urlsplit(href).netloc == urlsplit(self.origin).netloc]


@pytest.fixture
def world(transactional_db, reviewer, reviewer2, editor, admin_user):  # type: ignore[no-untyped-def]
    """The sample article; one claim disputed (rita: supported, rob: speculative); rita holds another."""
    article = article_ingest(raw_text=SAMPLE.read_text(encoding="utf-8"), user=editor, desk="World").article
    first = article.claims.order_by("-priority", "-score", "pk").first()
    Claim.objects.filter(article=article).update(required_reviews=2)
    for who, verdict in ((reviewer, "supported"), (reviewer2, "speculative")):
        assignment = claim_assign_next(reviewer=who, article_id=article.pk)
        assert assignment.claim_id == first.pk
        verdict_record(
            assignment_id=assignment.pk,
            reviewer=who,
            verdict=verdict,
            note=f"{who.username}'s note",
            **verdict_extras(verdict),
        )
    first.refresh_from_db()
    assert first.status == ClaimStatus.DISPUTED
    UserFactory(username="otto")  # logged in, no role
    # A page asked for by address that failed: its page offers "Fetch again" with the address filled in.
    fetch = PageFetch.objects.create(
        page_url="https://news.example/story",
        title="A story",
        desk="World",
        requested_by=editor,
        state=PageFetchState.FAILED,
        attempts=4,
        error_code="fetch_failed",
        error="https://news.example/story: the site answered HTTP 503; nothing was ingested.",
    )
    endpoint = WebhookEndpointFactory(url="https://hooks.example.org/newsroom", created_by=editor)
    return {"article": article, "disputed": first, "fetch": fetch, "endpoint": endpoint}


def test_every_page_is_clean_for_every_role(live_server, chromium, world):  # type: ignore[no-untyped-def]
    article, disputed = world["article"], world["disputed"]
    seen: dict[str, list[str]] = {}
    for username, role in (("rita", "reviewer"), ("edna", "editor"), ("ada", "admin"), ("otto", "none")):
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        watcher = Watcher(page, live_server.url)
        log_in(page, live_server.url, username)
        shots = role in ("reviewer", "editor")
        if role == "none":
            assert "role" in watcher.visit("/", status=403, shot="no-role")
            watcher.visit("/editor/", status=403)
            context.close()
            continue
        links = watcher.nav_links()
        assert links, f"{username} sees no navigation"
        seen[role] = [urlsplit(link).path for link in links]
        for link in links:
            slug = urlsplit(link).path.strip("/").replace("/", "-") or "home"
            watcher.visit(link, shot=f"{role}-{slug}" if shots and slug in MAIN_PAGES else "")
        watcher.visit("/api/redoc/")
        # The API token page, then the key shown once in the answer that makes it, then gone again.
        assert "You have no API token" in watcher.visit(
            "/account/token/", shot=f"{role}-account-token" if shots else ""
        )
        made = watcher.submit(
            "form[action$='/account/token/rotate/'] button",
            see_other="/account/token/",
            shot=f"{role}-account-token-new" if shots else "",
        )
        key = page.inner_text("#new-token")
        assert "it will not be shown again" in made and len(key) >= 40
        assert "no-store" in watcher.response.headers["cache-control"]
        tokens = ApiToken.objects.filter(user__username=username)
        assert list(tokens.values_list("prefix", flat=True)) == [key[:8]]
        # A reload is a GET of the page: the key is gone, its prefix stays, and no other token was made.
        reloaded = watcher.reload()
        assert key not in reloaded and "not be shown again" not in reloaded and f"{key[:8]}…" in reloaded
        assert list(tokens.values_list("prefix", flat=True)) == [key[:8]]
        assert key not in watcher.visit("/account/token/")
        assert "Nothing here" in watcher.visit("/no/such/page/", status=404, shot=f"{role}-404" if shots else "")
        if role == "reviewer":
            watcher.visit("/review/")
            with page.expect_navigation():
                page.click("#next-claim")
            assert "/review/claim/" in page.url
            watcher.visit(page.url, shot="reviewer-review-claim")
            watcher.visit(f"/claims/{disputed.pk}/history/", shot="reviewer-claim-history")
            body = watcher.visit("/editor/", status=403, shot="reviewer-403")
            assert "You may not open this page" in body
            assert page.locator("header nav a").count() > 0  # the 403 page keeps the navigation
        else:
            watcher.visit(f"/editor/articles/{article.pk}/", shot=f"{role}-article" if shots else "")
            watcher.visit(f"/editor/claims/{disputed.pk}/", shot=f"{role}-claim" if shots else "")
            watcher.visit(f"/claims/{disputed.pk}/history/", shot=f"{role}-claim-history" if shots else "")
            watcher.visit(f"/editor/articles/{article.pk}/review-settings/")
            watcher.visit("/editor/claims/?status=disputed&desk=World")
            watcher.visit(f"/admin/reviews/claim/{disputed.pk}/change/")
            body = watcher.visit(f"/editor/fetches/{world['fetch'].pk}/", shot=f"{role}-page-fetch" if shots else "")
            assert "Not ingested" in body and "Fetch again" in body
            watcher.visit("/admin/reviews/pagefetch/", status=200 if role == "admin" else 403)
            watcher.visit("/admin/reviews/apitoken/", status=200 if role == "admin" else 403)
            # Webhooks: the secret's hint only; rotating shows the new secret once, on the page it
            # redirects to; a reload shows the hint again and rotates nothing.
            endpoint = world["endpoint"]
            endpoint.refresh_from_db()  # the editor's visit rotated it before the admin's
            listed = watcher.visit("/editor/webhooks/", shot=f"{role}-webhooks" if shots else "")
            assert endpoint.secret_hint in listed
            rotated = watcher.submit(
                f"#endpoint-{endpoint.pk} form button",
                see_other="/editor/webhooks/",
                shot=f"{role}-webhooks-rotated" if shots else "",
            )
            secret = page.inner_text("#new-secret code")
            assert "Copy it now" in rotated and secret != endpoint.secret
            assert "no-store" in watcher.response.headers["cache-control"]
            endpoint.refresh_from_db()
            assert endpoint.secret == secret
            reloaded = watcher.reload()
            assert secret not in reloaded and "Copy it now" not in reloaded and endpoint.secret_hint in reloaded
            endpoint.refresh_from_db()
            assert endpoint.secret == secret  # the reload did not rotate it again
            assert secret not in watcher.visit("/editor/webhooks/")
            assert secret not in watcher.visit(f"/admin/reviews/webhookendpoint/{endpoint.pk}/change/")
        context.close()
    # Every role reached its own pages from the navigation.
    assert "/review/" in seen["reviewer"] and "/editor/dashboard/" not in seen["reviewer"]
    assert {"/editor/dashboard/", "/editor/claims/", "/editor/adjudication/"} <= set(seen["editor"])
    assert (SHOTS / "editor-editor-dashboard.png").exists()
