"""Writes for retention: the rule, holds, and erasure (gallring and erasure on request).

One path removes a participant's personal data, `_case_erase`, used by the scheduled
command (`gallring_run`) and by a manager's erasure on request (`participant_erase`).
It runs in one transaction per case: every row that belongs to the participant is
deleted, child rows first, except what the anonymous figures read, which is kept
without its free text (see `retention.graph` and docs/adr/0015-retention-and-gallring.md).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import user_access
from activities.models import ParticipantActivity
from assessments.models import Answer, Assessment
from audit.models import AccessEvent
from audit.services import (
    access_event_record,
    access_event_record_for_organisation,
    access_log_prune,
)
from core.exceptions import RuleError
from core.services import locked_get, model_update
from participants.models import CoachAssignment, Participant, Period
from referrals.models import Referral

from . import graph, selectors
from .models import ErasureCase, ErasureRun, RetentionHold, RetentionRule

Counts = dict[str, dict[str, int]]  # {"app.Model": {"deleted": n, "anonymised": n}}


# The rule ------------------------------------------------------------------------------


def retention_rule_ensure(*, organisation_id: int) -> RetentionRule:
    """The organisation's rule, created with the defaults when it has none."""
    rule, _created = RetentionRule.objects.get_or_create(organisation_id=organisation_id)
    return rule


@transaction.atomic
def retention_rule_update(
    *, actor, case_years: int, access_log_years: int, expected_version: int
) -> RetentionRule:
    access = user_access(actor)
    if not access.is_administrator or access.organisation_id is None:
        raise RuleError(_("Bara en administratör kan ändra gallringsreglerna."))
    retention_rule_ensure(organisation_id=access.organisation_id)
    rule = locked_get(
        RetentionRule, organisation_id=access.organisation_id, expected_version=expected_version
    )
    if not 1 <= case_years <= 100:
        raise RuleError(_("Ange ett antal år mellan 1 och 100."), field="case_years")
    if not 1 <= access_log_years <= 100:
        raise RuleError(_("Ange ett antal år mellan 1 och 100."), field="access_log_years")
    model_update(
        rule,
        data={
            "case_years": case_years,
            "access_log_years": access_log_years,
            "updated_by": actor,
        },
    )
    access_event_record_for_organisation(
        actor=actor,
        organisation_id=access.organisation_id,
        action=AccessEvent.Action.CHANGE,
        what=f"gallringsregel: akter {case_years} år, åtkomstlogg {access_log_years} år",
    )
    return rule


# Holds --------------------------------------------------------------------------------


def _require_manager(*, actor, participant) -> None:
    access = user_access(actor)
    if (
        participant.organisation_id != access.organisation_id
        or participant.unit_id not in access.manager_unit_ids
    ):
        raise RuleError(_("Bara en chef för deltagarens enhet kan göra det här."))


def _lock(participant) -> Participant:
    return Participant.objects.select_for_update().get(pk=participant.pk)


@transaction.atomic
def retention_hold_place(*, actor, participant, reason: str, reference: str) -> RetentionHold:
    _require_manager(actor=actor, participant=participant)
    locked = _lock(participant)
    if locked.erased_at is not None:
        raise RuleError(_("Akten är redan gallrad."))
    if selectors.hold_in_force(participant=locked) is not None:
        raise RuleError(_("Akten är redan undantagen från gallring."))
    if reason not in RetentionHold.Reason.values:
        raise RuleError(_("Välj ett skäl."), field="reason")
    reference = reference.strip()
    if not reference:
        raise RuleError(_("Ange beslutet eller diarienumret."), field="reference")
    _refuse_personal_data(participant=locked, text=reference, field="reference")
    hold = RetentionHold.objects.create(
        participant=locked, reason=reason, reference=reference, placed_by=actor
    )
    access_event_record(
        actor=actor,
        participant=locked,
        action=AccessEvent.Action.CHANGE,
        what=f"undantag från gallring: {hold.get_reason_display()}",
    )
    return hold


