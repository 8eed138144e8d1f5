import datetime

import pytest
from django.db import IntegrityError

from audit.models import AccessEvent
from core.exceptions import ConflictError, RuleError
from intake import selectors, services
from intake.models import Agency, Consent, DocumentKind, DocumentShare, IntakeMeeting

pytestmark = pytest.mark.django_db

D = datetime.date
SIGNED_ON = D(2026, 3, 2)
SHARED_ON = D(2026, 4, 1)


def _consent(coach, participant, agencies=(Agency.EMPLOYMENT_SERVICE,), signed_on=SIGNED_ON):
    return services.consent_record(
        actor=coach, participant=participant, agencies=list(agencies), signed_on=signed_on
    )


def _share(coach, participant, agency=Agency.EMPLOYMENT_SERVICE, shared_on=SHARED_ON):
    return services.document_share(
        actor=coach,
        participant=participant,
        document_kind=DocumentKind.INDIVIDUAL_PLAN,
        document_id=7,
        agency=agency,
        shared_on=shared_on,
    )


def test_the_intake_meeting_records_the_consent_signed_at_it(coach, participant):
    meeting = services.intake_meeting_record(
        actor=coach,
        participant=participant,
        held_on=D(2026, 3, 2),
        information_given=["consent", "unit"],
        first_mapping_on=D(2026, 3, 9),
        consent_agencies=[Agency.SOCIAL_INSURANCE, Agency.EMPLOYMENT_SERVICE],
        consent_signed_on=D(2026, 3, 2),
    )
    assert meeting.information_given == ["unit", "consent"]
    state = selectors.consent_current(participant=participant)
    assert state.agencies == {Agency.EMPLOYMENT_SERVICE, Agency.SOCIAL_INSURANCE}
    assert Agency.EMPLOYMENT_SERVICE in state
    assert Agency.HEALTH_CARE not in state
    assert state.summary() == (
        "Samtycke: Arbetsförmedlingen, Försäkringskassan – undertecknat 2026-03-02"
    )
    event = AccessEvent.objects.get(
        participant=participant,
        action=AccessEvent.Action.CREATE,
        what__startswith="inskrivningssamtal",
    )
    assert "medgivande" in event.what


def test_a_meeting_without_consent_leaves_no_consent(coach, participant):
    services.intake_meeting_record(actor=coach, participant=participant, held_on=D(2026, 3, 2))
    state = selectors.consent_current(participant=participant)
    assert not state
    assert state.summary() == "Inget samtycke"


def test_consent_needs_agencies_and_a_date_and_nothing_is_saved(coach, participant):
    with pytest.raises(RuleError) as error:
        services.intake_meeting_record(
            actor=coach,
            participant=participant,
            held_on=D(2026, 3, 2),
            consent_signed_on=D(2026, 3, 2),
        )
    assert "consent_agencies" in error.value.message_dict
    with pytest.raises(RuleError) as error:
        services.intake_meeting_record(
            actor=coach,
            participant=participant,
            held_on=D(2026, 3, 2),
            consent_agencies=[Agency.UNIT],
        )
    assert "consent_signed_on" in error.value.message_dict
    assert IntakeMeeting.objects.count() == 0
    assert Consent.objects.count() == 0


def test_mapping_cannot_be_booked_before_the_meeting(coach, participant):
    with pytest.raises(RuleError) as error:
        services.intake_meeting_record(
            actor=coach,
            participant=participant,
            held_on=D(2026, 3, 2),
            first_mapping_on=D(2026, 3, 1),
        )
    assert "first_mapping_on" in error.value.message_dict


