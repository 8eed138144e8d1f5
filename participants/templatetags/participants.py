from django import template

from participants import selectors

register = template.Library()


@register.filter
def current_coach(participant):
    return selectors.current_coach(participant)
