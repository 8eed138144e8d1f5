"""Writes for the log review: a recorded review, and the log entry of an export."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import user_access
from audit.models import AccessEvent
from audit.services import access_event_record_for_organisation, access_event_record_list
from core.exceptions import RuleError

from .models import Flag, LogReview, LogReviewUnit
from .selectors import flag_counts


def log_review_record(
    *,
    actor,
    period_start: datetime.date,
    period_end: datetime.date,
    flags_reviewed: list[str],
    comment: str,
) -> LogReview:
    """Record that the actor went through the access log of a period.

    The scope is the actor's: a security officer reviews the whole organisation, a
    manager the units they lead. The flags' counts at this moment are kept with it.
    """
    access = user_access(actor)
    if not access.reviews_access_log or access.organisation_id is None:
        raise RuleError(_("Bara chefer och säkerhetsansvariga kan göra logguppföljning."))
    if period_end < period_start:
        raise RuleError(_("Periodens slut kan inte ligga före dess början."), field="period_end")
    if period_end > timezone.localdate():
        raise RuleError(_("Perioden kan inte sluta i framtiden."), field="period_end")
    unknown = set(flags_reviewed) - set(Flag.values)
    if unknown:
        raise RuleError(_("Okänd flagga."), field="flags_reviewed")
    if not comment.strip():
        raise RuleError(_("Skriv en kommentar om vad du gick igenom."), field="comment")
    counts = flag_counts(actor=actor, date_from=period_start, date_to=period_end)
    with transaction.atomic():
        review = LogReview.objects.create(
            organisation_id=access.organisation_id,
            reviewer=actor,
            period_start=period_start,
            period_end=period_end,
            whole_organisation=access.is_security_officer,
            flags_reviewed=[flag for flag in Flag.values if flag in set(flags_reviewed)],
            flag_counts=counts,
            comment=comment.strip(),
        )
        if not access.is_security_officer:
            LogReviewUnit.objects.bulk_create(
                LogReviewUnit(review=review, unit_id=unit_id)
                for unit_id in sorted(access.manager_unit_ids)
            )
    return review


def log_export_record(*, actor, file_format: str, filters: dict) -> AccessEvent:
    """The export of access-log rows is itself an export of personal data: log it."""
    described = ", ".join(f"{key}={value}" for key, value in filters.items() if value)
    return access_event_record_for_organisation(
        actor=actor,
        organisation_id=user_access(actor).organisation_id,
        action=AccessEvent.Action.EXPORT,
        what=f"logguppföljning {file_format}: {described or 'inga filter'}",
    )


def _shown_participants(events) -> set[int]:
    ids = set()
    for event in events:
        if event.participant_id:
            ids.add(event.participant_id)
        ids.update(row.participant_id for row in event.listed.all())
    return ids


def log_page_access_record(*, actor, events, what: str) -> None:
    """A page of the log names participants: one VIEW_LIST row for those shown."""
    organisation_id = user_access(actor).organisation_id
    assert organisation_id is not None  # only a reviewer (of an organisation) sees the log
    access_event_record_list(
        actor=actor,
        organisation_id=organisation_id,
        participants=_shown_participants(events),
        what=what,
    )
