import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from accounts.tests.factories import make_user
from assessments import selectors, services
from assessments.models import Assessment, AssessmentRevision, ViolenceScreening
from assessments.rules import AnswerInput, AssessmentInput
from assessments.tests.factories import answers, card, make_assessment, scale_codes
from audit.models import AccessEvent
from core.exceptions import ConflictError, RuleError
from participants import services as participant_services

pytestmark = pytest.mark.django_db
D = datetime.date


def _input(version, **kw):
    kw.setdefault("assessed_on", D(2026, 2, 1))
    kw.setdefault("mode", "together")
    kw.setdefault("answers", answers(version))
    return AssessmentInput(version=version, **kw)


def _errors(call) -> dict:
    with pytest.raises(RuleError) as error:
        call()
    return error.value.message_dict


def test_recording_keeps_levels_declines_notes_and_the_version(coach, participant):
    bip = card("bip")
    codes = scale_codes(bip)
    data = _input(
        bip,
        answers=answers(bip, [1, 2, None, 4, 5, 3, 3, 2, 1]),
        coach_belief=4,
        job_search_channels=[bip.questions.get(kind="multi_choice").options[0]["code"]],
        salary_amount=25000,
    )
    data.answers[codes[0]].note = "Vill arbeta i butik"
    assessment = services.assessment_record(actor=coach, participant=participant, data=data)
    stored = {a.question.code: a for a in assessment.answers.select_related("question")}
    assert stored[codes[2]].declined
    assert stored[codes[2]].level is None
    assert stored[codes[0]].level == 1
    assert stored[codes[0]].note == "Vill arbeta i butik"
    assert assessment.version == bip
    assert assessment.coach_belief == 4
    assert AccessEvent.objects.filter(
        participant=participant, action=AccessEvent.Action.CREATE, what__startswith="skattning"
    ).exists()


@pytest.mark.parametrize("level", [0, 6])
def test_a_level_outside_one_to_five_is_refused(coach, participant, level):
    smail = card("smail")
    code = scale_codes(smail)[0]
    errors = _errors(
        lambda: services.assessment_record(
            actor=coach,
            participant=participant,
            data=_input(smail, answers=answers(smail, **{code: AnswerInput(level=level)})),
        )
    )
    assert f"q_{code}" in errors
    assert not Assessment.objects.exists()


def test_a_question_from_another_card_is_refused(coach, participant):
    smail, bip = card("smail"), card("bip")
    foreign = scale_codes(bip)[0]
    data = _input(smail, answers=answers(smail) | {foreign: AnswerInput(level=3)})
    if foreign in scale_codes(smail):
        pytest.fail("test needs a BIP code that SMAIL does not have")
    errors = _errors(
        lambda: services.assessment_record(actor=coach, participant=participant, data=data)
    )
    assert "finns inte på den här kortversionen" in " ".join(errors["__all__"])


def test_every_question_needs_a_level_or_a_decline(coach, participant):
    smail = card("smail")
    partial = answers(smail)
    missing = scale_codes(smail)[3]
    del partial[missing]
    errors = _errors(
        lambda: services.assessment_record(
            actor=coach, participant=participant, data=_input(smail, answers=partial)
        )
    )
    assert list(errors) == [f"q_{missing}"]


@pytest.mark.parametrize(
    ("day", "message"),
    [(D(2026, 1, 4), "före inskrivningen"), (D(2099, 1, 1), "framtiden")],
)
def test_the_date_must_be_within_the_enrolment_and_not_ahead(coach, participant, day, message):
    errors = _errors(
        lambda: services.assessment_record(
            actor=coach, participant=participant, data=_input(card("smail"), assessed_on=day)
        )
    )
    assert message in errors["assessed_on"][0]


def test_an_exclusive_job_search_answer_cannot_be_combined(coach, participant):
    bip = card("bip")
    multi = bip.questions.get(kind="multi_choice")
    exclusive = sorted(multi.exclusive_codes())[0]
    plain = next(o["code"] for o in multi.options if not o.get("exclusive"))
    errors = _errors(
        lambda: services.assessment_record(
            actor=coach,
            participant=participant,
            data=_input(bip, answers=answers(bip), job_search_channels=[exclusive, plain]),
        )
    )
    assert "job_search" in errors


@pytest.mark.parametrize(
    ("amount", "ok"), [(-1, False), (0, False), (200_001, False), (200_000, True)]
)
def test_salary_must_be_plausible(coach, participant, amount, ok):
    bip = card("bip")
    call = lambda: services.assessment_record(  # noqa: E731
        actor=coach,
        participant=participant,
        data=_input(bip, answers=answers(bip), salary_amount=amount),
    )
    if ok:
        assert call().salary_amount == amount
    else:
        assert "salary_amount" in _errors(call)


