"""Referrals (aktualiseringar): a person referred to the unit, waiting to be assigned a coach."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participants.models import Gender, ReferralSource


class Source(models.TextChoices):
    # The same values as the period's referral source, so enrolment can copy them.
    EMPLOYMENT_SERVICE = ReferralSource.EMPLOYMENT_SERVICE.value, _("Arbetsförmedlingen")
    SOCIAL_SERVICES = ReferralSource.SOCIAL_SERVICES.value, _("Socialtjänsten")


class Status(models.TextChoices):
    RECEIVED = "received", _("Inkommen")
    ASSIGNED = "assigned", _("Fördelad")


class Referral(models.Model):
    """One referral form (Arbetsförmedlingen) or decision (socialtjänsten)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals"
    )
    unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="referrals", verbose_name=_("enhet")
    )
    source = models.CharField(_("aktualiseras från"), max_length=20, choices=Source.choices)
    received_on = models.DateField(_("inkom"))

    # The person referred.
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    # Stored normalised as 12 digits, like the participant's; empty when not given.
    personal_identity_number = models.CharField(
        _("personnummer"), max_length=12, blank=True, default=""
    )
    birth_year = models.PositiveSmallIntegerField(_("födelseår"), null=True, blank=True)
    gender = models.CharField(_("kön"), max_length=12, choices=Gender.choices)
    phone = models.CharField(_("telefon"), max_length=40, blank=True, default="")
    preferred_language = models.CharField(
        _("föredraget språk"), max_length=60, blank=True, default=""
    )
    needs_interpreter = models.BooleanField(_("behöver tolk"), default=False)

    # Who refers (the officer at Arbetsförmedlingen or the social services).
    referrer_name = models.CharField(_("aktualiserad av"), max_length=200)
    referrer_office = models.CharField(_("kontor eller enhet"), max_length=200, blank=True)
    referrer_contact = models.CharField(
        _("telefon eller e-post till den som aktualiserar"), max_length=200, blank=True
    )
    reason = models.TextField(_("anledning till aktualiseringen"))
    wished_start_on = models.DateField(_("önskat startdatum"), null=True, blank=True)

    # A decision under 4 kap. 4 § socialtjänstlagen (only from the social services).
    decision_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decision_reference = models.CharField(_("diarienummer"), max_length=60, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    assigned_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handledare"),
    )
    assigned_on = models.DateField(_("fördelad"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("deltagare"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    # Bumped on every change; a change based on an older version is a conflict.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("aktualisering")
        verbose_name_plural = _("aktualiseringar")
        ordering = ["received_on", "id"]
        indexes = [models.Index(fields=["organisation", "unit", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status="received",
                    assigned_coach__isnull=True,
                    assigned_on__isnull=True,
                    participant__isnull=True,
                )
                | Q(
                    status="assigned",
                    assigned_coach__isnull=False,
                    assigned_on__isnull=False,
                    participant__isnull=False,
                ),
                name="referral_assigned_iff_coach_and_participant",
            ),
            models.CheckConstraint(
                condition=Q(source="employment_service") | Q(decision_on__isnull=False),
                name="referral_social_services_has_decision_date",
            ),
            models.CheckConstraint(
                condition=Q(assigned_on__isnull=True) | Q(assigned_on__gte=models.F("received_on")),
                name="referral_assigned_after_received",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.received_on})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_assigned(self) -> bool:
        return self.status == Status.ASSIGNED
