"""Participants, their enrolment periods and the coach responsible for them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TargetGroup(models.Model):
    """A group the organisation follows up on (born abroad, disability, young …)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="target_groups"
    )
    name = models.CharField(_("namn"), max_length=100)

    class Meta:
        verbose_name = _("målgrupp")
        verbose_name_plural = _("målgrupper")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="target_group_unique_in_org"
            )
        ]

    def __str__(self):
        return self.name


class Gender(models.TextChoices):
    WOMAN = "woman", _("Kvinna")
    MAN = "man", _("Man")
    OTHER = "other", pgettext_lazy("gender", "Annat")
    UNDISCLOSED = "undisclosed", _("Vill inte uppge")


class ReferralSource(models.TextChoices):
    EMPLOYMENT_SERVICE = "employment_service", _("Arbetsförmedlingen")
    SOCIAL_SERVICES = "social_services", _("Socialtjänsten")
    SOCIAL_INSURANCE = "social_insurance", _("Försäkringskassan")
    SELF = "self", _("Egen")
    OTHER = "other", _("Annan")


class Outcome(models.TextChoices):
    WORK_UNSUBSIDISED = "work_unsubsidised", _("Arbete (osubventionerat)")
    WORK_SUBSIDISED = "work_subsidised", _("Arbete (subventionerat)")
    STUDIES = "studies", _("Studier")
    OTHER_INTERVENTION = "other_intervention", _("Annan insats")
    ILL_HEALTH = "ill_health", _("Ohälsa/sjukskrivning")
    MOVED = "moved", _("Flyttat")
    DROPPED_OUT = "dropped_out", _("Avbrutit")
    OTHER = "other", pgettext_lazy("outcome", "Annat")


WORK_OR_STUDIES = (Outcome.WORK_UNSUBSIDISED, Outcome.WORK_SUBSIDISED, Outcome.STUDIES)


class Participant(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="participants"
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("enhet"),
    )
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    # Stored normalised as 12 digits (YYYYMMDDNNNC); empty when not given.
    personal_identity_number = models.CharField(
        _("personnummer"), max_length=12, blank=True, default=""
    )
    birth_year = models.PositiveSmallIntegerField(_("födelseår"), null=True, blank=True)
    gender = models.CharField(_("kön"), max_length=12, choices=Gender.choices)
    preferred_language = models.CharField(
        _("föredraget språk"), max_length=60, blank=True, default=""
    )
    needs_interpreter = models.BooleanField(_("behöver tolk"), default=False)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="participants", verbose_name=_("målgrupper")
    )
    # Bumped on every edit; an edit based on an older version is a conflict.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    last_activity_at = models.DateTimeField(_("senaste aktivitet"), db_index=True)
    # Restriction of processing (GDPR art. 18): while set, the record is read-only.
    restricted_at = models.DateTimeField(_("spärrad sedan"), null=True, blank=True)
    restriction_reason = models.TextField(_("anledning till spärr"), blank=True, default="")
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("spärrad av"),
    )
    # Set by gallring: the personal data is gone; the row stays as an anonymous
    # anchor for the access log and the figures' summary tables.
    erased_at = models.DateTimeField(_("gallrad"), null=True, blank=True)

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "personal_identity_number"],
                condition=~Q(personal_identity_number=""),
                name="participant_pin_unique_in_org",
            )
        ]
        indexes = [models.Index(fields=["organisation", "unit"])]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_restricted(self) -> bool:
        return self.restricted_at is not None


class Period(models.Model):
    """One enrolment: active until closed with an outcome. Re-enrolment starts a new one."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="periods")
    started_on = models.DateField(_("inskriven"))
    referral_source = models.CharField(
        _("aktualiserad från"), max_length=20, choices=ReferralSource.choices
    )
    referral_date = models.DateField(_("aktualiseringsdatum"), null=True, blank=True)
    closed_on = models.DateField(_("avslutad"), null=True, blank=True)
    outcome = models.CharField(
        _("utfall"), max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    closing_note = models.TextField(_("kommentar vid avslut"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("inskrivningsperiod")
        verbose_name_plural = _("inskrivningsperioder")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(closed_on__isnull=True),
                name="period_one_open_per_participant",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True, outcome="")
                | (Q(closed_on__isnull=False) & ~Q(outcome="")),
                name="period_closed_iff_outcome",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("started_on")),
                name="period_closes_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.participant} {self.started_on}–{self.closed_on or ''}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class CoachAssignment(models.Model):
    """Who is the responsible coach, from when to when. Exactly one open at a time."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="coach_assignments"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coach_assignments",
        verbose_name=_("handledare"),
    )
    started_on = models.DateField(_("från"))
    ended_on = models.DateField(_("till"), null=True, blank=True)
    reason = models.TextField(_("anledning till bytet"), blank=True, default="")
    handover_note = models.TextField(_("överlämning"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("handledaruppdrag")
        verbose_name_plural = _("handledaruppdrag")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(ended_on__isnull=True),
                name="coach_assignment_one_open_per_participant",
            )
        ]
        indexes = [models.Index(fields=["coach", "ended_on"])]

    def __str__(self):
        return f"{self.coach} → {self.participant}"
