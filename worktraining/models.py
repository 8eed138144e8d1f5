"""Work training (seed 004, steps 6–8): the placement, its individual schedule with
attendance, adaptations, the monthly follow-ups with the development plan, and what is
written at the end: the final documentation, the competence card and the three-party
meeting with Arbetsförmedlingen."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Hours in a week can never exceed this; the same bound as activities.ParticipantActivity.
MAX_HOURS_PER_WEEK = 40


class WorkplaceKind(models.TextChoices):
    OWN_OPERATIONS = "own_operations", _("Arbetsmarknadsenhetens egen verksamhet")
    EMPLOYER = "employer", _("Arbetsgivare")


class Placement(models.Model):
    """One period of work training at one workplace, decided by Arbetsförmedlingen."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="placements"
    )
    workplace_kind = models.CharField(
        _("typ av arbetsplats"), max_length=20, choices=WorkplaceKind.choices
    )
    workplace = models.CharField(_("arbetsplats"), max_length=200)
    tasks = models.TextField(_("arbetsuppgifter"))
    supervisor_name = models.CharField(_("handledare på arbetsplatsen"), max_length=120)
    supervisor_contact = models.CharField(
        _("handledarens telefon eller e-post"), max_length=120, blank=True, default=""
    )
    decision_date = models.DateField(_("Arbetsförmedlingens beslut, datum"))
    decision_reference = models.CharField(
        _("Arbetsförmedlingens beslut, referens"), max_length=60, blank=True, default=""
    )
    started_on = models.DateField(_("startdatum"))
    ended_on = models.DateField(_("slutdatum"), null=True, blank=True)
    # The job-focused activity that makes the method's rules and charts count the placement.
    activity = models.OneToOneField(
        "activities.ParticipantActivity",
        on_delete=models.PROTECT,
        related_name="work_training_placement",
    )
    # Bumped on every change to the placement or its schedule (conflict detection).
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("arbetsträning")
        verbose_name_plural = _("arbetsträningar")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(ended_on__isnull=True),
                name="placement_one_ongoing_per_participant",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="placement_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.workplace} {self.started_on}–{self.ended_on or ''}"

    @property
    def is_ongoing(self) -> bool:
        return self.ended_on is None


class ScheduleWeek(models.Model):
    """One ISO week of the individual schedule: planned hours and, afterwards, attendance."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="weeks")
    week_start = models.DateField(_("vecka (måndag)"))
    planned_hours = models.DecimalField(_("planerade timmar"), max_digits=4, decimal_places=1)
    actual_hours = models.DecimalField(
        _("närvaro, timmar"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    note = models.CharField(_("kommentar"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("schemavecka")
        verbose_name_plural = _("schemaveckor")
        ordering = ["week_start"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "week_start"], name="schedule_week_once"),
            models.CheckConstraint(
                condition=Q(planned_hours__range=(0, MAX_HOURS_PER_WEEK)),
                name="schedule_planned_0_to_40",
            ),
            models.CheckConstraint(
                condition=Q(actual_hours__isnull=True)
                | Q(actual_hours__range=(0, MAX_HOURS_PER_WEEK)),
                name="schedule_actual_0_to_40",
            ),
        ]

    def __str__(self):
        return f"{self.placement} v. {self.week_start:%G-%V}"


class Adaptation(models.Model):
    """A change at the workplace for the participant; the effect is often written later."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="adaptations")
    what = models.CharField(_("anpassning"), max_length=200)
    why = models.TextField(_("varför"))
    effect = models.TextField(_("effekt"), blank=True, default="")
    # Bumped on every edit; an edit based on an older version is a conflict.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anpassning")
        verbose_name_plural = _("anpassningar")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.what


