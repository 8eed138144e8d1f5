import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Organisation
from assessments.models import Assessment
from figures import selectors
from participants.models import CoachAssignment, Participant

pytestmark = pytest.mark.django_db


def test_the_county_generator_makes_data_where_parallel_activities_progress_most(tmp_path):
    with open(tmp_path / "out", "w") as out:
        call_command("generate_county", participants=400, seed=7, stdout=out)
    assert Participant.objects.count() == 400
    assert Organisation.objects.count() == 8
    assert Assessment.objects.count() > 400 * 4
    assert CoachAssignment.objects.exclude(reason="").exists()
    today = timezone.localdate()
    scope = selectors.Scope(
        organisation_ids=list(Organisation.objects.values_list("id", flat=True)),
        date_from=today - datetime.timedelta(days=5 * 365),
        date_to=today,
    )
    effects = {e.combination: e for e in selectors.what_works(scope) if not e.code}
    assert effects["job_and_other"].mean > effects["other_only"].mean
