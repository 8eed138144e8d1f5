"""An invitation lets a participant fill in a card alone, on their phone or on the
coach's tablet, without logging in. The link's token is stored only as a hash."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="invitations"
    )
    version = models.ForeignKey(
        "instruments.InstrumentVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kort"),
    )
    presentation = models.CharField(
        _("visning"),
        max_length=12,
        default="descriptions",
        choices=[
            ("descriptions", _("Hela skalan med beskrivningar")),
            ("numbers", _("Endast siffror")),
        ],
    )
    # The card language the participant's pages are in (instruments.CardLanguage.code).
    language = models.CharField(_("språk"), max_length=20, default="sv")
    token_hash = models.CharField(max_length=64, unique=True)
    is_kiosk = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    spent_at = models.DateTimeField(null=True, blank=True)
    # Answers so far: {"q_<code>": "1".."5"|"declined", "job_search": [...], "salary_amount": n,
    # "salary_alternative": code}; saved as each answer is given.
    draft = models.JSONField(default=dict, blank=True)
    draft_updated_at = models.DateTimeField(null=True, blank=True)
    assessment = models.OneToOneField(
        "assessments.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitation",
    )

    class Meta:
        verbose_name = _("inbjudan till självskattning")
        verbose_name_plural = _("inbjudningar till självskattning")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.participant} {self.version} {self.created_at:%Y-%m-%d}"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.spent_at is None and self.expires_at > now
