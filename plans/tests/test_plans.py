import datetime

import pytest
from django.urls import reverse

from activities.tests.factories import make_activity, make_catalogue_item
from assessments.tests.factories import make_assessment
from core.exceptions import ConflictError, RuleError
from participants.tests.factories import make_participant
from plans import selectors, services
from plans.models import ActivityPlan
from plans.tests.factories import make_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_coach")]
D = datetime.date


def _area(assessment, code):
    return assessment.version.plan_areas.get(code=code)


def test_plan_versions_are_kept_and_sub_goals_evaluated(coach, participant):
    first = make_assessment(coach=coach, participant=participant, on=D(2026, 1, 10))
    plan1 = make_plan(coach=coach, participant=participant, assessment=first)
    second = make_assessment(coach=coach, participant=participant, on=D(2026, 4, 10))
    row = plan1.rows.get()
    plan2 = services.plan_save(
        actor=coach,
        participant=participant,
        assessment=second,
        goal="Studier på Komvux.",
        rows=[
            services.RowInput(area_id=_area(second, "health").pk, sub_goal="Promenera dagligen.")
        ],
        evaluations=[
            services.EvaluationInput(row_id=row.pk, result="partly", comment="Två av tre")
        ],
        based_on=plan1,
    )
    plan1.refresh_from_db()
    assert not plan1.is_current
    assert plan2.is_current
    assert plan2.number == 2
    assert row.evaluation.result == "partly"
    assert [p.number for p in selectors.plan_list(participant=participant)] == [2, 1]


def test_saving_from_an_old_version_is_refused(coach, participant):
    assessment = make_assessment(coach=coach, participant=participant)
    plan1 = make_plan(coach=coach, participant=participant, assessment=assessment)
    make_plan(coach=coach, participant=participant, assessment=assessment)
    with pytest.raises(ConflictError):
        services.plan_save(
            actor=coach,
            participant=participant,
            assessment=assessment,
            goal="x",
            rows=[services.RowInput(area_id=_area(assessment, "health").pk, sub_goal="y")],
            based_on=plan1,
        )
    assert ActivityPlan.objects.count() == 2


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"target_score": 6}, "Målsiffran"),
        ({"start_date": D(2026, 3, 1), "follow_up_date": D(2026, 2, 1)}, "Uppföljningen"),
    ],
)
def test_bad_rows_are_refused(coach, participant, row, message):
    assessment = make_assessment(coach=coach, participant=participant)
    with pytest.raises(RuleError, match=message):
        services.plan_save(
            actor=coach,
            participant=participant,
            assessment=assessment,
            goal="Arbete",
            rows=[services.RowInput(area_id=_area(assessment, "health").pk, sub_goal="y", **row)],
        )
    assert not ActivityPlan.objects.exists()


def test_an_activity_of_another_participant_cannot_be_linked(coach, participant):
    assessment = make_assessment(coach=coach, participant=participant)
    other = make_participant(coach=coach)
    foreign = make_activity(coach=coach, participant=other)
    with pytest.raises(RuleError):
        services.plan_save(
            actor=coach,
            participant=participant,
            assessment=assessment,
            goal="Arbete",
            rows=[
                services.RowInput(
                    area_id=_area(assessment, "health").pk, sub_goal="y", activity_ids=[foreign.pk]
                )
            ],
        )


def test_score_today_comes_from_the_assessment(coach, participant):
    assessment = make_assessment(coach=coach, participant=participant, levels=[4, 3, 3, 3, 3, 2])
    scores = selectors.area_scores(
        selectors.plan_get(
            participant=participant,
            plan_id=make_plan(coach=coach, participant=participant, assessment=assessment).pk,
        ).assessment
    )
    assert scores[_area(assessment, "health").pk] == [2]
    assert scores[_area(assessment, "belief_in_work").pk] == [4]
    assert scores[_area(assessment, "other").pk] == []


def test_plan_page_recommends_action_then_clears_with_parallel_activities(
    client, coach, participant, unit
):
    today = datetime.date.today()
    make_assessment(coach=coach, participant=participant, on=today, levels=[3, 3, 3, 3, 3, 2])
    health = make_catalogue_item(
        organisation=unit.organisation,
        name="Kost och motion",
        kind="health",
        indicator_codes=["health"],
    )
    job = make_catalogue_item(
        organisation=unit.organisation,
        name="Jobbsök",
        kind="job_focused",
        indicator_codes=["job_search"],
    )
    url = reverse("plans:plan", args=[participant.pk])
    page = client.get(url).content.decode()
    assert "Åtgärd rekommenderas" in page
    assert "Kost och motion" in page
    assert "Ingen jobbfokuserad insats pågår" in page
    make_activity(coach=coach, participant=participant, item=health, start_date=today)
    page = client.get(url).content.decode()
    assert "Åtgärd rekommenderas" not in page
    assert "Parallella insatser" in page
    make_activity(coach=coach, participant=participant, item=job, start_date=today)
    page = client.get(url).content.decode()
    assert "Parallella insatser" not in page
    assert "Ingen jobbfokuserad insats pågår" not in page