def test_a_meeting_in_the_future_is_refused(coach, participant):
    with pytest.raises(RuleError) as error:
        services.intake_meeting_record(
            actor=coach,
            participant=participant,
            held_on=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert "held_on" in error.value.message_dict


def test_withdrawal_dated_before_signing_is_refused_and_nothing_saved(coach, participant):
    consent = _consent(coach, participant)
    with pytest.raises(RuleError) as error:
        services.consent_withdraw(
            actor=coach, consent=consent, withdrawn_on=D(2026, 3, 1), expected_version=1
        )
    assert "före undertecknandet" in error.value.message_dict["withdrawn_on"][0]
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert selectors.consent_current(participant=participant)


def test_the_database_also_refuses_a_withdrawal_before_signing(coach, participant):
    consent = _consent(coach, participant)
    with pytest.raises(IntegrityError):
        Consent.objects.filter(pk=consent.pk).update(withdrawn_on=D(2026, 1, 1))


def test_withdrawal_on_the_signing_day_ends_the_consent(coach, participant):
    consent = _consent(coach, participant)
    services.consent_withdraw(
        actor=coach, consent=consent, withdrawn_on=D(2026, 3, 2), expected_version=1
    )
    state = selectors.consent_current(participant=participant)
    assert not state
    assert state.is_withdrawn
    assert Agency.EMPLOYMENT_SERVICE not in state
    assert state.summary() == "Samtycke återkallat 2026-03-02"


def test_withdrawal_twice_or_on_an_old_version_is_refused(coach, participant):
    consent = _consent(coach, participant)
    with pytest.raises(ConflictError):
        services.consent_withdraw(
            actor=coach, consent=consent, withdrawn_on=D(2026, 3, 5), expected_version=0
        )
    services.consent_withdraw(
        actor=coach, consent=consent, withdrawn_on=D(2026, 3, 5), expected_version=1
    )
    with pytest.raises(RuleError, match="redan återkallat"):
        services.consent_withdraw(
            actor=coach, consent=consent, withdrawn_on=D(2026, 3, 6), expected_version=2
        )


def test_a_new_consent_is_a_new_row_and_replaces_the_old(coach, participant):
    first = _consent(coach, participant)
    services.consent_withdraw(
        actor=coach, consent=first, withdrawn_on=D(2026, 4, 1), expected_version=1
    )
    with pytest.raises(RuleError) as error:
        _consent(coach, participant, agencies=[Agency.HEALTH_CARE], signed_on=D(2026, 3, 20))
    assert "signed_on" in error.value.message_dict
    _consent(coach, participant, agencies=[Agency.HEALTH_CARE], signed_on=D(2026, 4, 10))
    assert Consent.objects.filter(participant=participant).count() == 2
    state = selectors.consent_current(participant=participant)
    assert state.agencies == {Agency.HEALTH_CARE}
    first.refresh_from_db()
    assert first.agencies == [Agency.EMPLOYMENT_SERVICE]


def test_share_refused_without_consent(coach, participant):
    with pytest.raises(RuleError) as error:
        _share(coach, participant)
    assert "inte lämnat medgivande" in error.value.message_dict["agency"][0]
    assert DocumentShare.objects.count() == 0


def test_share_refused_with_an_agency_outside_the_consent(coach, participant):
    _consent(coach, participant)
    with pytest.raises(RuleError) as error:
        _share(coach, participant, agency=Agency.SOCIAL_INSURANCE)
    assert "Försäkringskassan" in error.value.message_dict["agency"][0]
    assert DocumentShare.objects.count() == 0


def test_share_refused_after_withdrawal(coach, participant):
    consent = _consent(coach, participant)
    services.consent_withdraw(
        actor=coach, consent=consent, withdrawn_on=D(2026, 3, 20), expected_version=1
    )
    with pytest.raises(RuleError) as error:
        _share(coach, participant)
    assert "återkallade" in error.value.message_dict["agency"][0]
    assert DocumentShare.objects.count() == 0


def test_share_before_the_consent_was_signed_is_refused(coach, participant):
    _consent(coach, participant)
    with pytest.raises(RuleError) as error:
        _share(coach, participant, shared_on=D(2026, 2, 1))
    assert "shared_on" in error.value.message_dict


def test_share_allowed_with_consent_and_logged(coach, participant):
    consent = _consent(coach, participant)
    share = _share(coach, participant)
    assert share.consent == consent
    assert share.shared_by == coach
    event = AccessEvent.objects.filter(participant=participant).order_by("-id").first()
    assert event.action == AccessEvent.Action.EXPORT
    assert "individual_plan 7" in event.what


def test_a_meeting_edit_checks_the_version(coach, participant):
    meeting = services.intake_meeting_record(
        actor=coach, participant=participant, held_on=D(2026, 3, 2)
    )
    kwargs = {
        "held_on": D(2026, 3, 3),
        "information_given": ["unit"],
        "information_note": "",
        "first_mapping_on": D(2026, 3, 10),
    }
    services.intake_meeting_update(actor=coach, meeting=meeting, expected_version=1, **kwargs)
    with pytest.raises(ConflictError):
        services.intake_meeting_update(actor=coach, meeting=meeting, expected_version=1, **kwargs)
    meeting.refresh_from_db()
    assert meeting.held_on == D(2026, 3, 3)
    assert meeting.version == 2


def test_journey_step_in_two_queries(coach, participant, django_assert_num_queries):
    with django_assert_num_queries(2):
        steps = selectors.journey_steps(participant=participant)
    assert steps[0].key == "intake"
    assert not steps[0].is_done
    assert steps[0].detail == "Inget samtycke"
    services.intake_meeting_record(
        actor=coach,
        participant=participant,
        held_on=D(2026, 3, 2),
        consent_agencies=[Agency.EMPLOYMENT_SERVICE],
        consent_signed_on=D(2026, 3, 2),
    )
    with django_assert_num_queries(2):
        steps = selectors.journey_steps(participant=participant)
    assert steps[0].done_on == D(2026, 3, 2)
    assert steps[0].detail.startswith("Samtycke: Arbetsförmedlingen")


def test_demo_journey(coach, participant):
    from demo.intake import demo_journey

    today = D(2026, 11, 23)
    meeting = demo_journey(participant=participant, coach=coach, today=today)
    assert meeting.held_on == today - datetime.timedelta(days=200)
    assert meeting.first_mapping_on == today - datetime.timedelta(days=193)
    state = selectors.consent_current(participant=participant)
    assert state.agencies == {
        Agency.EMPLOYMENT_SERVICE,
        Agency.SOCIAL_INSURANCE,
        Agency.HEALTH_CARE,
        Agency.UNIT,
    }
