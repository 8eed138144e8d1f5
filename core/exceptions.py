class ConflictError(Exception):
    """Someone else changed the record after the user opened it."""


class RuleError(Exception):
    """A change that the domain's rules do not allow; the message is for the user.
    `field` names the form field the rule is about, so the view can show the message
    next to it (``core.forms.add_rule_error``); without it the message goes on top."""

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(message)
        self.field = field
