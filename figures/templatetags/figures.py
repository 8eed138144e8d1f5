from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from figures.suppression import threshold

register = template.Library()


@register.filter
def fig(figure, suffix=""):
    """A figure's value, or "färre än 5" when it is suppressed."""
    if figure is None:
        return "–"
    if figure.suppressed:
        if figure.people == 0:
            return "–"
        return _("färre än %(n)s") % {"n": threshold()}
    value = figure.value
    shown = number_format(value, decimal_pos=1) if isinstance(value, float) else str(value)
    return f"{shown}{suffix}"
