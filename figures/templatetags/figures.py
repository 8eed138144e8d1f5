from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from figures.suppression import hidden_text

register = template.Library()


@register.filter
def fig(figure, suffix=""):
    """A figure's value, or the label of a hidden figure (ADR 0017)."""
    if figure is None:
        return "–"
    if figure.suppressed:
        return hidden_text(figure)
    value = figure.value
    shown = number_format(value, decimal_pos=1) if isinstance(value, float) else str(value)
    return f"{shown}{suffix}"


@register.filter
def pairs(figure):
    """A count of pairs of answers: "inga par" for none, so that a 0 never stands for a
    combination without data."""
    if figure is not None and not figure.suppressed and figure.value == 0:
        return _("inga par")
    return fig(figure)
