"""Log reviews (logguppföljning): who went through which period's access log, and what.

A review is a record of a duty done (HSLF-FS 2016:40 4 kap. 9 §), so it is kept as the
access log is (audit.models.AppendOnlyModel): append-only in the model and its managers
(the base manager too), on PostgreSQL triggers refuse UPDATE, DELETE and TRUNCATE on both
tables, and `manage.py access_log_grants` leaves the application role only SELECT and
INSERT on them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AppendOnlyModel, AppendOnlyQuerySet, append_only_triggers


class Flag(models.TextChoices):
    """The kinds of access a reviewer works through (docs/adr/0014-log-review.md)."""

    OUTSIDE_CASELOAD = "outside_caseload", _("Åtkomst utanför uppdrag och enhet")
    AFTER_CLOSE = "after_close", _("Åtkomst efter avslut")
    MANY_PARTICIPANTS = "many_participants", _("Många deltagare på kort tid")
    REVEAL = "reveal", _("Visade personnummer")
    EXPORT = "export", _("Exporter")
    PRINT = "print", _("Utskrifter")


class LogReview(AppendOnlyModel):
    """One review of the access log for a period and a scope (units or the organisation)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granskad av"),
    )
    reviewed_at = models.DateTimeField(_("granskad"), default=timezone.now, db_index=True)
    period_start = models.DateField(_("periodens början"))
    period_end = models.DateField(_("periodens slut"))
    # A security officer reviews the whole organisation; a manager the units in `units`.
    whole_organisation = models.BooleanField(_("hela organisationen"), default=False)
    units = models.ManyToManyField(
        "accounts.Unit",
        through="LogReviewUnit",
        related_name="log_reviews",
        blank=True,
        verbose_name=_("enheter"),
    )
    # The flags gone through (Flag values), and how many rows each showed then.
    flags_reviewed = models.JSONField(_("genomgångna flaggor"), default=list)
    flag_counts = models.JSONField(_("antal per flagga"), default=dict)
    comment = models.TextField(_("kommentar"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("logguppföljning")
        verbose_name_plural = _("logguppföljningar")
        ordering = ["-period_end", "-id"]
        base_manager_name = "objects"
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="log_review_period_ends_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "-period_end"], name="logreview_org_end_idx")
        ]
        triggers = append_only_triggers("logreview")

    def __str__(self):
        return f"{self.period_start}–{self.period_end} {self.reviewer}"


class LogReviewUnit(AppendOnlyModel):
    """A unit a manager's review covered."""

    review = models.ForeignKey(
        LogReview, on_delete=models.PROTECT, related_name="+", verbose_name=_("uppföljning")
    )
    unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet")
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("enhet i logguppföljning")
        verbose_name_plural = _("enheter i logguppföljningar")
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["review", "unit"], name="log_review_unit_once")
        ]
        triggers = append_only_triggers("logreviewunit")

    def __str__(self):
        return f"{self.review_id} {self.unit_id}"