def test_a_closed_participant_cannot_be_assessed(coach, participant):
    participant_services.participant_close(
        actor=coach, participant=participant, closed_on=D(2026, 3, 1), outcome="moved"
    )
    with pytest.raises(RuleError):
        services.assessment_record(actor=coach, participant=participant, data=_input(card("smail")))


def test_corrections_keep_history_and_detect_conflicts(coach, participant):
    smail = card("smail")
    assessment = make_assessment(coach=coach, participant=participant, levels=[2, 2, 2, 2, 2, 2])
    code = scale_codes(smail)[0]
    corrected = _input(smail, answers=answers(smail, [4, 2, 2, 2, 2, 2]))
    services.assessment_correct(
        actor=coach, assessment=assessment, data=corrected, expected_revision=1
    )
    revision = AssessmentRevision.objects.get(assessment=assessment)
    assert revision.changes[f"q_{code}"] == [2, 4]
    assert revision.revised_by == coach
    with pytest.raises(ConflictError):
        services.assessment_correct(
            actor=coach,
            assessment=assessment,
            data=_input(smail, answers=answers(smail, [5, 2, 2, 2, 2, 2])),
            expected_revision=1,
        )
    assert assessment.answers.get(question__code=code).level == 4


def test_deleting_requires_a_reason_and_keeps_the_row(coach, participant):
    assessment = make_assessment(coach=coach, participant=participant)
    with pytest.raises(RuleError):
        services.assessment_delete(actor=coach, assessment=assessment, reason=" ")
    services.assessment_delete(actor=coach, assessment=assessment, reason="Fel deltagare")
    assessment.refresh_from_db()
    assert assessment.deleted_at is not None
    assert assessment.deletion_reason == "Fel deltagare"
    assert selectors.assessment_list(participant=participant) == []
    assert AccessEvent.objects.filter(action=AccessEvent.Action.DELETE).exists()


def test_violence_is_only_for_the_responsible_coach_and_managers(coach, unit, participant):
    colleague = make_user(Role.COACH, unit)
    manager = make_user(Role.MANAGER, unit)
    assert selectors.can_see_restricted(actor=coach, participant=participant)
    assert selectors.can_see_restricted(actor=manager, participant=participant)
    assert not selectors.can_see_restricted(actor=colleague, participant=participant)
    data = _input(card("smail"), violence={"asked": True, "support_offered": True, "note": "x"})
    errors = _errors(
        lambda: services.assessment_record(actor=colleague, participant=participant, data=data)
    )
    assert "__all__" in errors
    assessment = services.assessment_record(actor=coach, participant=participant, data=data)
    assert ViolenceScreening.objects.get(assessment=assessment).support_offered


def test_progression_gives_step_changes_and_a_gap_for_declines(coach, participant):
    make_assessment(
        coach=coach, participant=participant, on=D(2026, 2, 1), levels=[1, 2, 3, 3, 2, 2]
    )
    make_assessment(
        coach=coach, participant=participant, on=D(2026, 5, 3), levels=[2, 2, None, 4, 2, 1]
    )
    make_assessment(
        coach=coach, participant=participant, on=D(2026, 8, 2), levels=[4, 1, 3, 4, 2, 1]
    )
    (progression,) = selectors.progression_list(
        assessments=selectors.assessment_list(participant=participant)
    )
    first_axis = [row.cells[0] for row in progression.rows]
    assert [c.level for c in first_axis] == [1, 2, 4]
    assert [c.since_first for c in first_axis] == [None, 1, 3]
    assert [c.since_previous for c in first_axis] == [None, 1, 2]
    third_axis = [row.cells[2] for row in progression.rows]
    assert third_axis[1].declined
    assert third_axis[1].level is None
    assert third_axis[2].since_previous == 0  # compared with the last answered occasion
    assert [o.values[2] for o in progression.occasions()] == [3, None, 3]


def test_only_the_responsible_coach_and_managers_may_delete(unit, coach, participant):
    assessment = make_assessment(coach=coach, participant=participant)
    other_coach = make_user(Role.COACH, unit)
    with pytest.raises(PermissionDenied):
        services.assessment_delete(actor=other_coach, assessment=assessment, reason="Fel person")
    assessment.refresh_from_db()
    assert assessment.deleted_at is None
    assert not AccessEvent.objects.filter(
        participant=participant, action=AccessEvent.Action.DELETE
    ).exists()
    manager = make_user(Role.MANAGER, unit)
    services.assessment_delete(actor=manager, assessment=assessment, reason="Fel dag")
    assessment.refresh_from_db()
    assert assessment.deleted_at is not None
