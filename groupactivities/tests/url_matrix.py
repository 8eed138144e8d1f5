"""Rows of the project's authorization matrix (core/tests/test_authorization.py)."""

import datetime

# fmt: off
MATRIX = {
    #                                  coach manager admin analyst outsider anonymous
    "groupactivities:list":            (200,  200,    403,  403,    200,     "login"),
    "groupactivities:create":          (200,  200,    403,  403,    200,     "login"),
    "groupactivities:detail":          (200,  200,    403,  403,    404,     "login"),
    "groupactivities:edit":            (200,  200,    403,  403,    404,     "login"),
    "groupactivities:attendance":      (302,  302,    403,  403,    404,     "login"),
    "groupactivities:member_add":      (200,  200,    403,  403,    404,     "login"),
    "groupactivities:member_end":      (200,  200,    403,  403,    404,     "login"),
    "groupactivities:session_create":  (200,  200,    403,  403,    404,     "login"),
    "groupactivities:session_edit":    (200,  200,    403,  403,    404,     "login"),
}
# fmt: on

METHOD = {"groupactivities:attendance": "post"}


def url_kwargs(actors, converters) -> dict:
    if "group_id" not in converters:
        return {}
    if "group" not in actors:
        from activities.tests.factories import make_catalogue_item
        from groupactivities.services import group_save, member_add, session_save

        coach, participant = actors["coach"], actors["participant"]
        group = group_save(
            actor=coach,
            group=None,
            data={
                "catalogue_item": make_catalogue_item(
                    organisation=participant.organisation, name="Språkcafé", format="group"
                ),
                "name": "Språkcafé",
                "unit": participant.unit,
                "leader": coach,
                "started_on": datetime.date(2026, 2, 2),
                "ended_on": None,
                "schedule": "",
            },
        )
        actors["group"] = group
        actors["group_membership"] = member_add(
            actor=coach, group=group, participant=participant, joined_on=datetime.date(2026, 2, 2)
        )
        actors["group_session"] = session_save(
            group=group,
            session=None,
            data={
                "held_on": datetime.date(2026, 2, 2),
                "starts_at": datetime.time(13, 0),
                "length_minutes": 120,
            },
        )
    return {
        "group_id": actors["group"].pk,
        "membership_id": actors["group_membership"].pk,
        "session_id": actors["group_session"].pk,
    }