@transaction.atomic
def retention_hold_lift(*, actor, hold: RetentionHold) -> RetentionHold:
    _require_manager(actor=actor, participant=hold.participant)
    _lock(hold.participant)
    locked = RetentionHold.objects.select_for_update().get(pk=hold.pk)
    if locked.lifted_at is not None:
        raise RuleError(_("Undantaget är redan upphävt."))
    locked.lifted_at = timezone.now()
    locked.lifted_by = actor
    locked.save(update_fields=["lifted_at", "lifted_by"])
    access_event_record(
        actor=actor,
        participant=locked.participant,
        action=AccessEvent.Action.CHANGE,
        what="undantag från gallring upphävt",
    )
    return locked


def _refuse_personal_data(*, participant, text: str, field: str) -> None:
    """Text kept after the erasure must not name the person."""
    lowered = text.lower()
    digits = "".join(ch for ch in text if ch.isdigit())
    names = [n.lower() for n in (participant.first_name, participant.last_name) if len(n) > 1]
    pin = participant.personal_identity_number
    if any(n in lowered for n in names) or (pin and (pin in digits or pin[2:] in digits)):
        raise RuleError(
            _(
                "Skriv inte deltagarens namn eller personnummer här; texten sparas efter "
                "gallringen."
            ),
            field=field,
        )


# Erasure ------------------------------------------------------------------------------


def _add(counts: Counts, name: str, kind: str, n: int) -> None:
    if n:
        counts.setdefault(name, {}).setdefault(kind, 0)
        counts[name][kind] += n


def counts_total(many) -> Counts:
    total: Counts = {}
    for counts in many:
        for name, kinds in counts.items():
            for kind, n in kinds.items():
                _add(total, name, kind, n)
    return dict(sorted(total.items()))


def _delete(queryset, *, dry_run: bool, allowed: set[str]) -> dict[str, int]:
    """Delete (or count) the rows; the rows per model, as `QuerySet.delete` reports."""
    name = graph.label(queryset.model)
    if dry_run:
        return {name: queryset.count()}
    _total, per_model = queryset.delete()
    unexpected = {m for m, n in per_model.items() if n and m not in allowed and not _is_through(m)}
    if unexpected:
        # A cascade reached a table gallring keeps: stop and roll the case back.
        raise RuntimeError(f"gallring would cascade into {sorted(unexpected)}")
    return {m: n for m, n in per_model.items() if not _is_through(m)}


def _is_through(name: str) -> bool:
    """A many-to-many table Django made (a plan row's activities): its rows go with the
    row that holds them."""
    return bool(apps.get_model(name)._meta.auto_created)


def _erase_rows(participant_id: int, *, dry_run: bool) -> Counts:
    """Remove (or, in a dry run, count) the participant's personal data. Returns the
    rows per model: deleted, and kept without their free text ("anonymised")."""
    counts: Counts = {}
    doomed = graph.deleted_models()
    allowed = {graph.label(m) for m in doomed}
    for model in doomed:
        rows = model._base_manager.filter(graph.of_participant(model, participant_id))
        for name, n in _delete(rows, dry_run=dry_run, allowed=allowed).items():
            _add(counts, name, "deleted", n)

    # A referral about the same person that never became part of the case (declined,
    # or registered again later) still names them: it goes with the case.
    person = Participant.objects.values("organisation_id", "personal_identity_number").get(
        pk=participant_id
    )
    if person["personal_identity_number"]:
        loose = Referral.objects.filter(
            organisation_id=person["organisation_id"],
            personal_identity_number=person["personal_identity_number"],
            participant__isnull=True,
        )
        for name, n in _delete(loose, dry_run=dry_run, allowed=allowed).items():
            _add(counts, name, "deleted", n)

    # Assessments removed by a coach (soft-deleted) are in no figure: delete them.
    removed = Assessment.objects.filter(participant_id=participant_id, deleted_at__isnull=False)
    if dry_run:
        _add(counts, "assessments.Assessment", "deleted", removed.count())
        _add(
            counts,
            "assessments.Answer",
            "deleted",
            Answer.objects.filter(assessment__in=removed).count(),
        )
    else:
        allowed_here = allowed | {"assessments.Assessment", "assessments.Answer"}
        for name, n in _delete(removed, dry_run=False, allowed=allowed_here).items():
            _add(counts, name, "deleted", n)

    # Kept for the figures, without free text.
    kept: list[tuple[QuerySet, Callable[[QuerySet], object]]] = [
        (
            Assessment.objects.filter(participant_id=participant_id, deleted_at__isnull=True),
            lambda qs: qs.update(
                job_search_channels=[],
                salary_amount=None,
                salary_alternative="",
                deletion_reason="",
            ),
        ),
        (
            Answer.objects.filter(
                assessment__participant_id=participant_id, assessment__deleted_at__isnull=True
            ),
            lambda qs: qs.exclude(note="").update(note=""),
        ),
        (
            Period.objects.filter(participant_id=participant_id),
            lambda qs: qs.exclude(closing_note="").update(closing_note=""),
        ),
        (
            CoachAssignment.objects.filter(participant_id=participant_id),
            lambda qs: (
                qs.exclude(reason="").update(reason=graph.ERASED_TEXT),
                qs.exclude(handover_note="").update(handover_note=graph.ERASED_TEXT),
            ),
        ),
        (
            ParticipantActivity.objects.filter(participant_id=participant_id),
            lambda qs: qs.update(name=""),
        ),
    ]
    for queryset, clear in kept:
        _add(counts, graph.label(queryset.model), "anonymised", queryset.count())
        if not dry_run:
            clear(queryset)
    _add(counts, graph.PARTICIPANT, "anonymised", 1)
    if not dry_run:
        Participant.objects.filter(pk=participant_id).update(
            first_name="",
            last_name="",
            personal_identity_number="",
            preferred_language="",
            needs_interpreter=False,
            restricted_at=None,
            restriction_reason="",
            restricted_by=None,
            version=F("version") + 1,
            erased_at=timezone.now(),
        )
    return dict(sorted(counts.items()))


