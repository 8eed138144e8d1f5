"""A participant with data in every app, made through the real services."""

import datetime

from activities.tests.factories import make_activity, make_catalogue_item
from assessments import services as assessment_services
from assessments.rules import AssessmentInput
from assessments.tests.factories import answers, card, make_assessment
from audit.services import access_event_record_list
from groupactivities import services as group_services
from groupactivities.tests.factories import make_group, make_session
from intake import services as intake_services
from mapping import services as mapping_services
from mapping.selectors import mapping_current
from mapping.tests.factories import make_meeting, make_summary
from matching.tests.factories import make_individual_plan
from participants.models import Participant
from plans import services as plan_services
from referrals import services as referral_services
from referrals.tests.factories import make_referral
from selfrating.services import invitation_create
from worktraining import services as worktraining_services
from worktraining.models import Competence
from worktraining.services import FINAL_DOCUMENTATION_FIELDS
from worktraining.tests.factories import follow_up_data, make_placement, save_schedule

D = datetime.date
SECRET = "SKYDDAD-UPPGIFT-VÅLD"


def make_participant_with_everything(*, unit, coach, manager, tag: str = "") -> Participant:
    """Every table that holds participant data gets at least one row. ``tag`` marks the
    texts, so a test can tell two participants' data apart."""
    referral = make_referral(
        actor=manager,
        unit=unit,
        first_name=f"Hela{tag}",
        last_name=f"Resan{tag}",
        reason=f"Anledning {tag}",
    )
    referral = referral_services.referral_assign(
        actor=manager,
        referral=referral,
        coach=coach,
        assigned_on=D(2026, 1, 5),
        expected_version=referral.version,
    )
    participant = referral.participant
    intake_services.intake_meeting_record(
        actor=coach,
        participant=participant,
        held_on=D(2026, 1, 6),
        information_given=["unit", "personal_data"],
        information_note=f"Inskrivning {tag}",
        consent_agencies=["employment_service"],
        consent_signed_on=D(2026, 1, 6),
    )
    make_meeting(coach=coach, participant=participant, held_on=D(2026, 1, 8))
    mapping = mapping_current(participant=participant)
    mapping_services.mapping_areas_save(
        actor=coach,
        participant=participant,
        areas=[mapping_services.AreaInput(area="work_experience", facts=f"Lager {tag}")],
        expected_version=mapping.version,
    )
    mapping = make_summary(coach=coach, participant=participant, summary=f"Sammanfattning {tag}")
    mapping_services.mapping_approve(
        actor=coach,
        participant=participant,
        approved_on=D(2026, 1, 9),
        expected_version=mapping.version,
    )
    make_individual_plan(coach=coach, participant=participant)

    version = card("smail")
    first = make_assessment(
        coach=coach,
        participant=participant,
        on=D(2026, 2, 1),
        violence={"asked": True, "support_offered": True, "note": f"{SECRET} {tag}"},
    )
    first = assessment_services.assessment_correct(
        actor=coach,
        assessment=first,
        data=AssessmentInput(
            version=version,
            assessed_on=D(2026, 2, 1),
            mode="together",
            answers=answers(version, [2] * len(answers(version))),
            violence={"asked": True, "support_offered": True, "note": f"{SECRET} {tag}"},
        ),
        expected_revision=first.revision,
    )
    item = make_catalogue_item(organisation=unit.organisation, name=f"Jobbsök {tag}")
    activity = make_activity(coach=coach, participant=participant, item=item)
    area = version.plan_areas.first()
    plan = plan_services.plan_save(
        actor=coach,
        participant=participant,
        assessment=first,
        goal=f"Mål {tag}",
        rows=[
            plan_services.RowInput(
                area_id=area.pk, sub_goal=f"Delmål {tag}", activity_ids=[activity.pk]
            )
        ],
    )
    second = make_assessment(coach=coach, participant=participant, on=D(2026, 5, 4), levels=None)
    plan_services.plan_save(
        actor=coach,
        participant=participant,
        assessment=second,
        goal=f"Nytt mål {tag}",
        rows=[plan_services.RowInput(area_id=area.pk, sub_goal=f"Nästa delmål {tag}")],
        evaluations=[
            plan_services.EvaluationInput(
                row_id=plan.rows.get().pk, result="partly", comment=f"Utvärdering {tag}"
            )
        ],
        based_on=plan,
    )
    invitation_create(actor=coach, participant=participant, version=card("bip"))

    placement = make_placement(coach=coach, participant=participant, workplace=f"Växthus {tag}")
    save_schedule(coach=coach, placement=placement, hours=[("20", "18")])
    worktraining_services.adaptation_save(
        actor=coach,
        placement=placement,
        adaptation=None,
        data={"what": f"Anpassning {tag}", "why": "Ryggen", "effect": ""},
    )
    worktraining_services.follow_up_save(
        actor=coach, placement=placement, follow_up=None, data=follow_up_data()
    )
    worktraining_services.final_documentation_save(
        actor=coach,
        placement=placement,
        data={
            **dict.fromkeys(FINAL_DOCUMENTATION_FIELDS, ""),
            "written_on": D(2026, 3, 2),
            "summary": f"Slutdokumentation {tag}",
        },
        expected_version=None,
    )
    worktraining_services.competence_card_save(
        actor=coach,
        placement=placement,
        assessed_on=D(2026, 3, 2),
        ratings=dict.fromkeys(Competence.values, (4, "")),
        expected_version=None,
    )
    worktraining_services.three_party_meeting_save(
        actor=coach,
        placement=placement,
        data={"held_on": D(2026, 3, 3), "outcome": "employment", "outcome_text": ""},
        expected_version=None,
    )
    intake_services.document_share(
        actor=coach,
        participant=participant,
        document_kind="activity_plan",
        document_id=plan.pk,
        agency="employment_service",
        shared_on=D(2026, 2, 10),
    )
    from employment.tests.factories import make_employment

    make_employment(coach=coach, participant=participant, employer=f"Arbetsgivare {tag}")
    group = make_group(coach=coach, unit=unit, name=f"Språkcafé {tag}")
    group_services.member_add(
        actor=coach, group=group, participant=participant, joined_on=D(2026, 2, 2)
    )
    session = make_session(group=group, held_on=D(2026, 2, 9))
    group_services.attendance_record(
        actor=coach, group=group, marks={(session.pk, participant.pk): "present"}
    )
    # A list page that showed the participant among others (the caseload, say).
    access_event_record_list(
        actor=coach,
        organisation_id=participant.organisation_id,
        participants=[participant],
        what="mina deltagare",
    )
    from retention.services import retention_hold_place

    retention_hold_place(
        actor=manager, participant=participant, reason="archive_decision", reference="Dnr 2026/1"
    )
    # The key a unit's spreadsheet gave the participant (the import makes it only for a
    # participant it creates; this one was registered by hand).
    from imports.models import ImportKey

    ImportKey.objects.create(
        organisation_id=participant.organisation_id, key=f"N-{tag}", participant=participant
    )
    participant.refresh_from_db()
    return participant
