import datetime

import pytest

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from audit.models import AccessEvent
from core.exceptions import ConflictError, RuleError
from participants.models import Participant
from participants.tests.factories import make_participant
from referrals import selectors, services
from referrals.models import Referral, Source, Status

from .factories import make_referral, referral_data

pytestmark = pytest.mark.django_db

ASSIGNED_ON = datetime.date(2026, 1, 12)


def _assign(referral, manager, coach, **kwargs):
    return services.referral_assign(
        actor=manager,
        referral=referral,
        coach=coach,
        assigned_on=kwargs.pop("assigned_on", ASSIGNED_ON),
        expected_version=kwargs.pop("expected_version", referral.version),
    )


def test_a_coach_registers_a_referral_that_waits_in_the_managers_inbox(coach, manager):
    referral = make_referral(actor=coach)
    assert referral.status == Status.RECEIVED
    assert list(selectors.referral_inbox(actor=manager)) == [referral]
    event = AccessEvent.objects.get()
    assert event.action == AccessEvent.Action.CREATE
    assert event.participant is None
    assert event.organisation_id == referral.organisation_id
    assert f"aktualisering {referral.pk}" in event.what


def test_a_social_services_referral_needs_the_decision_date(coach):
    with pytest.raises(RuleError) as error:
        make_referral(actor=coach, source=Source.SOCIAL_SERVICES)
    assert "4 kap. 4 § socialtjänstlagen" in error.value.message_dict["decision_on"][0]
    referral = make_referral(
        actor=coach,
        source=Source.SOCIAL_SERVICES,
        decision_on=datetime.date(2026, 1, 2),
        decision_reference="SOC 2026/14",
    )
    assert referral.decision_on == datetime.date(2026, 1, 2)


def test_a_decision_after_the_referral_arrived_is_refused(coach):
    with pytest.raises(RuleError) as error:
        make_referral(
            actor=coach, source=Source.SOCIAL_SERVICES, decision_on=datetime.date(2026, 2, 1)
        )
    assert "decision_on" in error.value.message_dict
    assert Referral.objects.count() == 0


def test_an_employment_service_referral_has_no_decision(coach):
    with pytest.raises(RuleError) as error:
        make_referral(actor=coach, decision_on=datetime.date(2026, 1, 2))
    assert "decision_on" in error.value.message_dict


def test_a_referral_cannot_be_registered_to_another_unit(coach):
    other = UnitFactory(organisation=coach.organisation)
    with pytest.raises(RuleError) as error:
        services.referral_register(actor=coach, data=referral_data(unit=other))
    assert "unit" in error.value.message_dict
    assert Referral.objects.count() == 0


def test_a_received_date_in_the_future_is_refused(coach):
    with pytest.raises(RuleError) as error:
        make_referral(actor=coach, received_on=datetime.date.today() + datetime.timedelta(days=2))
    assert "received_on" in error.value.message_dict


def test_assignment_enrols_the_participant_with_the_referrals_source_and_date(coach, manager):
    referral = make_referral(
        actor=coach, personal_identity_number="198112289874", preferred_language="somaliska"
    )
    referral = _assign(referral, manager, coach)
    participant = referral.participant
    assert referral.status == Status.ASSIGNED
    assert referral.assigned_coach == coach
    assert referral.assigned_by == manager
    assert participant.first_name == referral.first_name
    assert participant.personal_identity_number == "198112289874"
    assert participant.preferred_language == "somaliska"
    period = participant.periods.get()
    assert period.started_on == ASSIGNED_ON
    assert period.referral_source == Source.EMPLOYMENT_SERVICE
    assert period.referral_date == referral.received_on
    assert participant.coach_assignments.get().coach == coach
    assert list(selectors.referral_inbox(actor=manager)) == []
    actions = list(
        AccessEvent.objects.filter(participant=participant).values_list("action", flat=True)
    )
    assert AccessEvent.Action.CREATE in actions
    assert AccessEvent.Action.CHANGE in actions


def test_assignment_to_a_coach_outside_the_unit_saves_nothing(unit, coach, manager):
    elsewhere = make_user(Role.COACH, UnitFactory(organisation=unit.organisation))
    referral = make_referral(actor=coach)
    with pytest.raises(RuleError) as error:
        _assign(referral, manager, elsewhere)
    assert "inte handledare på" in error.value.message_dict["coach"][0]
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED
    assert Participant.objects.count() == 0


def test_a_manager_in_the_unit_is_not_a_coach_to_assign_to(coach, manager):
    referral = make_referral(actor=coach)
    with pytest.raises(RuleError) as error:
        _assign(referral, manager, manager)
    assert "coach" in error.value.message_dict


def test_only_the_units_manager_assigns(coach):
    referral = make_referral(actor=coach)
    with pytest.raises(RuleError):
        _assign(referral, coach, coach)
    assert Participant.objects.count() == 0


def test_assignment_before_the_referral_arrived_is_refused(coach, manager):
    referral = make_referral(actor=coach)
    with pytest.raises(RuleError) as error:
        _assign(referral, manager, coach, assigned_on=datetime.date(2026, 1, 1))
    assert "assigned_on" in error.value.message_dict
    assert Participant.objects.count() == 0


