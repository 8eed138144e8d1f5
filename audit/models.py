"""The access log and the security log: who read or changed what, when and from where.

Both logs are append-only three times over: the model and its managers refuse changes,
on PostgreSQL triggers (django-pgtrigger, installed by a migration) refuse UPDATE, DELETE
and TRUNCATE, and the documented application role has only SELECT and INSERT on them.
Each row also carries a SHA-256 hash chained to the previous row of its chain (one
chain per organisation and log), so a change made around all three (a superuser with
the triggers disabled) is found by `manage.py verify_access_log`. See
docs/adr/0013-access-log-integrity.md and docs/security/access-log.md.
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a logged event."""


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses updates and deletes; inserts must come through `audit.chain`."""

    def update(self, **kwargs):
        raise AppendOnlyError("The log is append-only.")

    def _update(self, values):
        raise AppendOnlyError("The log is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The log is append-only.")

    def delete(self):
        raise AppendOnlyError("The log is append-only.")

    def _raw_delete(self, using):
        raise AppendOnlyError("The log is append-only.")

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if issubclass(self.model, ChainedLogModel) and any(not obj.hash for obj in objs):
            raise AppendOnlyError("Log rows are written through audit.services (the hash chain).")
        return super().bulk_create(objs, *args, **kwargs)


# Kept for code that imported the old name.
AccessEventQuerySet = AppendOnlyQuerySet


def append_only_triggers(prefix: str) -> list:
    """PostgreSQL triggers that refuse UPDATE, DELETE (per row) and TRUNCATE.

    Only `audit.services.access_log_prune` switches them off (`pgtrigger.ignore`).
    """
    return [
        pgtrigger.Protect(
            name=f"{prefix}_append_only",
            operation=pgtrigger.Update | pgtrigger.Delete,
        ),
        pgtrigger.Trigger(
            name=f"{prefix}_no_truncate",
            operation=pgtrigger.Truncate,
            level=pgtrigger.Statement,
            when=pgtrigger.Before,
            func="RAISE EXCEPTION 'pgtrigger: Cannot truncate % table', TG_TABLE_NAME;",
        ),
    ]


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("The log is append-only.")
        if isinstance(self, ChainedLogModel) and not self.hash:
            raise AppendOnlyError("Log rows are written through audit.services (the hash chain).")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The log is append-only.")


class ChainedLogModel(AppendOnlyModel):
    """A log whose rows are hash-chained per organisation (audit.chain): each row carries
    the SHA-256 (hex) of the previous row in its chain and of itself (its content, any
    listed participants and prev_hash), and is written only through the chain."""

    prev_hash = models.CharField(_("föregående kontrollsumma"), max_length=64, default="")
    hash = models.CharField(_("kontrollsumma"), max_length=64, default="")

    class Meta:
        abstract = True


class AccessEvent(ChainedLogModel):
    class Action(models.TextChoices):
        VIEW = "view", _("Visning")
        VIEW_LIST = "view_list", _("Visning i lista")
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
        SEND = "send", _("Utskick")

    # Set by audit.chain under the chain's lock, so time follows the chain's order.
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)
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
    # The integration (api.Integration) that made the call through the API, by name and
    # id, when the access came through an integration's key rather than a person's page.
    integration = models.CharField(_("integration"), max_length=120, blank=True, default="")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("åtkomsthändelse")
        verbose_name_plural = _("åtkomsthändelser")
        ordering = ["-at", "-id"]
        base_manager_name = "objects"
        indexes = [
            models.Index(fields=["participant", "-at"]),
            models.Index(fields=["organisation", "id"], name="audit_access_chain_idx"),
        ]
        triggers = append_only_triggers("accessevent")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.what}"


class AccessEventParticipant(AppendOnlyModel):
    """A participant shown on a list page (an AccessEvent with action VIEW_LIST)."""

    event = models.ForeignKey(
        AccessEvent,
        on_delete=models.PROTECT,
        related_name="listed",
        verbose_name=_("åtkomsthändelse"),
    )
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        related_name="listed_in_access_events",
        verbose_name=_("deltagare"),
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("deltagare i åtkomsthändelse")
        verbose_name_plural = _("deltagare i åtkomsthändelser")
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "participant"], name="audit_listed_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["participant", "event"])]
        triggers = append_only_triggers("accesseventparticipant")

    def __str__(self):
        return f"{self.event_id} {self.participant_id}"

    def save(self, *args, **kwargs):
        # Rows are bulk-inserted with their event by audit.chain; never changed.
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("The log is append-only.")
        super(AppendOnlyModel, self).save(*args, **kwargs)


class AccessLogAnchor(AppendOnlyModel):
    """Where a chain restarts after the retention prune removed its oldest rows.

    `hash` is the hash of the last removed row: the first remaining row's prev_hash.
    """

    class Log(models.TextChoices):
        ACCESS = "access", _("Åtkomstlogg")
        SECURITY = "security", _("Säkerhetslogg")

    log = models.CharField(_("logg"), max_length=20, choices=Log.choices, default=Log.ACCESS)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    before = models.DateTimeField(_("borttaget före"))
    last_removed_id = models.BigIntegerField(_("sista borttagna rad"))
    removed_count = models.PositiveIntegerField(_("antal borttagna rader"))
    hash = models.CharField(_("kontrollsumma"), max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("logganker")
        verbose_name_plural = _("loggankare")
        ordering = ["-id"]
        base_manager_name = "objects"
        indexes = [models.Index(fields=["log", "organisation", "-id"])]
        triggers = append_only_triggers("accessloganchor")

    def __str__(self):
        return f"{self.log} {self.organisation_id} {self.at:%Y-%m-%d} {self.removed_count}"


class SecurityEvent(ChainedLogModel):
    """The security log: sign-ins, failures, locks and account changes. Append-only.

    Kept apart from the access log because a failed sign-in may name no user and no
    organisation; it is about the system's doors, not about a participant's data.
    Chained like the access log: one chain per organisation and one for events
    without an organisation.
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
        INTEGRATION_ISSUED = "integration_issued", _("API-nyckel utfärdad")
        INTEGRATION_REVOKED = "integration_revoked", _("API-nyckel återkallad")

    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)
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

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("säkerhetshändelse")
        verbose_name_plural = _("säkerhetshändelser")
        ordering = ["-at", "-id"]
        base_manager_name = "objects"
        indexes = [
            models.Index(fields=["user", "-at"]),
            models.Index(fields=["organisation", "-at"]),
            models.Index(fields=["organisation", "id"], name="audit_security_chain_idx"),
        ]
        triggers = append_only_triggers("securityevent")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.user or self.username}"
