"""Rows of the project's authorization matrix (core/tests/test_authorization.py)."""

# fmt: off
MATRIX = {
    #                          coach manager admin analyst outsider anonymous
    "imports:upload":          (403,  200,    403,  403,    403,     "login"),
    "imports:template":        (403,  200,    403,  403,    403,     "login"),
    # The manager's own upload; another user's id is a 404 even in the organisation.
    "imports:preview":         (403,  200,    403,  403,    403,     "login"),
}
# fmt: on


def url_kwargs(actors, converters) -> dict:
    if "batch_id" not in converters:
        return {}
    if "import_batch" not in actors:
        from imports.models import ImportBatch

        manager = actors["manager"]
        actors["import_batch"] = ImportBatch.objects.create(
            organisation_id=manager.organisation_id,
            uploaded_by=manager,
            file_name="tom.xlsx",
            sha256="0" * 64,
            rows={},
        )
    return {"batch_id": actors["import_batch"].pk}
