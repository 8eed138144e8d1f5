"""Reads for the intake: the consent in force, meetings, shares, the journey step.

The participant passed in has already been read through ``participant_get`` (scoped and
logged); these functions only read what belongs to that participant.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from journey.steps import Step

from .models import Consent, DocumentShare, IntakeMeeting, agency_labels


@dataclass(frozen=True)
class ConsentState:
    """The consent in force for a participant: which agencies, signed and withdrawn when.

    Truthy only while there is a consent that has not been withdrawn; ``agency in state``
    says whether information may be exchanged with that agency.
    """

    agencies: frozenset[str] = field(default_factory=frozenset)
    signed_on: datetime.date | None = None
    withdrawn_on: datetime.date | None = None
    consent: Consent | None = None

    @property
    def is_active(self) -> bool:
        return self.consent is not None and self.withdrawn_on is None and bool(self.agencies)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    @property
    def labels(self) -> list[str]:
        return agency_labels(self.agencies)

    def __bool__(self) -> bool:
        return self.is_active

    def __contains__(self, agency) -> bool:
        return self.is_active and agency in self.agencies

    def summary(self) -> str:
        """One line, as on the consent snippet."""
        if self.is_active:
            assert self.signed_on is not None  # an active consent was signed
            return _("Samtycke: %(agencies)s – undertecknat %(date)s") % {
                "agencies": ", ".join(self.labels),
                "date": self.signed_on.isoformat(),
            }
        if self.withdrawn_on is not None:  # is_withdrawn
            return _("Samtycke återkallat %(date)s") % {"date": self.withdrawn_on.isoformat()}
        return _("Inget samtycke")


def consent_state(consent: Consent | None) -> ConsentState:
    if consent is None:
        return ConsentState()
    withdrawn = consent.withdrawn_on
    return ConsentState(
        # A withdrawn consent covers no agency; the row keeps what it covered.
        agencies=frozenset() if withdrawn else frozenset(consent.agencies),
        signed_on=consent.signed_on,
        withdrawn_on=withdrawn,
        consent=consent,
    )


def consent_latest(*, participant) -> Consent | None:
    return (
        Consent.objects.filter(participant=participant)
        .select_related("recorded_by", "withdrawn_recorded_by")
        .order_by("-signed_on", "-id")
        .first()
    )


def consent_current(*, participant) -> ConsentState:
    """The agencies the participant currently consents to exchange information with
    (one query). The latest signed consent is in force until it is withdrawn."""
    return consent_state(consent_latest(participant=participant))


def consent_list(*, participant) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(participant=participant)
        .select_related("recorded_by", "withdrawn_recorded_by")
        .order_by("-signed_on", "-id")
    )


def intake_meeting_list(*, participant) -> QuerySet[IntakeMeeting]:
    return (
        IntakeMeeting.objects.filter(participant=participant)
        .select_related("held_by")
        .order_by("-held_on", "-id")
    )


def intake_meeting_get(*, participant, meeting_id: int) -> IntakeMeeting:
    try:
        return intake_meeting_list(participant=participant).get(pk=meeting_id)
    except (IntakeMeeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def consent_get(*, participant, consent_id: int) -> Consent:
    try:
        return consent_list(participant=participant).get(pk=consent_id)
    except (Consent.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def document_share_list(*, participant) -> QuerySet[DocumentShare]:
    return (
        DocumentShare.objects.filter(participant=participant)
        .select_related("shared_by")
        .order_by("-shared_on", "-id")
    )


def journey_steps(*, participant) -> list[Step]:
    """The intake step: done on the meeting's date; the detail is the consent state
    (two queries)."""
    meeting = intake_meeting_list(participant=participant).first()
    state = consent_current(participant=participant)
    return [
        Step(
            key="intake",
            label=_("Inskrivningssamtal"),
            done_on=meeting.held_on if meeting else None,
            url=reverse("intake:overview", args=[participant.pk]),
            detail=state.summary(),
        )
    ]
