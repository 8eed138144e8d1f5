"""Retention (SoL 12 kap. 1 §, HSLF-FS 2016:40): the organisation's rule, exemptions
from gallring (holds), and the append-only record of every gallring run.

See docs/adr/0015-retention-and-gallring.md and docs/security/retention.md.
"""

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# SoL 12 kap. 1 §: a closed case's personal data is removed five years after the last
# entry; the access log is kept as long by default (HSLF-FS 2016:40 4 kap.).
DEFAULT_CASE_YEARS = 5
DEFAULT_ACCESS_LOG_YEARS = 5


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a gallring record."""


class RetentionRule(models.Model):
    """How long one organisation keeps its closed cases and its access log."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="retention_rule"
    )
    case_years = models.PositiveSmallIntegerField(
        _("år efter sista anteckningen"),
        default=DEFAULT_CASE_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "En avslutad akts personuppgifter gallras så många år efter den sista "
            "anteckningen. Socialtjänstlagen (12 kap. 1 §) anger fem år."
        ),
    )
    access_log_years = models.PositiveSmallIntegerField(
        _("år som åtkomstloggen sparas"),
        default=DEFAULT_ACCESS_LOG_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Händelser i åtkomstloggen som är äldre än så tas bort vid gallringen."),
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ändrad av"),
    )

    class Meta:
        verbose_name = _("gallringsregel")
        verbose_name_plural = _("gallringsregler")

    def __str__(self):
        return f"{self.organisation_id}: {self.case_years}/{self.access_log_years}"


class RetentionHold(models.Model):
    """A decision that a participant's records are kept (an archive decision, say):
    while a hold is in force, gallring and erasure leave the case alone."""

    class Reason(models.TextChoices):
        ARCHIVE_DECISION = "archive_decision", _("Arkivbeslut (bevaras)")
        LEGAL_CLAIM = "legal_claim", _("Pågående ärende, tvist eller rättslig prövning")
        RESEARCH = "research", _("Beslut om forskning eller utredning")
        OTHER = "other", _("Annat beslut")

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="retention_holds"
    )
    reason = models.CharField(_("skäl"), max_length=20, choices=Reason.choices)
    reference = models.CharField(
        _("beslut eller diarienummer"),
        max_length=100,
        help_text=_("Till exempel diarienumret för arkivbeslutet. Skriv inga namn."),
    )
    placed_at = models.DateTimeField(_("beslutat"), auto_now_add=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(_("upphävt"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("undantag från gallring")
        verbose_name_plural = _("undantag från gallring")
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(lifted_at__isnull=True),
                name="retention_one_hold_in_force",
            )
        ]

    def __str__(self):
        return f"{self.participant_id} {self.reason}"

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Gallring records are append-only.")

    def _update(self, values):
        raise AppendOnlyError("Gallring records are append-only.")

    def delete(self):
        raise AppendOnlyError("Gallring records are append-only.")

    def _raw_delete(self, using):
        raise AppendOnlyError("Gallring records are append-only.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        base_manager_name = "objects"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Gallring records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Gallring records are append-only.")


def _append_only_trigger(prefix: str):
    return pgtrigger.Protect(
        name=f"{prefix}_append_only", operation=pgtrigger.Update | pgtrigger.Delete
    )


class ErasureRun(AppendOnlyModel):
    """One run of gallring (the command) or one erasure on request, written once when
    it starts: the cases it sets out to erase (`case_ids`) and the rows per model that
    removes and keeps without free text (`counts`). A dry run stops there. In a real run
    each case erased adds an `ErasureCase` (with its own counts) in that case's own
    transaction, so the record stays true when a run stops half-way. No names or
    personal numbers: only model names, counts and ids."""

    class Source(models.TextChoices):
        COMMAND = "command", _("Schemalagd gallring (manage.py gallring)")
        REQUEST = "request", _("Radering på begäran")

    started_at = models.DateTimeField(_("startad"), auto_now_add=True)
    source = models.CharField(_("källa"), max_length=10, choices=Source.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utförd av"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    dry_run = models.BooleanField(_("provkörning"), default=False)
    today = models.DateField(_("gallringsdag"))
    # {"app.Model": {"deleted": n, "anonymised": n}} over the cases it set out to erase.
    counts = models.JSONField(_("antal per slag"), default=dict)
    case_ids = models.JSONField(_("akter (deltagar-id)"), default=list)
    # Access-log events removed for age (the log's own retention), per organisation id.
    access_log_removed = models.JSONField(_("borttagna logghändelser"), default=dict)
    reason = models.CharField(_("skäl"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("gallringskörning")
        verbose_name_plural = _("gallringskörningar")
        ordering = ["-started_at", "-id"]
        base_manager_name = "objects"
        triggers = [_append_only_trigger("erasurerun")]

    def __str__(self):
        return (
            f"{self.started_at:%Y-%m-%d %H:%M} {self.source}{' (dry run)' if self.dry_run else ''}"
        )


class ErasureCase(AppendOnlyModel):
    """One case erased by a run, written in the case's own transaction."""

    run = models.ForeignKey(ErasureRun, on_delete=models.PROTECT, related_name="cases")
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="+"
    )
    erased_at = models.DateTimeField(_("gallrad"), auto_now_add=True)
    last_entry_on = models.DateField(_("sista anteckning"), null=True)
    counts = models.JSONField(_("antal per slag"), default=dict)

    class Meta:
        verbose_name = _("gallrad akt")
        verbose_name_plural = _("gallrade akter")
        ordering = ["run", "participant_id"]
        base_manager_name = "objects"
        triggers = [_append_only_trigger("erasurecase")]
        constraints = [
            models.UniqueConstraint(fields=["participant"], name="retention_erased_once")
        ]

    def __str__(self):
        return f"run {self.run_id}: {self.participant_id}"
