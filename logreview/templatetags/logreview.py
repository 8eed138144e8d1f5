"""The log review's status line, for the start pages of managers and security officers."""

from django import template

from accounts.selectors import user_access

from ..selectors import review_status

register = template.Library()


@register.inclusion_tag("logreview/_status.html", takes_context=True)
def log_review_status(context):
    """When the last log review was done and when the next is due (two queries)."""
    request = context["request"]
    if not user_access(request.user).reviews_access_log:
        return {"show": False}
    return {"show": True, "status": review_status(actor=request.user)}
