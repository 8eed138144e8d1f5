import datetime
import re

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from assessments.models import Assessment
from assessments.tests.factories import card, make_assessment, scale_codes
from audit.models import AccessEvent
from participants.tests.factories import make_participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_coach")]
D = datetime.date


def _post_data(version, levels, **extra):
    data = {
        "kort": version.instrument.code,
        "assessed_on": "2026-02-02",
        "mode": "together",
        "presentation": "descriptions",
    }
    for code, level in zip(scale_codes(version), levels, strict=True):
        data[f"q_{code}"] = level
    data.update(extra)
    return data


def test_a_bip_assessment_with_a_declined_question_is_shown_as_a_gap(client, participant):
    bip = card("bip")
    url = reverse("assessments:create", args=[participant.pk]) + "?kort=bip"
    page = client.get(url).content.decode()
    assert "Samtalsguide" in page  # BIP's conversation guide beside the card
    assert "Fråga 1 av 9" in page
    response = client.post(
        url, _post_data(bip, ["2", "3", "declined", "4", "3", "2", "1", "5", "3"])
    )
    assert response.status_code == 302
    detail = client.get(reverse("participants:detail", args=[participant.pk])).content.decode()
    assert "<svg" in detail
    assert "Vill inte svara" in detail
    assert detail.count('class="occasion"') == 1


def test_invalid_card_keeps_the_answers_and_saves_nothing(client, participant):
    smail = card("smail")
    url = reverse("assessments:create", args=[participant.pk])
    data = _post_data(smail, ["1", "2", "3", "4", "5", "3"], assessed_on="2099-01-01")
    data[f"q_{scale_codes(smail)[1]}"] = "7"
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert not Assessment.objects.exists()
    assert "framtiden" in page
    assert "Formuläret innehåller fel" in page
    fifth = scale_codes(smail)[4]
    assert re.search(rf'name="q_{fifth}" value="5"[^>]*checked', page)


def test_a_tampered_question_id_is_refused(client, participant):
    smail = card("smail")
    data = _post_data(smail, ["1", "2", "3", "4", "5", "3"], q_not_a_question="3")
    response = client.post(reverse("assessments:create", args=[participant.pk]), data)
    assert "inte finns på den här kortversionen" in response.content.decode()
    assert not Assessment.objects.exists()


def test_exclusive_job_search_option_is_explained_next_to_the_field(client, participant):
    bip = card("bip")
    multi = bip.questions.get(kind="multi_choice")
    exclusive = sorted(multi.exclusive_codes())[0]
    plain = next(o["code"] for o in multi.options if not o.get("exclusive"))
    data = _post_data(bip, ["3"] * 9, job_search=[exclusive, plain])
    response = client.post(reverse("assessments:create", args=[participant.pk]), data)
    page = response.content.decode()
    assert "kan inte kombineras" in page
    assert 'id="job_search-error"' in page
    assert not Assessment.objects.exists()


