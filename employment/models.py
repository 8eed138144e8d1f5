"""Employment records (seed 004, "Resursanställning"): where a participant works, from
when, how much, and with which support from Arbetsförmedlingen."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Support(models.TextChoices):
    """Employment supports from Arbetsförmedlingen named in seed 004."""

    NONE = "none", _("Inget stöd (osubventionerad anställning)")
    WAGE_SUBSIDY = "wage_subsidy", _("Lönebidrag")
    DEVELOPMENT_EMPLOYMENT = "development_employment", _("Utvecklingsanställning")
    PERSONAL_ASSISTANT = "personal_assistant", _("Stöd till personligt biträde")
    SPECIAL_EMPLOYMENT_SUPPORT = "special_employment_support", _("Särskilt anställningsstöd")
    ENTRY_JOB = "entry_job", _("Instegsjobb")
    NEW_START_JOB = "new_start_job", _("Nystartsjobb")


class Employment(models.Model):
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="employments"
    )
    employer = models.CharField(_("arbetsgivare"), max_length=200)
    occupation = models.CharField(_("yrke eller befattning"), max_length=200, blank=True)
    started_on = models.DateField(_("startdatum"))
    ended_on = models.DateField(_("slutdatum"), null=True, blank=True)
    extent = models.PositiveSmallIntegerField(_("omfattning i procent"))
    is_resource_employment = models.BooleanField(_("resursanställning"), default=False)
    support = models.CharField(
        _("stöd från Arbetsförmedlingen"),
        max_length=30,
        choices=Support.choices,
        default=Support.NONE,
    )
    # Bumped on every edit; an edit based on an older version is a conflict.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anställning")
        verbose_name_plural = _("anställningar")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="employment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(extent__gte=1, extent__lte=100), name="employment_extent_1_to_100"
            ),
            # The one-year limit needs calendar arithmetic and lives in rules.py.
            models.CheckConstraint(
                condition=Q(is_resource_employment=False)
                | (~Q(support="none") & Q(ended_on__isnull=False)),
                name="resource_employment_has_support_and_end",
            ),
        ]
        indexes = [models.Index(fields=["participant", "started_on"])]

    def __str__(self):
        return f"{self.employer} {self.started_on}"

    @property
    def is_subsidised(self) -> bool:
        return self.support != Support.NONE
