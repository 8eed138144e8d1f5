"""The write tail every versioned record shares: optimistic locking in the spirit of
HackSoft's ``model_update``. A record carries the ``version`` its form was opened on;
a save based on another one raises ConflictError and changes nothing."""

from core.exceptions import ConflictError

UNCHECKED = object()  # the caller compares no version


def version_check(obj, expected_version: int | None, *, none_skips: bool = False) -> None:
    """``expected_version`` is what the form was opened on. None is a form opened before
    the record existed, which conflicts; with ``none_skips`` it means the caller does not
    compare (a service keeping a linked record in step with its own)."""
    if expected_version is UNCHECKED or (none_skips and expected_version is None):
        return
    if obj.version != expected_version:
        raise ConflictError


def locked_get(model, *, expected_version=UNCHECKED, none_skips: bool = False, **lookup):
    """The row (``model`` a model or a queryset) locked for the rest of the transaction
    and checked against the version the form was opened on."""
    manager = getattr(model, "_default_manager", model)
    obj = manager.select_for_update().get(**lookup)
    version_check(obj, expected_version, none_skips=none_skips)
    return obj


def _differs(obj, name: str, value) -> bool:
    field = obj._meta.get_field(name)
    if field.many_to_one:  # compare ids: no query for the old related row
        return getattr(obj, field.attname) != getattr(value, "pk", value)
    return getattr(obj, name) != value


def model_update(
    obj,
    *,
    data: dict | None = None,
    fields=None,
    expected_version=UNCHECKED,
    none_skips: bool = False,
) -> list[str]:
    """Check the version, set ``fields`` (all of ``data`` unless named) from ``data``, bump
    the version and save; returns the fields whose value changed (for the access log)."""
    version_check(obj, expected_version, none_skips=none_skips)
    data = data or {}
    fields = list(data) if fields is None else fields
    changed = [field for field in fields if _differs(obj, field, data[field])]
    for field in fields:
        setattr(obj, field, data[field])
    obj.version += 1
    obj.save()
    return changed
