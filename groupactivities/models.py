"""Group activities (seed 004): språkcafé, utbildningspaket, jobbsök. A group is given
from the catalogue in a unit, with a leader, members, sessions and attendance."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class GroupActivity(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="group_activities"
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        related_name="group_activities",
        verbose_name=_("enhet"),
    )
    catalogue_item = models.ForeignKey(
        "activities.CatalogueItem",
        on_delete=models.PROTECT,
        related_name="group_activities",
        verbose_name=_("aktivitet ur utbudet"),
    )
    name = models.CharField(_("namn"), max_length=200)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_group_activities",
        verbose_name=_("ledare"),
    )
    started_on = models.DateField(_("startdatum"))
    ended_on = models.DateField(_("slutdatum"), null=True, blank=True)
    schedule = models.CharField(_("schema"), max_length=200, blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gruppaktivitet")
        verbose_name_plural = _("gruppaktiviteter")
        ordering = ["-started_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="group_activity_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["organisation", "unit"])]

    def __str__(self):
        return self.name


class GroupMembership(models.Model):
    """A participant in a group, backed by an activity in their plan."""

    group = models.ForeignKey(GroupActivity, on_delete=models.CASCADE, related_name="memberships")
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        related_name="group_memberships",
        verbose_name=_("deltagare"),
    )
    activity = models.OneToOneField(
        "activities.ParticipantActivity",
        on_delete=models.PROTECT,
        related_name="group_membership",
    )
    joined_on = models.DateField(_("med från"))
    left_on = models.DateField(_("med till"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("gruppdeltagare")
        verbose_name_plural = _("gruppdeltagare")
        ordering = ["joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "participant"],
                condition=Q(left_on__isnull=True),
                name="group_membership_one_open",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="group_membership_leaves_after_joining",
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.group}"

    def covers(self, day) -> bool:
        return self.joined_on <= day and (self.left_on is None or day <= self.left_on)


class GroupSession(models.Model):
    group = models.ForeignKey(GroupActivity, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("datum"))
    starts_at = models.TimeField(_("starttid"))
    length_minutes = models.PositiveSmallIntegerField(_("längd i minuter"))
    note = models.TextField(_("anteckning"), blank=True, default="")
    # Bumped on every change; an edit based on an older version is a conflict.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("tillfälle")
        verbose_name_plural = _("tillfällen")
        ordering = ["held_on", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(length_minutes__gte=1, length_minutes__lte=720),
                name="group_session_length_1_to_720",
            )
        ]
        indexes = [models.Index(fields=["group", "held_on"])]

    def __str__(self):
        return f"{self.group} {self.held_on}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Närvarande")
    ABSENT = "absent", _("Frånvarande")
    NOTIFIED = "notified", _("Anmäld frånvaro")


class Attendance(models.Model):
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="group_attendance"
    )
    status = models.CharField(_("närvaro"), max_length=12, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="attendance_one_per_session"
            )
        ]
        indexes = [models.Index(fields=["participant"])]

    def __str__(self):
        return f"{self.session} {self.participant_id} {self.status}"
