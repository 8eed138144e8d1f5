"""Times the activity plan PDF with its spider chart (issue 4: under 1 second), against
the same page rendered as HTML, in one run on a throwaway SQLite database."""

import statistics
import time


def main() -> None:
    import datetime

    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from accounts.models import Role
    from accounts.tests.factories import UnitFactory, make_user
    from assessments.tests.factories import make_assessment
    from participants.tests.factories import make_participant
    from plans.tests.factories import make_plan

    setup_test_environment()
    coach = make_user(Role.COACH, UnitFactory.create())
    participant = make_participant(coach=coach, started_on=datetime.date(2022, 1, 3))
    assessment = None
    for k in range(12):
        assessment = make_assessment(
            coach=coach,
            participant=participant,
            on=datetime.date(2022, 1, 10) + datetime.timedelta(weeks=13 * k),
            levels=[1 + (k + i) % 5 for i in range(6)],
        )
    plan = make_plan(coach=coach, participant=participant, assessment=assessment)
    client = Client()
    client.force_login(coach)
    args = [participant.pk, plan.pk]

    def timed(url, repeat=5):
        client.get(url)  # warm up: fonts, templates
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200
        return statistics.median(samples)

    pdf = timed(reverse("printouts:plan_pdf", args=args))
    html = timed(reverse("printouts:plan", args=args))
    print(f"activity plan with chart (12 occasions): PDF {pdf * 1000:.0f} ms (target < 1000 ms)")
    print(f"same page as HTML print view: {html * 1000:.0f} ms; ratio PDF/HTML {pdf / html:.1f}")


if __name__ == "__main__":
    import django
    from django.conf import settings
    from django.test.utils import get_runner

    django.setup()
    settings.DATABASES["default"]["NAME"] = ":memory:"
    runner = get_runner(settings)(verbosity=0)
    old = runner.setup_databases()
    try:
        main()
    finally:
        runner.teardown_databases(old)
