"""The SMAIL and BIP cards as versioned data.

Texts are stored per language as {"sv": "...", "en": "..."}; Swedish is the original.
A published version never changes: an assessment points at the version it was made
with, so old answers keep their meaning when an administrator makes a new version.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def localised(texts: dict | None, language: str | None = None) -> str:
    """The text in the active language, falling back to Swedish, then to any."""
    if not texts:
        return ""
    language = (language or translation.get_language() or "sv").split("-")[0]
    return texts.get(language) or texts.get("sv") or next(iter(texts.values()), "")


class Instrument(models.Model):
    code = models.SlugField(_("kod"), unique=True)
    name = models.JSONField(_("namn"))

    class Meta:
        verbose_name = _("skattningskort")
        verbose_name_plural = _("skattningskort")
        ordering = ["code"]

    def __str__(self):
        return localised(self.name)


class InstrumentVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Publicerad")

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    # Empty for the versions shipped with the product, which every organisation may use.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instrument_versions",
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    languages = models.JSONField(_("språk"), default=list)
    translations = models.JSONField(default=dict, blank=True)
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=5)
    scale_anchors = models.JSONField(default=dict, blank=True)
    decline_label = models.JSONField(default=dict)
    coach_rating = models.JSONField(default=dict, blank=True)
    source = models.TextField(blank=True, default="")
    source_notes = models.JSONField(default=list, blank=True)
    change_note = models.TextField(_("vad som ändrats"), blank=True, default="")
    # Bumped on every save of a draft's texts; a save based on an older one is a conflict.
    revision = models.PositiveIntegerField(default=1)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kortversion")
        verbose_name_plural = _("kortversioner")
        ordering = ["instrument__code", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"], name="instrument_version_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.instrument} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def is_translation(self, language: str) -> bool:
        return bool(self.translations.get(language, {}).get("is_translation"))


class Indicator(models.Model):
    class RatedBy(models.TextChoices):
        PARTICIPANT = "participant", _("Deltagaren")
        COACH = "coach", _("Handledaren")

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="indicators"
    )
    # Stable across versions: statistics group by it.
    code = models.SlugField(max_length=60)
    number = models.PositiveSmallIntegerField()
    name = models.JSONField()
    plan_label = models.JSONField(default=dict, blank=True)
    rated_by = models.CharField(max_length=12, choices=RatedBy.choices, default="participant")

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="indicator_code_unique")
        ]

    def __str__(self):
        return localised(self.name)


class Theme(models.Model):
    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="themes")
    code = models.SlugField(max_length=60)
    number = models.PositiveSmallIntegerField()
    name = models.JSONField()
    help_questions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="theme_code_unique")
        ]

    def __str__(self):
        return localised(self.name)


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Skala 1–5")
        MULTI_CHOICE = "multi_choice", _("Flerval")
        SALARY = "salary", _("Lön")

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="questions"
    )
    code = models.SlugField(max_length=60)
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.JSONField()
    # A few words for the spider chart's axes and the tables.
    short_label = models.JSONField(default=dict, blank=True)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="questions"
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="questions"
    )
    # Scale: {"1": {"sv": ...}, "2": ..., "4": ..., "5": ...}; missing levels are unlabelled.
    levels = models.JSONField(default=dict, blank=True)
    # Multi-choice: [{"code": ..., "text": {...}, "exclusive": bool}]
    options = models.JSONField(default=list, blank=True)
    # Salary: [{"code": ..., "text": {...}}] and the unit text.
    alternatives = models.JSONField(default=list, blank=True)
    unit_label = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["version", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="question_code_unique"),
            models.CheckConstraint(
                condition=~Q(kind="scale") | Q(indicator__isnull=False),
                name="scale_question_has_indicator",
            ),
        ]

    def __str__(self):
        return localised(self.text)

    def option_codes(self) -> set[str]:
        return {option["code"] for option in self.options}

    def exclusive_codes(self) -> set[str]:
        return {option["code"] for option in self.options if option.get("exclusive")}


class PlanArea(models.Model):
    """A row of the card's activity plan: an indicator or theme, or "Övrigt"."""

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="plan_areas"
    )
    code = models.SlugField(max_length=60)
    number = models.PositiveSmallIntegerField()
    name = models.JSONField()
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="plan_area_code_unique")
        ]

    def __str__(self):
        return localised(self.name)


class InstrumentChoice(models.Model):
    """Which version of a card an organisation uses for new assessments."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="instrument_choices"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instrument"], name="instrument_choice_unique"
            )
        ]

    def __str__(self):
        return f"{self.organisation_id}: {self.version}"


class CardLanguage(models.Model):
    """The texts of one version of a card in one language, as the participant sees them
    (ADR 0024). Keyed by the stable identifiers of the card (cardtexts.text_keys), so an
    answer is stored by question and never by its translated words.

    Rows without an organisation are shipped with the product; an organisation's own row
    for the same version and language takes their place for that organisation (an
    administrator's edits, or a shipped language switched off)."""

    class Review(models.TextChoices):
        REVIEWED = "reviewed", _("granskad")
        NOT_REVIEWED = "not_reviewed", _("ej granskad")

    class Direction(models.TextChoices):
        LTR = "ltr", _("vänster till höger")
        RTL = "rtl", _("höger till vänster")

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="card_languages"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    code = models.CharField(_("språkkod"), max_length=20)
    name = models.CharField(_("namn på språket"), max_length=60)
    swedish_name = models.CharField(_("namn på svenska"), max_length=60)
    direction = models.CharField(
        _("läsriktning"), max_length=3, choices=Direction.choices, default=Direction.LTR
    )
    enabled = models.BooleanField(_("kan väljas"), default=True)
    review_state = models.CharField(
        _("granskning"), max_length=12, choices=Review.choices, default=Review.NOT_REVIEWED
    )
    # The qualified translator who reviewed the texts, and when.
    reviewed_by = models.CharField(_("granskad av"), max_length=120, blank=True, default="")
    reviewed_at = models.DateField(_("granskad den"), null=True, blank=True)
    review_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    texts = models.JSONField(default=dict, blank=True)
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kortets språk")
        verbose_name_plural = _("kortets språk")
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                condition=Q(organisation__isnull=True),
                name="card_language_shipped_unique",
            ),
            models.UniqueConstraint(
                fields=["version", "organisation", "code"],
                condition=Q(organisation__isnull=False),
                name="card_language_own_unique",
            ),
        ]

    def __str__(self):
        return f"{self.version} {self.code}"

    @property
    def is_reviewed(self) -> bool:
        return self.review_state == self.Review.REVIEWED

    @property
    def html_lang(self) -> str:
        """The code for the page's lang attribute and the speech synthesis."""
        return self.code
