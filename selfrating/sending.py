"""Sending a participant their link by e-mail or SMS.

E-mail goes through Django's mail settings (EMAIL_URL). SMS goes through a pluggable
backend named by the SMS_BACKEND setting: a class with ``send(number, text)``. The
console backend (the default) writes the message to standard output, for development
and tests; an installation names its SMS gateway's backend instead. The message holds
nothing personal: the link, how long it is valid and who sends it.
"""

import sys

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


class ConsoleSmsBackend:
    """Writes each SMS to standard output instead of sending it."""

    def send(self, number: str, text: str) -> None:
        sys.stdout.write(f"SMS to {number}:\n{text}\n")
        sys.stdout.flush()


def sms_backend():
    return import_string(settings.SMS_BACKEND)()


def link_message(*, url: str, valid_until: str) -> str:
    return _(
        "Hej! Här är länken till ditt skattningskort från arbetsmarknadsenheten: %(url)s "
        "Länken gäller till och med %(date)s. Svara inte på det här meddelandet."
    ) % {"url": url, "date": valid_until}


def send_link(*, channel: str, address: str, text: str) -> None:
    if channel == "email":
        send_mail(
            _("Ditt skattningskort"),
            text,
            settings.DEFAULT_FROM_EMAIL,
            [address],
            fail_silently=False,
        )
    else:
        sms_backend().send(address, text)
