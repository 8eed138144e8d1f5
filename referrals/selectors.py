"""Reads of referrals, scoped like participants: organisation and the actor's units."""

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.selectors import user_access
from audit.models import AccessEvent
from audit.services import access_event_record, access_event_record_for_organisation
from journey.steps import Step

from .models import Referral, Status


def referral_scope(*, actor) -> QuerySet[Referral]:
    """Referrals to the units where the actor is coach or manager. Unlogged."""
    access = user_access(actor)
    if not access.works_with_cases:
        return Referral.objects.none()
    assert access.organisation_id is not None  # case units imply an organisation
    return Referral.objects.filter(
        organisation_id=access.organisation_id, unit_id__in=access.case_unit_ids
    )


def referral_access_record(*, actor, referral: Referral, action: str, what: str) -> None:
    """Log an access to a referral: against the participant once there is one."""
    what = f"aktualisering {referral.pk}: {what}"
    if referral.participant_id:
        access_event_record(actor=actor, participant=referral.participant, action=action, what=what)
    else:
        access_event_record_for_organisation(
            actor=actor, organisation_id=referral.organisation_id, action=action, what=what
        )


def referral_get(*, actor, referral_id: int, what: str = "visning") -> Referral:
    """A referral the actor may see, or 404; the read is written to the access log."""
    try:
        referral = (
            referral_scope(actor=actor)
            .select_related("unit", "assigned_coach", "assigned_by", "registered_by", "participant")
            .get(pk=referral_id)
        )
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    referral_access_record(
        actor=actor, referral=referral, action=AccessEvent.Action.VIEW, what=what
    )
    return referral


def referral_inbox(*, actor) -> QuerySet[Referral]:
    """The manager's inbox: referrals to their units not yet assigned, oldest first."""
    access = user_access(actor)
    if not access.is_manager:
        return Referral.objects.none()
    assert access.organisation_id is not None  # managed units imply an organisation
    return (
        Referral.objects.filter(
            organisation_id=access.organisation_id,
            unit_id__in=access.manager_unit_ids,
            status=Status.RECEIVED,
        )
        .select_related("unit", "registered_by")
        .order_by("received_on", "id")
    )


def referral_recently_assigned(*, actor, limit: int = 10) -> QuerySet[Referral]:
    access = user_access(actor)
    if not access.is_manager:
        return Referral.objects.none()
    assert access.organisation_id is not None  # managed units imply an organisation
    return (
        Referral.objects.filter(
            organisation_id=access.organisation_id,
            unit_id__in=access.manager_unit_ids,
            status=Status.ASSIGNED,
        )
        .select_related("unit", "assigned_coach", "participant")
        .order_by("-assigned_on", "-id")[:limit]
    )


def journey_steps(*, participant) -> list[Step]:
    """The referral step: done when the referral was assigned (one or two queries)."""
    referral = (
        Referral.objects.filter(participant=participant, status=Status.ASSIGNED)
        .order_by("-assigned_on", "-id")
        .first()
    )
    if referral is not None:
        return [
            Step(
                key="referral",
                label=_("Aktualisering"),
                done_on=referral.assigned_on,
                url=reverse("referrals:detail", args=[referral.pk]),
                detail=_("Från %(source)s, inkom %(date)s")
                % {
                    "source": referral.get_source_display(),
                    "date": referral.received_on.isoformat(),
                },
            )
        ]
    # Registered directly, without a referral in the system: the first period says
    # where they came from.
    period = participant.periods.order_by("started_on", "id").first()
    if period is None:
        return [Step(key="referral", label=_("Aktualisering"), done_on=None)]
    detail = _("Från %(source)s") % {"source": period.get_referral_source_display()}
    return [
        Step(
            key="referral",
            label=_("Aktualisering"),
            done_on=period.started_on,
            detail=detail,
        )
    ]
