"""Rows of the authorization matrix (core/tests/test_authorization.py) for referrals."""

from core.tests.test_authorization import LOGIN

# fmt: off
MATRIX = {
    #                          coach manager admin analyst outsider anonymous
    "referrals:inbox":         (403,  200,    403,  403,    403,     LOGIN),
    "referrals:create":        (200,  200,    403,  403,    200,     LOGIN),
    "referrals:detail":        (200,  200,    403,  403,    404,     LOGIN),
    "referrals:edit":          (200,  200,    403,  403,    404,     LOGIN),
    "referrals:assign":        (403,  200,    403,  403,    404,     LOGIN),
}
# fmt: on


def url_kwargs(actors, converters) -> dict:
    if "referral_id" not in converters:
        return {}
    if "referral" not in actors:
        from .factories import make_referral

        actors["referral"] = make_referral(actor=actors["coach"])
    return {"referral_id": actors["referral"].pk}
