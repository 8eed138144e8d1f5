"""Recording a review, its append-only guard, who may read it, and the start page's line."""

import datetime

import pytest
from django.db import connection, transaction
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import make_user
from audit.models import AppendOnlyError
from core.exceptions import RuleError
from logreview.models import Flag, LogReview, LogReviewUnit
from logreview.selectors import add_months, review_status
from logreview.services import log_review_record

from .conftest import log, moment

pytestmark = pytest.mark.django_db


def record(actor, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 1, 31), **kwargs):
    data = {"flags_reviewed": [Flag.REVEAL, Flag.EXPORT], "comment": "Inget anmärkningsvärt."}
    data.update(kwargs)
    return log_review_record(actor=actor, period_start=start, period_end=end, **data)


def test_a_manager_records_a_review_of_their_units_with_the_flag_counts(
    unit, manager, coach, participant
):
    log(coach, participant, moment(datetime.date(2026, 1, 10)), action="reveal")
    review = record(manager)
    assert review.reviewer == manager
    assert review.whole_organisation is False
    assert list(review.units.all()) == [unit]
    assert review.flags_reviewed == ["reveal", "export"]
    assert review.flag_counts["reveal"] == 1
    assert review.flag_counts["export"] == 0


def test_a_security_officer_reviews_the_whole_organisation(security_officer):
    review = record(security_officer)
    assert review.whole_organisation is True
    assert not review.units.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start": datetime.date(2026, 2, 1), "end": datetime.date(2026, 1, 1)}, "period_end"),
        ({"end": datetime.date(2999, 1, 1)}, "period_end"),
        ({"comment": "   "}, "comment"),
        ({"flags_reviewed": ["no_such_flag"]}, "flags_reviewed"),
    ],
)
def test_a_review_keeps_the_rules(manager, kwargs, field):
    with pytest.raises(RuleError) as error:
        record(manager, **kwargs)
    assert error.value.field == field
    assert not LogReview.objects.exists()


def test_only_reviewers_record_reviews(coach):
    with pytest.raises(RuleError):
        record(coach)


def test_a_review_is_append_only(manager):
    review = record(manager)
    review.comment = "Ändrad i efterhand"
    with pytest.raises(AppendOnlyError):
        review.save()
    with pytest.raises(AppendOnlyError):
        review.delete()
    with pytest.raises(AppendOnlyError):
        LogReview.objects.filter(pk=review.pk).update(comment="Ändrad")
    with pytest.raises(AppendOnlyError):
        LogReview.objects.filter(pk=review.pk).delete()
    with pytest.raises(AppendOnlyError):
        LogReview._base_manager.filter(pk=review.pk).update(comment="Ändrad")
    with pytest.raises(AppendOnlyError):
        LogReviewUnit.objects.filter(review=review).delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        review.units.clear()
    assert LogReview.objects.get().comment == "Inget anmärkningsvärt."


def test_on_postgresql_the_database_refuses_to_change_a_review(manager):
    review = record(manager)
    declared = {trigger.name for trigger in LogReview._meta.triggers}
    assert declared == {"logreview_append_only", "logreview_no_truncate"}
    if connection.vendor != "postgresql":
        return  # SQLite has only the model's guard (above); PostgreSQL also this:
    from django.db import DatabaseError

    for sql in (
        "UPDATE logreview_logreview SET comment = 'x' WHERE id = %s",
        "DELETE FROM logreview_logreview WHERE id = %s",
        "DELETE FROM logreview_logreviewunit WHERE review_id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [review.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE logreview_logreviewunit, logreview_logreview")
    assert LogReview.objects.get().comment == "Inget anmärkningsvärt."


def test_another_organisations_review_is_404(client, manager, outsider):
    theirs = record(outsider["manager"])
    client.force_login(manager)
    assert client.get(reverse("logreview:review_detail", args=[theirs.pk])).status_code == 404
    client.force_login(outsider["officer"])
    assert client.get(reverse("logreview:review_detail", args=[theirs.pk])).status_code == 200


def test_another_units_review_is_404_for_a_manager(
    client, manager, other_manager, security_officer
):
    theirs = record(other_manager)
    client.force_login(manager)
    assert client.get(reverse("logreview:review_detail", args=[theirs.pk])).status_code == 404
    client.force_login(security_officer)
    page = client.get(reverse("logreview:review_detail", args=[theirs.pk]))
    assert page.status_code == 200
    assert "Inget anmärkningsvärt." in page.content.decode()