def erasure_refusal(*, participant) -> str | None:
    """Why this case may not be erased now, in Swedish; None when it may."""
    if participant.erased_at is not None:
        return _("Akten är redan gallrad.")
    if Period.objects.filter(participant=participant, closed_on__isnull=True).exists():
        return _("Inskrivningen pågår. Avsluta den innan personuppgifterna tas bort.")
    if participant.restricted_at is not None:
        return _(
            "Uppgifterna är spärrade i väntan på att en invändning prövas. Häv spärren "
            "först om uppgifterna ska tas bort."
        )
    if RetentionHold.objects.filter(participant=participant, lifted_at__isnull=True).exists():
        return _(
            "Akten är undantagen från gallring (till exempel genom ett arkivbeslut). "
            "Upphäv undantaget först om uppgifterna ska tas bort."
        )
    return None


def erasure_preview(*, participant) -> Counts:
    """What erasing this case would remove and keep, per model (nothing is changed)."""
    return _erase_rows(participant.pk, dry_run=True)


def _case_erase(
    *,
    participant_id: int,
    run: ErasureRun,
    actor,
    what: str,
    cutoff: datetime.date | None = None,
    refuse: bool = False,
) -> Counts | None:
    """Erase one case in one transaction. Checked again under the participant's lock:
    a case reopened, held or erased since the run listed it is left alone (or, with
    `refuse`, a RuleError). With a `cutoff`, a case with an entry after it is also left
    alone. Returns the counts, or None when the case was left alone."""
    with transaction.atomic():
        locked = Participant.objects.select_for_update().filter(pk=participant_id).first()
        if locked is None:
            return None
        refusal = erasure_refusal(participant=locked)
        if refusal is not None:
            if refuse:
                raise RuleError(refusal)
            return None
        last_entry_on = selectors.last_entry_of(participant_id=participant_id)
        if cutoff is not None and last_entry_on > cutoff:
            return None
        counts = _erase_rows(participant_id, dry_run=False)
        ErasureCase.objects.create(
            run=run, participant_id=participant_id, last_entry_on=last_entry_on, counts=counts
        )
        locked.refresh_from_db()
        access_event_record(
            actor=actor, participant=locked, action=AccessEvent.Action.DELETE, what=what
        )
        return counts


