"""The dashboard's counts, kept incrementally on PostgreSQL (``reviews/db_rollups.py`` has the triggers).

Triggers on the claim, review and article tables write signed delta rows (+1 for the row as it is
now, -1 for the row as it was) into insert-only ``*Delta`` tables: concurrent reviewers never wait
on one counter row. A beat task folds the deltas into the ``*Tally`` rows (one row per key, the
count summed); the dashboard reads tally + unfolded deltas, so its figures are exact at any moment.
``ReviewPair`` holds one row per two reviews of one claim round by two reviewers (what the
agreement figures self-joined the reviews for). ``manage.py rollups --check`` compares all three
with a full recount; ``--repair`` rebuilds them. On SQLite none of this is written or read.
"""

from __future__ import annotations

from django.db import models


class ClaimTally(models.Model):
    """How many claims have this (desk, status, creation day, finalisation day, reviewed at least once)."""

    desk = models.CharField(max_length=100)
    status = models.CharField(max_length=20)
    created_day = models.DateField()
    finalised_day = models.DateField(null=True)
    reviewed = models.BooleanField()
    n = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["desk", "status", "created_day", "finalised_day", "reviewed"],
                name="claimtally_key",
                nulls_distinct=False,
            )
        ]
        # The key needs NULLS NOT DISTINCT (an unfinalised claim's day is NULL): a PostgreSQL feature, and the
        # rollups are PostgreSQL-only. Saying so keeps SQLite's system checks quiet (models.W047) without
        # silencing W047 for any other model. Migrations keep creating the (unused) table on SQLite: their
        # models do not carry this option, and makemigrations does not track it.
        required_db_features = ["supports_nulls_distinct_unique_constraints"]

    def __str__(self) -> str:
        return f"{self.desk}/{self.status}/{self.created_day}: {self.n}"


class ClaimTallyDelta(models.Model):
    """+n or -n claims for a ``ClaimTally`` key, written by a trigger; folded and deleted by the beat task."""

    id = models.BigAutoField(primary_key=True)
    desk = models.CharField(max_length=100)
    status = models.CharField(max_length=20)
    created_day = models.DateField()
    finalised_day = models.DateField(null=True)
    reviewed = models.BooleanField()
    n = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.desk}/{self.status}/{self.created_day}: {self.n:+d}"


class ReviewTally(models.Model):
    """How many reviews this reviewer gave with this verdict on this day (the newsroom's days) for this desk."""

    desk = models.CharField(max_length=100)
    day = models.DateField()
    reviewer_id = models.IntegerField()
    verdict = models.CharField(max_length=20)
    n = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["desk", "day", "reviewer_id", "verdict"], name="reviewtally_key"),
        ]

    def __str__(self) -> str:
        return f"{self.desk}/{self.day}/{self.reviewer_id}/{self.verdict}: {self.n}"


class ReviewTallyDelta(models.Model):
    id = models.BigAutoField(primary_key=True)
    desk = models.CharField(max_length=100)
    day = models.DateField()
    reviewer_id = models.IntegerField()
    verdict = models.CharField(max_length=20)
    n = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.desk}/{self.day}/{self.reviewer_id}/{self.verdict}: {self.n:+d}"


class PackedHistogramField(models.Field):  # type: ignore[type-arg]  # values are Decimals read by raw SQL only
    """An unbounded ``numeric``: a histogram packed into one number (``reviews.db_rollups.SECONDS_SPAN``)."""

    description = "A histogram packed into one number"

    def db_type(self, connection: object) -> str:
        return "numeric"


class ReviewSeconds(models.Model):
    """A reviewer's seconds per review on this day for this desk, as a histogram packed into one number.

    ``counts`` holds, in its i-th group of 9 decimal digits from the right, how many reviews took
    ``span * 10,000 + i`` seconds (``reviews.db_rollups.SECONDS_SPAN``): adding two of these adds
    the histograms, so SUM keeps them like any count, and the dashboard reads one row per reviewer
    and day for the exact median where it read one per distinct duration.
    """

    desk = models.CharField(max_length=100)
    day = models.DateField()
    reviewer_id = models.IntegerField()
    span = models.IntegerField()  # seconds // 10,000: every review under 2 h 46 min is in span 0
    counts = PackedHistogramField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["desk", "day", "reviewer_id", "span"], name="reviewseconds_key"),
        ]

    def __str__(self) -> str:
        return f"{self.desk}/{self.day}/{self.reviewer_id}/span {self.span}"


class ReviewSecondsDelta(models.Model):
    id = models.BigAutoField(primary_key=True)
    desk = models.CharField(max_length=100)
    day = models.DateField()
    reviewer_id = models.IntegerField()
    span = models.IntegerField()
    counts = PackedHistogramField()  # signed: a review removed is its packed number negated

    def __str__(self) -> str:
        return f"{self.desk}/{self.day}/{self.reviewer_id}/span {self.span}"


class ReviewPair(models.Model):
    """Two reviews of one claim round by two reviewers (A's id below B's): one row per pair, kept by triggers."""

    id = models.BigAutoField(primary_key=True)
    claim_id = models.IntegerField()
    review_round = models.IntegerField()
    desk = models.CharField(max_length=100)
    review_a_id = models.IntegerField()
    review_b_id = models.IntegerField()
    reviewer_a_id = models.IntegerField()
    reviewer_b_id = models.IntegerField()
    verdict_a = models.CharField(max_length=20)
    verdict_b = models.CharField(max_length=20)
    first_at = models.DateTimeField()  # the earlier of the two reviews' times
    last_at = models.DateTimeField()
    # The round has three reviews or more (so more than this one pair): the dashboard groups only these
    # pairs by claim round, every other pair is a round of its own.
    crowded = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["claim_id"], name="reviewpair_claim_idx"),
            models.Index(
                fields=["first_at"],
                include=["last_at", "desk", "claim_id", "review_round", "reviewer_a_id", "reviewer_b_id"]
                + ["verdict_a", "verdict_b"],
                name="reviewpair_first_cover_idx",
            ),
            # The pairs of rounds of three reviews or more, few: the dashboard groups these by round.
            models.Index(
                fields=["first_at"],
                include=["last_at", "desk", "claim_id", "review_round", "verdict_a", "verdict_b"],
                condition=models.Q(crowded=True),
                name="reviewpair_crowded_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"reviews {self.review_a_id} and {self.review_b_id} of claim {self.claim_id}"
