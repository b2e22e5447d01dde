"""factory-boy factories with a seeded Faker, so data is varied but repeatable."""

from __future__ import annotations

from collections.abc import Sequence

import factory
import factory.random
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from reviews.models import Article, Assignment, Claim, Review, Verdict, WebhookEndpoint, WebhookEvent

factory.random.reseed_random(20261127)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            # get_or_create: a transactional test's flush deletes the groups the data migration made,
            # and a later test on the same xdist worker would silently get a user with no role.
            self.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in extracted))


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Faker("sentence", nb_words=6)
    desk = "World"
    raw_text = factory.LazyAttribute(lambda o: f"{o.title}\n{o.cleaned_text}")
    cleaned_text = factory.Faker("paragraph", nb_sentences=5)
    content_hash = factory.Sequence(lambda n: f"{n:064x}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Faker("sentence", nb_words=12)
    start = 0
    end = factory.LazyAttribute(lambda o: len(o.text))
    score = 0.8
    suggested_status = Verdict.NEEDS_SOURCE
    required_reviews = factory.LazyAttribute(lambda o: o.article.required_reviews)
    priority = factory.LazyAttribute(lambda o: o.article.priority)
    deadline = factory.LazyAttribute(lambda o: o.article.deadline)


def claim_at(article: Article, sentence: str, **fields: object) -> Claim:
    """A claim on ``sentence``, with the start and end where it stands in ``article.cleaned_text``."""
    start = article.cleaned_text.index(sentence)
    claim: Claim = ClaimFactory(article=article, text=sentence, start=start, end=start + len(sentence), **fields)
    return claim


def claims_at(article: Article, sentences: Sequence[str], **fields: object) -> list[Claim]:
    """``claim_at`` for each sentence, at positions 0, 1, 2... in that order; ``fields`` go to every one."""
    return [claim_at(article, sentence, position=position, **fields) for position, sentence in enumerate(sentences)]


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    claim = factory.SubFactory(ClaimFactory)
    reviewer = factory.SubFactory(UserFactory, roles=["reviewer"])
    leased_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.leased_at + timezone.timedelta(minutes=10))


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    claim = factory.SubFactory(ClaimFactory)
    reviewer = factory.SubFactory(UserFactory, roles=["reviewer"])
    verdict = Verdict.SUPPORTED
    note = factory.Faker("sentence")


def verdict_extras(verdict: str) -> dict[str, object]:
    """What a verdict needs to pass the evidence gate: a link for "supported", what is missing for "needs source"."""
    from reviews.services.verdicts import EvidenceInput

    if verdict == Verdict.SUPPORTED:
        return {"evidence": [EvidenceInput(url="https://example.org/official-record", title="Official record")]}
    if verdict == Verdict.NEEDS_SOURCE:
        return {"missing_source_kinds": ["document"]}
    return {}


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    """An endpoint stored as it is (its secret from the model's default), without the URL check of
    ``webhook_endpoint_create``: that one resolves the host name."""

    class Meta:
        model = WebhookEndpoint

    url = factory.Sequence(lambda n: f"https://hooks{n}.example.org/hook")
    events = factory.LazyFunction(lambda: [WebhookEvent.REPORT_READY.value])
