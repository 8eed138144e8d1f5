"""Password rules beyond Django's own (AUTH_PASSWORD_VALIDATORS)."""

import functools
import re

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# What people add to a word to meet a rule: digits, years, punctuation.
_DECORATION = re.compile(r"[\d\W_]+$")
_LEET = str.maketrans({"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s"})


@functools.cache
def breached_passwords() -> frozenset[str]:
    """Passwords seen in breaches, from lists that ship with installed packages (no
    network at run time):

    - zxcvbn's ``passwords`` frequency list (30 000 most common passwords of leaked
      password sets, zxcvbn-python, MIT licence), which includes Swedish ones such as
      ``sommar`` and ``hejsan``;
    - Django's common-passwords list (20 000 passwords from leaks, compiled by Royce
      Williams, BSD licence), the list behind CommonPasswordValidator.
    """
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(CommonPasswordValidator().passwords)


def _variants(password: str) -> set[str]:
    lowered = password.strip().lower()
    variants = {lowered, lowered.translate(_LEET)}
    for variant in list(variants):
        base = _DECORATION.sub("", variant)
        if len(base) >= 4:
            variants.add(base)
    return variants


class BreachedPasswordValidator:
    """Refuses a password found in breached-password lists, also when it is only such a
    password with digits or signs added ("sommar2020", "Password123!") or letters
    swapped for look-alikes ("p@ssw0rd")."""

    def validate(self, password, user=None):
        if _variants(password) & breached_passwords():
            raise ValidationError(
                _(
                    "Lösenordet, eller ordet det bygger på, finns i listor över lösenord som "
                    "läckt ut och är lätt att gissa. Välj ett annat, gärna flera ord."
                ),
                code="password_breached",
            )

    def get_help_text(self):
        return _("Lösenordet får inte finnas i listor över lösenord som läckt ut.")
