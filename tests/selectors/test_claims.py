"""``review_progress_visible``: the one rule for who sees a claim's review count and leases held."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from reviews.selectors.claims import review_progress_visible

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "sees"), [("editor", True), ("admin_user", True), ("reviewer", False), ("outsider", False)]
)
def test_editors_and_admins_see_the_review_progress_and_no_one_else(who, sees, request):
    assert review_progress_visible(user=request.getfixturevalue(who)) is sees


def test_no_user_and_an_anonymous_user_see_nothing():
    assert review_progress_visible(user=None) is False
    assert review_progress_visible(user=AnonymousUser()) is False
