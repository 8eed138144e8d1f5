"""Rows of the project's authorization matrix (core/tests/test_authorization.py)."""

# fmt: off
MATRIX = {
    #                          coach manager admin analyst outsider anonymous
    "retention:rule":          (403,  403,    200,  403,    403,     "login"),
    "retention:participant":   (403,  200,    403,  403,    403,     "login"),
    "retention:hold_lift":     (403,  302,    403,  403,    403,     "login"),
    "retention:erase":         (403,  200,    403,  403,    403,     "login"),
}
# fmt: on

METHOD = {"retention:hold_lift": "post"}


def url_kwargs(actors, converters) -> dict:
    if "hold_id" not in converters:
        return {}
    if "hold" not in actors:
        from retention.models import RetentionHold

        actors["hold"] = RetentionHold.objects.create(
            participant=actors["participant"],
            reason=RetentionHold.Reason.ARCHIVE_DECISION,
            reference="KS 2026/1",
            placed_by=actors["manager"],
        )
    return {"hold_id": actors["hold"].pk}
