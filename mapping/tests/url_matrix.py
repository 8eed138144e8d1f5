"""Rows of the project's authorization matrix (core/tests/test_authorization.py)."""

import datetime

# fmt: off
MATRIX = {
    #                           coach manager admin analyst outsider anonymous
    "mapping:detail":           (200,  200,    403,  403,    404,     "login"),
    "mapping:meeting_create":   (200,  200,    403,  403,    404,     "login"),
    "mapping:areas_edit":       (200,  200,    403,  403,    404,     "login"),
    "mapping:motivation_edit":  (200,  200,    403,  403,    404,     "login"),
    "mapping:summary_edit":     (200,  200,    403,  403,    404,     "login"),
    "mapping:approve":          (200,  200,    403,  403,    404,     "login"),
    "mapping:summary_print":    (200,  200,    403,  403,    404,     "login"),
    "mapping:summary_pdf":      (200,  200,    403,  403,    404,     "login"),
}
# fmt: on


def url_kwargs(actors, converters) -> dict:
    if "mapping_id" not in converters:
        return {}
    if "mapping" not in actors:
        from mapping.selectors import mapping_current
        from mapping.services import mapping_meeting_add

        participant = actors["participant"]
        if mapping_current(participant=participant) is None:
            mapping_meeting_add(
                actor=actors["coach"],
                participant=participant,
                held_on=participant.periods.get().started_on + datetime.timedelta(days=5),
                minutes=50,
            )
        actors["mapping"] = mapping_current(participant=participant)
    return {"mapping_id": actors["mapping"].pk}