def test_writing_the_plan_through_the_page(client, coach, participant):
    assessment = make_assessment(coach=coach, participant=participant)
    health = _area(assessment, "health")
    url = reverse("plans:edit", args=[participant.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"goal": "", f"row_{health.pk}_include": "on"})
    page = response.content.decode()
    assert "Skriv ett kort och konkret delmål." in page
    assert not ActivityPlan.objects.exists()
    response = client.post(
        url,
        {
            "goal": "Arbete i butik",
            f"row_{health.pk}_include": "on",
            f"row_{health.pk}_sub_goal": "Promenera tre gånger i veckan",
            f"row_{health.pk}_target_score": "4",
            f"row_{health.pk}_responsible": "participant",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("plans:plan", args=[participant.pk])).content.decode()
    assert "Promenera tre gånger i veckan" in page
    assert "Arbete i butik" in page


def test_old_versions_are_read_only(client, coach, participant):
    assessment = make_assessment(coach=coach, participant=participant)
    old = make_plan(coach=coach, participant=participant, assessment=assessment)
    make_plan(coach=coach, participant=participant, assessment=assessment, goal="Ny plan")
    page = client.get(reverse("plans:version", args=[participant.pk, old.pk])).content.decode()
    assert "kan läsas men inte ändras" in page
    # A form posted from the old version is refused, nothing saved.
    health = _area(assessment, "health")
    response = client.post(
        reverse("plans:edit", args=[participant.pk]),
        {
            "goal": "Från gammal version",
            "based_on": old.pk,
            f"row_{health.pk}_include": "on",
            f"row_{health.pk}_sub_goal": "x",
            f"row_{health.pk}_responsible": "participant",
        },
    )
    assert response.status_code == 409
    assert "Någon annan har ändrat uppgifterna" in response.content.decode()
    assert "Från gammal version" in response.content.decode()  # the input is kept
    assert ActivityPlan.objects.count() == 2


def test_plan_page_query_count_is_constant(
    client, coach, participant, django_assert_max_num_queries
):
    assessment = make_assessment(coach=coach, participant=participant)
    make_plan(coach=coach, participant=participant, assessment=assessment)
    url = reverse("plans:plan", args=[participant.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    for _ in range(10):
        make_activity(coach=coach, participant=participant)
        latest = make_plan(coach=coach, participant=participant, assessment=assessment)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["plans"]) == 11
    assert response.context["current"] == latest


def test_a_plan_from_an_older_assessment_says_so_on_both_pages(client, coach, participant):
    first = make_assessment(coach=coach, participant=participant, on=D(2026, 1, 10))
    plan1 = make_plan(coach=coach, participant=participant, assessment=first)
    pages = [
        reverse("plans:plan", args=[participant.pk]),
        reverse("participants:detail", args=[participant.pk]),
    ]
    for url in pages:
        assert "Planen bygger på en äldre skattning" not in client.get(url).content.decode()
    second = make_assessment(coach=coach, participant=participant, on=D(2026, 4, 10))
    for url in pages:
        page = client.get(url).content.decode()
        assert "Planen bygger på en äldre skattning" in page
        assert "skattningen 2026-01-10" in page
        assert "skattat igen 2026-04-10" in page
        assert reverse("plans:edit", args=[participant.pk]) in page
    services.plan_save(
        actor=coach,
        participant=participant,
        assessment=second,
        goal="Studier på Komvux.",
        rows=[services.RowInput(area_id=_area(second, "health").pk, sub_goal="Promenera.")],
        based_on=plan1,
    )
    for url in pages:
        assert "Planen bygger på en äldre skattning" not in client.get(url).content.decode()


def test_an_ongoing_activity_past_its_end_is_shown_as_needing_attention(client, coach, participant):
    from django.utils import timezone

    today = timezone.localdate()
    make_activity(
        coach=coach,
        participant=participant,
        start_date=today - datetime.timedelta(days=60),
        end_date=today - datetime.timedelta(days=2),
        status="ongoing",
    )
    make_activity(coach=coach, participant=participant, start_date=today, status="ongoing")
    page = client.get(reverse("plans:plan", args=[participant.pk])).content.decode()
    assert page.count("Slutdatumet har passerat: uppdatera status") == 1


def test_the_plan_form_is_compact(client, coach, participant):
    """Areas needing action first, the rest folded; finished activities not offered."""
    make_assessment(
        coach=coach, participant=participant, on=D(2026, 2, 1), levels=[4, 4, 4, 4, 4, 2]
    )
    make_activity(coach=coach, participant=participant, name="Pågående praktik")
    make_activity(
        coach=coach,
        participant=participant,
        name="Avslutad kurs",
        status="finished",
        end_date=D(2026, 3, 1),
    )
    page = client.get(reverse("plans:edit", args=[participant.pk])).content.decode()
    assert "Pågående praktik" in page
    assert "Avslutad kurs" not in page
    # Health (2) is the only area under 3: it comes before the folded others.
    folded = page.index('<details class="plan-more"')
    assert (
        page.index("Prioritera Hälsotillstånd")
        < folded
        < page.index("Prioritera Jobbsökningsbeteende")
    )
    assert '<details class="plan-more">' in page  # nothing chosen there: folded


def _posted_plan(assessment, **extra):
    health = _area(assessment, "health")
    return {
        "goal": "Ett jobb inom vården",
        f"row_{health.pk}_include": "on",
        f"row_{health.pk}_sub_goal": "Sova bättre, promenera varje dag",
        f"row_{health.pk}_responsible": "participant",
        **extra,
    }, health


def test_an_activity_from_the_catalogue_is_added_inside_the_plan_form(
    client, coach, participant, unit
):
    assessment = make_assessment(coach=coach, participant=participant, levels=[4, 4, 4, 4, 4, 2])
    item = make_catalogue_item(
        organisation=unit.organisation, name="Kost och motion", indicator_codes=["health"]
    )
    data, health = _posted_plan(assessment)
    start = datetime.date.today() + datetime.timedelta(days=14)
    response = client.post(
        reverse("plans:edit", args=[participant.pk]),
        {
            **data,
            "add_activity": str(health.pk),
            f"add_{health.pk}-catalogue_item": str(item.pk),
            f"add_{health.pk}-start_date": start.isoformat(),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    # Nothing typed is lost, no plan is saved, and the new activity is ticked in its row.
    assert "Ett jobb inom vården" in page
    assert "Sova bättre, promenera varje dag" in page
    assert "Planen är inte sparad än" in page
    assert not ActivityPlan.objects.filter(participant=participant).exists()
    activity = participant.activities.get()
    assert (activity.name, activity.status, activity.start_date) == (
        "Kost och motion",
        "planned",
        start,
    )
    form = response.context["form"]
    assert form[f"row_{health.pk}_activities"].value() == [str(activity.pk)]
    assert not form.errors
    # The catalogue item is suggested for the area it serves.
    assert "Föreslås för Hälsotillstånd" in page

    saved = client.post(
        reverse("plans:edit", args=[participant.pk]),
        {**data, f"row_{health.pk}_activities": [str(activity.pk)]},
    )
    assert saved.status_code == 302
    row = ActivityPlan.objects.get(participant=participant).rows.get()
    assert list(row.activities.all()) == [activity]


def test_adding_without_choosing_says_so_at_the_field_and_keeps_the_text(
    client, coach, participant, other_organisation_participant
):
    assessment = make_assessment(coach=coach, participant=participant, levels=[4, 4, 4, 4, 4, 2])
    elsewhere = make_catalogue_item(organisation=other_organisation_participant.organisation)
    data, health = _posted_plan(assessment)
    url = reverse("plans:edit", args=[participant.pk])
    for chosen, message in (
        ("", "Välj vilken aktivitet ur utbudet som ska läggas till."),
        (str(elsewhere.pk), "Välj ett giltigt alternativ"),
    ):
        response = client.post(
            url,
            {
                **data,
                "add_activity": str(health.pk),
                f"add_{health.pk}-catalogue_item": chosen,
                f"add_{health.pk}-start_date": "2026-03-01",
            },
        )
        page = response.content.decode()
        assert message in page
        assert "Sova bättre, promenera varje dag" in page
        # The plan's own checks wait until it is saved.
        assert "Skriv ett kort och konkret delmål" not in page
    assert not participant.activities.exists()
    assert not ActivityPlan.objects.filter(participant=participant).exists()
