"""Rows of the project's authorization matrix (core/tests/test_authorization.py)."""

# fmt: off
MATRIX = {
    #                             coach manager admin analyst outsider anonymous security
    "logreview:overview":         (403,  200,    403,  403,    403,     "login", 200),
    "logreview:search":           (403,  200,    403,  403,    403,     "login", 200),
    "logreview:export":           (403,  200,    403,  403,    403,     "login", 200),
    "logreview:flag":             (403,  200,    403,  403,    403,     "login", 200),
    "logreview:review_create":    (403,  200,    403,  403,    403,     "login", 200),
    "logreview:review_detail":    (403,  200,    403,  403,    403,     "login", 200),
}
# fmt: on


def url_kwargs(actors, converters) -> dict:
    kwargs = {}
    if "file_format" in converters:
        kwargs["file_format"] = "csv"
    if "flag" in converters:
        kwargs["flag"] = "outside_caseload"
    if "review_id" in converters:
        kwargs["review_id"] = _review(actors).pk
    return kwargs


def _review(actors):
    if "log_review" not in actors:
        import datetime

        from logreview.services import log_review_record

        actors["log_review"] = log_review_record(
            actor=actors["manager"],
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 1, 31),
            flags_reviewed=["reveal"],
            comment="Gick igenom januari.",
        )
    return actors["log_review"]