class FollowUp(models.Model):
    """The monthly meeting with the participant and the workplace supervisor, with the
    development plan (utvecklingsplan) written in it."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="follow_ups")
    held_on = models.DateField(_("datum"))
    participant_present = models.BooleanField(_("deltagaren var med"), default=True)
    supervisor_present = models.BooleanField(
        _("handledaren på arbetsplatsen var med"), default=True
    )
    notes = models.TextField(_("anteckningar"), blank=True, default="")
    # The development plan's four parts (seed 004, "Uppföljning").
    development_areas = models.TextField(_("utvecklingsområden"))
    own_proposals = models.TextField(_("deltagarens egna förslag"), blank=True, default="")
    support_needed = models.TextField(
        _("stöd som behövs från Arbetsmarknadsenheten"), blank=True, default=""
    )
    own_responsibility = models.TextField(_("deltagarens eget ansvar"), blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["placement", "held_on"])]

    def __str__(self):
        return f"{self.placement.workplace} {self.held_on}"


class FinalDocumentation(models.Model):
    """Slutdokumentation: written by the coach after the work training."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="final_documentation"
    )
    written_on = models.DateField(_("datum"))
    background = models.TextField(_("bakgrund"), blank=True, default="")
    current_situation = models.TextField(_("nuvarande situation"), blank=True, default="")
    workplace = models.TextField(_("arbetsplats"), blank=True, default="")
    tasks = models.TextField(_("arbetsuppgifter"), blank=True, default="")
    adaptations = models.TextField(_("anpassningar och deras effekt"), blank=True, default="")
    attendance = models.TextField(_("närvaro"), blank=True, default="")
    motivation = models.TextField(_("motivation"), blank=True, default="")
    cooperation = models.TextField(_("samarbetsförmåga"), blank=True, default="")
    supervision_need = models.TextField(_("behov av handledning"), blank=True, default="")
    strengths = models.TextField(_("starka sidor"), blank=True, default="")
    development_areas = models.TextField(_("utvecklingsområden"), blank=True, default="")
    other_observations = models.TextField(_("övriga iakttagelser"), blank=True, default="")
    supervisor_view = models.TextField(
        _("handledarens beskrivning av arbetsträningen"), blank=True, default=""
    )
    participant_view = models.TextField(
        _("deltagarens beskrivning av arbetsträningen"), blank=True, default=""
    )
    summary = models.TextField(_("sammanfattning och bedömning"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("slutdokumentation")
        verbose_name_plural = _("slutdokumentationer")

    def __str__(self):
        return f"{self.placement} {self.written_on}"


class Competence(models.TextChoices):
    """The six general competences of the competence card (seed 004, bilaga 5)."""

    INITIATIVE = "initiative", _("Initiativförmåga")
    COOPERATION = "cooperation", _("Samarbetsförmåga")
    PUNCTUALITY = "punctuality", _("Punktlighet")
    ACCURACY = "accuracy", _("Noggrannhet")
    RESPONSIBILITY = "responsibility", _("Ansvarsfullhet")
    INSTRUCTIONS = "instructions", _("Förmåga att förstå instruktioner")


# The seed names the card but not its scale: 1–5 like the method's other cards.
RATING_MIN, RATING_MAX = 1, 5

# The words of each step, printed on the card so that an employer reads a word, not a
# bare number. The seed's appendix (bilaga 5) with the original scale is not in the text
# we have; these are the product's own words.
RATING_WORDS = {
    1: _("behöver utvecklas mycket"),
    2: _("behöver utvecklas"),
    3: _("fungerar"),
    4: _("god"),
    5: _("mycket god"),
}

# What each competence means at work, in plain words (the product's wording).
COMPETENCE_MEANINGS = {
    Competence.INITIATIVE: _("Ser vad som behöver göras och tar tag i det utan att bli ombedd."),
    Competence.COOPERATION: _("Arbetar bra tillsammans med kollegor, delar med sig och tar hjälp."),
    Competence.PUNCTUALITY: _("Kommer i tid, håller tider och raster och meddelar frånvaro."),
    Competence.ACCURACY: _("Gör arbetet ordentligt, följer rutiner och kontrollerar resultatet."),
    Competence.RESPONSIBILITY: _("Tar ansvar för sina uppgifter och gör klart det som är lovat."),
    Competence.INSTRUCTIONS: _("Förstår och följer instruktioner och frågar när något är oklart."),
}


class CompetenceCard(models.Model):
    """Kompetenskort: validation of the participant's general competences."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="competence_card"
    )
    assessed_on = models.DateField(_("datum"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kompetenskort")
        verbose_name_plural = _("kompetenskort")

    def __str__(self):
        return f"{self.placement} {self.assessed_on}"


class CompetenceRating(models.Model):
    card = models.ForeignKey(CompetenceCard, on_delete=models.CASCADE, related_name="ratings")
    competence = models.CharField(_("kompetens"), max_length=20, choices=Competence.choices)
    rating = models.PositiveSmallIntegerField(_("bedömning"))
    comment = models.TextField(_("kommentar"), blank=True, default="")

    class Meta:
        verbose_name = _("bedömd kompetens")
        verbose_name_plural = _("bedömda kompetenser")
        constraints = [
            models.UniqueConstraint(fields=["card", "competence"], name="competence_rated_once"),
            models.CheckConstraint(
                condition=Q(rating__range=(RATING_MIN, RATING_MAX)), name="competence_rating_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.get_competence_display()}: {self.rating}"


class MeetingOutcome(models.TextChoices):
    EMPLOYMENT = "employment", _("Anställning")
    CONTINUED_WORK_TRAINING = "continued_work_training", _("Fortsatt arbetsträning")
    OTHER = "other", pgettext_lazy("three-party meeting", "Annat")


class ThreePartyMeeting(models.Model):
    """The meeting with Arbetsförmedlingen at the end of the work training."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="three_party_meeting"
    )
    held_on = models.DateField(_("datum"))
    outcome = models.CharField(_("utfall"), max_length=30, choices=MeetingOutcome.choices)
    outcome_text = models.TextField(_("vad kom ni fram till?"), blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("trepartsmöte")
        verbose_name_plural = _("trepartsmöten")

    def __str__(self):
        return f"{self.placement} {self.held_on}"
