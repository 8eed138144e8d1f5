"""Rows of the authorization matrix (core/tests/test_authorization.py) for the intake."""

import datetime

from core.tests.test_authorization import LOGIN

# fmt: off
MATRIX = {
    #                          coach manager admin analyst outsider anonymous
    "intake:overview":         (200,  200,    403,  403,    404,     LOGIN),
    "intake:meeting_create":   (200,  200,    403,  403,    404,     LOGIN),
    "intake:meeting_edit":     (200,  200,    403,  403,    404,     LOGIN),
    "intake:consent_create":   (200,  200,    403,  403,    404,     LOGIN),
    "intake:consent_withdraw": (200,  200,    403,  403,    404,     LOGIN),
    "intake:share":            (200,  200,    403,  403,    404,     LOGIN),
}
# fmt: on


def url_kwargs(actors, converters) -> dict:
    from intake import services
    from intake.models import Agency

    kwargs = {}
    if "meeting_id" in converters:
        if "intake_meeting" not in actors:
            actors["intake_meeting"] = services.intake_meeting_record(
                actor=actors["coach"],
                participant=actors["participant"],
                held_on=datetime.date(2026, 1, 12),
            )
        kwargs["meeting_id"] = actors["intake_meeting"].pk
    if "consent_id" in converters:
        if "intake_consent" not in actors:
            actors["intake_consent"] = services.consent_record(
                actor=actors["coach"],
                participant=actors["participant"],
                agencies=[Agency.EMPLOYMENT_SERVICE],
                signed_on=datetime.date(2026, 1, 12),
            )
        kwargs["consent_id"] = actors["intake_consent"].pk
    return kwargs
