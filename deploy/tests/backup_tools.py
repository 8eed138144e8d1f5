"""What test_backup.py does inside Django, run as a process of its own against the
database DATABASE_URL names (the test's several databases cannot share one process):

    python -m deploy.tests.backup_tools figures   # the demo manager's figures, as JSON
    python -m deploy.tests.backup_tools assess N  # the demo coach records an assessment
                                                  # for their N-th participant; prints its id
"""

import json
import os
import sys
from html.parser import HTMLParser

# The manager's page one card at a time, and with a comparison, as the manager reads it.
FIGURES_PAGES = [{}, {"card": "smail"}, {"card": "bip"}, {"compare": "gender"}]


class MainText(HTMLParser):
    """The text a reader sees in the page's <main>, one piece a line."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.pieces: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        elif tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        elif tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip and data.strip():
            self.pieces.append(" ".join(data.split()))


def figures() -> dict[str, list[str]]:
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="chef"))
    pages = {}
    for query in FIGURES_PAGES:
        response = client.get(reverse("figures:manager"), query)
        if response.status_code != 200:
            raise SystemExit(f"figures page {query}: HTTP {response.status_code}")
        parser = MainText()
        parser.feed(response.content.decode())
        pages[json.dumps(query)] = parser.pieces
    return pages


def assess(number: int) -> int:
    from django.utils import timezone

    from accounts.models import User
    from assessments.tests.factories import make_assessment
    from participants.models import Participant

    coach = User.objects.get(username="handledare")
    participant = (
        Participant.objects.filter(
            organisation_id=coach.organisation_id,
            periods__closed_on__isnull=True,
            restricted_at__isnull=True,
        )
        .order_by("id")
        .distinct()[number]
    )
    return make_assessment(coach=coach, participant=participant, on=timezone.localdate()).id


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    if argv[0] == "figures":
        print(json.dumps(figures(), ensure_ascii=False))
    elif argv[0] == "assess":
        print(assess(int(argv[1])))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
