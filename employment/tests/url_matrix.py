"""Rows of the project's authorization matrix (core/tests/test_authorization.py)."""

import datetime

# fmt: off
MATRIX = {
    #                          coach manager admin analyst outsider anonymous
    "employment:list":         (200,  200,    403,  403,    404,     "login"),
    "employment:create":       (200,  200,    403,  403,    404,     "login"),
    "employment:edit":         (200,  200,    403,  403,    404,     "login"),
    "employment:close":        (200,  200,    403,  403,    404,     "login"),
}
# fmt: on


def url_kwargs(actors, converters) -> dict:
    if "employment_id" not in converters:
        return {}
    if "employment" not in actors:
        from employment.services import employment_add

        actors["employment"] = employment_add(
            actor=actors["coach"],
            participant=actors["participant"],
            data={
                "employer": "Exempelbolaget AB",
                "occupation": "Lagerarbetare",
                "started_on": datetime.date(2026, 3, 2),
                "ended_on": None,
                "extent": 100,
                "is_resource_employment": False,
                "support": "none",
            },
        )
    return {"employment_id": actors["employment"].pk}
