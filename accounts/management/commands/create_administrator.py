"""The supported way to create an organisation's first administrator.

    manage.py create_administrator --organisation "Exempelkommun" --username anna \\
        --email anna.andersson@exempel.se [--first-name Anna --last-name Andersson]

The password is read from STEGVIS_ADMINISTRATOR_PASSWORD when set (for scripts), else
asked for twice. The installation's password rules apply either way.
"""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from accounts.models import Organisation, Role, User
from accounts.services import password_validate, user_create
from core.exceptions import RuleError

PASSWORD_ENV = "STEGVIS_ADMINISTRATOR_PASSWORD"  # noqa: S105 - the variable's name


class Command(BaseCommand):
    help = (
        "Create an organisation (if it does not exist) and its administrator, with a "
        f"password that follows the password rules (from {PASSWORD_ENV} or asked for)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="The organisation's name.")
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=f"Never ask; the password must be in {PASSWORD_ENV}.",
        )

    def handle(self, *args, **options):
        try:
            validate_email(options["email"])
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {options['email']!r}") from error
        if User.objects.filter(username__iexact=options["username"]).exists():
            raise CommandError(f"A user named {options['username']!r} already exists.")
        candidate = User(
            username=options["username"],
            email=options["email"],
            first_name=options["first_name"],
            last_name=options["last_name"],
        )
        password = self._password(candidate, interactive=options["interactive"])
        with transaction.atomic():
            organisation, created = Organisation.objects.get_or_create(name=options["organisation"])
            try:
                user = user_create(
                    actor=None,
                    organisation=organisation,
                    values={
                        "username": options["username"],
                        "first_name": options["first_name"],
                        "last_name": options["last_name"],
                        "email": options["email"],
                        "sso_identifier": "",
                    },
                    memberships=[(Role.ADMINISTRATOR, None)],
                )
            except RuleError as error:
                raise CommandError(str(error)) from error
            user.set_password(password)
            user.save(update_fields=["password"])
        if created:
            self.stdout.write(f"Created the organisation {organisation.name!r}.")
        self.stdout.write(
            self.style.SUCCESS(f"Created the administrator {user.username!r} of {organisation}.")
        )

    def _password(self, candidate: User, *, interactive: bool) -> str:
        password = os.environ.get(PASSWORD_ENV)
        if password is not None:
            self._check(password, candidate)
            return password
        if not interactive:
            raise CommandError(f"Set {PASSWORD_ENV}, or run the command without --no-input.")
        for _attempt in range(3):
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords differ. Try again.")
                continue
            try:
                self._check(password, candidate)
            except CommandError as error:
                self.stderr.write(str(error))
                continue
            return password
        raise CommandError("No password that follows the rules was given.")

    @staticmethod
    def _check(password: str, candidate: User) -> None:
        try:
            password_validate(password=password, user=candidate)
        except RuleError as error:
            raise CommandError(f"The password was refused: {error}") from error
