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


class SecurityEvent(models.Model):
    """The security log: sign-ins, failures, locks and account changes. Append-only.

    Kept apart from the access log because a failed sign-in may name no user and no
    organisation; it is about the system's doors, not about a participant's data.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("Inloggning")
        LOGIN_FAILED = "login_failed", _("Misslyckad inloggning")
        LOGOUT = "logout", _("Utloggning")
        LOCKED = "locked", _("Konto låst")
        UNLOCKED = "unlocked", _("Konto upplåst")
        SSO_REFUSED = "sso_refused", _("Okänd identitet nekad")
        MFA_ENROLLED = "mfa_enrolled", _("Tvåfaktor aktiverad")
        MFA_REMOVED = "mfa_removed", _("Tvåfaktor borttagen")
        PASSWORD_CHANGED = "password_changed", _("Lösenord bytt")
        PASSWORD_RESET = "password_reset", _("Lösenordsåterställning")
        SESSIONS_ENDED = "sessions_ended", _("Utloggad överallt")
        SESSION_EXPIRED = "session_expired", _("Sessionen gick ut")
        USER_CREATED = "user_created", _("Användare skapad")
        USER_CHANGED = "user_changed", _("Användare ändrad")
        USER_DEACTIVATED = "user_deactivated", _("Användare inaktiverad")
        USER_REACTIVATED = "user_reactivated", _("Användare återaktiverad")
        ROLE_CHANGED = "role_changed", _("Roller ändrade")

    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("händelse"), max_length=20, choices=Kind.choices)
    # The account the event is about, when one is known.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("användare"),
    )
    # Who did it, when someone else than `user` did (an administrator unlocking).
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
    # The name typed at a failed sign-in (there may be no such user).
    username = models.CharField(_("användarnamn"), max_length=150, blank=True, default="")
    detail = models.CharField(_("detaljer"), max_length=200, blank=True, default="")
    ip_address = models.GenericIPAddressField(_("adress"), null=True, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("säkerhetshändelse")
        verbose_name_plural = _("säkerhetshändelser")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["user", "-at"]),
            models.Index(fields=["organisation", "-at"]),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.user or self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The security log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The security log is append-only.")