def test_the_review_form_records_and_shows_the_review(client, manager):
    client.force_login(manager)
    form = client.get(
        reverse("logreview:review_create"), {"date_from": "2026-01-01", "date_to": "2026-01-31"}
    )
    assert 'value="2026-01-01"' in form.content.decode()
    response = client.post(
        reverse("logreview:review_create"),
        {
            "period_start": "2026-01-01",
            "period_end": "2026-01-31",
            "flags_reviewed": ["outside_caseload", "after_close"],
            "comment": "Två åtkomster utanför enheten, förklarade av vikariat.",
        },
        follow=True,
    )
    review = LogReview.objects.get()
    assert response.redirect_chain[-1][0] == reverse("logreview:review_detail", args=[review.pk])
    html = response.content.decode()
    assert "Två åtkomster utanför enheten" in html
    assert review.flags_reviewed == ["outside_caseload", "after_close"]


def test_the_review_form_shows_errors(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("logreview:review_create"),
        {"period_start": "2026-01-01", "period_end": "2999-01-31", "comment": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html
    assert not LogReview.objects.exists()


# --- When the next review is due -----------------------------------------------------


def test_add_months_keeps_the_day_or_the_months_last():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 4, 30)
    assert add_months(datetime.date(2026, 12, 15), 1) == datetime.date(2027, 1, 15)
    assert add_months(datetime.date(2026, 1, 15), -1) == datetime.date(2025, 12, 15)


def test_status_without_a_review(manager, security_officer):
    for actor in (manager, security_officer):
        status = review_status(actor=actor)
        assert status.last is None
        assert status.due_on is None
        assert not status.overdue


def test_status_after_a_review_and_when_overdue(settings, manager):
    review = record(manager)
    on_time = review_status(actor=manager, today=datetime.date(2026, 2, 28))
    assert on_time.last == review
    assert on_time.due_on == datetime.date(2026, 2, 28)
    assert not on_time.overdue
    assert review_status(actor=manager, today=datetime.date(2026, 3, 1)).overdue
    settings.LOG_REVIEW = {**settings.LOG_REVIEW, "INTERVAL_MONTHS": 3}
    assert review_status(actor=manager).due_on == datetime.date(2026, 4, 30)


def test_a_whole_organisation_review_counts_for_every_unit(manager, security_officer):
    review = record(security_officer, end=datetime.date(2026, 3, 31))
    assert review_status(actor=manager).last == review


def test_a_unit_review_does_not_count_for_the_organisation_or_other_units(
    manager, other_manager, security_officer
):
    record(manager)
    assert review_status(actor=security_officer).last is None
    assert review_status(actor=other_manager).last is None


def test_a_manager_of_two_units_is_due_by_the_older_unit(unit, other_unit, manager, other_manager):
    both = make_user(Role.MANAGER, unit)
    from accounts.models import Membership

    Membership.objects.create(
        user=both, organisation=unit.organisation, unit=other_unit, role=Role.MANAGER
    )
    assert review_status(actor=both).last is None
    older = record(manager, end=datetime.date(2026, 1, 31))
    assert review_status(actor=both).last is None  # the other unit was never reviewed
    record(other_manager, end=datetime.date(2026, 2, 28))
    assert review_status(actor=both).last == older


def test_the_managers_start_page_says_when_the_last_review_was_done(client, manager):
    client.force_login(manager)
    assert client.get(reverse("home"))["Location"] == reverse("participants:list")
    html = client.get(reverse("participants:list")).content.decode()
    assert "Ingen logguppföljning är gjord än." in html
    record(manager)
    html = client.get(reverse("participants:list")).content.decode()
    assert "Senaste logguppföljning gjordes" in html
    assert "och gällde 2026-01-01–2026-01-31" in html
    # The period ended long before today's date on the test machine: overdue.
    assert "Nästa logguppföljning skulle ha gjorts senast 2026-02-28." in html
    assert "panel--overdue" in html


def test_the_security_officer_starts_at_the_log_review(client, security_officer):
    client.force_login(security_officer)
    assert client.get(reverse("home"))["Location"] == reverse("logreview:overview")
    html = client.get(reverse("logreview:overview")).content.decode()
    assert "Ingen logguppföljning är gjord än." in html
    assert "hela organisationen" in html


def test_a_coachs_list_page_has_no_review_line(client, coach):
    client.force_login(coach)
    assert "Logguppföljning" not in client.get(reverse("participants:list")).content.decode()


def test_the_application_role_may_only_read_and_add_reviews():
    from audit.grants import append_only_tables, grant_sql

    assert {"logreview_logreview", "logreview_logreviewunit"} <= set(append_only_tables())
    revoke = next(
        line
        for line in grant_sql(app_role="app", owner_role="owner").splitlines()
        if "REVOKE" in line
    )
    assert '"logreview_logreview"' in revoke
    assert '"logreview_logreviewunit"' in revoke
