"""Integrations: machines that call the API with a key an administrator issued."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

# The roles a key may carry: those that reach participants or figures through the API.
INTEGRATION_ROLES = [
    (Role.COACH.value, Role.COACH.label),
    (Role.MANAGER.value, Role.MANAGER.label),
    (Role.COUNTY_ANALYST.value, Role.COUNTY_ANALYST.label),
]


class Integration(models.Model):
    """One key, bound to an organisation and a role (and a unit where the role has one).

    The integration acts through its own service account (``user``), a user with the
    key's role and no way to sign in, so the API reaches data through the same selectors
    and services, with the same scoping and the same access log, as the pages. Only the
    SHA-256 of the key is stored; the key itself is shown once, when it is issued.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="integrations",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("namn"), max_length=100)
    role = models.CharField(_("roll"), max_length=20, choices=INTEGRATION_ROLES)
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enhet"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="integration",
        verbose_name=_("tjänstekonto"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The key's first characters, to recognise it in the list; not enough to use it.
    token_prefix = models.CharField(_("nyckelns början"), max_length=16, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("utfärdad av"),
    )
    created_at = models.DateTimeField(_("utfärdad"), auto_now_add=True)
    expires_at = models.DateTimeField(_("giltig till"))
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("återkallad av"),
    )
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)

    class Meta:
        verbose_name = _("integration")
        verbose_name_plural = _("integrationer")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="coach") | Q(unit__isnull=False),
                name="integration_coach_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(role="county_analyst") | Q(unit__isnull=True),
                name="integration_analyst_has_no_unit",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """How the access log names the integration."""
        return f"{self.name} (#{self.pk})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
