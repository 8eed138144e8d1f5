"""The access log: who read or changed which participant's data, when and from where."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a logged event."""


class AccessEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    def delete(self):
        raise AppendOnlyError("The access log is append-only.")


class AccessEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Visning")
        CREATE = "create", _("Registrering")
        CHANGE = "change", _("Ändring")
        CLOSE = "close", _("Avslut")
        REENROL = "reenrol", _("Återinskrivning")
        COACH_CHANGE = "coach_change", _("Handledarbyte")
        REVEAL = "reveal", _("Visning av personnummer")
        PRINT = "print", _("Utskrift")
        EXPORT = "export", _("Export")
        VIEW_RESTRICTED = "view_restricted", _("Visning av skyddade uppgifter")
        DELETE = "delete", _("Borttagning")

    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("användare"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_events",
        verbose_name=_("deltagare"),
    )
    action = models.CharField(_("händelse"), max_length=20, choices=Action.choices)
    what = models.CharField(_("vad"), max_length=200)
    ip_address = models.GenericIPAddressField(_("adress"), null=True, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("åtkomsthändelse")
        verbose_name_plural = _("åtkomsthändelser")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["participant", "-at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.what}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only.")
