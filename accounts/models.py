"""Organisations (tenants), their units, users and their roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """The tenant: a municipality or a coordination association. Data never crosses it."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommun")
        COORDINATION_ASSOCIATION = "coordination", _("Samordningsförbund")
        OTHER = "other", _("Annan")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    kind = models.CharField(
        _("typ"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY
    )
    assessment_interval_weeks = models.PositiveSmallIntegerField(
        _("veckor mellan skattningar"),
        default=13,
        help_text=_("SMAIL: en skattning var 13:e vecka."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """A team or activity inside an organisation (enhet / verksamhet)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="units", verbose_name=_("organisation")
    )
    name = models.CharField(_("namn"), max_length=200)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_name_unique_in_org")
        ]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A staff member. Belongs to one organisation; roles come from memberships."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    # The identity provider's stable identifier for this person (the claim named by
    # SSO_MATCH_CLAIM, `sub` by default), entered by an administrator. Only users with
    # one may sign in through single sign-on; a display name is never matched.
    sso_identifier = models.CharField(
        _("identitet i inloggningstjänsten"),
        max_length=255,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Det stabila id som kommunens inloggningstjänst skickar för personen."),
    )
    # Sessions started before this moment are ended ("sign out everywhere").
    sessions_valid_after = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    def __str__(self):
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    COACH = "coach", _("Handledare")
    MANAGER = "manager", _("Chef")
    ADMINISTRATOR = "administrator", _("Administratör")
    COUNTY_ANALYST = "county_analyst", _("Länsanalytiker")
    # Reviews the whole organisation's access log (logguppföljning); no participant pages.
    SECURITY_OFFICER = "security_officer", _("Säkerhetsansvarig")


class Membership(models.Model):
    """A user's role in a unit, or in the whole organisation when `unit` is empty.

    Coaches always belong to a unit. A manager without a unit leads the whole
    organisation. Administrators, county analysts and security officers are
    organisation-wide.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("användare")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("enhet"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="membership_unique_role_in_unit"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(unit__isnull=True),
                name="membership_unique_org_wide_role",
            ),
            models.CheckConstraint(
                condition=~Q(role="coach") | Q(unit__isnull=False),
                name="membership_coach_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["administrator", "county_analyst", "security_officer"])
                | Q(unit__isnull=True),
                name="membership_org_wide_roles_have_no_unit",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit or self.organisation}"
