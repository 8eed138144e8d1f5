"""Make the blank cards and plan forms of every published card version in every
language ahead, so that no one waits for the first one (deploy, `make demo`)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from instruments.selectors import published_version_list
from printouts.blank import blank_forms_make


class Command(BaseCommand):
    help = "Make the blank cards and plan forms (PDF) of every published card version."

    def handle(self, *args, **options):
        made = blank_forms_make(
            published_version_list(), [code for code, _name in settings.LANGUAGES]
        )
        self.stdout.write(f"{made} blank forms in {settings.BLANK_FORMS_DIR}")
