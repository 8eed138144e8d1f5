"""The administrator's pages for users: create, edit, roles, deactivate, unlock, links."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Membership, Role, User
from accounts.selectors import user_version
from accounts.services import user_create, user_deactivate, user_update
from accounts.tests.factories import UnitFactory, make_user
from audit.models import SecurityEvent
from core.exceptions import ConflictError, RuleError

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return UnitFactory(name="Enhet Nord")


@pytest.fixture
def administrator(unit):
    return make_user(Role.ADMINISTRATOR, organisation=unit.organisation, username="admin")


def form_data(user=None, **changes):
    data = {
        "username": "nyanvandare",
        "first_name": "Nina",
        "last_name": "Nilsson",
        "email": "nina@example.se",
        "sso_identifier": "",
        "version": user_version(user) if user else "",
    }
    data.update(changes)
    return data


def memberships(user):
    return sorted(
        (m.role, m.unit.name if m.unit else None) for m in Membership.objects.filter(user=user)
    )


def test_creating_a_user_gives_roles_an_unusable_password_and_an_emailed_link(
    logged_in_administrator, administrator, unit
):
    other = UnitFactory(organisation=unit.organisation, name="Enhet Syd")
    response = logged_in_administrator.post(
        reverse("accounts:user_create"),
        form_data(role_coach=[unit.pk, other.pk], role_manager=["organisation"]),
    )
    user = User.objects.get(username="nyanvandare")
    assert response["Location"] == reverse("accounts:user_detail", args=[user.pk])
    assert user.organisation == administrator.organisation
    assert not user.has_usable_password()
    assert memberships(user) == [
        ("coach", "Enhet Nord"),
        ("coach", "Enhet Syd"),
        ("manager", None),
    ]
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.USER_CREATED)
    assert (event.user, event.actor) == (user, administrator)
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.PASSWORD_RESET, user=user, actor=administrator
    ).exists()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina@example.se"]
    assert message.subject == "Ditt konto i Stegvis"
    assert "Ett konto i Stegvis har skapats åt dig" in message.body
    link = re.search(r"http://testserver(/losenord/nytt/\S+/)", message.body).group(1)

    # The link lets the new user choose a password that follows the rules.
    logged_in_administrator.logout()
    form_page = logged_in_administrator.get(link, follow=True)
    assert "Välj lösenord" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    weak = logged_in_administrator.post(
        set_url, {"new_password1": "sommar2020", "new_password2": "sommar2020"}
    )
    assert "läckt ut" in weak.content.decode()
    done = logged_in_administrator.post(
        set_url, {"new_password1": "Tre gröna ankor 77", "new_password2": "Tre gröna ankor 77"}
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Tre gröna ankor 77")
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.PASSWORD_RESET, user=user, detail="new password set"
    ).exists()


def test_the_form_offers_each_role_where_its_constraints_allow(logged_in_administrator, unit):
    page = logged_in_administrator.get(reverse("accounts:user_create")).content.decode()
    # Every role of Role appears, as a group of check boxes.
    for _value, label in Role.choices:
        assert f"<legend>{label}" in page
    assert 'name="role_coach" value="organisation"' not in page
    assert f'name="role_coach" value="{unit.pk}"' in page
    assert 'name="role_administrator" value="organisation"' in page
    assert f'name="role_administrator" value="{unit.pk}"' not in page
    assert 'name="role_manager" value="organisation"' in page
    assert f'name="role_manager" value="{unit.pk}"' in page


def test_bad_input_is_refused_in_swedish_next_to_the_field(logged_in_administrator, unit):
    make_user(Role.COACH, unit, username="Upptagen")
    response = logged_in_administrator.post(
        reverse("accounts:user_create"),
        form_data(username="upptagen", email="inte-en-adress", first_name=""),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fyll i en giltig e-postadress." in page
    assert "Detta fält måste fyllas i." in page
    # Field errors first; the username rule comes from the service once the form is valid.
    response = logged_in_administrator.post(
        reverse("accounts:user_create"), form_data(username="upptagen")
    )
    page = response.content.decode()
    assert 'id="username-error">Användarnamnet används redan.' in page
    assert 'value="upptagen"' in page
    assert not User.objects.filter(username="upptagen").exists()


def test_a_unit_of_another_organisation_is_not_a_valid_choice(logged_in_administrator):
    foreign = UnitFactory()
    response = logged_in_administrator.post(
        reverse("accounts:user_create"), form_data(role_coach=[foreign.pk])
    )
    assert response.status_code == 200
    assert 'id="role_coach-error"' in response.content.decode()
    assert not User.objects.filter(username="nyanvandare").exists()


def test_service_refuses_a_role_against_the_membership_constraints(administrator, unit):
    with pytest.raises(RuleError) as error:
        user_create(
            actor=administrator,
            organisation=unit.organisation,
            values=form_data(),
            memberships=[(Role.COACH, None)],
        )
    assert error.value.field == "role_coach"
    with pytest.raises(RuleError):
        user_create(
            actor=administrator,
            organisation=unit.organisation,
            values=form_data(),
            memberships=[(Role.ADMINISTRATOR, unit)],
        )
    with pytest.raises(RuleError):
        user_create(
            actor=administrator,
            organisation=unit.organisation,
            values=form_data(),
            memberships=[(Role.COACH, UnitFactory())],
        )


def test_editing_details_and_roles_logs_each_kind_of_change(
    logged_in_administrator, administrator, unit
):
    coach = make_user(Role.COACH, unit, username="kalle", email="k@example.se")
    response = logged_in_administrator.post(
        reverse("accounts:user_edit", args=[coach.pk]),
        form_data(
            coach,
            username="kalle",
            first_name="Karl",
            last_name="Larsson",
            email="karl@example.se",
            sso_identifier="idp-123",
            role_manager=[unit.pk],
        ),
    )
    assert response["Location"] == reverse("accounts:user_detail", args=[coach.pk])
    coach.refresh_from_db()
    assert (coach.first_name, coach.email, coach.sso_identifier) == (
        "Karl",
        "karl@example.se",
        "idp-123",
    )
    assert memberships(coach) == [("manager", "Enhet Nord")]
    changed = SecurityEvent.objects.get(kind=SecurityEvent.Kind.USER_CHANGED)
    assert changed.actor == administrator
    assert changed.detail == "fields: first_name, last_name, email, sso_identifier"
    roles = SecurityEvent.objects.get(kind=SecurityEvent.Kind.ROLE_CHANGED)
    assert roles.actor == administrator
    assert roles.detail == "+manager@Enhet Nord; -coach@Enhet Nord"


def test_an_edit_after_someone_elses_change_is_a_conflict_and_keeps_the_input(
    logged_in_administrator, administrator, unit
):
    coach = make_user(Role.COACH, unit, username="kalle")
    opened = form_data(coach, username="kalle", first_name="Mitt namn", role_coach=[unit.pk])
    # Another administrator adds a role meanwhile.
    other_admin = make_user(Role.ADMINISTRATOR, organisation=unit.organisation)
    user_update(
        actor=other_admin,
        user=coach,
        expected_version=user_version(coach),
        values=form_data(coach, username="kalle"),
        memberships=[(Role.COACH, unit), (Role.MANAGER, None)],
    )
    response = logged_in_administrator.post(reverse("accounts:user_edit", args=[coach.pk]), opened)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Någon annan har ändrat uppgifterna" in page
    assert 'value="Mitt namn"' in page
    coach.refresh_from_db()
    assert coach.first_name != "Mitt namn"
    assert memberships(coach) == [("coach", "Enhet Nord"), ("manager", None)]


def test_update_service_raises_conflict_on_an_old_version(administrator, unit):
    coach = make_user(Role.COACH, unit)
    version = user_version(coach)
    coach.first_name = "Ändrad"
    coach.save()
    with pytest.raises(ConflictError):
        user_update(
            actor=administrator,
            user=coach,
            expected_version=version,
            values=form_data(coach, username=coach.username),
            memberships=[(Role.COACH, unit)],
        )


def test_an_administrator_cannot_remove_their_own_administrator_role(
    logged_in_administrator, administrator
):
    response = logged_in_administrator.post(
        reverse("accounts:user_edit", args=[administrator.pk]),
        form_data(administrator, username="admin", role_manager=["organisation"]),
    )
    assert response.status_code == 200
    assert "Du kan inte ta bort din egen administratörsroll." in response.content.decode()
    assert memberships(administrator) == [("administrator", None)]


def test_an_administrator_cannot_deactivate_themself(logged_in_administrator, administrator):
    response = logged_in_administrator.post(
        reverse("accounts:user_deactivate", args=[administrator.pk]), follow=True
    )
    assert "Du kan inte inaktivera dig själv." in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active
    with pytest.raises(RuleError):
        user_deactivate(actor=administrator, user=administrator)


def test_deactivating_ends_the_users_session_at_once_and_reactivating_lets_them_back(
    client, logged_in_administrator, administrator, unit
):
    from django.test import Client

    coach = make_user(Role.COACH, unit)
    coach_client = Client()
    coach_client.force_login(coach)
    assert coach_client.get(reverse("participants:caseload")).status_code == 200

    logged_in_administrator.post(reverse("accounts:user_deactivate", args=[coach.pk]))
    coach.refresh_from_db()
    assert not coach.is_active
    response = coach_client.get(reverse("participants:caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in coach_client.session
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.USER_DEACTIVATED)
    assert (event.user, event.actor) == (coach, administrator)

    # A deactivated user cannot sign in, with the backends in use (axes + ModelBackend).
    refused = coach_client.post(
        reverse("accounts:login"), {"login": coach.username, "password": "demo1234"}
    )
    assert refused.status_code == 200
    assert "_auth_user_id" not in coach_client.session

    logged_in_administrator.post(reverse("accounts:user_reactivate", args=[coach.pk]))
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.USER_REACTIVATED, user=coach, actor=administrator
    ).exists()
    coach_client.post(reverse("accounts:login"), {"login": coach.username, "password": "demo1234"})
    assert coach_client.get(reverse("participants:caseload")).status_code == 200


def test_another_organisations_user_is_a_404_on_every_page(logged_in_administrator):
    foreign = make_user(Role.COACH, UnitFactory())
    for name in ("user_detail", "user_edit"):
        assert (
            logged_in_administrator.get(reverse(f"accounts:{name}", args=[foreign.pk])).status_code
            == 404
        )
    for name in ("user_deactivate", "user_reactivate", "user_unlock", "user_password_link"):
        assert (
            logged_in_administrator.post(reverse(f"accounts:{name}", args=[foreign.pk])).status_code
            == 404
        )
    foreign.refresh_from_db()
    assert foreign.is_active
    assert not SecurityEvent.objects.filter(user=foreign).exists()
    assert mail.outbox == []


def test_the_user_page_shows_a_lock_and_the_administrator_unlocks_it(client, administrator, unit):
    coach = make_user(Role.COACH, unit, username="kalle")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"login": "kalle", "password": "fel"})
    client.force_login(administrator)
    page = client.get(reverse("accounts:user_detail", args=[coach.pk])).content.decode()
    assert "Kontot är låst" in page
    response = client.post(reverse("accounts:user_unlock", args=[coach.pk]), follow=True)
    page = response.content.decode()
    assert "Kontot är upplåst" in page
    assert "Kontot är låst" not in page
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.UNLOCKED, user=coach, actor=administrator
    ).exists()


def test_the_administrator_sends_a_password_link(logged_in_administrator, administrator, unit):
    coach = make_user(Role.COACH, unit, email="kalle@example.se")
    response = logged_in_administrator.post(
        reverse("accounts:user_password_link", args=[coach.pk]), follow=True
    )
    assert "kalle@example.se" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Välj nytt lösenord i Stegvis"
    assert "/losenord/nytt/" in mail.outbox[0].body
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.PASSWORD_RESET, user=coach, actor=administrator
    ).exists()


def test_no_link_for_a_user_without_email(logged_in_administrator, unit):
    coach = make_user(Role.COACH, unit, email="")
    response = logged_in_administrator.post(
        reverse("accounts:user_password_link", args=[coach.pk]), follow=True
    )
    assert "Användaren har ingen e-postadress." in response.content.decode()
    assert mail.outbox == []


def test_the_overview_links_each_user_and_the_new_user_page(logged_in_administrator, unit):
    coach = make_user(Role.COACH, unit)
    page = logged_in_administrator.get(reverse("accounts:organisation_overview")).content.decode()
    assert reverse("accounts:user_detail", args=[coach.pk]) in page
    assert reverse("accounts:user_create") in page


def test_overview_queries_do_not_grow_with_users(
    logged_in_administrator, unit, django_assert_max_num_queries
):
    for _ in range(3):
        make_user(Role.COACH, unit)
    with django_assert_max_num_queries(12) as few:
        logged_in_administrator.get(reverse("accounts:organisation_overview"))
    for _ in range(10):
        make_user(Role.COACH, unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        logged_in_administrator.get(reverse("accounts:organisation_overview"))
