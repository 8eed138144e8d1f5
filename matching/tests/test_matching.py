"""Matching and the individual plan: the order of the steps, the responsibility table,
signatures, versions, conflicts, prints, scoping and the journey."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from assessments.tests.factories import make_assessment
from audit.models import AccessEvent
from core.exceptions import ConflictError, RuleError
from demo.mapping import demo_journey as mapping_demo
from demo.matching import demo_journey
from mapping.tests.factories import make_meeting
from matching import selectors, services
from matching.models import Destination, IndividualPlan, MatchingDecision, Party
from matching.tests.factories import make_decision, make_individual_plan
from participants.tests.factories import make_participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_coach")]
DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def participant(coach, today):
    return make_participant(
        coach=coach, first_name="Amina", last_name="Holm", started_on=today - 60 * DAY
    )


def _url(name, participant, *args):
    return reverse(f"matching:{name}", args=[participant.pk, *args])


def _text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _plan_post(version=None, based_on=None, **overrides):
    data = {
        "goal": "Arbete i storkök",
        "sub_goals": "Körkort",
        "drawn_up_on": timezone.localdate().isoformat(),
        "version": version or "",
        "based_on": based_on or "",
        "rows-TOTAL_FORMS": "3",
        "rows-INITIAL_FORMS": "2" if based_on else "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
        "rows-0-what": "Ordna arbetsträningsplats",
        "rows-0-who": "Handledaren",
        "rows-0-due_on": "",
        "rows-1-what": "Besluta om arbetsträning",
        "rows-1-who": "Arbetsförmedlingen",
        "rows-1-due_on": "",
        "rows-2-what": "",
        "rows-2-who": "",
        "rows-2-due_on": "",
    }
    data.update(overrides)
    return data


# Matching


def test_matching_before_any_mapping_meeting_is_refused_and_nothing_saved(
    client, participant, today
):
    response = client.post(
        _url("decision", participant),
        {"destination": "work_training", "reason": "Passar", "decided_on": today.isoformat()},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Formuläret innehåller fel" in html
    assert "registrera minst ett kartläggningssamtal först" in html
    assert "Passar" in html  # kept
    assert not MatchingDecision.objects.exists()


def test_matching_without_reason_is_refused_next_to_the_field(client, coach, participant, today):
    make_meeting(coach=coach, participant=participant)
    response = client.post(
        _url("decision", participant),
        {"destination": "studies", "reason": "", "decided_on": today.isoformat()},
    )
    html = response.content.decode()
    assert 'id="reason-error"' in html
    assert "Skriv en motivering till beslutet." in html
    assert not MatchingDecision.objects.exists()


def test_matching_after_a_meeting_and_a_later_decision_supersedes(
    client, coach, participant, today
):
    make_meeting(coach=coach, participant=participant, held_on=today - 10 * DAY)
    with pytest.raises(RuleError):
        services.matching_decision_create(
            actor=coach,
            participant=participant,
            destination="studies",
            reason="x",
            decided_on=today - 11 * DAY,
        )
    response = client.post(
        _url("decision", participant),
        {
            "destination": "care",
            "reason": "Behöver vård först",
            "decided_on": (today - 5 * DAY).isoformat(),
        },
    )
    assert response.status_code == 302
    make_decision(coach=coach, participant=participant, decided_on=today - DAY)
    current = selectors.matching_decision_current(participant=participant)
    assert current.destination == Destination.WORK_TRAINING
    html = client.get(_url("decision", participant)).content.decode()
    assert "Tidigare beslut" in html
    assert "Behöver vård först" in html


# The individual plan


def test_a_plan_before_the_matching_decision_is_refused_and_nothing_saved(
    client, coach, participant
):
    make_meeting(coach=coach, participant=participant)
    response = client.post(_url("plan_edit", participant), _plan_post())
    assert response.status_code == 200
    html = response.content.decode()
    assert "gör ett matchningsbeslut först" in html
    assert "Formuläret innehåller fel" in html
    assert "Ordna arbetsträningsplats" in html  # kept
    assert not IndividualPlan.objects.exists()


def test_a_row_without_who_is_refused_next_to_the_field(client, coach, participant):
    make_decision(coach=coach, participant=participant)
    response = client.post(_url("plan_edit", participant), _plan_post(**{"rows-1-who": ""}))
    html = response.content.decode()
    assert 'id="rows-1-who-error"' in html
    assert "Skriv vem som ansvarar." in html
    assert "Rad 2" in html
    assert not IndividualPlan.objects.exists()


def test_a_plan_without_rows_is_refused(client, coach, participant):
    make_decision(coach=coach, participant=participant)
    response = client.post(
        _url("plan_edit", participant),
        _plan_post(**{"rows-0-what": "", "rows-0-who": "", "rows-1-what": "", "rows-1-who": ""}),
    )
    assert "Skriv minst en rad i ansvarsfördelningen" in response.content.decode()
    assert not IndividualPlan.objects.exists()


def test_plan_is_written_changed_in_place_until_signed_then_revised_as_a_new_version(
    client, coach, participant, today
):
    make_decision(coach=coach, participant=participant, decided_on=today - 5 * DAY)
    assert client.post(_url("plan_edit", participant), _plan_post()).status_code == 302
    plan = IndividualPlan.objects.get()
    assert [r.what for r in plan.rows.all()] == [
        "Ordna arbetsträningsplats",
        "Besluta om arbetsträning",
    ]
    response = client.post(
        _url("plan_edit", participant),
        _plan_post(version=plan.version, based_on=plan.pk, goal="Arbete i skolkök"),
    )
    assert response.status_code == 302
    assert IndividualPlan.objects.get().goal == "Arbete i skolkök"

    plan.refresh_from_db()
    response = client.post(
        _url("plan_sign", participant),
        {
            "version": plan.version,
            "participant_name": "Amina Holm",
            "participant_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.participant_signed_by == "Amina Holm"
    assert plan.is_signed_by_anyone
    assert not plan.is_signed_by_all

    response = client.post(
        _url("plan_edit", participant),
        _plan_post(version=plan.version, based_on=plan.pk, goal="Arbete i restaurang"),
    )
    assert response.status_code == 302
    first, second = IndividualPlan.objects.order_by("number")
    assert first.goal == "Arbete i skolkök"
    assert not first.is_current
    assert first.participant_signed_on == today
    assert second.goal == "Arbete i restaurang"
    assert second.is_current
    assert second.participant_signed_on is None
    html = client.get(_url("plan_version", participant, first.pk)).content.decode()
    assert "tidigare version" in html
    assert "Arbete i skolkök" in html


def test_a_stale_plan_edit_is_a_conflict_and_keeps_the_input(client, coach, participant):
    plan = make_individual_plan(coach=coach, participant=participant, signed=False)
    stale = plan.version
    services.individual_plan_follow_up(
        actor=coach, participant=participant, done_row_ids=set(), expected_version=stale
    )
    response = client.post(
        _url("plan_edit", participant),
        _plan_post(version=stale, based_on=plan.pk, goal="Min nya text"),
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Någon annan har ändrat uppgifterna" in html
    assert "Min nya text" in html
    assert IndividualPlan.objects.get().goal == "Arbete i storkök."
    with pytest.raises(ConflictError):
        services.individual_plan_save(
            actor=coach,
            participant=participant,
            goal="x",
            sub_goals="",
            drawn_up_on=plan.drawn_up_on,
            rows=[services.RowInput(what="a", who="b")],
            expected_version=None,
            based_on_id=None,
        )


# Signatures


def test_signatures_record_who_and_when_and_complete_the_journey_step(
    client, coach, participant, today, django_assert_num_queries
):
    make_meeting(coach=coach, participant=participant, held_on=today - 20 * DAY)
    make_decision(coach=coach, participant=participant, decided_on=today - 10 * DAY)
    plan = make_individual_plan(coach=coach, participant=participant, signed=False)
    with django_assert_num_queries(2):
        matching_step, plan_step = selectors.journey_steps(participant=participant)
    assert matching_step.key == "matching"
    assert matching_step.done_on == today - 10 * DAY
    assert matching_step.detail == "Arbetsträning"
    assert plan_step.key == "individual_plan"
    assert plan_step.done_on is None
    assert plan_step.detail == "0 av 3 underskrifter"

    response = client.post(
        _url("plan_sign", participant),
        {
            "version": plan.version,
            "participant_name": "Amina Holm",
            "participant_on": (today - 7 * DAY).isoformat(),
            "coach_name": "Hanna Handledare",
            "coach_on": (today - 7 * DAY).isoformat(),
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert selectors.journey_steps(participant=participant)[1].detail == "2 av 3 underskrifter"
    page = client.get(_url("plan_sign", participant)).content.decode()
    assert "Arbetsförmedlingen" in page
    assert 'name="participant_name"' not in page  # a signature is not given twice
    response = client.post(
        _url("plan_sign", participant),
        {
            "version": plan.version,
            "employment_service_name": "Maria Lind",
            "employment_service_on": (today - 3 * DAY).isoformat(),
        },
        follow=True,
    )
    assert "underskriven av alla tre parter" in response.content.decode()
    plan.refresh_from_db()
    assert plan.is_signed_by_all
    assert plan.employment_service_signed_by == "Maria Lind"
    assert plan.fully_signed_on == today - 3 * DAY
    assert selectors.journey_steps(participant=participant)[1].done_on == today - 3 * DAY


def test_bad_signatures_are_refused_next_to_the_field(client, coach, participant, today):
    plan = make_individual_plan(coach=coach, participant=participant, signed=False)
    response = client.post(
        _url("plan_sign", participant),
        {"version": plan.version, "coach_name": "Hanna", "coach_on": ""},
    )
    html = response.content.decode()
    assert 'id="coach_on-error"' in html
    assert "Ange datum för underskriften." in html
    assert 'value="Hanna"' in html
    response = client.post(
        _url("plan_sign", participant),
        {
            "version": plan.version,
            "coach_name": "Hanna",
            "coach_on": (plan.drawn_up_on - DAY).isoformat(),
        },
    )
    assert "före planens datum" in response.content.decode()
    response = client.post(_url("plan_sign", participant), {"version": plan.version})
    assert "Fyll i minst en underskrift" in response.content.decode()
    plan.refresh_from_db()
    assert not plan.is_signed_by_anyone
    services.individual_plan_sign(
        actor=coach,
        participant=participant,
        signatures={Party.COACH: ("Hanna", today)},
        expected_version=plan.version,
    )
    plan.refresh_from_db()
    with pytest.raises(RuleError):
        services.individual_plan_sign(
            actor=coach,
            participant=participant,
            signatures={Party.COACH: ("Någon annan", today)},
            expected_version=plan.version,
        )


def test_rows_are_followed_up_on_a_signed_plan(client, coach, participant):
    plan = make_individual_plan(coach=coach, participant=participant, signed=True)
    first, second = plan.rows.all()
    response = client.post(
        _url("plan_follow_up", participant), {"version": plan.version, "done": [first.pk]}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.done
    assert not second.done
    assert IndividualPlan.objects.count() == 1
    assert IndividualPlan.objects.get().is_signed_by_all


# Prints, scoping, the access log


def test_the_plan_pdf_has_goal_rows_signatures_and_nothing_restricted(
    client, coach, participant, today
):
    make_assessment(
        coach=coach,
        participant=participant,
        on=today - 20 * DAY,
        violence={"asked": True, "support_offered": True, "note": "SKYDDADANTECKNING"},
    )
    plan = make_individual_plan(coach=coach, participant=participant, signed=True)
    response = client.get(_url("plan_pdf", participant, plan.pk))
    assert response["Content-Type"] == "application/pdf"
    text = _text(response)
    for expected in (
        "Individuell plan mot arbete",
        "Amina Holm",
        "Arbete i storkök.",
        "Ordna arbetsträningsplats",
        "Arbetsförmedlingen",
        "Namn employment_service",
        "Ansvarsfördelning",
    ):
        assert expected in text, expected
    assert "SKYDDADANTECKNING" not in text
    assert "våld" not in text.lower()
    client.get(_url("plan_print", participant, plan.pk))
    prints = AccessEvent.objects.filter(participant=participant, action=AccessEvent.Action.PRINT)
    assert prints.count() == 2
    assert all(e.what.startswith("individuell plan") for e in prints)


@pytest.mark.parametrize("who", ["foreign_coach", "sibling_coach"])
def test_another_organisations_or_units_coach_gets_404(client, coach, unit, participant, who):
    plan = make_individual_plan(coach=coach, participant=participant)
    other_unit = (
        UnitFactory() if who == "foreign_coach" else UnitFactory(organisation=unit.organisation)
    )
    client.force_login(make_user(Role.COACH, other_unit))
    before = AccessEvent.objects.count()
    for name, args in (
        ("decision", ()),
        ("plan", ()),
        ("plan_edit", ()),
        ("plan_sign", ()),
        ("plan_version", (plan.pk,)),
        ("plan_print", (plan.pk,)),
        ("plan_pdf", (plan.pk,)),
    ):
        assert client.get(_url(name, participant, *args)).status_code == 404, name
    assert client.post(_url("plan_follow_up", participant)).status_code == 404
    assert AccessEvent.objects.count() == before


def test_a_plan_of_another_participant_is_404(client, coach, participant):
    plan = make_individual_plan(coach=coach, participant=participant)
    other = make_participant(coach=coach)
    assert client.get(_url("plan_print", other, plan.pk)).status_code == 404
    assert client.get(_url("plan_version", other, plan.pk)).status_code == 404


def test_reads_are_logged(client, coach, participant):
    make_individual_plan(coach=coach, participant=participant)
    client.get(_url("plan", participant))
    client.get(_url("decision", participant))
    whats = set(
        AccessEvent.objects.filter(
            participant=participant, action=AccessEvent.Action.VIEW
        ).values_list("what", flat=True)
    )
    assert {"individuell plan", "matchning"} <= whats


# Demo


def test_demo_journey(coach, today):
    participant = make_participant(coach=coach, started_on=today - 200 * DAY)
    mapping_demo(participant=participant, coach=coach, today=today)
    plan = demo_journey(participant=participant, coach=coach, today=today)
    decision = selectors.matching_decision_current(participant=participant)
    assert decision.destination == Destination.WORK_TRAINING
    assert decision.decided_on == today - 178 * DAY
    assert plan.is_signed_by_all
    assert plan.fully_signed_on == today - 175 * DAY
    assert 3 <= plan.rows.count() <= 4
    steps = selectors.journey_steps(participant=participant)
    assert [s.done_on for s in steps] == [today - 178 * DAY, today - 175 * DAY]
