import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from audit.models import AccessEvent
from intake import selectors, services
from intake.models import Agency, Consent, DocumentShare, IntakeMeeting
from participants.tests.factories import make_participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_coach")]

D = datetime.date


def _consent(coach, participant, agencies=(Agency.EMPLOYMENT_SERVICE,)):
    return services.consent_record(
        actor=coach, participant=participant, agencies=list(agencies), signed_on=D(2026, 3, 2)
    )


def test_the_intake_with_consent_is_shown_on_the_overview(client, coach, participant):
    response = client.post(
        reverse("intake:meeting_create", args=[participant.pk]),
        {
            "held_on": "2026-03-02",
            "information_given": ["unit", "consent"],
            "information_note": "Vill börja snart.",
            "first_mapping_on": "2026-03-09",
            "consent_agencies": ["employment_service", "health_care"],
            "consent_signed_on": "2026-03-02",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Samtycke: Arbetsförmedlingen, Hälso- och sjukvården – undertecknat 2026-03-02" in page
    assert "2026-03-09" in page
    assert "Vill börja snart." in page


def test_bad_intake_keeps_input_and_saves_nothing(client, coach, participant):
    response = client.post(
        reverse("intake:meeting_create", args=[participant.pk]),
        {
            "held_on": "2026-03-02",
            "information_note": "Mina anteckningar",
            "first_mapping_on": "2026-03-01",
            "consent_agencies": ["employment_service"],
            "consent_signed_on": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Formuläret innehåller fel" in page
    assert 'id="first_mapping_on-error"' in page
    assert 'id="consent_signed_on-error"' in page
    assert "Mina anteckningar" in page
    assert re.search(r'name="consent_agencies" value="employment_service"[^>]*checked', page)
    assert IntakeMeeting.objects.count() == 0
    assert Consent.objects.count() == 0


def test_the_agency_checkboxes_are_a_fieldset_with_a_legend(client, coach, participant):
    page = client.get(reverse("intake:consent_create", args=[participant.pk])).content.decode()
    assert "<legend>Deltagaren godkänner att information får lämnas mellan" in page
    assert "Inget samtycke" in page


def test_withdrawal_before_signing_is_refused_next_to_the_field(client, coach, participant):
    consent = _consent(coach, participant)
    response = client.post(
        reverse("intake:consent_withdraw", args=[participant.pk, consent.pk]),
        {"withdrawn_on": "2026-03-01", "note": "Ångrade sig", "version": consent.version},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="withdrawn_on-error"' in page
    assert "före undertecknandet" in page
    assert "Ångrade sig" in page
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_withdrawal_shows_on_the_overview(client, coach, participant):
    consent = _consent(coach, participant)
    client.post(
        reverse("intake:consent_withdraw", args=[participant.pk, consent.pk]),
        {"withdrawn_on": "2026-03-10", "note": "", "version": consent.version},
    )
    page = client.get(reverse("intake:overview", args=[participant.pk])).content.decode()
    assert "Samtycke återkallat 2026-03-10" in page


def test_share_is_prefilled_from_the_link_and_marks_agencies_without_consent(
    client, coach, participant
):
    _consent(coach, participant)
    link = render_to_string(
        "intake/_share_link.html",
        {"participant": participant, "kind": "individual_plan", "document_id": 12},
    )
    url = reverse("intake:share", args=[participant.pk]) + "?kind=individual_plan&id=12"
    assert url.replace("&", "&amp;") in link
    page = client.get(url).content.decode()
    assert '<option value="individual_plan" selected>' in page
    assert 'value="12"' in page
    assert "Försäkringskassan (medgivande saknas)" in page


def test_share_to_an_agency_without_consent_is_refused(client, coach, participant):
    _consent(coach, participant)
    url = reverse("intake:share", args=[participant.pk])
    data = {
        "document_kind": "individual_plan",
        "document_id": "12",
        "agency": "social_insurance",
        "shared_on": "2026-04-01",
        "note": "Inför avstämningsmöte",
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="agency-error"' in page
    assert "omfattar inte den parten" in page
    assert "Inför avstämningsmöte" in page
    assert DocumentShare.objects.count() == 0
    data["agency"] = "employment_service"
    assert client.post(url, data).status_code == 302
    assert DocumentShare.objects.get().agency == "employment_service"
    assert AccessEvent.objects.filter(
        participant=participant, action=AccessEvent.Action.EXPORT
    ).exists()


def test_meeting_edit_detects_a_conflict(client, coach, participant):
    meeting = services.intake_meeting_record(
        actor=coach, participant=participant, held_on=D(2026, 3, 2)
    )
    url = reverse("intake:meeting_edit", args=[participant.pk, meeting.pk])
    data = {"held_on": "2026-03-03", "information_note": "Min text", "version": 1}
    IntakeMeeting.objects.filter(pk=meeting.pk).update(version=2)
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Min text" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.held_on == D(2026, 3, 2)


def test_another_organisations_participant_is_404(client, coach):
    other_coach = make_user(Role.COACH, UnitFactory())
    foreign = make_participant(coach=other_coach)
    consent = _consent(other_coach, foreign)
    meeting = services.intake_meeting_record(
        actor=other_coach, participant=foreign, held_on=D(2026, 3, 2)
    )
    urls = [
        reverse("intake:overview", args=[foreign.pk]),
        reverse("intake:meeting_create", args=[foreign.pk]),
        reverse("intake:meeting_edit", args=[foreign.pk, meeting.pk]),
        reverse("intake:consent_create", args=[foreign.pk]),
        reverse("intake:consent_withdraw", args=[foreign.pk, consent.pk]),
        reverse("intake:share", args=[foreign.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(urls[-1], {"agency": "unit"}).status_code == 404


def test_a_record_of_another_participant_is_404(client, coach, participant):
    other = make_participant(coach=coach)
    consent = _consent(coach, other)
    url = reverse("intake:consent_withdraw", args=[participant.pk, consent.pk])
    assert client.get(url).status_code == 404


def test_opening_the_intake_is_logged(client, coach, participant):
    client.get(reverse("intake:overview", args=[participant.pk]))
    event = AccessEvent.objects.filter(participant=participant).order_by("-id").first()
    assert event.action == AccessEvent.Action.VIEW
    assert event.what == "inskrivning och samtycke"


def test_the_consent_snippet_and_tag(coach, participant):
    assert "Inget samtycke" in render_to_string(
        "intake/_consent_state.html",
        {"consent": selectors.consent_current(participant=participant)},
    )
    _consent(coach, participant, agencies=[Agency.SOCIAL_INSURANCE, Agency.EMPLOYMENT_SERVICE])
    from django.template import Context, Template

    html = Template("{% load intake %}{% consent_state participant %}").render(
        Context({"participant": participant})
    )
    assert "Samtycke: Arbetsförmedlingen, Försäkringskassan – undertecknat 2026-03-02" in html
