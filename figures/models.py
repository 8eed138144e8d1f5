"""Pre-aggregated summaries for the figures (ADR 9).

Each table is derived data: rebuilt from assessments, answers and activities by
`figures.services.summaries_refresh`, which runs on the signals the services that
change those send, in the same transaction (per participant), and which
`manage.py figures_rebuild` runs for everything. No view or export reads them for a
single person; they only make the aggregates in `figures.selectors` cheap.

The foreign keys carry no database constraint (the rebuild inserts millions of rows),
but Django still cascades a deletion to them.
"""

import datetime

from django.db import models

# The end of a span or the validity of a level that has not ended.
OPEN_END = datetime.date(9999, 12, 31)
# The indicator of the participant's own belief in work, against the coach's belief.
BELIEF_CODE = "belief_in_work"


class IndicatorLevel(models.Model):
    """A participant's level on one indicator at one occasion, from their second
    answered occasion of that indicator on, with the level at their first one.

    `valid_to` is the date of the next answered occasion of the same indicator
    (`OPEN_END` for the latest), so the latest level as of a day D is the one row with
    `assessed_on <= D < valid_to`. Several answered questions on the same indicator in
    one assessment (BIP has two on goal orientation) count as one occasion at their mean
    level, rounded to a whole step. `linked`: the participant has an activity linked to
    the indicator (at any time, in any status)."""

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.CASCADE,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    code = models.CharField(max_length=60)
    assessed_on = models.DateField()
    valid_to = models.DateField()
    level = models.PositiveSmallIntegerField()
    first_level = models.PositiveSmallIntegerField()
    linked = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(fields=["participant"], name="figures_level_participant"),
            # Every column the figures read, so the levels valid on a day are read from
            # the index alone (an index-only scan in PostgreSQL).
            models.Index(
                fields=[
                    "valid_to",
                    "assessed_on",
                    "participant",
                    "code",
                    "first_level",
                    "level",
                    "linked",
                ],
                name="figures_level_valid",
            ),
        ]

    def __str__(self):
        return f"{self.participant_id} {self.code} {self.assessed_on}: {self.level}"


class AssessmentStep(models.Model):
    """One row per assessment in use (not deleted).

    For the cadence: the days since the participant's previous assessment (any card).
    For "what works": the previous assessment on the same card (`previous_id`), which
    kinds of activity ran between the two (`job`, `other`), and over the questions
    answered on both, their number and the sum of the changes and of their squares.
    For the coach's belief: the coach's rating, and the number and sum of the
    participant's own answers on the belief indicator (`BELIEF_CODE`)."""

    assessment = models.OneToOneField(
        "assessments.Assessment",
        on_delete=models.CASCADE,
        primary_key=True,
        db_constraint=False,
        related_name="+",
    )
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    assessed_on = models.DateField()
    days_since_previous = models.IntegerField(null=True)
    previous_id = models.IntegerField(null=True)
    job = models.BooleanField()
    other = models.BooleanField()
    changes = models.IntegerField()
    change_sum = models.IntegerField()
    change_squares = models.IntegerField()
    coach_belief = models.PositiveSmallIntegerField(null=True)
    belief_answers = models.IntegerField()
    belief_sum = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["participant"], name="figures_step_participant"),
            models.Index(fields=["assessed_on"], name="figures_step_day"),
        ]

    def __str__(self):
        return f"step {self.assessment_id}"


class IndicatorChange(models.Model):
    """The changes on one indicator between an assessment and the previous one on the
    same card (an assessment step with a `previous_id`): over the questions of the
    indicator answered on both, their number and the sum of the changes and of their
    squares, with the step's `job` and `other`. "What works" per indicator reads these
    instead of joining every pair's answers."""

    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.CASCADE,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    code = models.CharField(max_length=60)
    assessed_on = models.DateField()
    job = models.BooleanField()
    other = models.BooleanField()
    changes = models.IntegerField()
    change_sum = models.IntegerField()
    change_squares = models.IntegerField()

    class Meta:
        indexes = [
            # Every column the figures read, so the changes in a period are read from
            # the index alone (an index-only scan in PostgreSQL): by participant for an
            # organisation's or a unit's people, by date for a whole county.
            models.Index(
                fields=[
                    "participant",
                    "assessed_on",
                    "code",
                    "job",
                    "other",
                    "changes",
                    "change_sum",
                    "change_squares",
                ],
                name="figures_change_participant",
            ),
            models.Index(
                fields=[
                    "assessed_on",
                    "participant",
                    "code",
                    "job",
                    "other",
                    "changes",
                    "change_sum",
                    "change_squares",
                ],
                name="figures_change_period",
            ),
        ]

    def __str__(self):
        return f"{self.participant_id} {self.code} {self.assessed_on}: {self.change_sum}"


class ActivitySpan(models.Model):
    """Unbroken time with a running activity (ongoing, finished or cancelled): the
    participant's activities of one class merged where they overlap or follow on the
    next day. Classes: `any` kind, `job` (job-focused) and `other` (every other kind),
    and `both`: the time a `job` and an `other` span overlap (parallel interventions).
    `ends_on` is `OPEN_END` while it runs; `previous_ends_on` is the end of the
    participant's previous span of the same class."""

    class KindClass(models.TextChoices):
        ANY = "any"
        JOB = "job"
        OTHER = "other"
        BOTH = "both"

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    kind_class = models.CharField(max_length=5, choices=KindClass.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    previous_ends_on = models.DateField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["participant"], name="figures_span_participant"),
            # Every column the figures read, so the spans overlapping a period are read
            # from the index alone (an index-only scan in PostgreSQL).
            models.Index(
                fields=["kind_class", "ends_on", "starts_on", "participant", "previous_ends_on"],
                name="figures_span_period",
            ),
        ]

    def __str__(self):
        return f"{self.participant_id} {self.kind_class} {self.starts_on}–{self.ends_on}"
