"""An editor corrects claims by selecting text with the mouse on the article page (no typed offsets)."""

from __future__ import annotations

import pytest

from reviews.models import Claim, ClaimStatus, CorrectionKind, ExtractionCorrection
from tests.factories import ArticleFactory, claim_at, claims_at
from tests.web.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TEXT = "The mayor spoke on Monday. Taxes rose 5% in 2025 and debt fell by half. Rents doubled since 2020."


def _select(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select ``text`` inside the article with the mouse: press at its first character, release after its last."""
    box = page.evaluate(
        """(needle) => {
          const article = document.getElementById("article-text");
          const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode())) {
            const at = node.textContent.indexOf(needle);
            if (at >= 0) {
              const first = document.createRange(); first.setStart(node, at); first.setEnd(node, at + 1);
              const last = document.createRange();
              last.setStart(node, at + needle.length - 1); last.setEnd(node, at + needle.length);
              const a = first.getBoundingClientRect(), b = last.getBoundingClientRect();
              return {x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 0.5, y2: b.top + b.height / 2};
            }
          }
          return null;
        }""",
        text,
    )
    assert box is not None, text
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()


def test_editor_adds_splits_and_respans_claims_by_selection(live_server, browser_page, editor, transactional_db):
    article = ArticleFactory(cleaned_text=TEXT, title="City budget")
    claim = claim_at(article, "Taxes rose 5% in 2025 and debt fell by half.", position=0)
    start = claim.start
    page = browser_page
    log_in(page, live_server.url, "edna")
    url = f"{live_server.url}/editor/articles/{article.pk}/"

    # 1. A missed claim: select a sentence outside every claim.
    page.goto(url)
    _select(page, "Rents doubled since 2020.")
    assert page.is_visible("#add-claim-form") and page.is_hidden("#split-form")
    assert "Rents doubled since 2020." in page.inner_text("#selection-text")
    page.select_option("#add-claim-form select[name=suggested_status]", "needs_source")
    page.fill("#add-claim-form input[name=reason]", "a checkable figure")
    with page.expect_navigation():
        page.click("#add-claim-form button")
    added = Claim.objects.get(article=article, text="Rents doubled since 2020.")
    assert (added.start, added.end) == (TEXT.index("Rents"), len(TEXT))

    # 2. Split: select inside the claim, from where part two starts.
    page.goto(url)
    _select(page, "debt fell")
    assert page.is_visible("#split-form") and page.is_visible("#span-form") and page.is_hidden("#add-claim-form")
    page.fill("#split-form input[name=reason]", "two facts")
    with page.expect_navigation():
        page.click("#split-form button")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUPERSEDED
    parts = list(Claim.objects.filter(article=article, status=ClaimStatus.PENDING).order_by("start"))
    texts = [part.text for part in parts]
    assert "Taxes rose 5% in 2025 and" in texts and "debt fell by half." in texts

    # 3. Correct a span: select the text that should be the claim.
    page.goto(url)
    _select(page, "Taxes rose 5% in 2025")
    page.fill("#span-form input[name=reason]", "trim the conjunction")
    with page.expect_navigation():
        page.click("#span-form button")
    first = Claim.objects.get(article=article, start=start, status=ClaimStatus.PENDING)
    assert first.text == "Taxes rose 5% in 2025" and first.end == start + len("Taxes rose 5% in 2025")
    kinds = set(ExtractionCorrection.objects.filter(article=article).values_list("kind", flat=True))
    # A plain click on a claim (no selection) still opens its page.
    page.goto(url)
    with page.expect_navigation(url=f"**/editor/claims/{first.pk}/"):
        page.click(f"mark[data-claim='{first.pk}']")
    assert {CorrectionKind.ADDED, CorrectionKind.SPLIT, CorrectionKind.TEXT_EDITED} <= kinds


def test_the_scored_by_column_takes_one_line_and_opens_to_the_full_versions(
    live_server, browser_page, editor, transactional_db
):
    from reviews.models import ModelKind, ModelVersion

    checkworthiness = ModelVersion.objects.create(kind=ModelKind.CHECKWORTHINESS, name="checkworthiness-3", base="b")
    status = ModelVersion.objects.create(kind=ModelKind.STATUS, name="status-2", base="b")
    article = ArticleFactory(cleaned_text=TEXT, title="City budget")
    claims_at(
        article,
        ("The mayor spoke on Monday.", "Rents doubled since 2020."),
        checkworthiness_model=checkworthiness,
        status_model=status,
    )
    page = browser_page
    log_in(page, live_server.url, "edna")
    page.goto(f"{live_server.url}/editor/articles/{article.pk}/")
    cell = page.locator("td.scored-by").first
    # The page sets no line-height ("normal": about 1.2 em), so one line is well under 1.8 times the font size.
    font_size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('td.scored-by summary')).fontSize)"
    )
    summary = cell.locator("summary")
    assert summary.inner_text() == "checkworthiness-3 · status-2"
    assert summary.bounding_box()["height"] < 1.8 * font_size  # one line (two or three before)
    assert (
        summary.get_attribute("title")
        == f"check-worthiness checkworthiness-3 #{checkworthiness.pk}, status status-2 #{status.pk}"
    )
    assert "check-worthiness checkworthiness-3" not in cell.inner_text()  # closed: the kinds are not shown
    summary.click()  # the native disclosure: a keyboard and a screen reader open it too
    assert f"check-worthiness checkworthiness-3 #{checkworthiness.pk}" in cell.inner_text()
    assert f"status status-2 #{status.pk}" in cell.inner_text()
