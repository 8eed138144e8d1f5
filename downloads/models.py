import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Export(models.Model):
    """A long export made in the background (ADR 0021): who asked, what, how far it has
    come, and its file while it is kept (EXPORT_RETENTION_HOURS)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        READY = "ready", _("Klar")
        FAILED = "failed", _("Misslyckades")

    # A random id: the address of a download says nothing about others'.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("användare"),
    )
    kind = models.CharField(_("slag"), max_length=30)
    title = models.CharField(_("vad"), max_length=200)
    # What the writer needs to make the file again (the scope of the figures, say).
    params = models.JSONField(default=dict)
    # The organisations whose data the file holds: its download is logged in each.
    organisation_ids = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("rader klara"), default=0)
    rows_total = models.PositiveIntegerField(_("rader totalt"), default=0)
    filename = models.CharField(_("filnamn"), max_length=200, blank=True, default="")
    created_at = models.DateTimeField(_("beställd"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exporter")

    def __str__(self):
        return self.title

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 100 if self.status == self.Status.READY else 0
        return min(100, round(100 * self.rows_done / self.rows_total))
