import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from assessments.tests.factories import card, make_assessment
from core.exceptions import RuleError
from instruments import services
from instruments.models import InstrumentVersion
from instruments.selectors import instrument_versions_for_new
from participants.tests.factories import make_participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_administrator")]


def test_a_new_version_with_level_texts_leaves_old_assessments_alone(client, administrator, unit):
    coach = make_user(Role.COACH, unit)
    participant = make_participant(coach=coach)
    smail = card("smail")
    old = make_assessment(coach=coach, participant=participant, on=datetime.date(2026, 2, 1))

    client.post(reverse("instruments:new", args=[smail.pk]))
    draft = InstrumentVersion.objects.get(organisation=unit.organisation)
    assert draft.number == 2
    assert draft.status == "draft"
    assert draft.questions.count() == smail.questions.count()
    q1 = draft.questions.get(code="q1")
    form = {"change_note": "Nivåtexter från länets kort", "revision": "1"}
    for q in draft.questions.filter(kind="scale"):
        form[f"text_{q.code}_sv"] = q.text["sv"]
        form[f"text_{q.code}_en"] = q.text["en"]
    form["level_q1_1_sv"] = "Jag tror inte alls att jag kan arbeta."
    response = client.post(reverse("instruments:edit", args=[draft.pk]), form)
    assert response.status_code == 302
    q1.refresh_from_db()
    assert q1.levels == {"1": {"sv": "Jag tror inte alls att jag kan arbeta."}}

    client.post(reverse("instruments:publish", args=[draft.pk]))
    client.post(reverse("instruments:choose", args=[draft.pk]), {"in_use": "1"})
    assert draft.pk in [
        v.pk for v in instrument_versions_for_new(organisation_id=unit.organisation_id)
    ]
    # The old assessment still points at version 1, whose texts did not change.
    old.refresh_from_db()
    assert old.version == smail
    assert smail.questions.get(code="q1").levels == {}
    # A published version cannot be edited any more.
    with pytest.raises(RuleError):
        services.version_texts_update(
            actor=administrator, version=draft, questions={}, change_note="x"
        )


def test_organisations_choose_their_cards_and_do_not_see_each_others_versions(administrator, unit):
    draft = services.version_draft_create(actor=administrator, base=card("bip"))
    other_admin = make_user(Role.ADMINISTRATOR, organisation=UnitFactory().organisation)
    with pytest.raises(RuleError):
        services.version_draft_create(actor=other_admin, base=draft)
    services.instrument_choice_set(actor=administrator, version=card("bip"), in_use=True)
    chosen = instrument_versions_for_new(organisation_id=unit.organisation_id)
    assert [v.instrument.code for v in chosen] == ["bip"]
    # Without a choice the shipped cards are offered.
    other = instrument_versions_for_new(organisation_id=other_admin.organisation_id)
    assert sorted(v.instrument.code for v in other) == ["bip", "smail"]


def test_a_draft_cannot_be_chosen(administrator):
    draft = services.version_draft_create(actor=administrator, base=card("smail"))
    with pytest.raises(RuleError):
        services.instrument_choice_set(actor=administrator, version=draft, in_use=True)


def test_two_administrators_editing_one_draft_the_second_gets_a_conflict(
    client, administrator, unit
):
    draft = services.version_draft_create(actor=administrator, base=card("smail"))
    url = reverse("instruments:edit", args=[draft.pk])
    assert 'name="revision" value="1"' in client.get(url).content.decode()
    form = {"change_note": "Första", "revision": "1"}
    for q in draft.questions.filter(kind="scale"):
        form[f"text_{q.code}_sv"] = q.text["sv"]
    assert client.post(url, {**form, "level_q1_1_sv": "Första texten"}).status_code == 302

    client.force_login(make_user(Role.ADMINISTRATOR, organisation=unit.organisation))
    response = client.post(url, {**form, "change_note": "Andra", "level_q1_1_sv": "Andra texten"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Någon annan har ändrat uppgifterna medan du skrev" in page
    assert "Andra texten" in page
    draft.refresh_from_db()
    assert (draft.change_note, draft.revision) == ("Första", 2)
    assert draft.questions.get(code="q1").levels == {"1": {"sv": "Första texten"}}
