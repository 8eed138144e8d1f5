"""Recording, correcting and deleting assessments. Each writes the access log."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AccessEvent
from audit.services import access_event_record, access_events_record_many
from core.bulk import insert_rows
from core.exceptions import ConflictError, RuleError
from participants.models import Participant
from participants.services import open_period, participant_lock, participant_touch

from .models import Answer, Assessment, AssessmentRevision, ViolenceScreening
from .rules import AssessmentInput, validate_answers, validate_date
from .selectors import (
    assessment_period,
    can_see_restricted,
    instrument_version_usable,
    may_delete_assessment,
)
from .signals import assessments_changed


def _validate(*, actor, participant: Participant, data: AssessmentInput, period_started_on):
    if not instrument_version_usable(
        version=data.version, organisation_id=participant.organisation_id
    ):
        raise RuleError(errors={"version": [_("Kortversionen kan inte användas.")]})
    questions = list(data.version.questions.all())
    errors = validate_answers(data, questions)
    date_errors = validate_date(
        data.assessed_on, period_started_on=period_started_on, today=timezone.localdate()
    )
    if date_errors:
        errors["assessed_on"] = date_errors
    if data.violence is not None and not can_see_restricted(actor=actor, participant=participant):
        errors.setdefault("__all__", []).append(
            _(
                "Bara deltagarens ansvariga handledare och enhetens chefer får registrera "
                "frågan om våld."
            )
        )
    if errors:
        raise RuleError(errors=errors)
    return {q.code: q for q in questions if q.kind == "scale"}


def _check_same_day(*, participant: Participant, data: AssessmentInput) -> None:
    """A second assessment of the same card on the same day is most often a mistake
    (saved twice, or the wrong date): ask before saving it."""
    assert data.assessed_on is not None  # validate_date refused an empty date
    earlier = (
        Assessment.objects.filter(
            participant=participant,
            version__instrument_id=data.version.instrument_id,
            assessed_on=data.assessed_on,
            deleted_at__isnull=True,
        )
        .select_related("created_by")
        .order_by("created_at")
        .first()
    )
    if earlier is not None:
        raise RuleError(
            _(
                "Det finns redan en skattning med %(card)s den %(date)s (sparad %(time)s av "
                "%(who)s). Kontrollera datumet, eller kryssa i att det är en ny skattning "
                "samma dag."
            )
            % {
                "card": data.version.instrument.code.upper(),
                "date": data.assessed_on.isoformat(),
                "time": timezone.localtime(earlier.created_at).strftime("%H:%M"),
                "who": earlier.created_by.get_full_name() if earlier.created_by else "",
            },
            field="same_day_confirmed",
        )


def _write_answers(assessment, data: AssessmentInput, scale_questions):
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            question=scale_questions[code],
            level=None if answer.declined else answer.level,
            declined=answer.declined,
            note=answer.note.strip(),
        )
        for code, answer in data.answers.items()
    )


@transaction.atomic
def assessment_record(*, actor, participant: Participant, data: AssessmentInput) -> Assessment:
    participant = participant_lock(participant)
    period = open_period(participant)
    if period is None:
        raise RuleError(_("Deltagaren är avslutad. Skriv in deltagaren på nytt för att skatta."))
    scale_questions = _validate(
        actor=actor, participant=participant, data=data, period_started_on=period.started_on
    )
    assert data.assessed_on is not None  # validate_date refused an empty date
    if not data.same_day_confirmed:
        _check_same_day(participant=participant, data=data)
    assessment = Assessment.objects.create(
        participant=participant,
        organisation_id=participant.organisation_id,
        version=data.version,
        assessed_on=data.assessed_on,
        mode=data.mode,
        presentation=data.presentation,
        coach_belief=data.coach_belief,
        job_search_channels=sorted(data.job_search_channels),
        salary_amount=data.salary_amount,
        salary_alternative=data.salary_alternative,
        created_by=actor,
    )
    _write_answers(assessment, data, scale_questions)
    if data.violence is not None:
        ViolenceScreening.objects.create(assessment=assessment, **data.violence)
    participant_touch(participant=participant)
    assessments_changed.send(sender=Assessment, participant_ids=[participant.pk])
    access_event_record(
        actor=actor,
        participant=participant,
        action=AccessEvent.Action.CREATE,
        what=f"skattning {assessment.assessed_on} ({data.version})",
    )
    return assessment


def _snapshot(assessment: Assessment) -> dict:
    state = {
        "assessed_on": assessment.assessed_on.isoformat(),
        "mode": assessment.mode,
        "presentation": assessment.presentation,
        "coach_belief": assessment.coach_belief,
        "job_search_channels": list(assessment.job_search_channels),
        "salary_amount": assessment.salary_amount,
        "salary_alternative": assessment.salary_alternative,
    }
    for answer in assessment.answers.select_related("question"):
        code = answer.question.code
        state[f"q_{code}"] = "declined" if answer.declined else answer.level
        state[f"note_{code}"] = answer.note
    screening = getattr(assessment, "violence_screening", None)
    state["violence"] = (
        None if screening is None else [screening.asked, screening.support_offered, screening.note]
    )
    return state


@transaction.atomic
def assessment_correct(
    *, actor, assessment: Assessment, data: AssessmentInput, expected_revision: int
) -> Assessment:
    participant_lock(assessment.participant)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.revision != expected_revision:
        raise ConflictError
    if locked.deleted_at:
        raise RuleError(_("Skattningen är borttagen."))
    participant = locked.participant
    period = assessment_period(locked)
    data.version = locked.version
    restricted = can_see_restricted(actor=actor, participant=participant)
    if not restricted:
        data.violence = None
    scale_questions = _validate(
        actor=actor,
        participant=participant,
        data=data,
        period_started_on=period.started_on if period else None,
    )
    before = _snapshot(locked)
    assert data.assessed_on is not None  # validate_date refused an empty date
    locked.assessed_on = data.assessed_on
    locked.mode = data.mode
    locked.presentation = data.presentation
    locked.coach_belief = data.coach_belief
    locked.job_search_channels = sorted(data.job_search_channels)
    locked.salary_amount = data.salary_amount
    locked.salary_alternative = data.salary_alternative
    locked.revision += 1
    locked.save()
    locked.answers.all().delete()
    _write_answers(locked, data, scale_questions)
    if restricted:
        ViolenceScreening.objects.filter(assessment=locked).delete()
        if data.violence is not None:
            ViolenceScreening.objects.create(assessment=locked, **data.violence)
    after = _snapshot(locked)
    changes = {}
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            # The restricted answer's content stays out of the history; only that it changed.
            changes[key] = ["*", "*"] if key == "violence" else [before.get(key), after.get(key)]
    if changes:
        AssessmentRevision.objects.create(assessment=locked, revised_by=actor, changes=changes)
    participant_touch(participant=participant)
    assessments_changed.send(sender=Assessment, participant_ids=[participant.pk])
    access_event_record(
        actor=actor,
        participant=participant,
        action=AccessEvent.Action.CHANGE,
        what=f"skattning {locked.assessed_on}: {', '.join(changes) or '-'}"[:200],
    )
    return locked


@transaction.atomic
def assessment_delete(*, actor, assessment: Assessment, reason: str) -> None:
    if not may_delete_assessment(actor=actor, participant=assessment.participant):
        raise PermissionDenied
    if not reason.strip():
        raise RuleError(_("Ange varför skattningen tas bort."))
    participant_lock(assessment.participant)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.deleted_at:
        raise RuleError(_("Skattningen är redan borttagen."))
    locked.deleted_at = timezone.now()
    locked.deleted_by = actor
    locked.deletion_reason = reason.strip()
    locked.revision += 1
    locked.save()
    AssessmentRevision.objects.create(
        assessment=locked, revised_by=actor, changes={"deleted": [None, reason.strip()]}
    )
    assessments_changed.send(sender=Assessment, participant_ids=[locked.participant_id])
    access_event_record(
        actor=actor,
        participant=locked.participant,
        action=AccessEvent.Action.DELETE,
        what=f"skattning {locked.assessed_on}",
    )


@transaction.atomic
def assessment_review(
    *,
    actor,
    assessment: Assessment,
    expected_revision: int,
    coach_belief: int,
    notes: dict[str, str],
) -> Assessment:
    """The coach goes through a card the participant filled in: a note per question, the
    coach's own belief rating, and who went through it when. What was answered does not
    change (that is a correction, with its history)."""
    participant_lock(assessment.participant)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.revision != expected_revision:
        raise ConflictError
    if locked.deleted_at:
        raise RuleError(_("Skattningen är borttagen."))
    if locked.completed_by_coach:
        raise RuleError(
            _("Skattningen gjordes tillsammans med handledaren; den har ingen genomgång.")
        )
    if not 1 <= coach_belief <= 5:
        raise RuleError(_("Välj din tilltro, 1–5."), field="coach_belief")
    answers = list(locked.answers.select_related("question"))
    for answer in answers:
        answer.review_note = notes.get(answer.question.code, "").strip()
    Answer.objects.bulk_update(answers, ["review_note"])
    locked.coach_belief = coach_belief
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = actor
    locked.revision += 1
    locked.save(update_fields=["coach_belief", "reviewed_at", "reviewed_by", "revision"])
    participant_touch(participant=locked.participant)
    assessments_changed.send(sender=Assessment, participant_ids=[locked.participant_id])
    access_event_record(
        actor=actor,
        participant=locked.participant,
        action=AccessEvent.Action.CHANGE,
        what=f"genomgång av skattning {locked.assessed_on} ({locked.version})",
    )
    return locked


def assessment_errors(
    *, data: AssessmentInput, organisation_id: int, period_started_on
) -> dict[str, list[str]]:
    """What ``assessment_record`` would refuse in these answers, without a query (the
    version's questions prefetched); the import checks its rows with it."""
    if not instrument_version_usable(version=data.version, organisation_id=organisation_id):
        return {"version": [_("Kortversionen kan inte användas.")]}
    errors = validate_answers(data, list(data.version.questions.all()))
    date_errors = validate_date(
        data.assessed_on, period_started_on=period_started_on, today=timezone.localdate()
    )
    if date_errors:
        errors["assessed_on"] = date_errors
    if data.violence is not None:
        errors.setdefault("__all__", []).append(_("Frågan om våld importeras inte."))
    return errors


@transaction.atomic
def assessments_record_many(
    *, actor, items: list[tuple[Participant, AssessmentInput, object]]
) -> int:
    """Many assessments of participants created in the same transaction (an import):
    each (participant, answers, the start of the period it falls in), checked by the
    rules of ``assessment_record`` and written as it writes them, in a fixed number of
    queries per few thousand rows and without a model instance per row. At most one
    assessment per participant, card and day. Sends no signal: the caller sends
    ``assessments_changed`` once for all. Returns the number written."""
    keys = set()
    for participant, data, started_on in items:
        if assessment_errors(
            data=data, organisation_id=participant.organisation_id, period_started_on=started_on
        ):
            raise RuleError(_("Skattningen kan inte sparas."))
        key = (participant.pk, data.version.pk, data.assessed_on)
        if key in keys:
            raise RuleError(_("Skattningen finns två gånger."))
        keys.add(key)
    now = timezone.now()
    insert_rows(
        Assessment,
        [
            "participant_id", "organisation_id", "version_id", "assessed_on", "mode",
            "presentation", "coach_belief", "job_search_channels", "salary_amount",
            "salary_alternative", "completed_by_coach", "revision", "created_by_id",
            "created_at", "deletion_reason",
        ],
        (
            (
                participant.pk, participant.organisation_id, data.version.pk, data.assessed_on,
                data.mode, data.presentation, data.coach_belief,
                sorted(data.job_search_channels), data.salary_amount, data.salary_alternative,
                True, 1, actor.pk, now, "",
            )
            for participant, data, _started_on in items
        ),
    )  # fmt: skip
    ids = {}
    participant_ids = sorted({participant.pk for participant, _data, _day in items})
    for start in range(0, len(participant_ids), 10_000):
        for pk, *found in Assessment.objects.filter(
            participant_id__in=participant_ids[start : start + 10_000], deleted_at__isnull=True
        ).values_list("pk", "participant_id", "version_id", "assessed_on"):
            if tuple(found) in keys:
                if tuple(found) in ids:
                    raise RuleError(_("Skattningen finns två gånger."))
                ids[tuple(found)] = pk
    scale: dict[int, dict] = {}
    for _participant, data, _started_on in items:
        if data.version.pk not in scale:
            scale[data.version.pk] = {
                q.code: q.pk for q in data.version.questions.all() if q.kind == "scale"
            }
    insert_rows(
        Answer,
        ["assessment_id", "question_id", "level", "declined", "note", "review_note"],
        (
            (
                ids[(participant.pk, data.version.pk, data.assessed_on)],
                scale[data.version.pk][code],
                None if answer.declined else answer.level,
                answer.declined,
                answer.note.strip(),
                "",
            )
            for participant, data, _started_on in items
            for code, answer in data.answers.items()
        ),
    )
    access_events_record_many(
        actor=actor,
        events=(
            (
                participant.organisation_id,
                participant.pk,
                AccessEvent.Action.CREATE,
                f"skattning {data.assessed_on} ({data.version})",
            )
            for participant, data, _started_on in items
        ),
    )
    return len(items)
