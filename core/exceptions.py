class ConflictError(Exception):
    """Someone else changed the record after the user opened it."""


class RuleError(Exception):
    """A change that the domain's rules do not allow; the message is for the user."""
