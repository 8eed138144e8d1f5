"""Assessments: one occasion of a participant answering a card version."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Assessment(models.Model):
    class Mode(models.TextChoices):
        TOGETHER = "together", _("Tillsammans på skärmen")
        PAPER = "paper", _("Inskrivet från papperskort")
        SELF = "self", _("Deltagaren fyllde i själv")

    class Presentation(models.TextChoices):
        DESCRIPTIONS = "descriptions", _("Hela skalan med beskrivningar")
        NUMBERS = "numbers", _("Endast siffror")

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="assessments"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        "instruments.InstrumentVersion",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("kortversion"),
    )
    assessed_on = models.DateField(_("datum"))
    mode = models.CharField(_("hur kortet fylldes i"), max_length=10, choices=Mode.choices)
    presentation = models.CharField(
        _("visning"), max_length=12, choices=Presentation.choices, default="descriptions"
    )
    coach_belief = models.PositiveSmallIntegerField(
        _("handledarens tilltro"), null=True, blank=True
    )
    job_search_channels = models.JSONField(_("sätt att söka arbete"), default=list, blank=True)
    salary_amount = models.PositiveIntegerField(_("lön, kronor/månad"), null=True, blank=True)
    salary_alternative = models.CharField(max_length=40, blank=True, default="")
    completed_by_coach = models.BooleanField(default=True)
    # A card the participant filled in is gone through with the coach: who and when.
    reviewed_at = models.DateTimeField(_("genomgången"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("genomgången av"),
    )
    # Bumped on every correction; a save based on an older revision is a conflict.
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deletion_reason = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("skattning")
        verbose_name_plural = _("skattningar")
        ordering = ["assessed_on", "id"]
        indexes = [
            models.Index(fields=["participant", "assessed_on"]),
            models.Index(fields=["organisation", "assessed_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(coach_belief__isnull=True) | Q(coach_belief__range=(1, 5)),
                name="assessment_coach_belief_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(salary_amount__isnull=True) | Q(salary_amount__lte=200000),
                name="assessment_salary_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.participant} {self.assessed_on}"


class Answer(models.Model):
    """The participant's level on one scale question, or that they declined."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "instruments.Question", on_delete=models.PROTECT, related_name="answers"
    )
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    declined = models.BooleanField(default=False)
    note = models.TextField(_("anteckning"), blank=True, default="")
    review_note = models.TextField(
        _("handledarens anteckning vid genomgången"), blank=True, default=""
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="answer_unique"),
            models.CheckConstraint(
                condition=(Q(declined=True) & Q(level__isnull=True))
                | (Q(declined=False) & Q(level__range=(1, 5))),
                name="answer_level_or_declined",
            ),
        ]

    def __str__(self):
        return f"{self.question.code}: {'-' if self.declined else self.level}"


class ViolenceScreening(models.Model):
    """Restricted: whether the question about violence was asked, and what was offered.

    Only the responsible coach and managers of the unit see it; never in lists,
    printouts or exports; every view is in the access log.
    """

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="violence_screening"
    )
    asked = models.BooleanField(_("frågan om våld ställdes"))
    support_offered = models.BooleanField(_("stöd eller hänvisning erbjöds"), default=False)
    note = models.TextField(_("kort anteckning"), blank=True, default="")

    def __str__(self):
        return f"violence screening {self.assessment_id}"


class AssessmentRevision(models.Model):
    """One correction of an assessment: who changed what, when."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="revisions")
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revised_at = models.DateTimeField(auto_now_add=True)
    # {"field or question code": [old, new]}; restricted fields are recorded by name only.
    changes = models.JSONField()

    class Meta:
        ordering = ["-revised_at", "-id"]

    def __str__(self):
        return f"revision of {self.assessment_id} at {self.revised_at:%Y-%m-%d %H:%M}"
