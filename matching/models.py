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
