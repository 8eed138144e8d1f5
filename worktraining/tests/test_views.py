import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from audit.models import AccessEvent
from worktraining import services
from worktraining.models import Competence, FinalDocumentation, Placement, ScheduleWeek

from .factories import (
    follow_up_data,
    make_matching_decision,
    make_placement,
    placement_data,
    save_schedule,
)

pytestmark = pytest.mark.django_db


def _form(data: dict) -> dict:
    return {
        k: ("" if v is None else v.isoformat() if hasattr(v, "isoformat") else v)
        for k, v in data.items()
    }


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def placement(coach, participant):
    return make_placement(coach=coach, participant=participant)


def _url(name, placement, *extra):
    return reverse(f"worktraining:{name}", args=[placement.participant_id, placement.pk, *extra])


class TestPlacementViews:
    def test_no_matching_decision_clear_message_nothing_saved(self, logged_in_coach, participant):
        url = reverse("worktraining:placement_create", args=[participant.pk])
        response = logged_in_coach.post(url, _form(placement_data()))
        assert response.status_code == 200
        content = response.content.decode()
        assert "inget matchningsbeslut till arbetsträning" in content
        assert 'class="error-summary"' in content
        assert 'value="Norrby Trädgård AB"' in content  # what was typed is kept
        assert not Placement.objects.exists()

    def test_start_before_decision_next_to_the_field(self, logged_in_coach, coach, participant):
        make_matching_decision(participant=participant, coach=coach, on=datetime.date(2026, 1, 25))
        url = reverse("worktraining:placement_create", args=[participant.pk])
        response = logged_in_coach.post(url, _form(placement_data()))
        content = response.content.decode()
        assert 'id="started_on-error"' in content
        assert "före matchningsbeslutet" in content
        assert not Placement.objects.exists()

    def test_start_and_show(self, logged_in_coach, coach, participant):
        make_matching_decision(participant=participant, coach=coach)
        url = reverse("worktraining:placement_create", args=[participant.pk])
        response = logged_in_coach.post(url, _form(placement_data()))
        assert response.status_code == 302
        response = logged_in_coach.get(response["Location"])
        assert "Norrby Trädgård AB" in response.content.decode()
        assert AccessEvent.objects.filter(
            participant=participant, action=AccessEvent.Action.VIEW, what="arbetsträning"
        ).exists()

    def test_end_before_start(self, logged_in_coach, placement):
        response = logged_in_coach.post(
            _url("placement_end", placement),
            {"ended_on": "2026-01-10", "version": placement.version},
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert 'id="ended_on-error"' in content
        assert "före startdatumet" in content
        placement.refresh_from_db()
        assert placement.ended_on is None


class TestScheduleView:
    def _post(self, client, placement, rows):
        data = {"version": placement.version, "rows": len(rows)}
        for i, (start, planned, actual) in enumerate(rows):
            data.update(
                {
                    f"w{i}_week_start": start,
                    f"w{i}_planned_hours": planned,
                    f"w{i}_actual_hours": actual,
                    f"w{i}_note": "",
                }
            )
        return client.post(_url("schedule", placement), data)

    def test_hours_above_40_message_kept_nothing_saved(self, logged_in_coach, placement):
        response = self._post(
            logged_in_coach, placement, [("2026-01-19", "10", "8"), ("2026-01-26", "41", "")]
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert 'id="w1_planned_hours-error"' in content
        assert "Ange 0–40 timmar per vecka" in content
        assert 'value="41"' in content
        assert not ScheduleWeek.objects.exists()

    def test_saved_with_shares(self, logged_in_coach, placement):
        response = self._post(
            logged_in_coach,
            placement,
            [("2026-01-21", "10", "8"), ("2026-01-26", "20", "20"), ("2026-02-02", "40", "30")],
        )
        assert response.status_code == 302
        # A Wednesday is taken as its week's Monday.
        assert ScheduleWeek.objects.order_by("week_start").first().week_start == datetime.date(
            2026, 1, 19
        )
        content = logged_in_coach.get(
            reverse("worktraining:placement", args=[placement.participant_id])
        ).content.decode()
        assert "82,9 %" in content
        assert "75,0 %" in content

    def test_prompt_after_four_weeks_at_full_time(self, logged_in_coach, coach, placement):
        save_schedule(coach=coach, placement=placement, hours=[(20, 20)] + [(40, 40)] * 3)
        page = reverse("worktraining:placement", args=[placement.participant_id])
        assert "Dags att titta på anställning" not in logged_in_coach.get(page).content.decode()
        save_schedule(coach=coach, placement=placement, hours=[(20, 20)] + [(40, 40)] * 4)
        assert "Dags att titta på anställning" in logged_in_coach.get(page).content.decode()
        follow_up = logged_in_coach.get(_url("follow_up_create", placement)).content.decode()
        assert "Dags att titta på anställning" in follow_up


class TestDocumentViews:
    def test_final_documentation_prefilled(self, logged_in_coach, coach, placement):
        save_schedule(coach=coach, placement=placement, hours=[(10, 8), (20, 20), (40, 30)])
        content = logged_in_coach.get(_url("final_documentation", placement)).content.decode()
        assert "Plantering, vattning och skötsel av växthus." in content
        assert "Närvaro 82,9 % av planerad tid" in content

    def test_final_documentation_conflict_keeps_the_text(self, logged_in_coach, coach, placement):
        data = dict.fromkeys(services.FINAL_DOCUMENTATION_FIELDS, "")
        data.update(written_on="2026-05-29", summary="Mitt utkast.")
        assert logged_in_coach.post(_url("final_documentation", placement), data).status_code == 302
        document = FinalDocumentation.objects.get()
        services.final_documentation_save(
            actor=coach,
            placement=placement,
            data={**data, "written_on": datetime.date(2026, 5, 29), "summary": "Kollegans."},
            expected_version=1,
        )
        response = logged_in_coach.post(
            _url("final_documentation", placement),
            {**data, "summary": "Min ändring.", "version": 1},
        )
        assert response.status_code == 409
        assert "Min ändring." in response.content.decode()
        document.refresh_from_db()
        assert document.summary == "Kollegans."

    def test_adaptation_edit_conflict_keeps_the_text(self, logged_in_coach, coach, placement):
        adaptation = services.adaptation_save(
            actor=coach,
            placement=placement,
            adaptation=None,
            data={"what": "Inga tunga lyft", "why": "Ryggen.", "effect": ""},
        )
        url = reverse(
            "worktraining:adaptation_edit",
            args=[placement.participant_id, placement.pk, adaptation.pk],
        )
        # A colleague writes the effect after the page was opened at version 1.
        services.adaptation_save(
            actor=coach,
            placement=placement,
            adaptation=adaptation,
            data={"what": "Inga tunga lyft", "why": "Ryggen.", "effect": "Kollegans text."},
            expected_version=1,
        )
        response = logged_in_coach.post(
            url, {"what": "Inga tunga lyft", "why": "Ryggen.", "effect": "Min text.", "version": 1}
        )
        assert response.status_code == 409
        assert "Min text." in response.content.decode()
        adaptation.refresh_from_db()
        assert adaptation.effect == "Kollegans text."
        assert adaptation.version == 2

    def test_competence_card_missing_rating(self, logged_in_coach, placement):
        data = {"assessed_on": "2026-05-29"}
        for code in Competence.values:
            data[f"{code}_rating"] = "4"
            data[f"{code}_comment"] = f"Om {code}"
        del data["punctuality_rating"]
        response = logged_in_coach.post(_url("competence_card", placement), data)
        assert response.status_code == 200
        content = response.content.decode()
        assert 'id="punctuality_rating-error"' in content
        assert "Om accuracy" in content
        assert not hasattr(Placement.objects.get(), "competence_card")
        data["punctuality_rating"] = "5"
        assert logged_in_coach.post(_url("competence_card", placement), data).status_code == 302

    def test_pdfs_hold_the_texts_and_are_logged(
        self, logged_in_coach, coach, placement, participant
    ):
        follow_up = services.follow_up_save(
            actor=coach, placement=placement, follow_up=None, data=follow_up_data()
        )
        data = dict.fromkeys(services.FINAL_DOCUMENTATION_FIELDS, "")
        data.update(
            written_on=datetime.date(2026, 5, 29),
            strengths="Noggrann och vänlig mot kunderna.",
            summary="Bedöms kunna arbeta heltid inom trädgård.",
        )
        services.final_documentation_save(
            actor=coach, placement=placement, data=data, expected_version=None
        )
        ratings = dict.fromkeys(Competence.values, (4, ""))
        ratings["punctuality"] = (5, "Alltid i tid")
        services.competence_card_save(
            actor=coach,
            placement=placement,
            assessed_on=datetime.date(2026, 5, 29),
            ratings=ratings,
            expected_version=None,
        )
        text = _pdf_text(logged_in_coach.get(_url("development_plan_pdf", placement, follow_up.pk)))
        assert "Utvecklingsplan" in text
        assert "Arbetstempo och att fråga när något är oklart." in text
        assert "Meddela frånvaro före klockan 8." in text
        text = _pdf_text(logged_in_coach.get(_url("final_documentation_pdf", placement)))
        assert "Slutdokumentation" in text
        assert "Bedöms kunna arbeta heltid inom trädgård." in text
        assert "Noggrann och vänlig mot kunderna." in text
        text = _pdf_text(logged_in_coach.get(_url("competence_card_pdf", placement)))
        assert "Punktlighet" in text
        assert "Förmåga att förstå instruktioner" in text
        assert "Alltid i tid" in text
        assert logged_in_coach.get(_url("competence_card_print", placement)).status_code == 200
        prints = AccessEvent.objects.filter(
            participant=participant, action=AccessEvent.Action.PRINT
        )
        assert set(prints.values_list("what", flat=True)) == {
            "utvecklingsplan 2026-02-16",
            "slutdokumentation",
            "kompetenskort",
        }

    def test_print_of_a_missing_document_is_404(self, logged_in_coach, placement):
        assert logged_in_coach.get(_url("final_documentation_print", placement)).status_code == 404
        assert logged_in_coach.get(_url("competence_card_pdf", placement)).status_code == 404


class TestScoping:
    def test_another_organisation_gets_404_and_changes_nothing(self, client, placement):
        outsider = make_user(Role.COACH, UnitFactory())
        client.force_login(outsider)
        for name in ("schedule", "final_documentation", "three_party_meeting"):
            assert client.get(_url(name, placement)).status_code == 404
        response = client.post(
            _url("three_party_meeting", placement),
            {"held_on": "2026-06-01", "outcome": "employment"},
        )
        assert response.status_code == 404
        assert not hasattr(Placement.objects.get(), "three_party_meeting")
        assert not AccessEvent.objects.filter(actor=outsider).exists()

    def test_another_participants_placement_is_404(self, logged_in_coach, coach, placement):
        from participants.tests.factories import make_participant

        other = make_participant(coach=coach)
        url = reverse("worktraining:schedule", args=[other.pk, placement.pk])
        assert logged_in_coach.get(url).status_code == 404

    def test_due_page(self, logged_in_coach, placement):
        response = logged_in_coach.get(reverse("worktraining:due"))
        assert response.status_code == 200
        assert "Berg, Amina" in response.content.decode()
