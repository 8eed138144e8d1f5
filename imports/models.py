"""Imports of a unit's history from a spreadsheet, and the keys that match its rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One uploaded file: its parsed rows between preview and confirm, then the record
    of what the import did (who, when, the file's SHA-256, counts)."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Förhandsgranskad")
        DONE = "done", _("Importerad")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)
    file_name = models.CharField(_("fil"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # {sheet kind: [[line, {column: value}], ...]}; emptied once the import is done.
    rows = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    counts = models.JSONField(_("antal"), default=dict)
    imported_at = models.DateTimeField(_("importerad"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.sha256[:12]})"


class ImportKey(models.Model):
    """The unit's own key for a participant without a personal identity number, so that
    the same file imported again finds the participant it created."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField(_("importnyckel"), max_length=100)
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("importnyckel")
        verbose_name_plural = _("importnycklar")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="import_key_unique_in_org")
        ]

    def __str__(self):
        return self.key
