import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from activities.services import activity_add, activity_update
from assessments import services as assessment_services
from assessments.rules import AssessmentInput
from assessments.tests.factories import answers, card
from audit.models import AccessEvent
from core.exceptions import RuleError
from dataprotection import services
from dataprotection.selectors import register_extract_as_json, register_extract_build
from employment.tests.factories import make_employment
from groupactivities import services as group_services
from groupactivities.models import GroupMembership, GroupSession
from intake import services as intake_services
from mapping import services as mapping_services
from mapping.selectors import mapping_current
from matching import services as matching_services
from participants import services as participant_services
from participants.models import Participant
from plans import services as plan_services
from selfrating import services as selfrating_services
from worktraining import services as worktraining_services

from .factories import make_participant_with_everything

pytestmark = pytest.mark.django_db

D = datetime.date
REFUSAL = "Uppgifterna är spärrade sedan"


@pytest.fixture
def full(unit, coach, manager):
    return make_participant_with_everything(unit=unit, coach=coach, manager=manager)


def _snapshot(participant, manager) -> dict:
    """Everything held about the participant except the access log."""
    participant = Participant.objects.get(pk=participant.pk)
    data = register_extract_as_json(
        register_extract_build(actor=manager, participant=participant, include_restricted=True)
    )
    return {key: s["rows"] for key, s in data["sections"].items() if key != "access_log"}


def _assessment_input(on):
    version = card("smail")
    return AssessmentInput(
        version=version, assessed_on=on, mode="together", answers=answers(version)
    )


# One or more representative writes from each app; each gets (coach, participant).
WRITES = {
    "participants.update": lambda c, p: participant_services.participant_update(
        actor=c,
        participant=p,
        profile={"first_name": "Nytt"},
        target_groups=[],
        expected_version=p.version,
    ),
    "participants.close": lambda c, p: participant_services.participant_close(
        actor=c, participant=p, closed_on=D(2026, 6, 1), outcome="studies"
    ),
    "assessments.record": lambda c, p: assessment_services.assessment_record(
        actor=c, participant=p, data=_assessment_input(D(2026, 6, 1))
    ),
    "assessments.correct": lambda c, p: assessment_services.assessment_correct(
        actor=c,
        assessment=(a := p.assessments.first()),
        data=_assessment_input(a.assessed_on),
        expected_revision=a.revision,
    ),
    "assessments.delete": lambda c, p: assessment_services.assessment_delete(
        actor=c, assessment=p.assessments.last(), reason="fel"
    ),
    "plans.save": lambda c, p: plan_services.plan_save(
        actor=c,
        participant=p,
        assessment=p.assessments.last(),
        goal="Annat mål",
        rows=[
            plan_services.RowInput(
                area_id=p.assessments.last().version.plan_areas.first().pk, sub_goal="x"
            )
        ],
        based_on=p.plans.get(is_current=True),
    ),
    "activities.add": lambda c, p: activity_add(
        actor=c,
        participant=p,
        data={
            "name": "Ny",
            "kind": "health",
            "indicator_codes": [],
            "start_date": D(2026, 6, 1),
            "end_date": None,
            "hours_per_week": None,
            "status": "planned",
        },
    ),
    "activities.update": lambda c, p: activity_update(
        actor=c, activity=p.activities.first(), data={"status": "paused"}
    ),
    "intake.consent": lambda c, p: intake_services.consent_record(
        actor=c, participant=p, agencies=["social_insurance"], signed_on=D(2026, 6, 1)
    ),
    "intake.document_share": lambda c, p: intake_services.document_share(
        actor=c,
        participant=p,
        document_kind="activity_plan",
        document_id=p.plans.first().pk,
        agency="employment_service",
        shared_on=D(2026, 6, 1),
    ),
    "mapping.meeting": lambda c, p: mapping_services.mapping_meeting_add(
        actor=c, participant=p, held_on=D(2026, 6, 1), minutes=30
    ),
    "mapping.summary": lambda c, p: mapping_services.mapping_summary_save(
        actor=c,
        participant=p,
        summary="Ändrad",
        assessment="",
        rehabilitation_proposals="",
        written_on=D(2026, 6, 1),
        expected_version=mapping_current(participant=p).version,
    ),
    "matching.decision": lambda c, p: matching_services.matching_decision_create(
        actor=c, participant=p, destination="studies", reason="Byte", decided_on=D(2026, 6, 1)
    ),
    "worktraining.adaptation": lambda c, p: worktraining_services.adaptation_save(
        actor=c,
        placement=p.placements.get(),
        adaptation=None,
        data={"what": "Ny", "why": "Behov", "effect": ""},
    ),
    "worktraining.three_party_meeting": lambda c, p: worktraining_services.three_party_meeting_save(
        actor=c,
        placement=(pl := p.placements.get()),
        data={"held_on": D(2026, 6, 1), "outcome": "other", "outcome_text": "x"},
        expected_version=pl.three_party_meeting.version,
    ),
    "employment.add": lambda c, p: make_employment(coach=c, participant=p),
    "groupactivities.member_end": lambda c, p: group_services.member_end(
        actor=c, membership=GroupMembership.objects.get(participant=p), left_on=D(2026, 6, 1)
    ),
    "groupactivities.attendance": lambda c, p: group_services.attendance_record(
        actor=c,
        group=(m := GroupMembership.objects.get(participant=p)).group,
        marks={(GroupSession.objects.get(group=m.group).pk, p.pk): "absent"},
    ),
    "selfrating.invitation": lambda c, p: selfrating_services.invitation_create(
        actor=c, participant=p, version=card("bip")
    ),
    "selfrating.revoke": lambda c, p: selfrating_services.invitation_revoke(
        actor=c, invitation=p.invitations.get()
    ),
}


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_every_write_is_refused_while_restricted(full, coach, manager, write):
    services.participant_restrict(actor=manager, participant=full, reason="Invändning")
    before = _snapshot(full, manager)
    touched = Participant.objects.get(pk=full.pk).last_activity_at
    participant = Participant.objects.get(pk=full.pk)
    with pytest.raises(RuleError, match=REFUSAL) as refused:
        WRITES[write](coach, participant)
    assert "Ändringar kan inte göras förrän spärren hävs." in str(refused.value)
    assert _snapshot(full, manager) == before
    assert Participant.objects.get(pk=full.pk).last_activity_at == touched


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_the_same_writes_work_once_lifted(full, coach, manager, write):
    """So the refusal above is the restriction's, not another rule's."""
    services.participant_restrict(actor=manager, participant=full, reason="Invändning")
    services.participant_restriction_lift(actor=manager, participant=full)
    before = _snapshot(full, manager)
    WRITES[write](coach, Participant.objects.get(pk=full.pk))
    assert _snapshot(full, manager) != before


