from django import template
from django.utils.formats import number_format

from figures.suppression import hidden_label

register = template.Library()


@register.filter
def fig(figure, suffix=""):
    """A figure's value, or the label of a hidden figure (ADR 0017)."""
    if figure is None:
        return "–"
    if figure.suppressed:
        if figure.people == 0:
            return "–"
        return hidden_label()
    value = figure.value
    shown = number_format(value, decimal_pos=1) if isinstance(value, float) else str(value)
    return f"{shown}{suffix}"