@transaction.atomic
def participant_erase(*, participant, actor, reason: str, reference: str = "") -> ErasureRun:
    """Erasure on request (GDPR art. 17, where the law allows): a manager removes one
    closed, unheld case's personal data now, through the same path as gallring."""
    _require_manager(actor=actor, participant=participant)
    locked = _lock(participant)
    refusal = erasure_refusal(participant=locked)
    if refusal is not None:
        raise RuleError(refusal)
    reference = reference.strip()
    _refuse_personal_data(participant=locked, text=reference, field="reference")
    run = ErasureRun.objects.create(
        source=ErasureRun.Source.REQUEST,
        actor=actor,
        organisation_id=locked.organisation_id,
        dry_run=False,
        today=timezone.localdate(),
        counts=erasure_preview(participant=locked),
        case_ids=[locked.pk],
        reason=f"{reason}: {reference}"[:200] if reference else reason[:200],
    )
    _case_erase(
        participant_id=locked.pk,
        run=run,
        actor=actor,
        what=f"radering på begäran: personuppgifterna borttagna (körning {run.pk})",
        refuse=True,
    )
    return run


# Gallring, the scheduled run ----------------------------------------------------------


@dataclass
class GallringResult:
    run: ErasureRun
    planned: list[int]
    erased: list[int] = field(default_factory=list)
    counts: Counts = field(default_factory=dict)
    access_log_removed: dict[str, int] = field(default_factory=dict)


def _access_log_before(today: datetime.date, years: int) -> datetime.datetime:
    day = selectors.years_before(today, years)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _access_log_prunable(*, organisation_id: int, before: datetime.datetime) -> int:
    """How many events `access_log_prune` would remove: the organisation's chain up to
    its first event not older than `before` (the log is written in time order)."""
    events = AccessEvent.objects.filter(organisation_id=organisation_id)
    first_kept = events.filter(at__gte=before).order_by("id").values_list("id", flat=True).first()
    return (events.filter(id__lt=first_kept) if first_kept is not None else events).count()


def gallring_run(
    *,
    today: datetime.date,
    organisation_ids: list[int],
    dry_run: bool,
    actor=None,
) -> GallringResult:
    """Remove the personal data of every case due under its organisation's rule, one
    transaction per case, and the access-log rows older than the log's retention.

    A dry run changes nothing but writes its ErasureRun with what would be removed.
    Idempotent (erased cases are not listed again) and resumable (a case done is
    committed; a failure stops the run and leaves the rest for the next one)."""
    due: list[tuple[int, datetime.date, datetime.date]] = []  # (id, last entry, cutoff)
    removed_log: dict[str, int] = {}
    for organisation_id in organisation_ids:
        rule = retention_rule_ensure(organisation_id=organisation_id)
        cutoff = selectors.years_before(today, rule.case_years)
        due += [
            (pk, last, cutoff)
            for pk, last in selectors.gallring_due(
                organisation_id=organisation_id, today=today, case_years=rule.case_years
            )
        ]
        before = _access_log_before(today, rule.access_log_years)
        if dry_run:
            n = _access_log_prunable(organisation_id=organisation_id, before=before)
        else:
            n = access_log_prune(organisation_id=organisation_id, before=before)
        if n:
            removed_log[str(organisation_id)] = n
    planned = [pk for pk, _last, _cutoff in due]
    # What the run sets out to remove; a real run's cases then record what they removed.
    planned_counts = counts_total(_erase_rows(pk, dry_run=True) for pk in planned)
    run = ErasureRun.objects.create(
        source=ErasureRun.Source.COMMAND,
        actor=actor,
        organisation_id=organisation_ids[0] if len(organisation_ids) == 1 else None,
        dry_run=dry_run,
        today=today,
        counts=planned_counts,
        case_ids=planned,
        access_log_removed=removed_log,
    )
    result = GallringResult(run=run, planned=planned, access_log_removed=removed_log)
    if dry_run:
        result.counts = planned_counts
        return result
    done = []
    for pk, _last, cutoff in due:
        counts = _case_erase(
            participant_id=pk,
            run=run,
            actor=actor,
            cutoff=cutoff,
            what=f"gallring: personuppgifterna borttagna (körning {run.pk})",
        )
        if counts is not None:
            result.erased.append(pk)
            done.append(counts)
    result.counts = counts_total(done)
    return result
