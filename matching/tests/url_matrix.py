"""Rows of the project's authorization matrix (core/tests/test_authorization.py)."""

# fmt: off
MATRIX = {
    #                           coach manager admin analyst outsider anonymous
    "matching:decision":        (200,  200,    403,  403,    404,     "login"),
    "matching:plan":            (200,  200,    403,  403,    404,     "login"),
    "matching:plan_edit":       (200,  200,    403,  403,    404,     "login"),
    "matching:plan_sign":       (302,  302,    403,  403,    404,     "login"),
    "matching:plan_follow_up":  (302,  302,    403,  403,    404,     "login"),
    "matching:plan_version":    (200,  200,    403,  403,    404,     "login"),
    "matching:plan_print":      (200,  200,    403,  403,    404,     "login"),
    "matching:plan_pdf":        (200,  200,    403,  403,    404,     "login"),
}
# fmt: on

METHOD = {"matching:plan_follow_up": "post"}


def url_kwargs(actors, converters) -> dict:
    if "individual_plan_id" not in converters:
        return {}
    if "individual_plan" not in actors:
        from matching.tests.factories import make_individual_plan

        actors["individual_plan"] = make_individual_plan(
            coach=actors["coach"], participant=actors["participant"], signed=False
        )
    return {"individual_plan_id": actors["individual_plan"].pk}
