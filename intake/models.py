"""The intake meeting (inskrivningssamtal), consent to exchange information and the
documents shared with other agencies under that consent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Agency(models.TextChoices):
    """The parties of the handbook's form "Medgivande om informationsutbyte"."""

    EMPLOYMENT_SERVICE = "employment_service", _("Arbetsförmedlingen")
    SOCIAL_INSURANCE = "social_insurance", _("Försäkringskassan")
    HEALTH_CARE = "health_care", _("Hälso- och sjukvården")
    SOCIAL_SERVICES = "social_services", _("Socialtjänsten")
    UNIT = "unit", _("Arbetsmarknadsenheten")


class InformationPoint(models.TextChoices):
    """What the participant is told at the intake meeting (seed 004)."""

    UNIT = "unit", _("Arbetsmarknadsenheten och dess verksamhet")
    METHOD = "method", _("Arbetsmetoden: kartläggning – matchning – arbetsträning – arbete")
    CONSENT = (
        "consent",
        _(
            "Medgivande om informationsutbyte: vilka som får lämna information, att "
            "informationen ska vara relevant för kartläggning av arbetsförmåga och "
            "rehabiliteringsbehov, och att medgivandet kan återkallas"
        ),
    )
    MAPPING = "mapping", _("Kartläggningen: samtal om högst en timme, tolk vid behov")
    ASSESSMENT = "assessment", _("Progressionsmätning med skattningskort var 13:e vecka")
    PERSONAL_DATA = (
        "personal_data",
        _("Hur personuppgifterna behandlas och rätten att ta del av dem"),
    )


class DocumentKind(models.TextChoices):
    ACTIVITY_PLAN = "activity_plan", _("Aktivitetsplan")
    MAPPING_SUMMARY = "mapping_summary", _("Sammanfattning av kartläggningen")
    INDIVIDUAL_PLAN = "individual_plan", _("Individuell plan mot arbete")
    DEVELOPMENT_PLAN = "development_plan", _("Utvecklingsplan")
    FINAL_DOCUMENTATION = "final_documentation", _("Slutdokumentation")
    COMPETENCE_CARD = "competence_card", _("Kompetenskort")


class IntakeMeeting(models.Model):
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="intake_meetings"
    )
    held_on = models.DateField(_("datum för inskrivningssamtalet"))
    information_given = models.JSONField(_("information som getts"), default=list, blank=True)
    information_note = models.TextField(_("övrig information och anteckningar"), blank=True)
    first_mapping_on = models.DateField(
        _("första kartläggningssamtal bokat"), null=True, blank=True
    )
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handledare"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped on every edit; an edit based on an older version is a conflict.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("inskrivningssamtal")
        verbose_name_plural = _("inskrivningssamtal")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_mapping_on__isnull=True)
                | Q(first_mapping_on__gte=models.F("held_on")),
                name="intake_mapping_booked_after_meeting",
            )
        ]

    def __str__(self):
        return f"{self.participant} {self.held_on}"

    def information_labels(self) -> list[str]:
        labels = dict(InformationPoint.choices)
        return [str(labels[key]) for key in self.information_given if key in labels]


class Consent(models.Model):
    """One signed "Medgivande om informationsutbyte". A new consent is a new row; the
    latest signed is the one in force until it is withdrawn."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="consents"
    )
    agencies = models.JSONField(_("parter"), default=list)
    signed_on = models.DateField(_("undertecknat"))
    withdrawn_on = models.DateField(_("återkallat"), null=True, blank=True)
    withdrawal_note = models.TextField(_("kommentar vid återkallelse"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("medgivande om informationsutbyte")
        verbose_name_plural = _("medgivanden om informationsutbyte")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("signed_on")),
                name="consent_withdrawn_after_signed",
            )
        ]
        indexes = [models.Index(fields=["participant", "-signed_on"])]

    def __str__(self):
        return f"{self.participant} {self.signed_on}"

    def agency_labels(self) -> list[str]:
        return agency_labels(self.agencies)


def agency_labels(agencies) -> list[str]:
    """Labels in the form's order, whatever order they were stored in."""
    chosen = set(agencies)
    return [str(label) for value, label in Agency.choices if value in chosen]


class DocumentShare(models.Model):
    """A document given to another agency, under the consent in force that day."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="document_shares"
    )
    document_kind = models.CharField(_("dokument"), max_length=30, choices=DocumentKind.choices)
    document_id = models.PositiveIntegerField(_("dokumentets nummer"))
    agency = models.CharField(_("mottagare"), max_length=30, choices=Agency.choices)
    shared_on = models.DateField(_("delat"))
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("delat av"),
    )
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, related_name="shares", verbose_name=_("medgivande")
    )
    note = models.TextField(_("kommentar"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delat dokument")
        verbose_name_plural = _("delade dokument")
        ordering = ["-shared_on", "-id"]

    def __str__(self):
        return (
            f"{self.get_document_kind_display()} {self.document_id} → {self.get_agency_display()}"
        )
