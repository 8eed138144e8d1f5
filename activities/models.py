"""The activity catalogue (aktivitetsutbud) and a participant's activities (insatser)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rules import out_of_date


class Kind(models.TextChoices):
    """The four kinds of intervention (seed 001, "Insatsernas karaktär")."""

    SOCIAL = "social", _("Sociala och personliga")
    JOB_FOCUSED = "job_focused", _("Jobbfokuserad")
    HEALTH = "health", _("Hälsa")
    COMPETENCE = "competence", _("Kompetens")


class Phase(models.TextChoices):
    PRE_REHABILITATING = "pre_rehabilitating", _("Förrehabiliterande")
    PREPARING = "preparing", _("Arbets-/studieförberedande")


class Provider(models.TextChoices):
    OWN_UNIT = "own_unit", _("Egen verksamhet")
    EMPLOYMENT_SERVICE = "employment_service", _("Arbetsförmedlingen")
    HEALTH_CARE = "health_care", _("Regionens hälso- och sjukvård")
    STUDY_ASSOCIATION = "study_association", _("Studieförbund")
    OTHER = "other", _("Annan aktör")


class Format(models.TextChoices):
    INDIVIDUAL = "individual", _("Individuell")
    GROUP = "group", _("Grupp")


class CatalogueItem(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="catalogue_items"
    )
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True, default="")
    kind = models.CharField(_("typ av insats"), max_length=20, choices=Kind.choices)
    phase = models.CharField(_("fas"), max_length=20, choices=Phase.choices)
    # Indicator codes (stable across card versions) that the activity supports.
    indicator_codes = models.JSONField(_("indikatorer"), default=list, blank=True)
    provider = models.CharField(_("anordnare"), max_length=20, choices=Provider.choices)
    format = models.CharField(_("form"), max_length=12, choices=Format.choices)
    schedule = models.CharField(_("schema"), max_length=200, blank=True, default="")
    capacity = models.PositiveIntegerField(_("antal platser"), null=True, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("aktivitet i utbudet")
        verbose_name_plural = _("aktivitetsutbud")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="catalogue_item_name_unique_in_org"
            )
        ]

    def __str__(self):
        return self.name


class ParticipantActivity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        ONGOING = "ongoing", _("Pågående")
        PAUSED = "paused", _("Pausad")
        FINISHED = "finished", _("Avslutad")
        CANCELLED = "cancelled", _("Avbruten")

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="activities"
    )
    catalogue_item = models.ForeignKey(
        CatalogueItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participant_activities",
        verbose_name=_("från utbudet"),
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ av insats"), max_length=20, choices=Kind.choices)
    indicator_codes = models.JSONField(_("indikatorer"), default=list, blank=True)
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("timmar per vecka"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped on every change; an edit based on an older version is a conflict.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__range=(0, 40)),
                name="activity_hours_0_to_40",
            ),
        ]
        indexes = [models.Index(fields=["participant", "start_date"])]

    def __str__(self):
        return self.name

    @property
    def is_out_of_date(self) -> bool:
        """Status and dates disagree (activities.rules.out_of_date): shown as needing
        attention."""
        return out_of_date(self, timezone.localdate())
