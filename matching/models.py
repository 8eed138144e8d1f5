"""Matching (seed 004, step 4): where the participant goes next, and the individual plan."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Destination(models.TextChoices):
    WORK_TRAINING = "work_training", _("Arbetsträning")
    STUDIES = "studies", _("Studier")
    CARE = "care", _("Vård och behandling")
    DAILY_ACTIVITY = "daily_activity", _("Daglig verksamhet")
    OTHER = "other", pgettext_lazy("matching", "Annat")


class MatchingDecision(models.Model):
    """One decision; a later one supersedes it (history is kept)."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="matching_decisions"
    )
    decided_on = models.DateField(_("beslutsdatum"))
    destination = models.CharField(_("matchas till"), max_length=20, choices=Destination.choices)
    reason = models.TextField(_("motivering"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("matchningsbeslut")
        verbose_name_plural = _("matchningsbeslut")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["participant", "-decided_on"])]

    def __str__(self):
        return f"{self.participant} → {self.get_destination_display()} {self.decided_on}"


class Party(models.TextChoices):
    """Who signs the individual plan (seed 004: individen, handläggaren, arbetsförmedlaren)."""

    PARTICIPANT = "participant", _("Deltagaren")
    COACH = "coach", _("Handledaren")
    EMPLOYMENT_SERVICE = "employment_service", _("Arbetsförmedlingen")


class IndividualPlan(models.Model):
    """Individuell plan mot arbete, drawn up at a meeting of participant, coach and
    Arbetsförmedlingen after the matching. Its content is locked by the first signature;
    a revision is a new version and the old one is kept (docs/adr/0008)."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="individual_plans"
    )
    matching_decision = models.ForeignKey(
        MatchingDecision, on_delete=models.PROTECT, related_name="individual_plans"
    )
    number = models.PositiveIntegerField(_("version"))
    is_current = models.BooleanField(default=True)
    drawn_up_on = models.DateField(_("upprättad"))
    goal = models.TextField(_("mål"))
    sub_goals = models.TextField(_("delmål"), blank=True, default="")
    participant_signed_by = models.CharField(
        _("deltagarens underskrift"), max_length=150, blank=True, default=""
    )
    participant_signed_on = models.DateField(_("deltagaren skrev under"), null=True, blank=True)
    coach_signed_by = models.CharField(
        _("handledarens underskrift"), max_length=150, blank=True, default=""
    )
    coach_signed_on = models.DateField(_("handledaren skrev under"), null=True, blank=True)
    employment_service_signed_by = models.CharField(
        _("Arbetsförmedlingens underskrift"), max_length=150, blank=True, default=""
    )
    employment_service_signed_on = models.DateField(
        _("Arbetsförmedlingen skrev under"), null=True, blank=True
    )
    # Bumped on every change; a save based on an older version is a conflict.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("individuell plan mot arbete")
        verbose_name_plural = _("individuella planer mot arbete")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "number"], name="individual_plan_number_unique"
            ),
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(is_current=True),
                name="individual_plan_one_current",
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(
                        **{f"{party}_signed_on__isnull": True, f"{party}_signed_by": ""}
                    )
                    | (
                        models.Q(**{f"{party}_signed_on__isnull": False})
                        & ~models.Q(**{f"{party}_signed_by": ""})
                    ),
                    name=f"individual_plan_{party}_signature_whole",
                )
                for party in Party.values
            ),
        ]

    def __str__(self):
        return f"{self.participant} – individuell plan {self.number}"

    def signatures(self) -> list[dict]:
        """Each party with who signed and when (empty while unsigned), in signing order."""
        return [
            {
                "party": party,
                "label": party.label,
                "name": getattr(self, f"{party.value}_signed_by"),
                "on": getattr(self, f"{party.value}_signed_on"),
            }
            for party in Party
        ]

    @property
    def is_signed_by_anyone(self) -> bool:
        return any(s["on"] for s in self.signatures())

    @property
    def is_signed_by_all(self) -> bool:
        return all(s["on"] for s in self.signatures())

    @property
    def fully_signed_on(self):
        """The date the last signature was given, once all three have signed."""
        return max(s["on"] for s in self.signatures()) if self.is_signed_by_all else None


class ResponsibilityRow(models.Model):
    """Ansvarsfördelning: what is to be done, who is responsible, by when, done or not."""

    plan = models.ForeignKey(IndividualPlan, on_delete=models.CASCADE, related_name="rows")
    order = models.PositiveSmallIntegerField(default=0)
    what = models.TextField(_("vad ska göras"))
    who = models.CharField(_("vem ansvarar"), max_length=150)
    due_on = models.DateField(_("klart senast"), null=True, blank=True)
    done = models.BooleanField(_("gjort"), default=False)

    class Meta:
        verbose_name = _("ansvarsfördelning")
        verbose_name_plural = _("ansvarsfördelning")
        ordering = ["order", "id"]

    def __str__(self):
        return self.what[:60]