def test_a_referral_is_assigned_once(coach, manager):
    referral = _assign(make_referral(actor=coach), manager, coach)
    with pytest.raises(RuleError):
        _assign(referral, manager, coach)
    assert Participant.objects.count() == 1


def test_assignment_on_an_old_version_is_a_conflict(coach, manager):
    referral = make_referral(actor=coach)
    with pytest.raises(ConflictError):
        _assign(referral, manager, coach, expected_version=referral.version - 1)
    assert Participant.objects.count() == 0


def test_a_former_participant_referred_again_gets_a_new_period(coach, manager):
    from participants.services import participant_close

    former = make_participant(coach=coach, personal_identity_number="198112289874")
    participant_close(
        actor=coach, participant=former, closed_on=datetime.date(2026, 1, 8), outcome="moved"
    )
    referral = _assign(
        make_referral(actor=coach, personal_identity_number="198112289874"), manager, coach
    )
    assert referral.participant == former
    assert former.periods.count() == 2


def test_a_person_already_enrolled_is_not_enrolled_twice(coach, manager):
    make_participant(coach=coach, personal_identity_number="198112289874")
    referral = make_referral(actor=coach, personal_identity_number="198112289874")
    with pytest.raises(RuleError, match="redan inskriven"):
        _assign(referral, manager, coach)
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


def test_a_person_who_is_a_case_in_another_unit_is_logged_and_not_named(unit, coach, manager):
    other_unit = UnitFactory(organisation=unit.organisation, name="Enheten Norr")
    elsewhere = make_participant(
        coach=make_user(Role.COACH, other_unit),
        last_name="Namnsson",
        personal_identity_number="198112289874",
    )
    referral = make_referral(actor=coach, personal_identity_number="198112289874")
    with pytest.raises(RuleError) as raised:
        _assign(referral, manager, coach)
    message = " ".join(raised.value.messages)
    assert "annan enhet i organisationen" in message
    assert "Namnsson" not in message
    assert "Enheten Norr" not in message
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED
    event = AccessEvent.objects.filter(participant=elsewhere).latest("pk")
    assert (event.actor, event.action) == (manager, AccessEvent.Action.VIEW)
    assert event.what == "personnummerkontroll: ärende på annan enhet"


def test_editing_checks_the_version_and_logs_the_change(coach):
    referral = make_referral(actor=coach)
    data = referral_data(unit=referral.unit, first_name="Ändrad")
    updated = services.referral_update(
        actor=coach, referral=referral, data=data, expected_version=referral.version
    )
    assert updated.first_name == "Ändrad"
    assert updated.version == referral.version + 1
    with pytest.raises(ConflictError):
        services.referral_update(
            actor=coach, referral=referral, data=data, expected_version=referral.version
        )
    assert AccessEvent.objects.filter(action=AccessEvent.Action.CHANGE).count() == 1


def test_an_assigned_referral_is_not_edited(coach, manager):
    referral = _assign(make_referral(actor=coach), manager, coach)
    with pytest.raises(RuleError):
        services.referral_update(
            actor=coach,
            referral=referral,
            data=referral_data(unit=referral.unit),
            expected_version=referral.version,
        )


def test_the_inbox_is_the_managers_units_only(unit, coach, manager):
    mine = make_referral(actor=coach)
    other_unit = UnitFactory(organisation=unit.organisation)
    make_referral(actor=make_user(Role.COACH, other_unit))
    make_referral(actor=make_user(Role.COACH, UnitFactory()))
    assert list(selectors.referral_inbox(actor=manager)) == [mine]
    assert list(selectors.referral_inbox(actor=coach)) == []


def test_journey_step_is_done_on_the_assignment_date(coach, manager, django_assert_num_queries):
    referral = _assign(make_referral(actor=coach), manager, coach)
    with django_assert_num_queries(1):
        steps = selectors.journey_steps(participant=referral.participant)
    assert [(s.key, s.done_on) for s in steps] == [("referral", ASSIGNED_ON)]
    assert "Arbetsförmedlingen" in steps[0].detail
    assert steps[0].url.endswith(f"/aktualiseringar/{referral.pk}/")


def test_journey_step_without_a_referral_uses_the_first_period(coach, django_assert_num_queries):
    participant = make_participant(coach=coach)
    with django_assert_num_queries(2):
        steps = selectors.journey_steps(participant=participant)
    assert steps[0].key == "referral"
    assert steps[0].done_on == datetime.date(2026, 1, 5)


def test_demo_journey_enrols_through_the_services(unit, coach, manager):
    from demo.referrals import demo_journey

    today = datetime.date(2026, 11, 23)
    participant = demo_journey(unit=unit, manager=manager, coach=coach, today=today)
    referral = participant.referrals.get()
    assert referral.received_on == today - datetime.timedelta(days=210)
    assert referral.assigned_on == today - datetime.timedelta(days=205)
    assert participant.periods.get().started_on == referral.assigned_on
