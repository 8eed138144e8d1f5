"""Rows of the project's authorization matrix (core/tests/test_authorization.py): an
export is downloaded only by the user who asked for it (404 for everyone else)."""

# fmt: off
MATRIX = {
    #                                  coach manager admin analyst outsider anonymous security
    "downloads:list":                  (403,  200,    403,  200,    403,     "login"),
    "downloads:download":              (403,  200,    403,  404,    403,     "login"),
}
# fmt: on


def url_kwargs(actors, converters):
    from downloads import services
    from downloads.models import Export

    export = Export.objects.create(
        user=actors["manager"],
        kind="dataset",
        title="Dataset",
        params={},
        status=Export.Status.READY,
        filename="stegvis-dataset.xlsx",
    )
    services.export_path(export).write_bytes(b"PK")
    return {"export_id": export.pk}
