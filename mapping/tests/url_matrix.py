"""Rows of the project's authorization matrix (core/tests/test_authorization.py)."""

# fmt: off
MATRIX = {
    #                           coach manager admin analyst outsider anonymous
    "mapping:detail":           (200,  200,    403,  403,    404,     "login"),
    "mapping:meeting_create":   (200,  200,    403,  403,    404,     "login"),
    "mapping:meeting_edit":     (200,  200,    403,  403,    404,     "login"),
    "mapping:meeting_remove":   (200,  200,    403,  403,    404,     "login"),
    "mapping:areas_edit":       (200,  200,    403,  403,    404,     "login"),
    "mapping:motivation_edit":  (200,  200,    403,  403,    404,     "login"),
    "mapping:summary_edit":     (200,  200,    403,  403,    404,     "login"),
    "mapping:approve":          (200,  200,    403,  403,    404,     "login"),
    "mapping:summary_print":    (200,  200,    403,  403,    404,     "login"),
    "mapping:summary_pdf":      (200,  200,    403,  403,    404,     "login"),
}
# fmt: on


def url_kwargs(actors, converters) -> dict:
    kwargs = {}
    if "mapping_id" in converters:
        kwargs["mapping_id"] = _mapping(actors).pk
    if "meeting_id" in converters:
        kwargs["meeting_id"] = _mapping(actors).meetings.first().pk
    return kwargs


def _mapping(actors):
    if "mapping" not in actors:
        from mapping.selectors import mapping_current
        from mapping.tests.factories import make_meeting

        participant = actors["participant"]
        if mapping_current(participant=participant) is None:
            make_meeting(coach=actors["coach"], participant=participant)
        actors["mapping"] = mapping_current(participant=participant)
    return actors["mapping"]
