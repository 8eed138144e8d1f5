from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS


class ConflictError(Exception):
    """Someone else changed the record after the user opened it."""


class RuleError(Exception):
    """A change that the domain's rules do not allow; the messages are for the user.

    The one error type services raise for a refused change. `field` names the form field
    one message is about; `errors` maps several fields to their messages (the key
    ``NON_FIELD_ERRORS`` for a message about the whole form). ``core.forms.form_submit``
    puts each message next to its field, the rest on top of the form.
    """

    def __init__(
        self,
        message: str = "",
        *,
        field: str | None = None,
        errors: Mapping[str, str | list[str]] | None = None,
    ):
        if errors is None:
            errors = {field or NON_FIELD_ERRORS: [message]}
        self.errors = {
            name: [str(m) for m in (value if isinstance(value, list | tuple) else [value])]
            for name, value in errors.items()
        }
        super().__init__(message or " ".join(self.messages))
        self.field = field

    @property
    def message_dict(self) -> dict[str, list[str]]:
        return self.errors

    @property
    def messages(self) -> list[str]:
        return [message for messages in self.errors.values() for message in messages]
