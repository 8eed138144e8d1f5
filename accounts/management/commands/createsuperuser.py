"""Django's createsuperuser, with the password rules applied also with --noinput.

Django checks DJANGO_SUPERUSER_PASSWORD against nothing in that mode, so a script could
set "abc". A superuser has no organisation and no role in Stegvis; the supported way to
create the first administrator is ``manage.py create_administrator``.
"""

import os

from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from accounts.models import User


class Command(createsuperuser.Command):
    help = createsuperuser.Command.help + " Prefer create_administrator, which gives a role."

    def handle(self, *args, **options):
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password:
            username = options.get(User.USERNAME_FIELD) or os.environ.get(
                "DJANGO_SUPERUSER_" + User.USERNAME_FIELD.upper(), ""
            )
            email = options.get("email") or os.environ.get("DJANGO_SUPERUSER_EMAIL", "")
            try:
                validate_password(password, User(username=username, email=email))
            except ValidationError as error:
                raise CommandError(
                    "DJANGO_SUPERUSER_PASSWORD was refused: " + " ".join(error.messages)
                ) from error
        return super().handle(*args, **options)
