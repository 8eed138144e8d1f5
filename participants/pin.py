"""Swedish personal identity numbers (personnummer) and coordination numbers."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

_PATTERN = re.compile(r"^(\d{2})?(\d{6})([-+]?)(\d{4})$")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def normalise_pin(raw: str, *, today: datetime.date | None = None) -> str:
    """Return the number as 12 digits (YYYYMMDDNNNC) or raise ValidationError."""
    today = today or timezone.localdate()
    value = re.sub(r"\s", "", raw or "")
    match = _PATTERN.match(value)
    if not match:
        raise ValidationError(
            _("Skriv personnumret som ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN."), code="format"
        )
    century, yymmdd, separator, last4 = match.groups()
    if century and separator == "+":
        raise ValidationError(_("Plustecken används bara med tvåsiffrigt årtal."), code="format")
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    day = dd - 60 if dd > 60 else dd  # coordination numbers add 60 to the day
    if century:
        year = int(century) * 100 + yy
    else:
        year = (today.year // 100) * 100 + yy
        if year > today.year:
            year -= 100
        if separator == "+":
            year -= 100
    try:
        born = datetime.date(year, mm, day)
    except ValueError:
        raise ValidationError(_("Födelsedatumet i personnumret finns inte."), code="date") from None
    if born > today:
        raise ValidationError(_("Födelsedatumet ligger i framtiden."), code="date")
    if not _luhn_ok(yymmdd + last4):
        raise ValidationError(
            _("Kontrollsiffran stämmer inte. Kontrollera numret."), code="checksum"
        )
    return f"{year:04d}{yymmdd[2:]}{last4}"


def is_coordination_number(pin: str) -> bool:
    return len(pin) == 12 and int(pin[6:8]) > 60


def format_pin(pin: str) -> str:
    return f"{pin[:8]}-{pin[8:]}" if pin else ""


def mask_pin(pin: str) -> str:
    return f"{pin[:8]}-****" if pin else ""


def birth_year_from_pin(pin: str) -> int | None:
    return int(pin[:4]) if pin else None