def test_participant_page_queries_do_not_grow_with_occasions(
    client, coach, participant, django_assert_num_queries
):
    make_assessment(coach=coach, participant=participant, on=D(2026, 1, 10))
    url = reverse("participants:detail", args=[participant.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for week in range(1, 20):
        make_assessment(
            coach=coach, participant=participant, on=D(2026, 1, 10) + datetime.timedelta(weeks=week)
        )
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('class="occasion"') == 20


def test_restricted_answers_are_absent_from_another_units_view_and_from_lists(
    client, coach, unit, participant
):
    make_assessment(
        coach=coach,
        participant=participant,
        violence={"asked": True, "support_offered": True, "note": "HEMLIGANTECKNING"},
    )
    assessment = Assessment.objects.get()
    detail_url = reverse("assessments:detail", args=[participant.pk, assessment.pk])
    assert "HEMLIGANTECKNING" in client.get(detail_url).content.decode()
    assert AccessEvent.objects.filter(action=AccessEvent.Action.VIEW_RESTRICTED).count() == 1
    for url in (
        reverse("participants:list"),
        reverse("participants:caseload"),
        reverse("participants:detail", args=[participant.pk]),
    ):
        assert "HEMLIGANTECKNING" not in client.get(url).content.decode()
    colleague = make_user(Role.COACH, unit)
    client.force_login(colleague)
    page = client.get(detail_url).content.decode()
    assert "HEMLIGANTECKNING" not in page
    assert "Frågor om våld" not in page
    client.force_login(make_user(Role.COACH, UnitFactory()))
    assert client.get(detail_url).status_code == 404


def test_start_page_lists_due_and_overdue(client, coach):
    today = datetime.date.today()
    overdue = make_participant(
        coach=coach, first_name="Sen", started_on=today - datetime.timedelta(days=200)
    )
    make_assessment(coach=coach, participant=overdue, on=today - datetime.timedelta(days=120))
    soon = make_participant(
        coach=coach, first_name="Snart", started_on=today - datetime.timedelta(days=100)
    )
    make_assessment(coach=coach, participant=soon, on=today - datetime.timedelta(days=85))
    later = make_participant(
        coach=coach, first_name="Senare", started_on=today - datetime.timedelta(days=20)
    )
    make_assessment(coach=coach, participant=later, on=today - datetime.timedelta(days=10))
    page = client.get(reverse("participants:caseload")).content.decode()
    overdue_panel = page.split('id="overdue-title"')[1].split("</section>")[0]
    due_panel = page.split('id="due-title"')[1].split("</section>")[0]
    assert "Sen" in overdue_panel
    assert "Snart" not in overdue_panel
    assert "Snart" in due_panel
    assert "Senare" not in due_panel
    listing = client.get(reverse("participants:list"), {"due": "overdue"}).content.decode()
    assert "Exempelsson, Sen<" in listing
    assert "Snart" not in listing


def test_correcting_through_the_page_shows_the_history(client, coach, participant):
    smail = card("smail")
    assessment = make_assessment(coach=coach, participant=participant, levels=[2] * 6)
    url = reverse("assessments:edit", args=[participant.pk, assessment.pk])
    data = _post_data(smail, ["4", "2", "2", "2", "2", "2"], revision="1", assessed_on="2026-02-01")
    assert client.post(url, data).status_code == 302
    stale = client.post(url, dict(data, **{f"q_{scale_codes(smail)[1]}": "5"}))
    assert stale.status_code == 409
    detail = client.get(reverse("assessments:detail", args=[participant.pk, assessment.pk]))
    assert f"q_{scale_codes(smail)[0]}: 2 → 4" in detail.content.decode()


def test_a_second_assessment_of_the_card_the_same_day_is_asked_about_first(client, participant):
    smail, bip = card("smail"), card("bip")
    url = reverse("assessments:create", args=[participant.pk])
    data = _post_data(smail, ["1", "2", "3", "4", "5", "3"])
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert Assessment.objects.count() == 1
    assert "Det finns redan en skattning med SMAIL den 2026-02-02" in page
    assert 'id="same_day_confirmed-error"' in page
    assert re.search(r'aria-describedby="same_day_confirmed-error[^"]*" id="id_same_day', page)
    assert re.search(r'name="q_\w+" value="5"[^>]*checked', page)  # the answers are kept
    # Another card the same day, or the same card another day, is not asked about.
    assert client.post(url, _post_data(bip, ["3"] * 9)).status_code == 302
    other_day = _post_data(smail, ["2"] * 6, assessed_on="2026-02-03")
    assert client.post(url, other_day).status_code == 302
    # Confirmed, it is saved.
    confirmed = client.post(url, {**data, "same_day_confirmed": "on"})
    assert confirmed.status_code == 302
    assert Assessment.objects.filter(assessed_on=D(2026, 2, 2), version=smail).count() == 2
