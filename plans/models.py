"""The activity plan (aktivitetsplan / handlingsplan), written after an assessment.

Each revision is a new plan; earlier plans are kept read-only. At the next
assessment each sub-goal of the previous plan is evaluated.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ActivityPlan(models.Model):
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="plans"
    )
    # The assessment the plan was made after; its scores are the plan's "score today".
    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.PROTECT, related_name="plans"
    )
    number = models.PositiveIntegerField(_("version"))
    goal = models.TextField(
        _("mål: arbete eller studier"),
        help_text=_(
            "Det konkreta jobb- eller studiemålet. "
            "Det övergripande målet är alltid arbete eller studier."
        ),
    )
    is_current = models.BooleanField(default=True)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aktivitetsplan")
        verbose_name_plural = _("aktivitetsplaner")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "number"], name="plan_number_unique"),
            models.UniqueConstraint(
                fields=["participant"], condition=Q(is_current=True), name="plan_one_current"
            ),
        ]

    def __str__(self):
        return f"{self.participant} – plan {self.number}"


class PlanRow(models.Model):
    class Responsible(models.TextChoices):
        PARTICIPANT = "participant", _("Deltagaren")
        COACH = "coach", _("Handledaren")
        OTHER = "other", _("Annan")

    plan = models.ForeignKey(ActivityPlan, on_delete=models.CASCADE, related_name="rows")
    area = models.ForeignKey(
        "instruments.PlanArea",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("prioriterat område"),
    )
    order = models.PositiveSmallIntegerField(default=0)
    target_score = models.PositiveSmallIntegerField(_("målsiffra"), null=True, blank=True)
    sub_goal = models.TextField(_("delmål"))
    activities = models.ManyToManyField(
        "activities.ParticipantActivity",
        blank=True,
        related_name="plan_rows",
        verbose_name=_("aktiviteter"),
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    follow_up_date = models.DateField(_("slutdatum/uppföljning"), null=True, blank=True)
    responsible = models.CharField(
        _("ansvarig"), max_length=12, choices=Responsible.choices, default="participant"
    )
    responsible_name = models.CharField(_("annan ansvarig"), max_length=120, blank=True, default="")

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_score__isnull=True) | Q(target_score__range=(1, 5)),
                name="plan_row_target_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(follow_up_date__gte=F("start_date")),
                name="plan_row_follow_up_after_start",
            ),
        ]

    def __str__(self):
        return self.sub_goal[:60]


class SubGoalEvaluation(models.Model):
    class Result(models.TextChoices):
        REACHED = "reached", _("Uppnått")
        PARTLY = "partly", _("Delvis uppnått")
        NOT_REACHED = "not_reached", _("Inte uppnått")

    row = models.OneToOneField(PlanRow, on_delete=models.CASCADE, related_name="evaluation")
    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(_("resultat"), max_length=12, choices=Result.choices)
    comment = models.TextField(_("kommentar"), blank=True, default="")
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    evaluated_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.result
