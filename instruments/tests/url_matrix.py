"""Rows of the project's authorization matrix (core/tests/test_authorization.py): the
card's languages, for administrators only (issue 18)."""

# fmt: off
MATRIX = {
    #                                  coach manager admin analyst outsider anonymous security
    "instruments:languages":           (403,  403,    200,  403,    403,     "login"),
    "instruments:language":            (403,  403,    200,  403,    403,     "login"),
    "instruments:language_enable":     (403,  403,    302,  403,    403,     "login"),
}
# fmt: on

METHOD = {"instruments:language_enable": "post"}


def url_kwargs(actors, converters) -> dict:
    return {"code": "ar"} if "code" in converters else {}
