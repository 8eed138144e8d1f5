"""Times the blank BIP card PDF (issue 16 §4: the blank cards and forms under 100 ms):
the first request, which makes the file with WeasyPrint, against the next ones, served
from BLANK_FORMS_DIR; in one run on a throwaway SQLite database."""

import statistics
import tempfile
import time


def main() -> None:
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from accounts.models import Role
    from accounts.tests.factories import UnitFactory, make_user
    from assessments.tests.factories import card

    setup_test_environment()
    settings.BLANK_FORMS_DIR = tempfile.mkdtemp(prefix="stegvis-bench-blank-forms-")
    coach = make_user(Role.COACH, UnitFactory.create())
    client = Client()
    client.force_login(coach)
    client.get(reverse("printouts:materials"))  # warm up: templates, the session
    lines = []
    for name, document in (("card", "blank_card"), ("plan form", "blank_plan")):
        url = reverse(f"printouts:{document}", args=[card("bip").pk])
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        first = time.perf_counter() - start
        samples = []
        for _ in range(20):
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            samples.append(time.perf_counter() - start)
        served = statistics.median(samples)
        lines.append(
            f"blank BIP {name} PDF: first (made) {first * 1000:.0f} ms, then served "
            f"{served * 1000:.1f} ms median of 20 (target < 100 ms); "
            f"ratio {first / served:.0f}"
        )
    print("\n".join(lines))


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
