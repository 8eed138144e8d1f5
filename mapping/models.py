"""Mapping (kartläggning, SASSAM; seed 004, step 3).

One mapping per enrolment period. The twelve areas of the mapping template are data:
one row per area with facts, obstacles and resources, always seen in relation to work.
Every text here is sensitive: it is shown only on the mapping's own pages and its
printout, each read in the access log, and never in a list (docs/adr/0008).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Side(models.TextChoices):
    INDIVIDUAL = "individual", _("Kartläggning – individ")
    SURROUNDINGS = "surroundings", _("Kartläggning – omgivning")


class Area(models.TextChoices):
    """The mapping template's areas in its order: six for the individual, six for the
    surroundings."""

    BODY = "body", _("Kroppsfunktioner")
    MIND = "mind", _("Psykiska funktioner")
    STRESS = "stress", _("Stressreaktioner/psykosomatik")
    SUBSTANCES = "substances", _("Substansintag")
    HISTORY = "history", _("Historik")
    INDIVIDUAL_OTHER = "individual_other", pgettext_lazy("mapping area", "Övrigt")
    SOCIAL = "social", _("Sociala förhållanden")
    WORK_EXPERIENCE = "work_experience", _("Arbetslivserfarenhet")
    EDUCATION = "education", _("Utbildning/kompetens")
    LEISURE = "leisure", _("Fritidsintressen")
    PROFESSIONAL_NETWORK = "professional_network", _("Professionellt nätverk")
    SURROUNDINGS_OTHER = "surroundings_other", pgettext_lazy("mapping area", "Övrigt")


AREA_SIDE = {
    **dict.fromkeys(
        (Area.BODY, Area.MIND, Area.STRESS, Area.SUBSTANCES, Area.HISTORY, Area.INDIVIDUAL_OTHER),
        Side.INDIVIDUAL,
    ),
    **dict.fromkeys(
        (
            Area.SOCIAL,
            Area.WORK_EXPERIENCE,
            Area.EDUCATION,
            Area.LEISURE,
            Area.PROFESSIONAL_NETWORK,
            Area.SURROUNDINGS_OTHER,
        ),
        Side.SURROUNDINGS,
    ),
}

# What each area covers, after the handbook (seed 004), shown as help beside the fields.
AREA_HELP = {
    Area.BODY: _("Fysisk hälsa: somatiska besvär och sjukdomar, hur du tar hand om kroppen."),
    Area.MIND: _("Psykiska sjukdomar och det allmänna psykiska måendet; personligheten."),
    Area.STRESS: _(
        "I vilka situationer stress uppstår, vad som utlöser den och hur den visar sig."
    ),
    Area.SUBSTANCES: _("Matvanor, mediciner, alkohol, tobak och droger: både bruk och missbruk."),
    Area.HISTORY: _("Händelser eller situationer som har betydelse för dagens mående."),
    Area.INDIVIDUAL_OTHER: _("Annat hos individen som har betydelse för möjligheten att arbeta."),
    Area.SOCIAL: _("Uppväxt, familj, vänner, boende, ekonomi, språk och religion."),
    Area.WORK_EXPERIENCE: _("Tidigare arbeten, vilka erfarenheter som kan komma till användning."),
    Area.EDUCATION: _("Tidigare och pågående utbildning, kompetenser från erfarenhet."),
    Area.LEISURE: _("Fritidsintressen, som kan vara en ingång till arbetsmarknaden."),
    Area.PROFESSIONAL_NETWORK: _(
        "De professionella som stöttar: är nätverket tillräckligt och arbetar det mot samma mål?"
    ),
    Area.SURROUNDINGS_OTHER: _("Annat i omgivningen som har betydelse för möjligheten att arbeta."),
}

# The motivation cross (the unit's addition to the SASSAM map), in reading order.
MOTIVATION_FIELDS = (
    "motivation_good_for_me",
    "motivation_less_good_for_me",
    "motivation_good_for_surroundings",
    "motivation_less_good_for_surroundings",
)
SUMMARY_FIELDS = ("summary", "assessment", "rehabilitation_proposals")

# The handbook: a mapping meeting never lasts longer than an hour.
MEETING_MAX_MINUTES = 60


class Mapping(models.Model):
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="mappings"
    )
    period = models.OneToOneField(
        "participants.Period", on_delete=models.CASCADE, related_name="mapping"
    )
    motivation_good_for_me = models.TextField(
        _("Bra med förändring för mig"), blank=True, default=""
    )
    motivation_less_good_for_me = models.TextField(
        _("Mindre bra med förändring för mig"), blank=True, default=""
    )
    motivation_good_for_surroundings = models.TextField(
        _("Bra för min omgivning med förändring för mig"), blank=True, default=""
    )
    motivation_less_good_for_surroundings = models.TextField(
        _("Mindre bra för min omgivning med förändring för mig"), blank=True, default=""
    )
    summary = models.TextField(_("sammanställning"), blank=True, default="")
    assessment = models.TextField(_("handledarens bedömning"), blank=True, default="")
    rehabilitation_proposals = models.TextField(
        _("rehabiliteringsförslag och övriga åtgärder"), blank=True, default=""
    )
    summary_written_on = models.DateField(_("sammanfattningen skriven"), null=True, blank=True)
    approved_on = models.DateField(_("godkänd av deltagaren"), null=True, blank=True)
    # Bumped on every change; a save based on an older version is a conflict.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kartläggning")
        verbose_name_plural = _("kartläggningar")
        ordering = ["-period__started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True)
                | (
                    Q(summary_written_on__isnull=False)
                    & Q(approved_on__gte=models.F("summary_written_on"))
                ),
                name="mapping_approved_after_summary",
            )
        ]

    def __str__(self):
        return f"{self.participant} – {self.period.started_on}"

    @property
    def has_summary(self) -> bool:
        return bool(self.summary.strip()) and self.summary_written_on is not None


class MappingArea(models.Model):
    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(_("område"), max_length=24, choices=Area.choices)
    facts = models.TextField(_("fakta"), blank=True, default="")
    obstacles = models.TextField(_("hinder"), blank=True, default="")
    resources = models.TextField(_("resurser"), blank=True, default="")

    class Meta:
        verbose_name = _("kartläggningsområde")
        verbose_name_plural = _("kartläggningsområden")
        constraints = [
            models.UniqueConstraint(fields=["mapping", "area"], name="mapping_area_unique")
        ]

    def __str__(self):
        return self.get_area_display()

    @property
    def is_empty(self) -> bool:
        return not (self.facts.strip() or self.obstacles.strip() or self.resources.strip())


class MappingMeeting(models.Model):
    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("datum"))
    minutes = models.PositiveSmallIntegerField(_("längd i minuter"))
    interpreter_used = models.BooleanField(_("tolk användes"), default=False)
    # Bumped on every change; an edit based on an older version is a conflict.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kartläggningssamtal")
        verbose_name_plural = _("kartläggningssamtal")
        ordering = ["held_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=1), name="mapping_meeting_minutes")
        ]

    def __str__(self):
        return f"{self.held_on} ({self.minutes} min)"

    @property
    def is_too_long(self) -> bool:
        return self.minutes > MEETING_MAX_MINUTES


class MappingApproval(models.Model):
    """What the participant approved, kept when a later change clears the approval."""

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="approvals")
    approved_on = models.DateField(_("godkänd"))
    summary = models.TextField(_("sammanställning"))
    assessment = models.TextField(_("handledarens bedömning"), blank=True, default="")
    rehabilitation_proposals = models.TextField(
        _("rehabiliteringsförslag och övriga åtgärder"), blank=True, default=""
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("godkännande")
        verbose_name_plural = _("godkännanden")
        ordering = ["-recorded_at", "-id"]

    def __str__(self):
        return f"{self.mapping} {self.approved_on}"