def test_the_participant_cannot_fill_in_or_submit_through_their_link(full, coach, manager):
    invitation, _token = selfrating_services.invitation_create(
        actor=coach, participant=full, version=card("smail")
    )
    for question in card("smail").questions.filter(kind="scale"):
        selfrating_services.draft_answer_save(
            invitation_id=invitation.pk, key=f"q_{question.code}", value="3"
        )
    services.participant_restrict(actor=manager, participant=full, reason="Invändning")
    with pytest.raises(RuleError, match=REFUSAL):
        selfrating_services.draft_answer_save(
            invitation_id=invitation.pk, key="q_" + question.code, value="4"
        )
    with pytest.raises(RuleError, match=REFUSAL):
        selfrating_services.invitation_submit(invitation_id=invitation.pk)
    invitation.refresh_from_db()
    assert invitation.assessment_id is None
    assert invitation.draft[f"q_{question.code}"] == "3"


def test_restrict_and_lift_are_logged_and_need_a_reason(full, manager):
    with pytest.raises(RuleError, match="Skriv varför"):
        services.participant_restrict(actor=manager, participant=full, reason="  ")
    restricted = services.participant_restrict(
        actor=manager, participant=full, reason="Bestrider kartläggningen"
    )
    assert restricted.is_restricted
    assert restricted.restricted_by == manager
    assert restricted.restriction_reason == "Bestrider kartläggningen"
    with pytest.raises(RuleError, match="redan spärrade"):
        services.participant_restrict(actor=manager, participant=full, reason="igen")
    lifted = services.participant_restriction_lift(actor=manager, participant=full, note="Utrett")
    assert not lifted.is_restricted
    assert lifted.restriction_reason == ""
    events = list(
        AccessEvent.objects.filter(
            participant=full, actor=manager, action=AccessEvent.Action.CHANGE
        ).order_by("id")
    )
    assert events[-2].what == "spärr: Bestrider kartläggningen"
    assert events[-1].what.startswith("hävd spärr (spärrad sedan ")
    assert events[-1].what.endswith(": Utrett")


def test_only_a_manager_of_the_unit_restricts(client, full, coach, manager):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.participant_restrict(actor=coach, participant=full, reason="x")
    url = reverse("dataprotection:restriction", args=[full.pk])
    client.force_login(coach)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(make_user(Role.MANAGER, UnitFactory()))
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert not Participant.objects.get(pk=full.pk).is_restricted


def test_the_pages_restrict_show_the_banner_refuse_a_save_and_lift(client, full, coach, manager):
    client.force_login(manager)
    url = reverse("dataprotection:restriction", args=[full.pk])
    detail = reverse("participants:detail", args=[full.pk])
    assert "Spärra uppgifter" in client.get(detail).content.decode()
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert "error-summary" in empty.content.decode()
    assert client.post(url, {"reason": "Invändning mot kartläggningen"}).status_code == 302
    page = client.get(detail).content.decode()
    assert "Uppgifterna är spärrade" in page
    assert "Invändning mot kartläggningen" in page
    assert "Häv spärr" in page

    # Reading, printing and the extract stay allowed; saving shows the message.
    client.force_login(coach)
    assert client.get(detail).status_code == 200
    plan = full.plans.get(is_current=True)
    assert client.get(reverse("printouts:plan_pdf", args=[full.pk, plan.pk])).status_code == 200
    extract = client.post(
        reverse("dataprotection:extract", args=[full.pk]), {"file_format": "json"}
    )
    assert extract.status_code == 200
    edit = reverse("participants:edit", args=[full.pk])
    form = client.get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "target_groups"}
    data.update(first_name="Ändrat", version=full.version, unit=full.unit_id)
    refused = client.post(edit, data)
    assert refused.status_code == 200
    assert REFUSAL in refused.content.decode()
    assert Participant.objects.get(pk=full.pk).first_name != "Ändrat"
    # A button that never expected a refusal gets the message too, not a server error.
    revoke = client.post(reverse("selfrating:revoke", args=[full.pk, full.invitations.get().pk]))
    assert revoke.status_code == 409
    assert REFUSAL in revoke.content.decode()

    client.force_login(manager)
    assert client.post(url, {"note": ""}).status_code == 302
    assert not Participant.objects.get(pk=full.pk).is_restricted
    assert "Uppgifterna är spärrade" not in client.get(detail).content.decode()
