from django import template

from intake.selectors import consent_current

register = template.Library()


@register.inclusion_tag("intake/_consent_state.html")
def consent_state(participant):
    """``{% consent_state participant %}``: the consent line for pages that do not
    already have ``consent`` in their context (one query)."""
    return {"consent": consent_current(participant=participant)}
